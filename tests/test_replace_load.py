"""Replace loads (`load --replace`): the bundle is the whole truth for the files it has; proposals
written by pair/cadres --apply outlive it unless settled; every load says what it changed."""
from __future__ import annotations

from orggraph.load.load import load_bundle
from support.files import bundle_to_xlsx, read_csv
from support.quarters import quarter_two

PROPOSE = ("MATCH (a:OrgUnit {id: $a}), (b:OrgUnit {id: $b}) "
           "CREATE (a)-[:CO_BUILDS {mode: 'strong_weak', since: 2026, status: 'proposed'}]->(b)")
CO_BUILDS = ("MATCH (a:OrgUnit)-[e:CO_BUILDS]->(b:OrgUnit) "
             "RETURN a.id AS a, b.id AS b, e.status AS status")


def test_loading_the_same_bundle_again_changes_nothing_and_says_so(store, tiny_bundle):
    first = load_bundle(store, tiny_bundle)
    assert first.changes.total("nodes", "created") == first.nodes
    assert first.changes.total("relationships", "created") == first.relationships
    for replace in (False, True):
        again = load_bundle(store, tiny_bundle, replace=replace)
        assert again.changes.nothing_changed
        assert again.changes.total("nodes", "unchanged") == first.nodes
        assert again.changes.total("relationships", "unchanged") == first.relationships


def test_replace_removes_what_the_bundle_dropped_and_keeps_unsettled_proposals(
        store, tiny_bundle, tmp_path):
    load_bundle(store, tiny_bundle)
    store.query(PROPOSE, {"a": "O-V1", "b": "O-T1"}, write=True)   # not settled in Q2: kept
    store.query(PROPOSE, {"a": "O-T1", "b": "O-V2"}, write=True)   # Q2 pairs them: replaced
    supplies = store.counts()["relationships"]["SUPPLIES"]
    q2 = quarter_two(tiny_bundle, tmp_path / "q2")

    plain = load_bundle(store, q2)  # without --replace nothing goes away
    assert plain.changes.total("nodes", "removed") == 0
    assert {r["a"] for r in store.query("MATCH (r:Region {id: 'R-G1'}) RETURN r.id AS a")} \
        == {"R-G1"}

    report = load_bundle(store, q2, replace=True)
    regions = {r["id"] for r in store.query("MATCH (r:Region) RETURN r.id AS id")}
    assert "R-G1" not in regions and "R-V3" in regions
    assert not store.query("MATCH (g:Region {id: 'R-G1'})-[:PART_OF]->() RETURN g.id AS id")
    assert sorted((r["a"], r["b"], r["status"]) for r in store.query(CO_BUILDS)) == [
        ("O-V1", "O-T1", "proposed"), ("O-V2", "O-T1", "active")]
    assert store.counts()["relationships"]["SUPPLIES"] == supplies  # no file: untouched
    assert report.changes.nodes["Region"]["removed"] == 1
    assert report.changes.relationships["CO_BUILDS"]["removed"] == 2
    assert report.changes.relationships["PART_OF"]["removed"] == 1
    assert report.changes.relationships.get("SUPPLIES", {}).get("removed", 0) == 0
    assert report.changes.total("nodes", "created") == 0  # R-V3 came with the plain load

    again = load_bundle(store, q2, replace=True)
    assert again.changes.nothing_changed


def test_change_counts_tell_created_changed_and_unchanged(store, tiny_bundle, tmp_path):
    load_bundle(store, tiny_bundle)
    report = load_bundle(store, quarter_two(tiny_bundle, tmp_path / "q2"))
    regions = report.changes.nodes["Region"]
    assert (regions["created"], regions["changed"]) == (1, 1)  # R-V3 new, R-V1 households
    assert regions["unchanged"] == len(read_csv(tiny_bundle / "nodes" / "Region.csv")) - 1 - 2
    assert report.changes.relationships["CO_BUILDS"]["created"] == 1


def test_replace_from_a_workbook_removes_the_same(store, tiny_bundle, tmp_path):
    load_bundle(store, tiny_bundle)
    q2 = bundle_to_xlsx(quarter_two(tiny_bundle, tmp_path / "q2"), tmp_path / "q2.xlsx")
    report = load_bundle(store, q2, replace=True)
    assert report.changes.nodes["Region"]["removed"] == 1
    assert report.changes.relationships["CO_BUILDS"]["removed"] == 1
    assert not store.query("MATCH (r:Region {id: 'R-G1'}) RETURN r.id AS id")
