"""A Neo4j server that dies in the middle of a load, and one whose transactions cannot hold a
bundle: real server processes (`org.neo4j.server.CommunityEntryPoint`, from the harness's jars),
because the harness keeps its store in a fresh random directory on every start and so cannot be
restarted on the data a killed server left behind, and its memory settings are fixed at start.
(The user's side killed mid-load is in test_neo4j_store.py: the two files run in parallel.)"""
from __future__ import annotations

import time

import pytest

from support.neo4j_server import (RealServer, graph_facts, load_is_running, make_bundle,
                                  orggraph, start_load)


@pytest.mark.slow
def test_a_server_killed_mid_load_loses_the_whole_load_and_a_rerun_completes_it(
        neo4j_uri, tmp_path):
    bundle, nodes, rels = make_bundle(tmp_path / "big", people=25_000)
    server = RealServer(tmp_path / "home")
    server.start()
    try:
        load = start_load(server.uri, bundle, batch_size=1000)
        deadline = time.monotonic() + 180
        while not load_is_running(server.uri):
            assert load.poll() is None, f"the load ended before it could be interrupted: {load.communicate()}"
            assert time.monotonic() < deadline, "the load never started writing"
            time.sleep(0.05)
        time.sleep(0.3)  # let a few batches land inside the transaction
        assert load.poll() is None, "the load ended before it could be interrupted"
        server.kill()
        out, err = load.communicate(timeout=120)
        assert load.returncode == 1, (out, err)
        assert err.startswith(f"错误：导入时与 Neo4j（{server.uri}）的连接中断")
        assert "该台账包未写入任何内容" in err and "Traceback" not in err

        server.start()  # on the same files: Neo4j recovers and drops the unfinished transaction
        assert graph_facts(server.uri) == {"nodes": 0, "rels": 0, "duplicate_ids": 0,
                                           "doubled_rels": 0}
        # the rerun completes the graph (that another load changes nothing is test_load's)
        rerun = orggraph("--db", server.uri, "load", str(bundle))
        assert rerun.returncode == 0, rerun.stderr
        assert graph_facts(server.uri) == {"nodes": nodes, "rels": rels, "duplicate_ids": 0,
                                           "doubled_rels": 0}
    finally:
        server.stop()


@pytest.mark.slow
def test_a_bundle_too_big_for_one_transaction_is_explained_and_commit_every_loads_it(
        neo4j_uri, tmp_path):
    bundle, nodes, rels = make_bundle(tmp_path / "big", people=10_000, orgs=200)
    server = RealServer(tmp_path / "home", **{"db.memory.transaction.max": "16m"})
    server.start()
    try:
        whole = orggraph("--db", server.uri, "load", str(bundle))
        assert whole.returncode == 1
        assert f"台账包太大，Neo4j（{server.uri}）一次事务容纳不下" in whole.stderr
        assert "该台账包未写入任何内容" in whole.stderr
        assert "--neo4j-commit-every" in whole.stderr and "Traceback" not in whole.stderr
        assert graph_facts(server.uri)["nodes"] == 0
        chunked = orggraph("--db", server.uri, "--neo4j-commit-every", "3000", "load",
                           str(bundle), "--batch-size", "1000")
        assert chunked.returncode == 0, chunked.stderr
        assert graph_facts(server.uri) == {"nodes": nodes, "rels": rels, "duplicate_ids": 0,
                                           "doubled_rels": 0}
    finally:
        server.stop()
