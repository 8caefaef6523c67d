"""Pairing as the seeds' policy: the weakest first (priority tiers, lexicographically optimal,
checked against exhaustive search), fallback four-star centres, the objective in words; and
pins on the pair score's proximity term and the poor-village boundary."""
from __future__ import annotations

import itertools
import json
import random

import pytest
from click.testing import CliRunner

from orggraph.analyses.pairing import PairingSettings, plan_from, plan_pairs, reasons, score, tiers
from orggraph.analyses.pairing.data import Existing, PairingVillage
from orggraph.analyses.pairing.instance import Arc, Instance
from orggraph.analyses.pairing.solve import solve
from orggraph.cli import main
from orggraph.load.load import load_bundle
from orggraph.notions import VillageSettings
from orggraph.resources import demo_bundle
from support.words import english_words


def exhaustive_key(inst: Instance) -> tuple[int, ...]:
    villages = sorted({a.village for a in inst.arcs})
    options = [[None] + [a.centre for a in inst.arcs if a.village == w] for w in villages]
    best = None
    for combo in itertools.product(*options):
        assignment = {w: c for w, c in zip(villages, combo) if c}
        if inst.feasible(assignment):
            key = inst.key(assignment)
            best = key if best is None else max(best, key)
    return best


def tiered_instance(rng: random.Random) -> Instance:
    centres = [f"C{i}" for i in range(rng.randint(1, 3))]
    villages = [f"W{i}" for i in range(rng.randint(2, 7))]
    arcs = tuple(Arc(c, w, rng.randint(0, 10_000)) for c in centres for w in villages
                 if rng.random() < 0.6)
    lower = {c: rng.randint(0, 3) for c in centres}
    upper = {c: max(1, lower[c] + rng.randint(-1, 2)) for c in centres}
    return Instance(arcs, lower, upper, {w: rng.randint(0, 3) for w in villages})


@pytest.mark.parametrize("seed", range(6))
def test_the_tiered_solver_is_lexicographically_optimal_by_exhaustive_search(seed):
    rng = random.Random(100 + seed)
    for _ in range(40):
        inst = tiered_instance(rng)
        found = solve(inst)
        assert inst.feasible(found.assignment)
        assert inst.key(found.assignment) == exhaustive_key(inst), inst
        assert found.optimal


@pytest.mark.parametrize("seed", range(4))
def test_no_higher_tier_village_is_left_out_where_a_lower_tier_one_could_be_swapped(seed):
    rng = random.Random(200 + seed)
    for _ in range(60):
        inst = tiered_instance(rng)
        chosen = solve(inst).assignment
        allowed = {(a.centre, a.village) for a in inst.arcs}
        for out in {a.village for a in inst.arcs} - set(chosen):
            for inside, centre in chosen.items():
                if (centre, out) in allowed and inst.tier(out) < inst.tier(inside):
                    swapped = {v: c for v, c in chosen.items() if v != inside} | {out: centre}
                    assert not inst.feasible(swapped), (inst, out, inside)


def test_one_village_of_a_higher_tier_outweighs_many_of_lower_tiers_and_any_score():
    # A takes one village: the tier-0 W0 (worth 1) rather than W1 (worth 9000); and B opening
    # for two tier-1 villages cannot beat W0 at A.
    inst = Instance((Arc("A", "W0", 1), Arc("A", "W1", 9000), Arc("A", "W2", 9000)),
                    {"A": 0}, {"A": 1}, {"W0": 0, "W1": 1, "W2": 1})
    assert solve(inst).assignment == {"W0": "A"}
    inst = Instance((Arc("A", "W0", 1), Arc("A", "W1", 5), Arc("B", "W1", 5), Arc("B", "W2", 5),
                     Arc("B", "W0", 1)), {"A": 0, "B": 2}, {"A": 1, "B": 2},
                    {"W0": 0, "W1": 1, "W2": 1})
    found = solve(inst)
    assert found.assignment["W0"] in ("A", "B") and found.paired == 3
    untiered = Instance(inst.arcs, inst.lower, inst.upper)
    assert solve(untiered).paired == 3


def village(vid, stars, *, weak=False, income=50.0, households=800, willing=False, lat=30.0,
            lon=120.0, scores=(60.0,) * 5, town="T1") -> PairingVillage:
    return PairingVillage(vid, vid, town, town, "C1", "B-" + vid, stars, weak, scores, income, "水稻",
                   households, 1000, willing, lat, lon)


def test_the_poor_village_boundary_is_strictly_below_the_threshold():
    shared = VillageSettings(poor_income_below=10.0)
    centre = village("V5", 5, scores=(90.0,) * 5)
    at = village("V-at", 3, income=10.0, lat=30.01)
    below = village("V-below", 3, income=9.99, lat=30.02)
    plan = plan_from([centre, at, below], Existing(), PairingSettings(min_size=2), shared=shared)
    assert set(plan.cand.weak) == {"V-below"}
    assert plan.cand.tier["V-below"] == PairingSettings().tiers.index("poor")


def test_the_pair_score_weighs_proximity_as_set():
    s = PairingSettings()
    parts = score.pair_parts(3.0, 90.0, 40.0, 1.0, s)
    assert parts == {"proximity": pytest.approx(0.8), "strength": pytest.approx(0.9),
                     "need": pytest.approx(0.6), "industry_fit": 1.0}
    # 100 * (0.4*0.8 + 0.2*0.9 + 0.2*0.6 + 0.2*1) = 82.00 points, in hundredths
    assert score.pair_score(parts, s) == 8200
    far = score.pair_parts(12.0, 90.0, 40.0, 1.0, s)   # proximity 0.2: 0.6*0.4 = 24 points less
    assert score.pair_score(parts, s) - score.pair_score(far, s) == 2400


def test_tiers_and_fallback_settings_are_checked():
    with pytest.raises(ValueError, match="tiers"):
        PairingSettings(tiers=("weak_flag", "nonsense"))
    with pytest.raises(ValueError, match="centre_fallback"):
        PairingSettings(centre_fallback=5)
    assert tiers.tier_of(village("x", 2, weak=True, income=1), PairingSettings(),
                         VillageSettings()) == 0
    assert tiers.tier_of(village("x", 1, income=1), PairingSettings(), VillageSettings()) == 1
    assert tiers.tier_of(village("x", 1), PairingSettings(tiers=()), VillageSettings()) == 0


# --- the demo county, on both stores ---------------------------------------------------------

@pytest.fixture
def demo(store):
    load_bundle(store, demo_bundle())
    return store


def by_name(plan) -> dict[str, str]:
    return {v.name: v.id for v in plan.cand.villages.values()}


def test_on_the_demo_the_weakest_are_paired_and_who_took_each_place_is_named(demo):
    plan = plan_pairs(demo)
    ids, paired = by_name(plan), set(plan.solution.assignment)
    for name in ("兰花庄村", "东风桥村", "樱桃村"):
        assert ids[name] in paired, name
    tier_of = plan.cand.tier
    for vid, reason in plan.unassigned:
        if "在本方案中已达" in reason:
            assert "名额由优先级更高的" in reason or "名额由同级评分更高的" in reason
            for other, centre in plan.solution.assignment.items():
                if any(c == centre for c, _ in plan.cand.reach[vid]):
                    assert tier_of[other] <= tier_of[vid]
                    assert reasons.label(plan.cand, other) in reason
    # every 软弱涣散 village with a centre in reach is paired
    flagged = [w for w in plan.cand.weak if plan.cand.tier[w] == 0 and plan.cand.reach[w]]
    assert flagged and set(flagged) <= paired
    texts = [r for _, r in plan.unassigned] + [tiers.words(plan.settings)] + [
        row["weak_because"] for row in plan.cluster_rows() + plan.unassigned_rows()]
    assert all(r for _, r in plan.unassigned) and not [t for t in texts if english_words(t)]
    untiered = plan_pairs(demo, PairingSettings(tiers=()))
    assert untiered.solution.paired == plan.solution.paired   # no village fewer in all here
    assert ids["兰花庄村"] not in untiered.solution.assignment   # what the tiers changed


def test_fallback_four_star_centres_take_bishui_towns_weak_villages(demo):
    plain = plan_pairs(demo)
    plan = plan_pairs(demo, PairingSettings(centre_fallback=4))
    villages = plan.cand.villages
    bishui = [w for w in plan.cand.weak if villages[w].town_name == "碧水镇"]
    assert bishui and not set(bishui) & set(plain.solution.assignment)
    for w in bishui:
        centre = plan.solution.assignment[w]
        assert villages[centre].stars == 4 and centre in plan.cand.fallback
    clusters = {c.centre: c for c in plan.clusters}
    assert all(clusters[plan.solution.assignment[w]].fallback for w in bishui)
    # a fallback centre takes no village a five-star centre took in the plan without fallback
    for w, c in plain.solution.assignment.items():
        assert plan.solution.assignment[w] not in plan.cand.fallback
    assert not any(c.fallback for c in plain.clusters)
    assert plan.objective["fallback_centres_used"] >= 1


def test_every_pairing_output_starts_with_the_objective_in_words(db, tmp_path):
    runner = CliRunner()
    assert runner.invoke(main, ["--db", db, "load", str(demo_bundle())]).exit_code == 0
    words = tiers.words(PairingSettings())
    table = runner.invoke(main, ["--db", db, "pair"])
    assert table.exit_code == 0 and table.output.startswith(words), table.output[:300]
    assert "软弱涣散村6/6" in table.output
    data = json.loads(runner.invoke(main, ["--db", db, "pair", "--format", "json"]).output)
    assert data["objective"]["words"] == words
    assert [t["tier"] for t in data["objective"]["tiers"]][0] == "weak_flag"
    csv = runner.invoke(main, ["--db", db, "pair", "--format", "csv"]).output
    assert words in csv.splitlines()[1]
    fallback = runner.invoke(main, ["--db", db, "pair", "--centre-fallback", "4"])
    assert "四星级及以上的村作兜底中心村" in fallback.output
    assert "兜底中心村启用" in fallback.output
