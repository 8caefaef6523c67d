"""Loading bundles: validation with file/row/column, all-or-nothing, idempotence, CSV == XLSX."""
from __future__ import annotations

import pytest

from orggraph.load.bundle import BundleError
from orggraph.load.load import load_bundle
from support.files import bundle_to_xlsx, copy_bundle, read_csv, snapshot, write_csv


def test_tiny_bundle_loads_with_typed_values(store, tiny_bundle):
    report = load_bundle(store, tiny_bundle)
    assert (report.nodes, report.relationships) == (14, 16)
    rows = store.query("MATCH (r:Region {id: 'R-V2'}) RETURN r.households AS h, r.tags AS tags, "
                       "r.willing_to_join AS w, r.collective_income AS income")
    assert rows == [{"h": 150, "tags": ["脱贫村", "专业村"], "w": True, "income": 6.2}]
    org = store.query("MATCH (o:OrgUnit {id: 'O-T1'}) RETURN o.founded AS f, o.weak AS weak")[0]
    assert str(org["f"]) == "1956-05-01" and org["weak"] is False
    assert store.query("MATCH (:OrgUnit {id: 'O-V2'}) RETURN 1 AS x") == [{"x": 1}]
    status = store.query("MATCH ()-[c:CO_BUILDS]->() RETURN c.status AS s")
    assert status == [{"s": "active"}], "status defaults to active"


def test_loading_twice_changes_nothing(store, tiny_bundle):
    load_bundle(store, tiny_bundle)
    first_counts, first = store.counts(), snapshot(store)
    load_bundle(store, tiny_bundle)
    assert store.counts() == first_counts
    assert snapshot(store) == first


def test_bom_and_all_boolean_spellings(store, tiny_bundle, tmp_path):
    bundle = copy_bundle(tiny_bundle, tmp_path / "b")
    people = [["id", "name", "party_member", "in_service"]]
    for i, (a, b) in enumerate([("true", "false"), ("1", "0"), ("yes", "no"), ("是", "否"),
                                ("TRUE", "No")]):
        people.append([f"P-{i}", f"王{i}", a, b])
    write_csv(bundle / "nodes" / "Person.csv", people, bom=True)
    for name in ("LEADS", "STATIONED_IN"):
        (bundle / "rels" / f"{name}.csv").unlink()
    rows = [r for r in read_csv(bundle / "rels" / "MEMBER_OF.csv") if r[0] != "P-1"]
    write_csv(bundle / "rels" / "MEMBER_OF.csv", rows)
    load_bundle(store, bundle)
    got = store.query("MATCH (p:Person) RETURN p.party_member AS a, p.in_service AS b")
    assert got == [{"a": True, "b": False}] * 5


def test_xlsx_and_csv_give_the_same_graph(engine, tmp_path, tiny_bundle, request):
    from orggraph.store import open_store

    db_csv = request.getfixturevalue("db")
    with open_store(db_csv) as store:
        load_bundle(store, tiny_bundle)
        from_csv = snapshot(store)
        store.delete_all()
        load_bundle(store, bundle_to_xlsx(tiny_bundle, tmp_path / "tiny.xlsx"))
        assert snapshot(store) == from_csv


def _broken_bundle(tiny_bundle, tmp_path):
    bundle = copy_bundle(tiny_bundle, tmp_path / "broken")
    regions = read_csv(bundle / "nodes" / "Region.csv")
    regions[3][2] = "hamlet"                      # row 4: bad enum in column C (kind)
    regions[4][4] = "many"                        # row 5: not an int in column E (households)
    write_csv(bundle / "nodes" / "Region.csv", regions)
    people = read_csv(bundle / "nodes" / "Person.csv")
    people.append(["R-V1", "重复", "男", "1980", "true", "false", ""])  # row 4: id of a Region
    write_csv(bundle / "nodes" / "Person.csv", people)
    chains = [["id", "sector"], ["C-2", "茶"]]  # the required name column is missing
    write_csv(bundle / "nodes" / "IndustryChain.csv", chains)
    part_of = read_csv(bundle / "rels" / "PART_OF.csv")
    part_of.append(["R-V9", "R-T1"])              # row 6: dangling endpoint
    write_csv(bundle / "rels" / "PART_OF.csv", part_of)
    return bundle


def test_a_broken_bundle_names_every_problem_and_writes_nothing(store, tiny_bundle, tmp_path):
    load_bundle(store, tiny_bundle)
    before, before_counts = snapshot(store), store.counts()
    with pytest.raises(BundleError) as caught:
        load_bundle(store, _broken_bundle(tiny_bundle, tmp_path))
    found = {(p.file, p.row, (p.column or "").split(" ")[0]) for p in caught.value.problems}
    assert ("nodes/Region.csv", 4, "C") in found
    assert ("nodes/Region.csv", 5, "E") in found
    assert ("nodes/Person.csv", 4, "A") in found
    assert ("nodes/IndustryChain.csv", 1, "name") in found
    assert ("rels/PART_OF.csv", 6, "A") in found
    messages = "\n".join(str(p) for p in caught.value.problems)
    assert "hamlet" in messages and "many" in messages and "R-V9" in messages
    assert "编号 'R-V1' 重复" in messages
    assert store.counts() == before_counts and snapshot(store) == before


def test_endpoint_labels_self_loops_and_unknown_columns(store, tiny_bundle, tmp_path):
    bundle = copy_bundle(tiny_bundle, tmp_path / "b")
    write_csv(bundle / "rels" / "WORKS_AT.csv", [["from", "to"], ["P-1", "R-V1"]])
    write_csv(bundle / "rels" / "SUPPLIES.csv", [["from", "to", "weight"], ["E-1", "E-1", "1"]])
    write_csv(bundle / "rels" / "LOCATED_IN.csv", [["from", "to", "colour"], ["E-1", "R-V1", "红"]])
    with pytest.raises(BundleError) as caught:
        load_bundle(store, bundle)
    text = "\n".join(str(p) for p in caught.value.problems)
    assert "rels/WORKS_AT.csv，第2行" in text and "关系不能从人员（Person）" in text
    assert "rels/SUPPLIES.csv，第2行" in text and "指向自身" in text
    assert "rels/LOCATED_IN.csv，第1行，C列（colour）" in text
    assert store.counts()["nodes"]["Region"] == 0


def test_a_bundle_may_point_to_nodes_already_in_the_store(store, tiny_bundle, tmp_path):
    load_bundle(store, tiny_bundle)
    extra = tmp_path / "extra"
    write_csv(extra / "nodes" / "Person.csv", [["id", "name"], ["P-9", "赵敏"]])
    write_csv(extra / "rels" / "MEMBER_OF.csv", [["from", "to"], ["P-9", "O-V2"]])
    load_bundle(store, extra)
    assert store.query("MATCH (:Person {id: 'P-9'})-[:MEMBER_OF]->(o:OrgUnit) RETURN o.id AS o") == [
        {"o": "O-V2"}]


def test_a_failure_while_writing_rolls_back_everything(store, tiny_bundle, monkeypatch):
    from orggraph.load import validate

    real = validate.records

    def failing(*args, **kwargs):
        for number, batch in enumerate(real(*args, **kwargs)):
            if number == 3:
                raise RuntimeError("disk on fire")
            yield batch

    monkeypatch.setattr("orggraph.load.load.records", failing)
    # the row path (the Arrow path has the same test in test_bulk_load.py)
    monkeypatch.setattr("orggraph.load.fast_check.batches", lambda *args, **kwargs: None)
    with pytest.raises(RuntimeError, match="disk on fire"):
        load_bundle(store, tiny_bundle, batch_size=1)
    assert sum(store.counts()["nodes"].values()) == 0


def test_a_list_column_empty_in_every_row_loads(store, tmp_path):
    # LadybugDB once took such a column for text, not a list of text, and the load crashed.
    bundle = tmp_path / "b"
    write_csv(bundle / "nodes" / "Region.csv",
              [["id", "name", "kind", "tags"], ["R-1", "甲村", "village", ""], ["R-2", "乙村", "village", ""]])
    for source in (bundle, bundle_to_xlsx(bundle, tmp_path / "b.xlsx")):
        load_bundle(store, source)
        assert store.query("MATCH (r:Region) RETURN r.id AS id, r.tags AS tags ORDER BY id") == [
            {"id": "R-1", "tags": None}, {"id": "R-2", "tags": None}]


def test_labels_of_finds_each_id_once_by_key_or_by_scan(store, tiny_bundle, monkeypatch):
    """The embedded store looks a few ids up by key and many by scanning: same answer."""
    load_bundle(store, tiny_bundle)
    ids = ["R-C", "O-V1", "P-1", "E-1", "C-1", "R-C", "nope", ""]
    expected = {"R-C": "Region", "O-V1": "OrgUnit", "P-1": "Person", "E-1": "Enterprise",
                "C-1": "IndustryChain"}
    assert store.labels_of(ids) == expected
    if store.engine == "embedded":
        from orggraph.store import embedded
        monkeypatch.setattr(embedded, "FEW_IDS", 0)
        assert store.labels_of(ids) == expected
    assert store.labels_of([]) == {}
