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
import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from orggraph import queries
from orggraph.cli import main
from orggraph.load.load import load_bundle
from orggraph.queries import QueryError
from orggraph.store import open_store
from support.files import snapshot

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
    """(embedded db, neo4j uri), both holding the parity bundle. The write and dialect tests
    below clear the shared Neo4j again, so they stay after every test that uses this."""
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


# -- the dialect facts docs/PORTABLE_CYPHER.md relies on, checked on both engines --------------

ERROR = "error"  # the engine refuses the statement (QueryError)
SAME = "same"    # the embedded store gives what Neo4j gives

# (what, statement, parameters, embedded result, neo4j result). Run on the tiny bundle with a
# two-branch CO_BUILDS cycle O-V1 <-> O-V2 added.
FACTS = [
    ("null parameter tested first", "MATCH (n:Region) WHERE $p IS NULL OR n.id = $p "
     "RETURN count(n) AS c", {"p": None}, ERROR, [{"c": 5}]),
    ("null parameter via coalesce", "MATCH (n:Region) WHERE coalesce($p, '') = '' OR n.id = $p "
     "RETURN count(n) AS c", {"p": None}, SAME, [{"c": 5}]),
    ("null parameter tested last", "MATCH (n:Region) WHERE n.id = $p OR $p IS NULL "
     "RETURN count(n) AS c", {"p": None}, SAME, [{"c": 5}]),
    ("list parameter null, empty or set", "MATCH (c:IndustryChain) WHERE c.id IN $ids "
     "OR size($ids) = 0 OR $ids IS NULL RETURN count(c) AS c", {"ids": None}, SAME, [{"c": 1}]),
    ("any() over the parameter", "MATCH (r:Region) WHERE any(t IN $tags WHERE t IN r.tags) "
     "RETURN r.id AS id", {"tags": ["专业村"]}, SAME, [{"id": "R-V2"}]),
    ("any() over the property", "MATCH (r:Region) WHERE any(t IN r.tags WHERE t IN $tags) "
     "RETURN r.id AS id", {"tags": ["专业村"]}, ERROR, [{"id": "R-V2"}]),
    ("labels()", "MATCH (n:IndustryChain) RETURN labels(n) AS l", {}, [{"l": "IndustryChain"}],
     [{"l": ["IndustryChain"]}]),
    ("label()", "MATCH (n:IndustryChain) RETURN label(n) AS l", {}, [{"l": "IndustryChain"}], ERROR),
    ("type()", "MATCH (:Enterprise)-[r:LEADS]->() RETURN type(r) AS t", {}, ERROR, [{"t": "LEADS"}]),
    ("WHERE n:Label", "MATCH (n) WHERE n:IndustryChain RETURN count(n) AS c", {}, ERROR, [{"c": 1}]),
    ("a property the label lacks", "MATCH (p:Person) RETURN p.kind AS k LIMIT 1", {}, ERROR,
     [{"k": None}]),
    ("SET n += map", "MATCH (n:IndustryChain) SET n += {sector: '茶'} RETURN n.sector AS s", {},
     ERROR, [{"s": "茶"}]),
    ("REMOVE", "MATCH (n:Region {id: 'none'}) REMOVE n.code RETURN count(n) AS c", {}, ERROR,
     [{"c": 0}]),
    ("FOREACH", "MATCH (n:Region {id: 'none'}) FOREACH (x IN [1] | SET n.code = 'x')", {},
     ERROR, []),
    ("CALL {} subquery", "CALL { MATCH (n:Region) RETURN count(n) AS c } RETURN c", {}, ERROR,
     [{"c": 5}]),
    ("EXISTS {} subquery", "MATCH (n:Region) WHERE EXISTS { MATCH (n)<-[:PART_OF]-() } "
     "RETURN n.id AS id ORDER BY id", {}, SAME, [{"id": "R-C"}, {"id": "R-T1"}, {"id": "R-V1"}]),
    ("COUNT {} subquery", "MATCH (n:Region {id: 'R-T1'}) "
     "RETURN COUNT { MATCH (n)<-[:PART_OF]-() } AS c", {}, SAME, [{"c": 2}]),
    ("bounded paths through a cycle", "MATCH (:OrgUnit {id: 'O-V1'})-[:CO_BUILDS*1..4]->(b) "
     "RETURN count(*) AS paths, count(DISTINCT b) AS targets", {},
     [{"paths": 12, "targets": 2}], [{"paths": 6, "targets": 2}]),
    ("*0.. walks down from the node itself, at any depth", "MATCH (:Region {id: 'R-T1'})<-[:PART_OF*0..]-"
     "(n:Region) RETURN n.id AS id ORDER BY id", {}, SAME,
     [{"id": "R-G1"}, {"id": "R-T1"}, {"id": "R-V1"}, {"id": "R-V2"}]),
    ("an alias that LadybugDB reserves", "RETURN 1 AS ends", {}, ERROR, [{"ends": 1}]),
    ("shortestPath()", "MATCH p = shortestPath((:Region {id: 'R-V1'})-[:PART_OF*..5]->"
     "(:Region {id: 'R-C'})) RETURN length(p) AS l", {}, ERROR, [{"l": 2}]),
    ("sum() over no rows", "MATCH (n:Region {id: 'none'}) RETURN sum(n.households) AS s, "
     "coalesce(sum(n.households), 0) AS z, count(n) AS c, avg(n.lat) AS a, collect(n.id) AS l",
     {}, [{"s": None, "z": 0, "c": 0, "a": None, "l": []}],
     [{"s": 0, "z": 0, "c": 0, "a": None, "l": []}]),
    # LadybugDB sums into INT128 (a Python Decimal); EmbeddedStore.query turns it into int.
    ("sum() of integers", "UNWIND [1, 2] AS x RETURN sum(x) AS s", {}, SAME, [{"s": 3}]),
    ("toInteger()", "RETURN toInteger('3') AS i", {}, ERROR, [{"i": 3}]),
    ("CAST()", "RETURN CAST('3' AS INT64) AS i", {}, [{"i": 3}], ERROR),
    ("substring()", "RETURN substring('abcdef', 1, 2) AS s", {}, [{"s": "ab"}], [{"s": "bc"}]),
    ("list index", "RETURN [1, 2, 3][0] AS a", {}, ERROR, [{"a": 1}]),
    ("list slice", "RETURN [1, 2, 3][0..2] AS a", {}, SAME, [{"a": [1, 2]}]),
    ("list comprehension", "RETURN [x IN [1, 2, 3] WHERE x > 1] AS l", {}, ERROR,
     [{"l": [2, 3]}]),
    ("round()", "RETURN round(1.2345, 2) AS a", {}, SAME, [{"a": 1.23}]),
    ("round() of one argument", "RETURN round(2.4) AS a", {}, ERROR, [{"a": 2.0}]),
    ("functions on both", "RETURN toLower('AbC') AS l, upper('a') AS u, trim(' a ') AS t, "
     "size([1, 2]) AS n, size('abc') AS s, abs(-2) AS a, 'abc' STARTS WITH 'a' AS w, "
     "'abc' =~ 'a.*' AS r, CASE WHEN 1 > 0 THEN 'y' END AS c", {}, SAME,
     [{"l": "abc", "u": "A", "t": "a", "n": 2, "s": 3, "a": 2, "w": True, "r": True, "c": "y"}]),
    ("dates", "MATCH (o:OrgUnit) WHERE o.founded < date('2000-01-01') AND o.founded < $d "
     "RETURN min(o.founded) AS f", {"d": dt.date(1999, 1, 1)}, SAME,
     [{"f": dt.date(1956, 5, 1)}]),
    ("a date's fields", "RETURN date('2024-05-01').year AS y", {}, ERROR, [{"y": 2024}]),
    ("nulls sort last, strings by code point", "UNWIND ['王', null, '李', 'b', 'A'] AS x "
     "RETURN x ORDER BY x", {}, SAME,
     [{"x": "A"}, {"x": "b"}, {"x": "李"}, {"x": "王"}, {"x": None}]),
    ("ORDER BY ... LIMIT before an aggregate", "MATCH (n:Region) WITH n ORDER BY n.id LIMIT 2 "
     "RETURN collect(n.id) AS l", {}, [{"l": ["R-C", "R-T1"]}], [{"l": ["R-C", "R-G1"]}]),
    ("nulls sort first descending", "UNWIND ['b', null, 'a'] AS x RETURN x ORDER BY x DESC", {},
     SAME, [{"x": None}, {"x": "b"}, {"x": "a"}]),
    ("ORDER BY inside WITH without LIMIT", "MATCH (n:Region) WITH n ORDER BY n.id "
     "RETURN count(n) AS c", {}, ERROR, [{"c": 5}]),
    ("LIMIT $n", "MATCH (n:Region) RETURN n.id AS id ORDER BY id LIMIT $n", {"n": 2}, SAME,
     [{"id": "R-C"}, {"id": "R-G1"}]),
    ("aggregates on both", "UNWIND [1, 2, 3, 4] AS x RETURN percentileCont(x, 0.5) AS c, "
     "percentileDisc(x, 0.5) AS d, count(DISTINCT x % 2) AS k, max(x) AS m, sqrt(4.0) AS q",
     {}, SAME, [{"c": 2.5, "d": 2, "k": 2, "m": 4, "q": 2.0}]),
    ("exists(n.p)", "MATCH (n:Region) WHERE exists(n.lat) RETURN count(n) AS c", {}, ERROR,
     ERROR),
    ("split()", "RETURN split('a;b', ';') AS l", {}, ERROR, [{"l": ["a", "b"]}]),
    ("head()", "RETURN head([1, 2]) AS h", {}, ERROR, [{"h": 1}]),
    ("stDev()", "UNWIND [1, 3] AS x RETURN stDev(x) AS s", {}, ERROR, [{"s": 2 ** 0.5}]),
    ("datetime()", "RETURN datetime('2024-05-01T08:00:00Z').hour AS h", {}, ERROR, [{"h": 8}]),
    ("UNION ALL and DISTINCT", "MATCH (n:Region {kind: 'village'}) RETURN DISTINCT n.kind AS k "
     "UNION ALL MATCH (n:IndustryChain) RETURN n.id AS k", {}, "unordered",
     [{"k": "village"}, {"k": "C-1"}]),
    ("mixed-type list", "RETURN [1, 'a'] AS l", {}, ERROR, [{"l": [1, "a"]}]),
    ("map projection", "MATCH (n:IndustryChain) RETURN n {.id} AS m", {}, ERROR,
     [{"m": {"id": "C-1"}}]),
]


@pytest.fixture(scope="module")
def facts_pair(neo4j_uri, tmp_path_factory):
    embedded = open_store(str(tmp_path_factory.mktemp("facts") / "f.lbug"))
    neo4j = open_store(neo4j_uri)
    neo4j.delete_all()
    for store in (embedded, neo4j):
        load_bundle(store, TINY)
        store.query("MATCH (a:OrgUnit {id: 'O-V1'}), (b:OrgUnit {id: 'O-V2'}) "
                    "MERGE (a)-[:CO_BUILDS {mode: 'alliance'}]->(b) "
                    "MERGE (b)-[:CO_BUILDS {mode: 'alliance'}]->(a)", write=True)
    yield embedded, neo4j
    embedded.close()
    neo4j.close()


@pytest.mark.parametrize("fact", FACTS, ids=[f[0] for f in FACTS])
def test_dialect_facts(facts_pair, fact):
    what, statement, params, on_embedded, on_neo4j = fact
    results = []
    for store in facts_pair:
        try:
            results.append(store.query(statement, params, write=True))
        except QueryError:
            results.append(ERROR)
    embedded, neo4j = results
    if on_embedded == "unordered":
        assert sorted(map(repr, neo4j)) == sorted(map(repr, on_neo4j)), f"{what} on Neo4j"
        assert sorted(map(repr, embedded)) == sorted(map(repr, on_neo4j)), f"{what} on LadybugDB"
        return
    assert neo4j == on_neo4j, f"{what} on Neo4j"
    if on_embedded == SAME:
        on_embedded = on_neo4j
    assert embedded == on_embedded, f"{what} on LadybugDB"
    if embedded == neo4j != ERROR:
        assert [[type(v) for v in row.values()] for row in embedded] == \
               [[type(v) for v in row.values()] for row in neo4j], f"{what}: value types differ"
