"""Crafted input never does what the user did not ask: Cypher in ids, names and every argument."""
from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from orggraph.cli import main
from orggraph.load.load import load_bundle
from support.files import copy_bundle, read_csv, snapshot, write_csv

# Each would delete or change the graph if it were spliced into a statement.
PAYLOADS = [
    "x'}) DETACH DELETE n //",
    "x\"}) MATCH (n) DETACH DELETE n RETURN 1 AS x //",
    "' OR 1=1 WITH 1 AS x MATCH (n) DETACH DELETE n //",
    "R-V1`) DETACH DELETE n //",
    "$within",
    "x\\' }) SET n.name = 'pwned' //",
]


def run(*args):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_cypher_in_ids_and_names_is_stored_as_text(store, tiny_bundle, tmp_path):
    bundle = copy_bundle(tiny_bundle, tmp_path / "b")
    chains = read_csv(bundle / "nodes" / "IndustryChain.csv")
    for number, payload in enumerate(PAYLOADS):
        chains.append([f"C-{payload}", payload, f"{number}"])
    write_csv(bundle / "nodes" / "IndustryChain.csv", chains)
    members = read_csv(bundle / "rels" / "MEMBER_OF.csv")
    members += [["E-1", f"C-{payload}", "upstream"] for payload in PAYLOADS]
    write_csv(bundle / "rels" / "MEMBER_OF.csv", members)
    load_bundle(store, bundle)
    names = {row["name"] for row in store.query("MATCH (c:IndustryChain) RETURN c.name AS name")}
    assert set(PAYLOADS) <= names
    assert store.counts()["nodes"]["Region"] == 5
    before = snapshot(store)
    load_bundle(store, bundle)
    assert snapshot(store) == before


@pytest.mark.parametrize("payload", PAYLOADS)
def test_cypher_in_every_argument_changes_nothing(db, tiny_bundle, payload):
    run("--db", db, "load", str(tiny_bundle))
    before = json.loads(run("--db", db, "stats", "--format", "json").output)
    attempts = [
        ("query", "graph/villages", "-p", f"within={payload}", "--format", "json"),
        ("coverage", "--within", payload, "--format", "json"),
        ("influence", "--chain", payload, "--format", "json"),
        ("pair", "--within", payload, "--format", "json"),
        ("cadres", "--within", payload, "--format", "json"),
    ]
    for args in attempts:
        result = run("--db", db, *args)
        assert "Traceback" not in result.output, args
        if result.exit_code == 0 and args[0] == "query":
            assert json.loads(result.output) == [], args  # no village has that id
        elif result.exit_code != 0:
            assert "错误：" in result.output, args  # a message, e.g. "no region …"
    after = json.loads(run("--db", db, "stats", "--format", "json").output)
    assert after == before


def test_a_crafted_focus_renders_nothing_and_changes_nothing(db, tiny_bundle, tmp_path):
    run("--db", db, "load", str(tiny_bundle))
    before = json.loads(run("--db", db, "stats", "--format", "json").output)
    for payload in PAYLOADS:
        result = run("--db", db, "render", "neighbourhood", "--focus", payload,
                     "-o", str(tmp_path / "n.html"))
        assert "Traceback" not in result.output
    assert json.loads(run("--db", db, "stats", "--format", "json").output) == before
