"""Parity: the same bundle in both stores gives the same graph, the same `orggraph stats` and
the same rows from every query of the library.

The bundle is the demo county (seeds/demo) when it is there, else tests/bundles/tiny. Rows are
compared in order where the query ends in ORDER BY, as multisets otherwise; values are normalised
first (dates as ISO text, floats to 9 significant digits, lists inside a cell sorted, since
`collect()` order is defined by neither engine). Each query runs with its defaults and again with
sample values for its parameters, drawn from the loaded graph.
"""
from __future__ import annotations

import datetime as dt
import decimal
import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from orggraph import queries
from orggraph.cli import main
from orggraph.load import load_bundle
from orggraph.store import open_store
from helpers import snapshot

ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / "seeds" / "demo"
TINY = Path(__file__).resolve().parent / "bundles" / "tiny"
LIBRARY = queries.library()
READS = sorted(name for name, q in LIBRARY.items() if not queries.writes(q.text))
WRITES = sorted(name for name, q in LIBRARY.items() if queries.writes(q.text))


def parity_bundle() -> Path:
    return DEMO if (DEMO / "nodes").is_dir() else TINY


@pytest.fixture(scope="module")
def pair(neo4j_uri, tmp_path_factory):
    """(embedded db, neo4j uri), both holding the parity bundle; read-only for this module."""
    bundle = parity_bundle()
    embedded = str(tmp_path_factory.mktemp("parity") / "parity.lbug")
    with open_store(embedded) as store:
        load_bundle(store, bundle)
    with open_store(neo4j_uri) as store:
        store.delete_all()
        load_bundle(store, bundle)
    return embedded, neo4j_uri


@pytest.fixture(scope="module")
def stores(pair):
    with open_store(pair[0]) as embedded, open_store(pair[1]) as neo4j:
        yield embedded, neo4j


@pytest.fixture(scope="module")
def sample(stores):
    return samples(stores[0])


# -- normalising ------------------------------------------------------------------------------

def norm(value):
    if isinstance(value, bool) or value is None or isinstance(value, (int, str)):
        return value
    if isinstance(value, decimal.Decimal) and value == value.to_integral_value():
        # LadybugDB sums INT64 into INT128, which its Python API returns as Decimal
        # (docs/PORTABLE_CYPHER.md); the value is the same integer Neo4j returns.
        return int(value)
    if isinstance(value, float):
        return float(f"{value:.9g}")
    if isinstance(value, (dt.date, dt.datetime, dt.time)):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        items = [norm(v) for v in value]
        try:
            return ("list", tuple(sorted(items, key=repr)))
        except TypeError:
            return ("list", tuple(items))
    if isinstance(value, dict):
        return ("map", tuple(sorted((k, norm(v)) for k, v in value.items())))
    return repr(value)


def norm_rows(rows: list[dict]) -> list[tuple]:
    return [tuple((k, norm(v)) for k, v in row.items()) for row in rows]


_LAST_RETURN_ORDERED = re.compile(r"\bORDER\s+BY\b(?![\s\S]*\bRETURN\b)", re.IGNORECASE)


def ordered(text: str) -> bool:
    """True if the statement's final RETURN is sorted (ORDER BY after the last RETURN)."""
    return bool(_LAST_RETURN_ORDERED.search(queries._NOT_CODE.sub(" ", text)))


def same_rows(text: str, a: list[dict], b: list[dict]) -> None:
    left, right = norm_rows(a), norm_rows(b)
    if not ordered(text):
        left, right = sorted(left, key=repr), sorted(right, key=repr)
    assert len(left) == len(right), f"{len(left)} rows on embedded, {len(right)} on neo4j"
    for index, (x, y) in enumerate(zip(left, right)):
        assert x == y, f"row {index} differs"


# -- sample parameter values ------------------------------------------------------------------

def _ids(store, cypher: str) -> list[str]:
    return [row["id"] for row in store.query(cypher)]


def samples(store) -> dict[str, list]:
    """Values to try per parameter name, besides the defaults; taken from the loaded graph."""
    regions = _ids(store, "MATCH (r:Region) WHERE r.kind IN ['county', 'town', 'street'] "
                          "RETURN r.id AS id ORDER BY r.kind, r.id LIMIT 3")
    villages = _ids(store, "MATCH (r:Region {kind: 'village'}) RETURN r.id AS id ORDER BY id LIMIT 1")
    branches = _ids(store, "MATCH (o:OrgUnit {kind: 'village_branch'}) RETURN o.id AS id "
                           "ORDER BY id LIMIT 2")
    chains = _ids(store, "MATCH (c:IndustryChain) RETURN c.id AS id ORDER BY id LIMIT 2")
    some = []
    for label in ("Region", "OrgUnit", "Person", "Enterprise", "IndustryChain"):
        some += _ids(store, f"MATCH (n:{label}) RETURN n.id AS id ORDER BY id LIMIT 4")
    return {
        "within": regions + villages,
        "ids": [some, []],
        "chains": [chains[:1], chains],
        "centre_branch": branches[:1],
        "village_branch": branches[1:],
        "tags": [[]],
        "top_kinds": [[]],
    }


def bindings(query: queries.Query, sample: dict[str, list]) -> list[dict]:
    """The defaults, then each parameter in turn set to each of its samples."""
    runs = [query.bind()]
    for param in query.params:
        values = list(sample.get(param.name, []))
        if param.type == "int" and isinstance(param.default, int):
            values += [param.default + 1, 0]
        for value in values:
            runs.append(query.bind(**{param.name: value}))
    return runs


# -- the tests --------------------------------------------------------------------------------

def test_the_same_graph_in_both_stores(stores):
    embedded, neo4j = stores
    assert embedded.counts() == neo4j.counts()
    assert snapshot(embedded) == snapshot(neo4j)


def test_stats_are_identical(pair):
    runner = CliRunner()
    outputs = []
    for db in pair:
        result = runner.invoke(main, ["--db", db, "stats", "--format", "json"])
        assert result.exit_code == 0, result.output
        outputs.append(json.loads(result.output))
    assert outputs[0] == outputs[1]
    assert sum(outputs[0]["nodes"].values()) > 0


@pytest.mark.parametrize("name", READS)
def test_every_read_query_returns_the_same_rows(stores, sample, name):
    embedded, neo4j = stores
    query = LIBRARY[name]
    for params in bindings(query, sample):
        got = embedded.query(query.text, params), neo4j.query(query.text, params)
        try:
            same_rows(query.text, *got)
        except AssertionError as exc:
            raise AssertionError(f"{name} with {params}: {exc}") from None


@pytest.fixture
def fresh_pair(neo4j_uri, tmp_path):
    """Both stores with the tiny bundle, for queries that write."""
    embedded = open_store(str(tmp_path / "w.lbug"))
    neo4j = open_store(neo4j_uri)
    neo4j.delete_all()
    for store in (embedded, neo4j):
        load_bundle(store, TINY)
    yield embedded, neo4j
    embedded.close()
    neo4j.close()


@pytest.mark.parametrize("name", WRITES)
def test_every_write_query_does_the_same_on_both(fresh_pair, name):
    embedded, neo4j = fresh_pair
    query = LIBRARY[name]
    runs = bindings(query, samples(embedded)) + [
        query.bind(**{p.name: v for p in query.params
                      for v in samples(embedded).get(p.name, [])[:1]} |
                   {p.name: 2024 for p in query.params if p.type == "int"})]
    for params in runs:
        got = (embedded.query(query.text, params, write=True),
               neo4j.query(query.text, params, write=True))
        same_rows(query.text, *got)
        assert snapshot(embedded) == snapshot(neo4j), f"{name} with {params}"


def test_order_detection():
    assert ordered("MATCH (n) RETURN n.id AS id ORDER BY id")
    assert not ordered("MATCH (n) WITH n ORDER BY n.id LIMIT 3 RETURN n.id AS id")
    assert not ordered("MATCH (n) RETURN n.id AS id // ORDER BY id")
