"""Snapshots, history, coverage --since and rates across two quarters, on both stores; a load
killed in the middle of a replace leaves the first quarter and its snapshot exactly as they were."""
from __future__ import annotations

import datetime as dt
import json
import textwrap
from pathlib import Path

from click.testing import CliRunner

from orggraph.analyses import coverage, rates
from orggraph.cli import main
from orggraph.history import since
from orggraph.history.record import load_and_record
from orggraph.history.snapshots import Snapshot, find, history
from orggraph.store import open_store
from support.files import read_csv, snapshot, write_csv
from support.processes import python, sigkill_after_lines
from support.quarters import quarter_two

PROPOSE = ("MATCH (a:OrgUnit {id: 'O-V1'}), (b:OrgUnit {id: 'O-T1'}) "
           "CREATE (a)-[:CO_BUILDS {mode: 'strong_weak', since: 2026, status: 'proposed'}]->(b)")


def _q2(tiny: Path, folder: Path) -> Path:
    """quarter_two (so 西坡村 R-V2, weak, is paired with no village any more: a new gap), and
    R-V2's first secretary's station leaves the 台账 (its term had ended already)."""
    q2 = quarter_two(tiny, folder)
    write_csv(q2 / "rels" / "STATIONED_IN.csv", read_csv(q2 / "rels" / "STATIONED_IN.csv")[:1])
    return q2


def _keys(rows, state=None):
    return {(r["rule"], r["id"]) for r in rows if state is None or r["state"] == state}


def test_two_quarters_replace_history_and_since(store, tiny_bundle, tmp_path):
    _, first = load_and_record(store, tiny_bundle)
    store.query(PROPOSE, write=True)  # as pair --apply would write it
    report, second = load_and_record(store, _q2(tiny_bundle, tmp_path / "q2"), replace=True)

    assert not store.query("MATCH (r:Region {id: 'R-G1'}) RETURN r.id AS id")  # removed
    assert store.query("MATCH (:OrgUnit {id: 'O-V1'})-[e:CO_BUILDS]->(:OrgUnit {id: 'O-T1'}) "
                       "RETURN e.status AS s") == [{"s": "proposed"}]     # the plan is kept
    assert report.changes.nodes["Region"]["removed"] == 1
    assert [s.id for s in history(store)] == ["S1", "S2"]
    assert (second.replace, first.replace) == (True, False)
    assert second.counts == store.counts()
    assert first.as_of == dt.date.today()  # the tiny bundle declares no date: the load date

    now = coverage.find_gaps(store)
    compared = since.compare(now, history(store), find(history(store), "S1"))
    assert _keys(compared, "new") == {("weak_village_unpaired", "R-V2")}
    assert _keys(compared, "closed") == {("grid_without_branch", "R-G1"),
                                         ("grid_contact_gap", "R-G1")}
    assert _keys(compared, "persisting") == _keys(first.findings) - _keys(compared, "closed")
    assert {r["since_snapshot"] for r in compared if r["state"] == "persisting"} == {"S1"}
    towns = {r["town"]: r for r in since.summary(compared)}
    assert (towns["青山镇"]["new"], towns["青山镇"]["closed"]) == (1, 2)
    assert towns["合计"]["open"] == len(now)


def test_a_finding_open_again_counts_from_its_return():
    def snap(seq, keys):
        return Snapshot(f"S{seq}", seq, dt.date(2025, 3 * seq, 28), "", "", "", False,
                        findings=[{"rule": r, "id": i, "town_id": None} for r, i in keys])

    a, b = ("grid_without_branch", "G-1"), ("grid_without_branch", "G-2")
    shots = [snap(1, [a, b]), snap(2, [b]), snap(3, [a, b])]
    compared = since.compare([{"rule": r, "id": i, "town_id": None} for r, i in (a, b)],
                             shots, shots[2])
    assert {(r["id"], r["since_snapshot"]) for r in compared} == {("G-1", "S3"), ("G-2", "S1")}


def test_cli_load_history_since_and_rates(db, tiny_bundle, tmp_path):
    runner = CliRunner()
    first = runner.invoke(main, ["--db", db, "load", str(tiny_bundle)])
    assert first.exit_code == 0, first.output
    then = json.loads(runner.invoke(main, ["--db", db, "rates", "--format", "json"]).output)
    again = runner.invoke(main, ["--db", db, "load", str(tiny_bundle)])
    assert "没有任何变化" in again.output
    q2 = _q2(tiny_bundle, tmp_path / "q2")
    replaced = runner.invoke(main, ["--db", db, "load", "--replace", str(q2)])
    assert "删除 1 个" in replaced.output and "S3" in replaced.output
    rows = json.loads(runner.invoke(main, ["--db", db, "history", "--format", "json"]).output)
    assert [(r["id"], r["mode"]) for r in rows] == [("S1", "merge"), ("S2", "merge"),
                                                   ("S3", "replace")]
    marked = json.loads(runner.invoke(main, ["--db", db, "coverage", "--since", "S1",
                                             "--format", "json"]).output)
    assert _keys(marked, "new") == {("weak_village_unpaired", "R-V2")}
    assert {(r["id"], r["left_ledger"]) for r in marked if r["state"] == "closed"} == {
        ("R-G1", True)}  # the grid left the 台账: closed, and said why
    book = tmp_path / "since.xlsx"
    result = runner.invoke(main, ["--db", db, "coverage", "--since", "S1", "--format", "xlsx",
                                  "-o", str(book)])
    assert result.exit_code == 0, result.output
    import openpyxl
    assert {"汇总", "新增", "持续未整改", "已销号"} <= set(openpyxl.load_workbook(book).sheetnames)

    document = json.loads(runner.invoke(main, ["--db", db, "rates", "--since", "S1",
                                               "--format", "json"]).output)
    for measure in rates.MEASURES:
        county = document["county"]["measures"][measure.id]
        towns = [t["measures"][measure.id] for t in document["towns"]]
        assert county["required"] == sum(t["required"] for t in towns)
        assert county["covered"] == sum(t["covered"] for t in towns)
        for part in towns + [county]:
            assert part["rate"] is None if not part["required"] else \
                part["rate"] == part["covered"] / part["required"]
    old = {(t["town_id"], t["town"]): t for t in then["towns"] + [then["county"]]}
    for row in document["towns"] + [document["county"]]:  # the county row is not "no town"
        before = old[(row["town_id"], row["town"])]["index"]
        assert row["change"]["index"] == (None if None in (row["index"], before)
                                          else round(row["index"] - before, 1))
    town = next(t for t in document["towns"] if t["town_id"] == "R-T1")
    assert town["rank"] == 1 and town["measures"]["weak_paired"] == \
        {"required": 1, "covered": 0, "rate": 0.0}
    assert town["measures"]["grid_branch"]["rate"] is None  # R-G1 gone: nothing required
    assert town["change"]["measures"]["weak_paired"] == -1.0


LOADER = textwrap.dedent("""
    import sys
    from orggraph.history.record import load_and_record
    from orggraph.store import open_store
    store = open_store(sys.argv[1])
    def progress(what, rows):
        print(what, rows, flush=True)
    load_and_record(store, sys.argv[2], replace=True, batch_size=2000, progress=progress)
    print("DONE", flush=True)
""")


def _big_quarter(tiny: Path, folder: Path, people: int) -> Path:
    q2 = _q2(tiny, folder)
    rows = read_csv(q2 / "nodes" / "Person.csv")
    header = rows[0]
    extra = [dict.fromkeys(header, "") | {"id": f"P-big-{i}", "name": f"党员{i}",
                                          "party_member": "true"} for i in range(people)]
    write_csv(q2 / "nodes" / "Person.csv", rows + [[r[h] for h in header] for r in extra])
    return q2


def test_sigkill_during_a_replace_load_leaves_the_quarter_and_snapshots_as_they_were(
        db, tiny_bundle, tmp_path):
    with open_store(db) as store:
        load_and_record(store, tiny_bundle)
        before = snapshot(store), [s.row() for s in history(store)]
    loader = python(LOADER, db, str(_big_quarter(tiny_bundle, tmp_path / "q2", 60_000)))
    sigkill_after_lines(loader, 5, timeout=60)
    with open_store(db) as store:
        assert (snapshot(store), [s.row() for s in history(store)]) == before


def _uncovered_matches_findings(store) -> None:
    """Per measure and town, required − covered is exactly the rule's findings there: every
    finding lies in the population its rate counts over, in the same town."""
    findings = coverage.find_gaps(store)
    raw = rates.town_rates(store, findings)
    for measure in rates.MEASURES:
        found: dict = {}
        for f in findings:
            if f["rule"] == measure.rule:
                found.setdefault(f["town_id"], set()).add(f["id"])
        uncovered = {r["town_id"]: r["required"] - r["covered"] for r in raw
                     if r["measure"] == measure.id and r["required"] > r["covered"]}
        assert uncovered == {t: len(ids) for t, ids in found.items()}, measure.id


def test_rates_count_every_finding_of_their_rule(store, tiny_bundle):
    load_and_record(store, tiny_bundle)
    _uncovered_matches_findings(store)


def test_rates_count_every_finding_of_their_rule_on_the_demo_county(tmp_path):
    from orggraph.resources import demo_bundle

    with open_store(str(tmp_path / "demo.lbug")) as store:
        load_and_record(store, demo_bundle())
        _uncovered_matches_findings(store)
