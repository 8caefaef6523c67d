"""The query library: headers are complete, and every query gives the columns its header says.

The read queries run on the demo county (loaded once per store), where every one of them finds
rows, with every id of each label's first 40 as `ids`, every chain as `chains` and every person
as `people`; the two write queries run on the tiny bundle.
"""
from __future__ import annotations

import pytest

from orggraph import model, queries
from orggraph.load.load import load_bundle
from orggraph.resources import demo_bundle
from orggraph.store import open_store

READS = sorted(n for n, q in queries.library().items() if not queries.writes(q.text))


def test_every_library_file_has_a_header_naming_its_path():
    root = queries.resource_dir("cypher")
    library = queries.library()
    assert library, "the library is empty"
    for name, query in library.items():
        assert query.path.relative_to(root).with_suffix("").as_posix() == name
        assert query.description and query.returns


def columns(query: queries.Query) -> list[str]:
    return [c.strip() for c in query.returns.split(",")]


@pytest.fixture(scope="module", params=("embedded", "neo4j"))
def demo(request, tmp_path_factory):
    """The demo county in a store of each engine, and the parameters to ask it with."""
    if request.param == "embedded":
        db = str(tmp_path_factory.mktemp("queries") / "demo.lbug")
    else:
        db = request.getfixturevalue("neo4j_uri")
    with open_store(db) as store:
        store.delete_all()
        load_bundle(store, demo_bundle())
        ids = [row["id"] for label in model.LABEL_BY_NAME for row in store.query(
            f"MATCH (n:{label}) RETURN n.id AS id ORDER BY id LIMIT 40")]
        # and the organisations based in a chain (places/chains_of finds their chains)
        ids += [row["id"] for row in store.query(
            "MATCH (o:OrgUnit)-[:BASED_IN]->(:IndustryChain) RETURN o.id AS id ORDER BY id")]
        chains = [row["id"] for row in store.query("MATCH (c:IndustryChain) RETURN c.id AS id")]
        # the county: what lies within it is everything
        top = store.query("MATCH (r:Region) WHERE NOT EXISTS { MATCH (r)-[:PART_OF]->(:Region) } "
                          "RETURN r.id AS id")
        # every person (the `within/` rules on persons look among them)
        people = [row["id"] for row in store.query("MATCH (p:Person) RETURN p.id AS id")]
        yield store, {"ids": ids, "chains": chains, "within": top[0]["id"], "people": people}


@pytest.mark.parametrize("name", READS)
def test_every_read_query_gives_the_columns_of_its_header(demo, name):
    store, given = demo
    query = queries.library()[name]
    rows = store.query(query.text, query.bind(**{p.name: given[p.name] for p in query.params
                                                 if p.name in given}))
    assert rows, f"{name} finds nothing on the demo county, so its columns go unchecked"
    assert [list(row) for row in rows[:1]] == [columns(query)]
    assert all(list(row) == columns(query) for row in rows)


def test_the_write_queries_give_the_columns_of_their_headers(store, tiny_bundle):
    """A new proposal from O-V2 to O-V1 (the bundle has only O-V1 → O-V2), then withdrawn."""
    load_bundle(store, tiny_bundle)
    library = queries.library()
    pair = {"centre_branch": "O-V2", "village_branch": "O-V1"}
    for name, params, expected in (("pairing/propose", {"since": 2026}, pair),
                                   ("pairing/withdraw", {}, {"withdrawn": 1})):
        query = library[name]
        rows = store.query(query.text, query.bind(**pair, **params), write=True)
        assert list(expected) == columns(query)
        assert rows == [expected], name
    assert store.query("MATCH (:OrgUnit {id: 'O-V2'})-[e:CO_BUILDS]->() RETURN count(e) AS n"
                       ) == [{"n": 0}]


@pytest.mark.parametrize("text, expected", [
    ("MATCH (n) RETURN n", False),
    ("MATCH (n) RETURN n.created AS created_at // CREATE nothing", False),
    ("MATCH (n) WHERE n.name = 'DELETE' RETURN n", False),
    ("match (n) detach delete n", True),
    ("MATCH (n) SET n.x = 1", True),
    ("CALL db.labels()", True),
    ("MERGE (n:Region {id: 'x'})", True),
])
def test_write_detection(text, expected):
    assert queries.writes(text) is expected


def test_a_query_run_by_name_answers_as_of_the_graph_and_by_the_config(engine, db, tmp_path):
    """`orggraph query coverage/…` without -p asks what `orggraph coverage` asks: the year of the
    graph's as-of date (not the header's example year) and the config file's thresholds."""
    import json

    from click.testing import CliRunner

    from orggraph.cli import main
    from support.files import copy_bundle, write_csv

    bundle = copy_bundle(demo_bundle(), tmp_path / "bundle")
    write_csv(bundle / "meta.csv", [["as_of"], ["2028-06-30"]])
    assert CliRunner().invoke(main, ["--db", db, "load", str(bundle)]).exit_code == 0
    config = tmp_path / "orggraph.toml"
    config.write_text("[villages]\nweak_max_stars = 1\n", encoding="utf-8")

    def ids(*params: str) -> list[str]:
        said = CliRunner().invoke(main, ["--db", db, "--config", str(config), "query",
                                         "coverage/village_without_first_secretary",
                                         "--format", "json", *params])
        assert said.exit_code == 0, said.output
        return sorted(row["id"] for row in json.loads(said.output))

    found = ids()
    assert found == ids("-p", "year=2028", "-p", "weak_max_stars=1")
    assert found != ids("-p", "year=2025", "-p", "weak_max_stars=1")   # the header's year
    assert found != ids("-p", "year=2028", "-p", "weak_max_stars=2")   # the header's threshold
