"""Pinned by tests written against the survivors of mutation testing (scripts/mutation,
docs/TESTING.md): load validation (orggraph/load/validate.py), on tables kept in memory."""
from __future__ import annotations

import pytest

from orggraph.load import validate
from orggraph.load.bundle import BadRow, BundleError, RowError, Table
from orggraph.store.batches import NodeBatch, RelBatch


# --- load.validate (orggraph/load/validate.py), on tables kept in memory ------------------------



def _table(kind, name, rows):
    def source():
        for number, cells in enumerate(rows, 1):
            if isinstance(cells, Exception):
                raise cells
            yield number, cells
    return Table(kind, name, f"{'nodes' if kind == 'node' else 'rels'}/{name}.csv", source)


def _stored(ids):
    return {i: "OrgUnit" if i == "O-9" else "Region" for i in ids if i in ("O-9", "X9")}


KNOWN_REGION = ("name, kind, code, households, population, lat, lon, collective_income, "
                "main_industry, score_leadership, score_industry, score_location, "
                "score_transport, score_service, willing_to_join, tags")


def test_every_problem_of_a_bundle_is_named_with_file_row_and_column():
    tables = [
        _table("node", "Region", [["id", "name", "kind", "households", "households", "colour", ""],
                                  ["R1", "东坪村", "village", "300", "", "", ""],
                                  ["R1", "又一个", "village", "", "", "", ""],
                                  ["R2", "", "village", "x", "", "", ""],
                                  ["R3", "西坡村", "village", " =1+1", "", "", ""],
                                  ["R4", "北山村", "village", "1\x07", "", "", ""],
                                  ["", "无号", "village", "", "", "", ""],
                                  ["R5", "南村", "village", "", "", "", "", "extra"],
                                  ["R6", "南村", "village", "", "", "", "", ""],
                                  BadRow("broken quoting")]),
        _table("node", "Enterprise", [["name", "id", "kind"], ["茶企", "E1", "private"]]),
        _table("node", "Person", [["id", "name"], ["P1", "王建华"], ["X9", "重复"]]),
        _table("node", "OrgUnit", []),
        _table("node", "IndustryChain", [["id"]]),
        _table("rel", "PART_OF", [["from", "to"], ["R1", "R1"], ["R1", "R9"], ["R1", "E1"],
                                  ["", "R1"]]),
        _table("rel", "MEMBER_OF", [["from", "to", "tier"], ["P1", "R1", ""],
                                    ["P1", "O-9", "upstream"], ["E1", "R1", ""]]),
        _table("rel", "STATIONED_IN", [["from", "to"], ["P1", "R1"],
                                       RowError(3, "the file is not UTF-8", "B")]),
    ]
    labels, problems = validate.check(tables, _stored)
    assert [str(p) for p in problems] == [
        "nodes/Region.csv, row 1, column E (households): this column appears twice",
        f"nodes/Region.csv, row 1, column F (colour): unknown column for Region; known: {KNOWN_REGION}",
        f"nodes/Region.csv, row 1, column G (empty): unknown column for Region; known: {KNOWN_REGION}",
        "nodes/Region.csv, row 3, column A (id): duplicate id 'R1': already used at "
        "nodes/Region.csv row 2",
        "nodes/Region.csv, row 4, column B (name): empty: this property is required",
        "nodes/Region.csv, row 4, column D (households): 'x' is not a whole number",
        "nodes/Region.csv, row 5, column D (households): looks like a spreadsheet formula; data "
        "cells may not start with '='",
        "nodes/Region.csv, row 6, column D (households): holds the control character U+0007, "
        "which no spreadsheet can hold: remove it",
        "nodes/Region.csv, row 7, column A (id): empty: every row needs it",
        "nodes/Region.csv, row 8, column H: the row has 8 cells but the header 7 columns",
        "nodes/Region.csv, row 10: broken quoting",
        "nodes/Enterprise.csv, row 1: the header must start with id; found name",
        "nodes/Enterprise.csv, row 1, column B (id): unknown column for Enterprise; known: name, "
        "kind, sector, employees, party_members",
        "nodes/OrgUnit.csv, row 1: the file is empty: it needs at least a header row",
        "nodes/IndustryChain.csv, row 1, column name: a required column is missing",
        "nodes/Person.csv, row 3, column A (id): id 'X9' is already a Region in the database; ids "
        "are unique across the whole graph",
        "rels/PART_OF.csv, row 2, column A (from): PART_OF from 'R1' to itself is not allowed",
        "rels/PART_OF.csv, row 4, column B (to): PART_OF cannot go from a Region (R1) to an "
        "Enterprise (E1); allowed: Region → Region",
        "rels/PART_OF.csv, row 5, column A (from): empty: every row needs it",
        "rels/MEMBER_OF.csv, row 2, column B (to): MEMBER_OF cannot go from a Person (P1) to a "
        "Region (R1); allowed: Person → OrgUnit; OrgUnit → OrgUnit; Enterprise → IndustryChain",
        "rels/MEMBER_OF.csv, row 4, column B (to): MEMBER_OF cannot go from an Enterprise (E1) to "
        "a Region (R1); allowed: Person → OrgUnit; OrgUnit → OrgUnit; Enterprise → IndustryChain",
        "rels/STATIONED_IN.csv, row 3, column B: the file is not UTF-8",
        "rels/MEMBER_OF.csv, row 3, column tier: tier is only for Enterprise → IndustryChain"]
    # R9 points nowhere, but a file was unreadable: the missing id is likely in it, not named
    assert labels == {"O-9": "OrgUnit", "R1": "Region", "R2": "Region", "R3": "Region",
                      "R4": "Region", "R6": "Region", "E1": "Enterprise", "P1": "Person",
                      "X9": "Person"}


def test_a_relationship_to_no_node_is_named_at_most_twenty_times_an_id():
    rows = [["from", "to"]] + [["R1", "R9"]] * 25 + [["R9", "R1"], ["O-9", "R1"]]
    tables = [_table("node", "Region", [["id", "name", "kind"], ["R1", "东坪村", "village"]]),
              _table("rel", "PART_OF", rows)]
    _, problems = validate.check(tables, _stored)
    missing = [str(p) for p in problems if "no node has id" in p.message]
    assert len(missing) == 20          # of its 26 rows
    assert missing[0] == ("rels/PART_OF.csv, row 2, column B (to): no node has id 'R9' (neither in "
                          "this bundle nor in the database)")
    assert missing[-1].startswith("rels/PART_OF.csv, row 21, column B (to): no node has id 'R9'")
    assert [str(p) for p in problems if "no node" not in p.message] == [
        "rels/PART_OF.csv, row 28, column A (from): PART_OF cannot go from an OrgUnit (O-9) to a "
        "Region (R1); allowed: Region → Region"]
    _, problems = validate.check(tables[:1] + [_table("rel", "PART_OF", [["from", "to"],
                                                                         ["R9", "R1"]])], _stored)
    assert [str(p) for p in problems] == [
        "rels/PART_OF.csv, row 2, column A (from): no node has id 'R9' (neither in this bundle nor "
        "in the database)"]
    assert validate.check([], _stored) == ({}, [])


def test_problems_stop_being_collected_at_the_limit(monkeypatch):
    monkeypatch.setattr(validate, "MAX_PROBLEMS", 3)
    rows = [["id", "name", "kind"]] + [[f"R{i}", "", "village"] for i in range(10)]
    _, problems = validate.check([_table("node", "Region", rows)], _stored)
    assert [p.row for p in problems] == [2, 3, 4]
    earlier = [validate.Problem("meta.csv", 2, None, "bad date")]
    _, problems = validate.check([_table("node", "Region", rows)], _stored, earlier)
    assert [p.row for p in problems] == [2, 2, 3]
    # a full list takes no more, from any later table either
    _, problems = validate.check([_table("node", "Region", rows), _table("node", "OrgUnit", [])],
                                 _stored)
    assert len(problems) == 3


def test_records_come_in_batches_nodes_first_and_relationships_with_their_defaults():
    tables = [_table("rel", "CO_BUILDS", [["from", "to", "mode"], ["O1", "O2", "strong_weak"],
                                          ["O2", "O3", ""]]),
              _table("node", "OrgUnit", [["id", "name", "kind", "stars"],
                                         ["O1", "一支部", "village_branch", "5"],
                                         ["O2", "二支部", "village_branch", ""],
                                         ["O3", "三支部", "village_branch", "2"]]),
              _table("rel", "MEMBER_OF", [["from", "to"], ["P1", "O1"], ["O2", "O1"],
                                          ["P2", "O1"], ["P3", "O1"]])]
    labels = {"O1": "OrgUnit", "O2": "OrgUnit", "O3": "OrgUnit", "P1": "Person", "P2": "Person",
              "P3": "Person"}
    batches = list(validate.records(tables, labels, 2))
    assert batches[0] == NodeBatch("OrgUnit", ("id", "name", "kind", "stars"), [
        {"id": "O1", "name": "一支部", "kind": "village_branch", "stars": 5},
        {"id": "O2", "name": "二支部", "kind": "village_branch", "stars": None}])
    assert batches[1] == NodeBatch("OrgUnit", ("id", "name", "kind", "stars"), [
        {"id": "O3", "name": "三支部", "kind": "village_branch", "stars": 2}])
    assert batches[2] == RelBatch("CO_BUILDS", "OrgUnit", "OrgUnit", ("from", "to", "mode", "status"), [
        {"from": "O1", "to": "O2", "mode": "strong_weak", "status": "active"},
        {"from": "O2", "to": "O3", "mode": None, "status": "active"}])
    assert batches[3:] == [
        RelBatch("MEMBER_OF", "Person", "OrgUnit", ("from", "to"), [
            {"from": "P1", "to": "O1"}, {"from": "P2", "to": "O1"}]),
        RelBatch("MEMBER_OF", "Person", "OrgUnit", ("from", "to"), [{"from": "P3", "to": "O1"}]),
        RelBatch("MEMBER_OF", "OrgUnit", "OrgUnit", ("from", "to"), [{"from": "O2", "to": "O1"}])]
    assert list(validate.records([], {}, 2)) == []
    changed = [_table("node", "OrgUnit", [["id", "name", "kind"], ["O1", "", "village_branch"]])]
    with pytest.raises(BundleError) as error:
        list(validate.records(changed, {}, 10))
    assert [str(p) for p in error.value.problems] == [
        "nodes/OrgUnit.csv, row 2, column B (name): empty: this property is required"]
