"""The Neo4j store on its own: credentials, schema, routing, quiet notifications, and what a
user sees when the server goes away (while connected, and in the middle of a load).

Server-dependent tests take the session's Neo4j (`neo4j_uri`, so they skip or fail exactly as
conftest decides), or a throwaway harness server (`neo4j_local.start()`) for a server stopped
mid-session. A server killed mid-load, and one whose transactions cannot hold a bundle, are in
test_neo4j_crash.py.
"""
from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

from orggraph.load.load import load_bundle
from orggraph.queries import QueryError
from orggraph.store import StoreError, open_store
from orggraph.store.credentials import target
from orggraph.store.neo4j import LISTS, OWN_TEXTS, Neo4jStore, one_plan, schema_statements
from support.neo4j_server import (graph_facts, load_is_running, make_bundle, orggraph,
                                  people_named, start_load)

ROOT = Path(__file__).resolve().parent.parent
TINY = Path(__file__).resolve().parent / "bundles" / "tiny"


# -- credentials (no server) ------------------------------------------------------------------

def test_credentials_come_from_options_then_the_uri_then_the_environment():
    env = {"NEO4J_USER": "env-user", "NEO4J_PASSWORD": "env-pw", "NEO4J_DATABASE": "env-db"}
    found = target("neo4j://127.0.0.1:7687", environ=env)
    assert (found.user, found.password, found.database) == ("env-user", "env-pw", "env-db")
    assert found.auth == ("env-user", "env-pw")
    env["NEO4J_USERNAME"] = "preferred"
    assert target("bolt://h:1", environ=env).user == "preferred"
    from_uri = target("neo4j+s://u%40x:p%3Aw@db.example.org:7687", environ=env)
    assert (from_uri.user, from_uri.password) == ("u@x", "p:w")
    assert from_uri.location == "neo4j+s://db.example.org:7687"
    given = target("bolt://a:b@h:1", user="opt", password="opt-pw", database="opt-db", environ=env)
    assert (given.user, given.password, given.database) == ("opt", "opt-pw", "opt-db")


def test_no_password_means_no_auth_and_the_password_is_never_shown():
    assert target("bolt://h:1", environ={}).auth is None
    assert target("bolt://h:1", environ={"NEO4J_PASSWORD": "pw"}).auth == ("neo4j", "pw")
    shown = target("bolt://someone:hunter2@h:1", environ={})
    assert "hunter2" not in repr(shown) and "hunter2" not in shown.location


def test_an_unreachable_server_is_a_clear_error_without_credentials():
    with pytest.raises(StoreError) as caught:
        open_store("bolt://someone:hunter2@127.0.0.1:1")
    message = str(caught.value)
    assert "bolt://127.0.0.1:1" in message and "无法连接" in message
    assert "hunter2" not in message and "someone" not in message


@pytest.mark.parametrize("password, expected", [
    (None, "要求用户名和密码：请设置环境变量 NEO4J_USERNAME 和 NEO4J_PASSWORD"),
    ("wrong-secret", "拒绝了用户 ana 的密码，请检查 NEO4J_USERNAME 和 NEO4J_PASSWORD"),
])
def test_refused_credentials_are_a_clear_error_without_the_password(monkeypatch, password,
                                                                    expected):
    import neo4j
    from neo4j.exceptions import AuthError

    class Refusing:
        def verify_connectivity(self):
            raise AuthError("The client is unauthorized due to authentication failure.")

        def close(self):
            pass

    monkeypatch.setattr(neo4j.GraphDatabase, "driver", lambda *args, **kwargs: Refusing())
    environ = {"NEO4J_USERNAME": "ana"} | ({"NEO4J_PASSWORD": password} if password else {})
    monkeypatch.setattr(os, "environ", environ)
    with pytest.raises(StoreError) as caught:
        open_store("neo4j://db.example.org:7687")
    assert str(caught.value) == f"Neo4j（neo4j://db.example.org:7687）{expected}"


def test_schema_is_generated_from_the_model():
    ddl = "\n".join(schema_statements())
    for label in ("Region", "OrgUnit", "Person", "Enterprise", "IndustryChain"):
        assert f"FOR (n:{label}) REQUIRE n.id IS UNIQUE" in ddl
        assert f"FOR (n:{label}) ON (n.name)" in ddl
    assert "FOR (n:OrgUnit) ON (n.kind)" in ddl and "FOR (n:Person) ON (n.kind)" not in ddl


# -- on the session's server -----------------------------------------------------------------

@pytest.fixture
def neo4j_store(neo4j_uri):
    with open_store(neo4j_uri) as store:
        store.delete_all()
        yield store


def test_constraints_and_indexes_exist_and_are_enforced(neo4j_store):
    neo4j_store.ensure_schema()
    neo4j_store.ensure_schema()  # idempotent
    constraints = {row["name"]: row for row in neo4j_store.query(
        "SHOW CONSTRAINTS YIELD name, type, labelsOrTypes, properties")}
    assert constraints["orggraph_region_id"]["type"] == "UNIQUENESS"
    assert constraints["orggraph_region_id"]["properties"] == ["id"]
    indexes = {row["name"] for row in neo4j_store.query("SHOW INDEXES YIELD name")}
    assert {"orggraph_orgunit_kind", "orggraph_person_name"} <= indexes
    load_bundle(neo4j_store, TINY)
    with pytest.raises(QueryError, match="already exists"):
        neo4j_store.query("CREATE (:Region {id: 'R-V1', name: 'x', kind: 'village'})", write=True)


def test_values_come_back_as_python_values(neo4j_store):
    import datetime as dt

    load_bundle(neo4j_store, TINY)
    row = neo4j_store.query("MATCH (o:OrgUnit {id: 'O-T1'}) RETURN o.founded AS founded, "
                            "datetime('2024-05-01T08:30:00Z') AS at, duration('P2DT3H') AS span, "
                            "o AS node")[0]
    assert row["founded"] == dt.date(1956, 5, 1) and type(row["founded"]) is dt.date
    assert isinstance(row["at"], dt.datetime) and row["at"].hour == 8
    assert row["span"] == dt.timedelta(days=2, hours=3)
    assert row["node"]["id"] == "O-T1" and row["node"]["founded"] == dt.date(1956, 5, 1)


def test_reads_are_routed_as_reads_and_writes_as_writes(neo4j_store):
    with pytest.raises(QueryError, match="--write"):
        neo4j_store.query("CREATE (:Region {id: 'R-X', name: 'x', kind: 'village'})")
    assert neo4j_store.query("MATCH (r:Region) RETURN count(r) AS c") == [{"c": 0}]
    neo4j_store.query("CREATE (:Region {id: 'R-X', name: 'x', kind: 'village'})", write=True)
    assert neo4j_store.query("MATCH (r:Region) RETURN count(r) AS c") == [{"c": 1}]


def test_every_call_names_the_database_and_reads_ask_for_read_routing(neo4j_store, monkeypatch):
    import neo4j

    driver = neo4j_store._driver
    calls = []
    real_query, real_session = driver.execute_query, driver.session

    def spy_query(*args, **kwargs):
        calls.append(("query", kwargs.get("database_"), kwargs.get("routing_"), args[0]))
        return real_query(*args, **kwargs)

    def spy_session(**kwargs):
        calls.append(("session", kwargs.get("database"), None, ""))
        return real_session(**kwargs)

    monkeypatch.setattr(driver, "execute_query", spy_query)
    monkeypatch.setattr(driver, "session", spy_session)
    load_bundle(neo4j_store, TINY)
    neo4j_store.counts()
    neo4j_store.project()
    neo4j_store.delete_all()
    assert calls and {database for _, database, _, _ in calls} == {neo4j_store.database}
    reads = [c for c in calls if c[0] == "query" and c[3].lstrip().upper().startswith("MATCH")]
    assert reads and {routing for _, _, routing, _ in reads} == {neo4j.RoutingControl.READ}


def test_list_parameters_travel_in_one_map_parameter():
    text, params = one_plan("UNWIND $ids AS i MATCH (n {id: i}) WHERE n.k IN $idsx OR n.j = $id "
                            "RETURN $ids AS all", {"ids": ["a"], "idsx": ("b",), "id": "c"})
    assert text == (f"UNWIND ${LISTS}.ids AS i MATCH (n {{id: i}}) WHERE n.k IN ${LISTS}.idsx "
                    f"OR n.j = $id RETURN ${LISTS}.ids AS all")
    assert params == {"id": "c", LISTS: {"ids": ["a"], "idsx": ("b",)}}
    assert one_plan("RETURN $id", {"id": "x"}) == ("RETURN $id", {"id": "x"})


def test_library_queries_neo4j_answers_its_own_way_are_sent_so(neo4j_store, monkeypatch):
    """Its own texts answer library queries (tests/test_parity.py checks the rows are the
    same on both stores) with the same columns."""
    from orggraph import queries

    sent = []
    real = neo4j_store._driver.execute_query
    monkeypatch.setattr(neo4j_store._driver, "execute_query",
                        lambda text, *a, **k: sent.append(text) or real(text, *a, **k))
    for name, text in OWN_TEXTS.items():
        query = queries.find(name)
        assert neo4j_store.query(query.text, query.bind()) == []
        assert sent[-1] == one_plan(text, query.bind())[0] != query.text
        columns = [c.strip() for c in query.returns.split(",")]
        assert re.findall(r"AS (\w+)", text)[-len(columns):] == columns


def test_a_query_is_planned_once_whatever_the_length_of_its_lists(neo4j_store):
    """Neo4j caches a plan per text and per power of ten of each list parameter's length; the
    store sends lists inside one map parameter, so one plan serves every length. Seen in the
    server's own query statistics: only the first invocation compiles."""
    load_bundle(neo4j_store, TINY)
    text = ("UNWIND $ids AS wanted MATCH (r:Region {id: wanted}) WHERE r.kind IN $kinds "
            "RETURN r.id AS id // planned once")
    run = neo4j_store._driver.execute_query
    run("CALL db.clearQueryCaches()")
    run("CALL db.stats.clear('QUERIES')")
    run("CALL db.stats.collect('QUERIES')")
    try:
        for length in (1, 7, 40, 0):
            assert neo4j_store.query(text, {"ids": ["R-C"] * length, "kinds": ["county"]}) == [
                {"id": "R-C"}] * length
        stats = [r["data"] for r in run("CALL db.stats.retrieve('QUERIES') YIELD data "
                                        "RETURN data").records
                 if "planned once" in r["data"]["query"]]
    finally:
        run("CALL db.stats.stop('QUERIES')")
        run("CALL db.stats.clear('QUERIES')")
    assert len(stats) == 1
    compiled = [i["elapsedCompileTimeInUs"] for i in stats[0]["invocations"]]
    assert len(compiled) == 4 and max(compiled[1:]) < compiled[0] / 3, compiled


def test_an_unknown_database_is_a_clear_error(neo4j_uri):
    with pytest.raises(StoreError, match="上没有数据库 nosuchdb"):
        Neo4jStore(neo4j_uri, database="nosuchdb")


def test_server_notifications_stay_quiet_unless_verbose(neo4j_uri, tmp_path):
    query = tmp_path / "unknown.cypher"
    query.write_text("MATCH (n:NoSuchLabel) RETURN n.id AS id\n", encoding="utf-8")
    quiet = orggraph("--db", neo4j_uri, "query", str(query))
    assert quiet.returncode == 0, quiet.stderr
    assert quiet.stderr == ""
    loud = orggraph("--db", neo4j_uri, "--verbose", "query", str(query))
    assert loud.returncode == 0, loud.stderr
    assert "The label `NoSuchLabel` does not exist" in loud.stderr


def test_commit_every_keeps_what_was_committed_and_a_reload_completes_it(neo4j_uri):
    from orggraph.store.batches import NodeBatch

    def people(fail_after: int | None = None):
        for i in range(10):
            if i == fail_after:
                raise RuntimeError("the laptop lid closed")
            yield NodeBatch("Person", ("id", "name"), [{"id": f"P-{i}", "name": f"张{i}"}])

    def count(store) -> int:
        return store.query("MATCH (p:Person) RETURN count(p) AS c")[0]["c"]

    with Neo4jStore(neo4j_uri, commit_every=2) as store:
        store.delete_all()
        with pytest.raises(RuntimeError):
            store.load(people(fail_after=5))
        assert count(store) == 4  # two commits of two rows; the fifth row was rolled back
        store.load(people())
        assert count(store) == 10
    with Neo4jStore(neo4j_uri) as store:  # the default: one transaction for everything
        store.delete_all()
        with pytest.raises(RuntimeError):
            store.load(people(fail_after=5))
        assert count(store) == 0


def test_new_rows_are_created_and_stored_ones_merged(neo4j_uri, monkeypatch):
    """A load into an empty graph creates everything; a later load looks its ids up (once per
    batch) and merges only the stored ones. Repeated relationship rows, also across batches,
    stay one relationship with the last row's values."""
    from orggraph.store import neo4j as store_module
    from orggraph.store.batches import NodeBatch, RelBatch

    ran: list[str] = []
    real = store_module._run_statement

    def recording(tx, cypher, params, kind, **more):
        how = "CREATE" if " CREATE (" in cypher else "MERGE"
        ran.append(f"{how} {kind} {len(params['rows'])}")
        return real(tx, cypher, params, kind, **more)

    monkeypatch.setattr(store_module, "_run_statement", recording)

    def rels(*rows):  # one row per batch: a repeat is always in another batch
        for a, b, tier in rows:
            yield RelBatch("MEMBER_OF", "Enterprise", "IndustryChain", ("from", "to", "tier"),
                           [{"from": a, "to": b, "tier": tier}])

    def tiers(store):
        return store.query("MATCH (e:Enterprise)-[r:MEMBER_OF]->(c:IndustryChain) "
                           "RETURN e.id AS e, c.id AS c, r.tier AS tier ORDER BY e, c")

    with Neo4jStore(neo4j_uri) as store:
        store.delete_all()
        store.load([NodeBatch("Enterprise", ("id", "name"), [{"id": "E-1", "name": "甲"},
                                                             {"id": "E-2", "name": "乙"}]),
                    NodeBatch("IndustryChain", ("id", "name"), [{"id": "C-1", "name": "茶"}]),
                    *rels(("E-1", "C-1", "upstream"), ("E-2", "C-1", "upstream"),
                          ("E-1", "C-1", "downstream"))])
        assert ran == ["CREATE Enterprise 2", "CREATE IndustryChain 1", "CREATE MEMBER_OF 1",
                       "CREATE MEMBER_OF 1", "MERGE MEMBER_OF 1"]
        assert tiers(store) == [{"e": "E-1", "c": "C-1", "tier": "downstream"},
                                {"e": "E-2", "c": "C-1", "tier": "upstream"}]
        ran.clear()
        store.load([NodeBatch("Enterprise", ("id", "name"), [{"id": "E-2", "name": "乙二"},
                                                             {"id": "E-3", "name": "丙"}]),
                    *rels(("E-3", "C-1", "midstream"), ("E-2", "C-1", "midstream"))])
        assert ran == ["CREATE Enterprise 1", "MERGE Enterprise 1", "CREATE MEMBER_OF 1",
                       "MERGE MEMBER_OF 1"]
        assert tiers(store) == [{"e": "E-1", "c": "C-1", "tier": "downstream"},
                                {"e": "E-2", "c": "C-1", "tier": "midstream"},
                                {"e": "E-3", "c": "C-1", "tier": "midstream"}]
        assert store.query("MATCH (e:Enterprise {id: 'E-2'}) RETURN e.name AS n") == [
            {"n": "乙二"}]


PURE_PYTHON_LOAD = """
import sys
sys.modules["neo4j._rust"] = None  # what an install without neo4j-rust-ext has
from neo4j._codec.packstream import v1
assert v1._rust_pack is None
import runpy
sys.argv = ["orggraph", *sys.argv[1:]]
runpy.run_module("orggraph", run_name="__main__", alter_sys=True)
"""


def test_the_pure_python_driver_loads_the_same_graph(neo4j_uri):
    """neo4j-rust-ext is a default dependency where it has wheels; without it the driver
    encodes in Python, and the load must give the same graph."""
    from support.files import snapshot

    with open_store(neo4j_uri) as store:
        store.delete_all()
        load_bundle(store, TINY)
        with_default = snapshot(store)
        store.delete_all()
    done = subprocess.run([sys.executable, "-c", PURE_PYTHON_LOAD, "--db", neo4j_uri, "load",
                           str(TINY)], capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert done.returncode == 0, done.stderr
    with open_store(neo4j_uri) as store:
        assert snapshot(store) == with_default
        store.delete_all()


# -- a throwaway harness server, stopped mid-session -------------------------------------------

def test_stopping_the_server_while_connected_is_a_clear_error(neo4j_uri):
    import neo4j_local

    uri, handle = neo4j_local.start()
    try:
        store = open_store(uri)
        load_bundle(store, TINY)
        assert store.counts()["nodes"]["Region"] == 5
        neo4j_local.stop(handle)
        with pytest.raises(StoreError) as caught:
            store.query("MATCH (r:Region) RETURN count(r) AS c")
        assert str(caught.value).startswith(f"Neo4j（{uri}）无法连接")
        with pytest.raises(StoreError, match=re.escape(f"Neo4j（{uri}）")):
            load_bundle(store, TINY)
        store.close()
        host_port = uri.split("://", 1)[1]
        cli = orggraph("--db", f"bolt://neo4j:hunter2@{host_port}", "stats")
        assert cli.returncode == 1
        assert cli.stderr.startswith(f"错误：Neo4j（{uri}）无法连接")
        assert "Traceback" not in cli.stderr and "hunter2" not in cli.stderr + cli.stdout
    finally:
        neo4j_local.stop(handle)


@pytest.mark.slow
def test_a_load_killed_mid_way_leaves_the_old_graph_and_a_rerun_completes_it(neo4j_uri,
                                                                             tmp_path):
    """The user's side dies (kill -9, out of memory, a closed laptop) in the middle of a load of
    many batches, in the mode the README recommends (one transaction): the graph that was there
    before is there unchanged, and running the load again gives the whole new bundle (that a
    second load of a loaded bundle changes nothing is test_load's)."""
    old, old_nodes, old_rels = make_bundle(tmp_path / "old", people=2_000, surname="张")
    new, nodes, rels = make_bundle(tmp_path / "new", people=20_000, surname="李")
    with open_store(neo4j_uri) as store:
        store.delete_all()
    loaded = orggraph("--db", neo4j_uri, "load", str(old))
    assert loaded.returncode == 0, loaded.stderr
    before = graph_facts(neo4j_uri), people_named(neo4j_uri)
    assert before == ({"nodes": old_nodes, "rels": old_rels, "duplicate_ids": 0,
                       "doubled_rels": 0}, {"张": 2_000})
    load = start_load(neo4j_uri, new, batch_size=1000)
    try:
        deadline = time.monotonic() + 180
        while not load_is_running(neo4j_uri):
            assert load.poll() is None, f"the load ended before it was killed: {load.communicate()}"
            assert time.monotonic() < deadline, "the load never started writing"
            time.sleep(0.05)
        time.sleep(0.3)  # let a few batches land inside the transaction
        assert load.poll() is None, "the load ended before it could be killed"
    finally:
        load.kill()
        load.communicate(timeout=60)
    assert (graph_facts(neo4j_uri), people_named(neo4j_uri)) == before
    deadline = time.monotonic() + 60  # the server ends the dead client's transaction
    while load_is_running(neo4j_uri):
        assert time.monotonic() < deadline, "the killed load's transaction is still open"
        time.sleep(0.2)
    assert (graph_facts(neo4j_uri), people_named(neo4j_uri)) == before
    rerun = orggraph("--db", neo4j_uri, "load", str(new))
    assert rerun.returncode == 0, rerun.stderr
    assert graph_facts(neo4j_uri) == {"nodes": nodes, "rels": rels, "duplicate_ids": 0,
                                      "doubled_rels": 0}
    assert people_named(neo4j_uri) == {"李": 20_000}
    with open_store(neo4j_uri) as store:
        store.delete_all()
