"""`pair --apply --with-branch`: a proposed 联村党总支 over each cluster (seed 000's
乡镇党委—联村党总支—村党组织), written all or nothing, the same graph when applied twice, counted
by coverage as the plan made, and shown (as proposed) on the hierarchy map; on both stores."""
from __future__ import annotations

import json

import pytest

from orggraph.analyses import coverage
from orggraph.analyses.pairing import PairingSettings, apply, apply_plan, plan_pairs
from orggraph.errors import OrggraphError
from orggraph.load.load import load_bundle
from orggraph.resources import demo_bundle
from support.cli import run
from support.files import snapshot
from support.pairing_world import World


def world() -> World:
    """A{W1,W2} and B{W3,W4} (as in test_pairing's stranding world); W5 in another town. A's
    branch has a secretary, B's has none."""
    w = World()
    w.centre("A", "T1", 0, 0)
    w.centre("B", "T1", 10, 0)
    w.weak("W1", "T1", -1, 0)
    w.weak("W2", "T1", 0, 1)
    w.weak("W3", "T1", 4, 0)
    w.weak("W4", "T1", 12, 0)
    w.weak("W5", "T2", 0, -1)
    w.secretaries["A"] = "P-A"
    return w


def joints(store) -> dict[str, dict]:
    """Every joint-village branch: status, name, centre, members, committees, secretaries."""
    out = {}
    for r in store.query("MATCH (j:OrgUnit {kind: 'joint_village_branch'}) "
                         "RETURN j.id AS id, j.name AS name, j.status AS status"):
        j = r["id"]
        out[j] = {
            "name": r["name"], "status": r["status"],
            "based_in": {x["id"] for x in store.query(
                "MATCH (j:OrgUnit {id: $j})-[:BASED_IN]->(v:Region) RETURN v.id AS id", {"j": j})},
            "led_by": {x["id"] for x in store.query(
                "MATCH (b:OrgUnit)-[:LEADS]->(j:OrgUnit {id: $j}) RETURN b.id AS id", {"j": j})},
            "under": {x["id"] for x in store.query(
                "MATCH (j:OrgUnit {id: $j})-[:MEMBER_OF]->(t:OrgUnit) RETURN t.id AS id", {"j": j})},
            "members": {x["id"] for x in store.query(
                "MATCH (m:OrgUnit)-[:MEMBER_OF]->(j:OrgUnit {id: $j}) RETURN m.id AS id", {"j": j})},
            "secretary": {(x["id"], x["role"]) for x in store.query(
                "MATCH (p:Person)-[e:LEADS]->(j:OrgUnit {id: $j}) RETURN p.id AS id, e.role AS role",
                {"j": j})},
        }
    return out


def unpaired(store) -> set[str]:
    return {f["id"] for f in coverage.find_gaps(store, rules=["weak_village_unpaired"])}


def test_with_branch_sets_up_a_proposed_joint_branch_per_cluster_idempotently(store, tmp_path):
    load_bundle(store, world().write(tmp_path / "bundle"))
    plan = plan_pairs(store, PairingSettings(since=2030))
    applied = apply_plan(store, plan, with_branch=True)
    assert applied.written == 4 and applied.joints == ["O-A-JVB", "O-B-JVB"]
    assert applied.no_secretary == ["O-B-JVB"]
    assert joints(store) == {
        "O-A-JVB": {"name": "A村联村党总支", "status": "proposed", "based_in": {"A"},
                    "led_by": {"O-A"}, "under": {"O-T1"}, "members": {"O-W1", "O-W2"},
                    "secretary": {("P-A", "secretary")}},
        "O-B-JVB": {"name": "B村联村党总支", "status": "proposed", "based_in": {"B"},
                    "led_by": {"O-B"}, "under": {"O-T1"}, "members": {"O-W3", "O-W4"},
                    "secretary": set()}}
    assert unpaired(store) == {"W5"}
    # Applied twice (planned again from the graph the first wrote): the same graph.
    before = snapshot(store)
    again = plan_pairs(store, PairingSettings(since=2030))
    assert again.to_json()["clusters"] == plan.to_json()["clusters"]
    apply_plan(store, again, with_branch=True)
    assert snapshot(store) == before
    # The 联村党总支 alone makes its members paired for coverage (notions: paired).
    store.query("MATCH ()-[e:CO_BUILDS]->() DELETE e", write=True)
    assert unpaired(store) == {"W5"}
    # A tighter plan has no cluster at B: B's proposed branch is withdrawn, A's set up again.
    tight = apply_plan(store, plan_pairs(store, PairingSettings(max_km=1.5, since=2030)),
                       with_branch=True)
    assert tight.joints == ["O-A-JVB"] and tight.joints_withdrawn == 1
    assert set(joints(store)) == {"O-A-JVB"}
    assert joints(store)["O-A-JVB"]["members"] == {"O-W1", "O-W2"}
    # A plain --apply replaces the whole earlier proposal, 联村党总支 included.
    plain = apply_plan(store, plan_pairs(store, PairingSettings(max_km=1.5, since=2030)))
    assert plain.joints == [] and plain.joints_withdrawn == 1 and joints(store) == {}


def test_a_failing_write_leaves_the_graph_as_it_was(store, tmp_path, monkeypatch):
    load_bundle(store, world().write(tmp_path / "bundle"))
    before = snapshot(store)
    real = apply._joint_statements

    def failing(*args):   # the last statement breaks the id's uniqueness on either store
        return real(*args) + [("CREATE (:OrgUnit {id: 'O-A', name: 'x', kind: 'village_branch'})",
                               {})]

    monkeypatch.setattr(apply, "_joint_statements", failing)
    with pytest.raises(OrggraphError):
        apply_plan(store, plan_pairs(store, PairingSettings(since=2030)), with_branch=True)
    assert snapshot(store) == before


def test_a_centre_with_an_existing_joint_branch_gets_no_second_one(store, tmp_path):
    w = world()
    w.joints.append(("A", ["W1"]))
    load_bundle(store, w.write(tmp_path / "bundle"))
    applied = apply_plan(store, plan_pairs(store, PairingSettings(since=2030)), with_branch=True)
    assert applied.kept_joints == [("A", "O-J-A")] and applied.joints == ["O-B-JVB"]
    found = joints(store)
    assert set(found) == {"O-J-A", "O-B-JVB"} and found["O-J-A"]["status"] is None
    assert found["O-J-A"]["members"] == {"O-W1"}       # the existing one is not touched
    assert "O-W2" not in {m for j in found.values() for m in j["members"]}
    assert "W2" not in unpaired(store)                 # the proposed pair covers it


def test_an_id_taken_by_another_node_stops_the_write(store, tmp_path):
    w = world()
    w.secretaries["B"] = "O-B-JVB"    # a person whose id is the joint branch's would-be id
    load_bundle(store, w.write(tmp_path / "bundle"))
    before = snapshot(store)
    with pytest.raises(OrggraphError, match="O-B-JVB"):
        apply_plan(store, plan_pairs(store, PairingSettings(since=2030)), with_branch=True)
    assert snapshot(store) == before


def test_a_town_plan_keeps_the_cross_town_member_of_a_joint_branch(store, tmp_path):
    load_bundle(store, world().write(tmp_path / "bundle"))
    apply_plan(store, plan_pairs(store, PairingSettings(cross_town=True, since=2030)),
               with_branch=True)
    holder = next(j for j, v in joints(store).items() if "O-W5" in v["members"])
    apply_plan(store, plan_pairs(store, PairingSettings(since=2031), within="T1"),
               with_branch=True)
    assert "O-W5" in joints(store)[holder]["members"]
    assert "W5" not in unpaired(store)


def test_demo_with_branch_then_coverage_and_the_hierarchy_map(db, tmp_path):
    run("--db", db, "load", demo_bundle())
    assert run("--db", db, "pair", "--with-branch", ok=False).exit_code == 2
    plan = json.loads(run("--db", db, "pair", "--format", "json").output)
    planned = {p["village"] for c in plan["clusters"] for p in c["pairs"]}
    result = run("--db", db, "pair", "--apply", "--with-branch")
    assert "拟组建联村党总支" in result.output
    gaps = json.loads(run("--db", db, "coverage", "--rule", "weak_village_unpaired",
                          "--format", "json").output)
    found = {f["id"] for f in gaps["findings"]} if isinstance(gaps, dict) else {
        f["id"] for f in gaps}
    assert planned and not planned & found
    members = {r["member"] for r in run_query(db, "pairing/joint_members")
               if r["status"] == "proposed"}
    active = {r["centre"] for r in run_query(db, "pairing/joints") if r["status"] == "active"}
    with_new_branch = {p["village"] for c in plan["clusters"] if c["center"] not in active
                       for p in c["pairs"]}
    assert with_new_branch and with_new_branch != planned   # the demo has both kinds
    assert with_new_branch <= members and not (planned - with_new_branch) & members
    page = tmp_path / "h.html"
    run("--db", db, "render", "hierarchy", "--within", "R-01T09", "-o", page)
    html = page.read_text(encoding="utf-8")
    assert "联村党总支（拟组建）" in html and "拟组建（本方案）的隶属、牵头关系" in html


def run_query(db, name: str) -> list[dict]:
    return json.loads(run("--db", db, "query", name, "--format", "json").output)
