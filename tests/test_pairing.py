"""Cross-village pairing: the solver is optimal (checked against exhaustive search), and plans
read from either store respect sizes, distances, towns and existing pairs, explain what they
leave out, and write back as proposed CO_BUILDS that close the coverage gaps."""
from __future__ import annotations

import itertools
import json
import math
import random

import openpyxl
import pytest

from orggraph import config, queries
from orggraph.analyses import coverage
from orggraph.analyses.pairing import PairingSettings, apply_plan, plan_pairs
from orggraph.analyses.pairing.greedy import greedy
from orggraph.analyses.pairing.instance import Arc, Instance
from orggraph.analyses.pairing.solve import solve
from orggraph.load.load import load_bundle
from support.cli import run
from support.files import snapshot
from support.pairing_world import World, km_between

# --- the solver on instances built directly ------------------------------------------------


def exhaustive(inst: Instance) -> tuple[int, int]:
    """The best (paired, value) over every assignment of every village to a centre or none."""
    villages = sorted({a.village for a in inst.arcs})
    options = [[None] + [a.centre for a in inst.arcs if a.village == w] for w in villages]
    best = (0, 0)
    for combo in itertools.product(*options):
        assignment = {w: c for w, c in zip(villages, combo) if c}
        if inst.feasible(assignment):
            best = max(best, (len(assignment), inst.value(assignment)))
    return best


def random_instance(rng: random.Random) -> Instance:
    centres = [f"C{i}" for i in range(rng.randint(1, 4))]
    villages = [f"W{i}" for i in range(rng.randint(1, 7))]
    top = rng.choice((10, 100, 10_000))
    arcs = tuple(Arc(c, w, rng.randint(0, top), rng.uniform(0, 15))
                 for c in centres for w in villages if rng.random() < 0.6)
    lower = {c: rng.randint(0, 3) for c in centres}
    upper = {c: max(1, lower[c] + rng.randint(-1, 3)) for c in centres}
    return Instance(arcs, lower, upper)


@pytest.mark.parametrize("seed", range(8))
def test_the_solver_equals_exhaustive_search_on_random_small_instances(seed):
    rng = random.Random(seed)
    for _ in range(40):
        inst = random_instance(rng)
        found = solve(inst)
        assert inst.feasible(found.assignment)
        assert (found.paired, found.value) == exhaustive(inst), inst
        assert found.optimal and found.paired_bound == found.paired and found.gap == 0


def test_one_more_paired_village_outweighs_any_score():
    # A alone with W1 scores 9000; A-W2 plus B-W1 pairs two villages for only 200.
    inst = Instance((Arc("A", "W1", 9000), Arc("A", "W2", 100), Arc("B", "W1", 100)),
                    {"A": 0, "B": 0}, {"A": 1, "B": 1})
    found = solve(inst)
    assert found.assignment == {"W1": "B", "W2": "A"} and found.value == 200


def test_a_centre_that_cannot_reach_its_minimum_stays_closed():
    inst = Instance((Arc("A", "W1", 50), Arc("B", "W1", 10), Arc("B", "W2", 10)),
                    {"A": 2, "B": 2}, {"A": 6, "B": 6})
    assert solve(inst).assignment == {"W1": "B", "W2": "B"}


def test_a_time_limit_reports_a_feasible_plan_and_a_true_bound():
    rng = random.Random(3)
    centres, villages = [f"C{i:03d}" for i in range(80)], [f"W{i:03d}" for i in range(500)]
    inst = Instance(tuple(Arc(c, w, rng.randint(0, 10_000)) for c in centres for w in villages
                          if rng.random() < 0.15),
                    {c: rng.randint(3, 6) for c in centres}, dict.fromkeys(centres, 7))
    stopped, best = solve(inst, time_limit=0.01), solve(inst, time_limit=120)
    assert best.optimal and not stopped.optimal and stopped.gap > 0
    assert inst.feasible(stopped.assignment)
    assert stopped.paired <= best.paired <= stopped.paired_bound
    assert (stopped.paired, stopped.value) < (best.paired, best.value)


def test_greedy_is_feasible_and_never_better_than_the_solver():
    rng = random.Random(99)
    strictly_worse = 0
    for _ in range(200):
        inst = random_instance(rng)
        g, best = greedy(inst), solve(inst)
        assert inst.feasible(g.assignment)
        assert (g.paired, g.value) <= (best.paired, best.value)
        strictly_worse += g.paired < best.paired
    assert strictly_worse > 0


# --- plans read from a store -----------------------------------------------------------------


def stranding_world() -> World:
    """Nearest-centre pairing puts W1-W3 with A and leaves B with W4 alone (below the minimum
    of 3 villages): W4 is stranded. A{W1,W2} + B{W3,W4} pairs everyone."""
    w = World()
    w.centre("A", "T1", 0, 0)
    w.centre("B", "T1", 10, 0)
    w.weak("W1", "T1", -1, 0)
    w.weak("W2", "T1", 0, 1)
    w.weak("W3", "T1", 4, 0)
    w.weak("W4", "T1", 12, 0)
    w.weak("W5", "T2", 0, -1)      # another town, no centre of its own
    return w


def load(store, world: World, tmp_path):
    load_bundle(store, world.write(tmp_path / "bundle"))


def new_pairs(plan) -> dict[str, str]:
    return {p.village: c.centre for c in plan.clusters for p in c.pairs}


def test_the_plan_pairs_the_village_nearest_centre_greedy_strands(store, tmp_path):
    load(store, stranding_world(), tmp_path)
    plan = plan_pairs(store)
    baseline = greedy(plan.cand.instance)
    assert baseline.paired == 3 and "W4" not in baseline.assignment
    assert new_pairs(plan) == {"W1": "A", "W2": "A", "W3": "B", "W4": "B"}
    assert plan.objective["status"] == "optimal" and plan.objective["paired"] == 4
    assert [v for v, _ in plan.unassigned] == ["W5"]
    assert "所在T2镇无符合条件的中心村" in plan.unassigned[0][1]
    assert "允许跨乡镇联建（--cross-town）后可纳入" in plan.unassigned[0][1]
    crossed = plan_pairs(store, PairingSettings(cross_town=True))
    assert "W5" in new_pairs(crossed) and not crossed.unassigned


def random_world(seed: int) -> World:
    rng = random.Random(seed)
    w = World()
    for t in ("T1", "T2", "T3"):
        for i in range(rng.randint(1, 3)):
            w.centre(f"{t}C{i}", t, rng.uniform(-12, 12), rng.uniform(-12, 12),
                     industry=rng.choice(("茶叶", "水稻")))
        for i in range(rng.randint(4, 11)):
            w.weak(f"{t}W{i:02d}", t, rng.uniform(-12, 12), rng.uniform(-12, 12),
                   stars=rng.choice((0, 1, 2, 3)), income=rng.choice((5.0, 40.0)),
                   households=rng.choice((200, 500)), willing=rng.random() < 0.5,
                   industry=rng.choice(("茶叶", "水稻", "生猪")))
    weak = [v for v in w.villages if v.stars < 5 and v.stars <= 2]
    centres = [v for v in w.villages if v.stars == 5]
    for v in rng.sample(weak, 3):
        w.co_builds.append((rng.choice(centres).id, v.id, "active"))
    rest = [v for v in weak if v.id not in {b for _, b, _ in w.co_builds}]
    w.joints.append((centres[0].id, [v.id for v in rng.sample(rest, 2)]))
    return w


@pytest.mark.parametrize("seed, limits", [
    (1, {}), (2, {"max_km": 8.0}), (3, {"min_size": 4, "max_size": 5}),
    (4, {"cross_town": True, "max_km": 10.0}), (5, {"min_size": 2, "max_size": 3}),
])
def test_every_plan_respects_sizes_distances_towns_and_existing_pairs(store, tmp_path, seed,
                                                                      limits):
    world = random_world(seed)
    load(store, world, tmp_path)
    settings = PairingSettings(**limits)
    plan = plan_pairs(store, settings)
    by_id = {v.id: v for v in world.villages}
    supported = {b for _, b, _ in world.co_builds} | {m for _, ms in world.joints for m in ms}
    existing = {c: {b for a, b, _ in world.co_builds if a == c}
                | {m for j, ms in world.joints if j == c for m in ms} for c in by_id}
    paired = new_pairs(plan)
    assert plan.objective["status"] == "optimal"
    assert not set(paired) & supported, "a village already paired was paired again"
    for cluster in plan.clusters:
        centre = by_id[cluster.centre]
        assert centre.stars == 5
        assert set(cluster.members) == existing[centre.id] | {p.village for p in cluster.pairs}
        assert settings.min_size <= 1 + len(cluster.members) <= settings.max_size
        for p in cluster.pairs:
            v = by_id[p.village]
            assert km_between(centre, v) <= settings.max_km * 1.005   # flat map vs great circle
            assert math.isclose(p.distance_km, km_between(centre, v), rel_tol=0.005)
            assert settings.cross_town or v.town == centre.town
    # Every weak village is paired now, was paired before, or is listed with a reason.
    listed = {v for v, _ in plan.unassigned}
    weak = {v.id for v in world.villages if v.stars <= 2 or v.income < 10
            or (v.willing and v.households < 300)} - {v.id for v in world.villages if v.stars == 5}
    assert weak == set(paired) | listed | (weak & supported)
    assert not set(paired) & listed and all(reason for _, reason in plan.unassigned)


def test_existing_partners_count_towards_the_centre_and_are_members(store, tmp_path):
    w = World()
    w.centre("A", "T1", 0, 0)
    for i in range(3):
        w.weak(f"M{i}", "T1", i + 1, 1)
    w.weak("E1", "T1", -1, -1)
    for i in range(4):
        w.weak(f"N{i}", "T1", -(i + 1), 2)
    w.joints.append(("A", ["M0", "M1", "M2"]))
    w.co_builds.append(("A", "E1", "active"))
    load(store, w, tmp_path)
    plan = plan_pairs(store)
    (cluster,) = plan.clusters
    assert cluster.centre == "A" and len(cluster.pairs) == 2       # 1 + 4 existing + 2 = 7
    assert {"M0", "M1", "M2", "E1"} <= set(cluster.members) and len(cluster.members) == 6
    assert sorted(plan.cand.already) == ["E1", "M0", "M1", "M2"]
    assert {p.village for p in cluster.pairs} == {"N0", "N1"}       # the nearest two score best
    for village, reason in plan.unassigned:
        assert village in ("N2", "N3") and "在本方案中已达7个村的上限" in reason


def test_unassigned_villages_carry_the_reason_found_in_the_data(store, tmp_path):
    w = World()
    w.centre("FULL", "T1", 0, 0)                       # six partners already: 7 of 7
    for i in range(6):
        w.weak(f"F{i}", "T1", 0.5 * i, 1)
        w.co_builds.append(("FULL", f"F{i}", "active"))
    w.weak("X", "T1", 1, -1)
    w.centre("LONE", "T2", 50, 0)                      # one weak village in reach: below 3
    w.weak("Y", "T2", 52, 0)
    w.centre("FAR", "T3", 100, 0)                      # 20 km away
    w.weak("Q", "T3", 120, 0)
    w.weak("Z", "T4", 2, 3)                            # a town with no centre, near FULL
    load(store, w, tmp_path)
    reasons = dict(plan_pairs(store).unassigned)
    assert set(reasons) == {"X", "Y", "Q", "Z"}
    assert reasons["X"].startswith("范围内中心村名额已满：")
    assert "FULL村（FULL，相距1.4公里）连同现有联建村已达7个村的上限" in reasons["X"]
    assert "LONE村（LONE，相距2.0公里）" in reasons["Y"] and "达不到3个村的下限，未能成片" in reasons["Y"]
    assert "连同可联建村最多2个村" in reasons["Y"]
    assert "本乡镇15公里范围内无中心村" in reasons["Q"]
    assert "最近为FAR村（FAR），相距20.0公里" in reasons["Q"]
    assert reasons["Z"].startswith("所在T4镇无符合条件的中心村")
    assert "邻近T1镇的FULL村（FULL）" in reasons["Z"]
    wider = dict(plan_pairs(store, PairingSettings(max_km=25)).unassigned)
    assert "FAR村（FAR，相距20.0公里）连同可联建村最多2个村，达不到3个村的下限" in wider["Q"]


def test_a_centre_left_short_because_its_candidates_pair_better_elsewhere(store, tmp_path):
    # Clusters of exactly 3 within 3 km: E reaches P1 P2, F reaches P2 P3 P5, G reaches P3 P4.
    # At most four of the five can be paired, and whichever is left, its centre is short.
    w = World()
    for name, east, north in (("E", 0, 0), ("F", 4, 0), ("G", 8, 0)):
        w.centre(name, "T1", east, north)
    for name, east, north in (("P1", -2, 0), ("P2", 2, 0), ("P3", 6, 0), ("P4", 10, 0),
                              ("P5", 4, 2)):
        w.weak(name, "T1", east, north)
    load(store, w, tmp_path)
    plan = plan_pairs(store, PairingSettings(min_size=3, max_size=3, max_km=3))
    assert plan.objective["paired"] == 4 and len(plan.unassigned) == 1
    assert "的其余候选村与其他中心村联建更优，连同剩余候选村仅2个村，不足成片" in \
        plan.unassigned[0][1]


def proposed(store) -> set[tuple[str, str, int]]:
    rows = store.query(queries.library()["pairing/co_builds"].text)
    return {(r["centre_branch"], r["village_branch"], r["since"])
            for r in rows if r["status"] == "proposed" and r["mode"] == "strong_weak"}


def unpaired_gaps(store) -> set[str]:
    return {f["id"] for f in coverage.find_gaps(store, rules=["weak_village_unpaired"])}


def test_apply_writes_proposed_pairs_once_and_closes_the_coverage_gaps(store, tmp_path):
    load(store, stranding_world(), tmp_path)
    assert unpaired_gaps(store) == {"W1", "W2", "W3", "W4", "W5"}
    plan = plan_pairs(store, PairingSettings(since=2030))
    assert proposed(store) == set()                                 # planning writes nothing
    applied = apply_plan(store, plan)
    assert (applied.written, applied.withdrawn) == (4, 0)
    expected = {("O-A", "O-W1", 2030), ("O-A", "O-W2", 2030), ("O-B", "O-W3", 2030),
                ("O-B", "O-W4", 2030)}
    assert proposed(store) == expected
    assert unpaired_gaps(store) == {"W5"}
    before = snapshot(store)
    again = plan_pairs(store, PairingSettings(since=2030))          # proposals are re-planned
    assert again.to_json()["clusters"] == plan.to_json()["clusters"] and not again.withdraw
    apply_plan(store, again)
    assert snapshot(store) == before
    # A tighter plan replaces the proposals it no longer makes; active pairs stay untouched.
    tight = plan_pairs(store, PairingSettings(max_km=1.5, since=2030))
    assert new_pairs(tight) == {"W1": "A", "W2": "A"}
    applied = apply_plan(store, tight)
    assert (applied.written, applied.withdrawn) == (2, 2)
    assert proposed(store) == {("O-A", "O-W1", 2030), ("O-A", "O-W2", 2030)}
    kept = plan_pairs(store, PairingSettings(keep_proposed=True))
    assert sorted(kept.cand.already) == ["W1", "W2"] and kept.cand.existing_count("A") == 2


def test_active_pairs_are_never_withdrawn(store, tmp_path):
    world = stranding_world()
    world.co_builds.append(("A", "W1", "active"))
    load(store, world, tmp_path)
    plan = plan_pairs(store, PairingSettings(max_km=1.5))
    apply_plan(store, plan)
    rows = store.query(queries.library()["pairing/co_builds"].text)
    assert [(r["village"], r["status"]) for r in rows] == [("W1", "active"), ("W2", "proposed")]


def test_proposing_an_existing_pair_never_duplicates_it(store, tmp_path):
    """One CO_BUILDS per pair, as loads keep it: an active pair stays as it is, a proposed one
    takes the new year."""
    world = stranding_world()
    world.co_builds.append(("A", "W1", "active"))
    load(store, world, tmp_path)
    propose = queries.library()["pairing/propose"].text
    for since in (2030, 2031):
        for village in ("O-W1", "O-W2"):
            store.query(propose, {"centre_branch": "O-A", "village_branch": village,
                                  "since": since}, write=True)
    rows = store.query(queries.library()["pairing/co_builds"].text)
    assert sorted((r["village"], r["status"], r["since"] == 2031) for r in rows) == [
        ("W1", "active", False), ("W2", "proposed", True)]


def test_a_town_plan_keeps_the_cross_town_proposals_it_cannot_replan(store, tmp_path):
    """A county-wide cross-town plan pairs W5 (town T2, no centre of its own) with a T1 centre;
    re-planning T1 alone cannot re-plan W5, so that proposal stands and counts for its centre."""
    load(store, stranding_world(), tmp_path)
    apply_plan(store, plan_pairs(store, PairingSettings(cross_town=True, since=2030)))
    across = {(c, v) for c, v, _ in proposed(store) if v == "O-W5"}
    assert len(across) == 1
    centre = next(iter(across))[0].removeprefix("O-")
    town = plan_pairs(store, PairingSettings(since=2031), within="T1")
    assert town.cand.existing_count(centre) >= 1 and "W5" not in town.cand.weak
    assert all(v != "O-W5" for _, v in town.withdraw)
    apply_plan(store, town)
    assert {(c, v) for c, v, _ in proposed(store) if v == "O-W5"} == across
    assert "W5" not in unpaired_gaps(store)


def test_within_a_town_and_deterministic_output(store, tmp_path):
    load(store, random_world(7), tmp_path)
    plan = plan_pairs(store, within="T2")
    members = {m for c in plan.clusters for m in [c.centre] + [p.village for p in c.pairs]}
    assert members and all(m.startswith("T2") for m in members)
    first, second = plan.to_json(), plan_pairs(store, within="T2").to_json()
    for data in (first, second):
        data["objective"].pop("seconds")
    assert first == second


# --- the command -----------------------------------------------------------------------------


def test_pair_command_json_shape_and_apply(db, tmp_path):
    path = stranding_world().write(tmp_path / "bundle")
    run("--db", db, "load", str(path))
    data = json.loads(run("--db", db, "pair", "--format", "json").output)
    assert set(data) == {"clusters", "unassigned", "objective", "as_of"}
    assert set(data["clusters"][0]) == {"center", "members", "pairs", "fallback"}
    assert set(data["clusters"][0]["pairs"][0]) == {"village", "distance_km", "score", "parts"}
    assert set(data["clusters"][0]["pairs"][0]["parts"]) == {"proximity", "strength", "need",
                                                             "industry_fit"}
    assert [u["village"] for u in data["unassigned"]] == ["W5"]
    reason = data["unassigned"][0]["reason"]
    assert reason.startswith("所在T2镇无符合条件的中心村")
    assert "邻近T1镇的A村（A）相距1.0公里" in reason and "--cross-town" in reason
    assert data["objective"]["paired"] == 4
    csv_text = run("--db", db, "pair", "--format", "csv", "--max-km", "1.5",
                   "--lang", "en").output
    assert csv_text.splitlines()[0].startswith("centre,centre_name,fallback_centre,village,")
    assert csv_text.splitlines()[1].startswith(",,,,,,objective,,")
    assert sum(",unassigned," in line for line in csv_text.splitlines()) == 3
    zh = run("--db", db, "pair", "--format", "csv", "--max-km", "1.5").output
    assert zh.splitlines()[0].startswith("中心村编号,中心村,是否备选中心村")
    assert zh.splitlines()[1].startswith(",,,,,,方案目标,,")
    assert sum(",未纳入联建," in line for line in zh.splitlines()) == 3
    table = run("--db", db, "pair").output
    assert "5个弱村中4个入片" in table and "最优方案" in table
    result = run("--db", db, "pair", "--apply", "--since", "2031")
    assert "已写入2031年拟联建关系4对" in result.output
    xlsx = tmp_path / "plan.xlsx"
    run("--db", db, "pair", "--format", "xlsx", "-o", str(xlsx))
    book = openpyxl.load_workbook(xlsx)
    assert book.sheetnames == ["联建片区", "未纳入联建的弱村", "方案目标与求解"]
    run("--db", db, "pair", "--format", "xlsx", "-o", str(xlsx), "--lang", "en")
    book = openpyxl.load_workbook(xlsx)
    assert book.sheetnames == ["clusters", "unassigned", "objective"]
    clusters = list(book["clusters"].iter_rows(values_only=True))
    assert clusters[0][:3] == ("centre", "centre_name", "village")
    assert sorted((r[0], r[2], r[5]) for r in clusters[1:]) == [
        ("A", "W1", "proposed"), ("A", "W2", "proposed"), ("B", "W3", "proposed"),
        ("B", "W4", "proposed")]
    assert [r[0] for r in book["unassigned"].iter_rows(min_row=2, values_only=True)] == ["W5"]
    objective = list(book["objective"].iter_rows(values_only=True))
    assert dict(zip(*objective))["paired"] == 4


def test_pair_command_reads_its_config_table_and_refuses_bad_input(db, tmp_path):
    run("--db", db, "load", str(stranding_world().write(tmp_path / "bundle")))
    toml = tmp_path / "pairing.toml"
    toml.write_text("[pairing]\nmax_km = 1.5\n", encoding="utf-8")
    data = json.loads(run("--db", db, "--config", str(toml), "pair", "--format", "json").output)
    assert data["objective"]["paired"] == 2 and data["objective"]["limits"]["max_km"] == 1.5
    bad = run("--db", db, "pair", "--min-size", "5", "--max-size", "4", ok=False)
    assert bad.exit_code != 0 and "min_size" in bad.output
    missing = run("--db", db, "pair", "--within", "R-NOPE", ok=False)
    assert missing.exit_code != 0 and "没有编号为 R-NOPE 的区域" in missing.output


def test_settings_weights_and_defaults():
    s = config.settings(PairingSettings, {"pairing": {"weight_service": 0, "pair_need": 1}},
                        "pairing")
    assert s.score_weights == (1.0, 1.0, 1.0, 1.0, 0.0) and s.pair_weights["need"] == 1
    with pytest.raises(config.ConfigError):
        config.settings(PairingSettings, {"pairing": {"pair_proximity": -1}}, "pairing")
