"""Pinned by tests written against the survivors of mutation testing (scripts/mutation,
docs/TESTING.md): cross-village pairing: settings, tiers, candidates, reasons,
the plan, apply's words, the solver's parts (orggraph/analyses/pairing/)."""
from __future__ import annotations

import dataclasses
import math
import warnings
import datetime as dt

import pytest

from orggraph.analyses.pairing import apply as pairing_apply
from orggraph.analyses.pairing import candidates as pairing_candidates
from orggraph.analyses.pairing import data as pairing_data
from orggraph.analyses.pairing import greedy as pairing_greedy
from orggraph.analyses.pairing import plan as pairing_plan
from orggraph.analyses.pairing import reasons as pairing_reasons
from orggraph.analyses.pairing import solve as pairing_solve
from orggraph.analyses.pairing import tiers as pairing_tiers
from orggraph.analyses.pairing.data import Existing
from orggraph.analyses.pairing.data import PairingVillage
from orggraph.analyses.pairing.instance import Arc, Instance, Solution
from orggraph.analyses.pairing.settings import TIER_NAMES, PairingSettings
from orggraph.notions import VillageSettings

VILLAGES = VillageSettings()


# --- pairing: settings, the problem and the nearest-centre baseline ------------------------------



def test_the_pairing_table_defaults_are_the_documents_sizes_distance_and_weights():
    s = PairingSettings()
    assert (s.min_size, s.max_size, s.max_km, s.cross_town) == (3, 7, 15.0, False)
    assert (s.centre_score, s.centre_min_stars, s.centre_fallback) == (80.0, 5, None)
    assert s.tiers == TIER_NAMES == ("weak_flag", "stars_0_1", "stars_2", "poor", "small",
                                     "industry")
    assert s.score_weights == (1.0, 1.0, 1.0, 1.0, 1.0)
    assert s.pair_weights == {"proximity": 0.4, "strength": 0.2, "need": 0.2, "industry_fit": 0.2}
    assert (s.related_fit, s.keep_proposed, s.since, s.time_limit) == (0.5, False, None, 60.0)
    assert s.year(dt.date(2025, 6, 30)) == 2026 and PairingSettings(since=2030).year(
        dt.date(2025, 6, 30)) == 2030
    weights = PairingSettings(weight_leadership=1, weight_industry=2, weight_location=3,
                              weight_transport=4, weight_service=5).score_weights
    assert weights == (1, 2, 3, 4, 5)
    assert PairingSettings(related_industries=["水稻;蔬菜"]).related_industries == ("水稻;蔬菜",)
    assert PairingSettings(tiers=["poor", "weak_flag"]).tiers == ("poor", "weak_flag")
    assert PairingSettings(tiers=[]).tiers == ()


@pytest.mark.parametrize("values", [
    {"centre_min_stars": 0}, {"centre_min_stars": 5, "centre_fallback": 4},
    {"centre_min_stars": 1, "centre_fallback": 0}, {"min_size": 2, "max_size": 2},
    {"related_fit": 0.0}, {"related_fit": 1.0}, {"max_km": 0.1, "time_limit": 0.1},
    {"weight_leadership": 0, "weight_industry": 0, "weight_location": 0, "weight_transport": 0,
     "weight_service": 0.1},
    {"pair_proximity": 0, "pair_strength": 0, "pair_need": 0, "pair_industry": 0.1}])
def test_the_pairing_table_takes_values_at_its_bounds(values):
    PairingSettings(**values)


@pytest.mark.parametrize("values, message", [
    ({"tiers": ["poor", "rich"]}, "tiers 应为 weak_flag、stars_0_1、stars_2、poor、small、"
                                  "industry 中互不相同的名称；现为 poor、rich"),
    ({"tiers": ["poor", "poor"]}, "tiers 应为 weak_flag、stars_0_1、stars_2、poor、small、"
                                  "industry 中互不相同的名称；现为 poor、poor"),
    ({"centre_min_stars": 6}, "centre_min_stars 应为0至5"),
    ({"centre_min_stars": -1}, "centre_min_stars 应为0至5"),
    ({"centre_fallback": 5}, "centre_fallback 应低于 centre_min_stars（5）"),
    ({"centre_fallback": -1}, "centre_fallback 应低于 centre_min_stars（5）"),
    ({"centre_min_stars": 4, "centre_fallback": 4}, "centre_fallback 应低于 "
                                                     "centre_min_stars（4）"),
    ({"min_size": 1}, "min_size 应为2以上，且不大于 max_size；现 min_size 为1，max_size 为7"),
    ({"min_size": 8}, "min_size 应为2以上，且不大于 max_size；现 min_size 为8，max_size 为7"),
    ({"max_km": 0}, "max_km 和 time_limit 应大于0"),
    ({"time_limit": 0}, "max_km 和 time_limit 应大于0"),
    ({"weight_service": -1}, "五项评分权重应为0以上，且合计大于0"),
    ({"weight_leadership": 0, "weight_industry": 0, "weight_location": 0, "weight_transport": 0,
      "weight_service": 0}, "五项评分权重应为0以上，且合计大于0"),
    ({"pair_need": -0.1}, "联建匹配评分各项权重应为0以上，且合计大于0"),
    ({"pair_proximity": 0, "pair_strength": 0, "pair_need": 0, "pair_industry": 0},
     "联建匹配评分各项权重应为0以上，且合计大于0"),
    ({"related_fit": -0.1}, "related_fit 应在0至1之间"),
    ({"related_fit": 1.1}, "related_fit 应在0至1之间")])
def test_the_pairing_table_rejects_values_out_of_bounds(values, message):
    with pytest.raises(ValueError) as error:
        PairingSettings(**values)
    assert str(error.value) == message


def test_the_problem_counts_paired_villages_tier_by_tier_then_the_value():
    instance = Instance((Arc("C1", "V1", 300, 2.0), Arc("C1", "V2", 100, 1.0),
                         Arc("C2", "V2", 200, 3.0), Arc("C2", "V3", 50, 1.0)),
                        lower={"C1": 2, "C2": 1}, upper={"C1": 2, "C2": 2}, tiers={"V3": 1})
    assert instance.tier("V1") == 0 and instance.tier("V3") == 1
    assert instance.key({"V1": "C1", "V2": "C1", "V3": "C2"}) == (2, 1, 450)
    assert instance.key({"V2": "C2"}) == (1, 0, 200)
    assert instance.feasible({"V1": "C1", "V2": "C1"})
    assert instance.feasible({"V2": "C2", "V3": "C2"})
    assert not instance.feasible({"V1": "C1"})                 # C1 takes at least 2
    assert not instance.feasible({"V1": "C2"})                 # no such arc
    assert instance.feasible({})
    tight = Instance(instance.arcs, lower={"C1": 0, "C2": 0}, upper={"C1": 1, "C2": 1})
    assert not tight.feasible({"V1": "C1", "V2": "C1"}) and tight.feasible({"V1": "C1"})
    assert instance.value({"V1": "C1", "V3": "C2"}) == 350
    assert Solution({"V1": "C1", "V2": "C1"}).paired == 2 and Solution().paired == 0


def test_the_baseline_takes_villages_in_id_order_to_the_nearest_centre_with_room():
    instance = Instance((Arc("C1", "V2", 100, 1.0), Arc("C2", "V2", 900, 5.0),
                         Arc("C1", "V1", 100, 2.0), Arc("C2", "V1", 100, 2.0),
                         Arc("C2", "V3", 400, 4.0), Arc("C3", "V4", 700, 1.0)),
                        lower={"C1": 1, "C2": 1, "C3": 2}, upper={"C1": 1, "C2": 2, "C3": 3})
    solution = pairing_greedy.greedy(instance)
    # V1: C1 and C2 equally near, C1 by id; V2: C1 is full, so C2; V3: C2; V4: C3 ends below 2
    assert solution.assignment == {"V1": "C1", "V2": "C2", "V3": "C2"}
    assert solution.value == 100 + 900 + 400
    assert (solution.optimal, solution.paired_bound) == (False, 3)
    assert solution.seconds >= 0
# --- pairing: tiers and the objective in words (orggraph/analyses/pairing/tiers.py) -------------



def _pv(vid="V", **values):
    industry = values.pop("industry", None)
    return PairingVillage(vid, scores=(None, industry, None, None, None), **values)


def test_a_village_is_in_the_tier_of_its_highest_priority_reason():
    shared = VILLAGES
    reasons = pairing_tiers.reasons_of
    assert reasons(_pv(weak=True), shared) == {"weak_flag"}
    assert reasons(_pv(stars=0), shared) == {"stars_0_1"}
    assert reasons(_pv(stars=1), shared) == {"stars_0_1"}
    assert reasons(_pv(stars=2), shared) == {"stars_2"}
    assert reasons(_pv(stars=3), shared) == set() and reasons(_pv(), shared) == set()
    assert reasons(_pv(collective_income=9.99), shared) == {"poor"}
    assert reasons(_pv(collective_income=10.0), shared) == set()
    assert reasons(_pv(households=299, willing_to_join=True), shared) == {"small"}
    assert reasons(_pv(households=300, willing_to_join=True), shared) == set()
    assert reasons(_pv(households=99, willing_to_join=False), shared) == set()
    assert reasons(_pv(willing_to_join=True), shared) == set()
    scored = VillageSettings(weak_industry_score=50.0)
    assert reasons(_pv(industry=49.9), scored) == {"industry"}
    assert reasons(_pv(industry=50.0), scored) == set() and reasons(_pv(), scored) == set()
    assert reasons(_pv(stars=2), VillageSettings(weak_max_stars=1)) == set()
    every = _pv(weak=True, stars=1, collective_income=1.0, households=10, willing_to_join=True,
                industry=1.0)
    assert reasons(every, scored) == {"weak_flag", "stars_0_1", "poor", "small", "industry"}
    settings = PairingSettings()
    assert pairing_tiers.tier_of(every, settings, scored) == 0
    assert pairing_tiers.tier_of(_pv(stars=2, collective_income=1.0), settings, shared) == 2
    assert pairing_tiers.tier_of(_pv(households=9, willing_to_join=True), settings, shared) == 4
    assert pairing_tiers.tier_of(_pv(), settings, shared) == 6
    reordered = PairingSettings(tiers=["poor", "stars_2"])
    assert pairing_tiers.tier_of(_pv(stars=2, collective_income=1.0), reordered, shared) == 0
    assert pairing_tiers.tier_of(_pv(weak=True), reordered, shared) == 2
    assert pairing_tiers.tier_names(reordered) == ["集体经济薄弱村", "二星级村", "其他需帮带村"]
    assert pairing_tiers.tier_names(PairingSettings()) == [
        "软弱涣散村", "未评星或一星级村", "二星级村", "集体经济薄弱村", "有联建意愿的小村",
        "产业基础薄弱村", "其他需帮带村"]


def test_the_objective_in_words_states_the_tiers_the_weights_and_the_limits():
    assert pairing_tiers.words(PairingSettings()) == (
        "方案目标：按优先级依次让尽可能多的村纳入联建：先软弱涣散村，再未评星或一星级村，再二星级村，"
        "再集体经济薄弱村，再有联建意愿的小村，再产业基础薄弱村，最后其他需帮带村（每村按其最优先的"
        "一项归级；高一级多纳入一个村，胜过低级任意多个村）；各级入片村数相同时，取联建匹配评分合计最高"
        "的方案（地域相邻40%、以强带弱20%、帮带需求20%、产业相近20%）。中心村为五星级及以上、综合评分"
        "不低于80分的村；片区3–7个村（含中心村），距中心村不超过15公里，不跨乡镇。")
    assert pairing_tiers.words(PairingSettings(
        tiers=[], centre_fallback=4, cross_town=True, pair_proximity=1, pair_strength=1,
        pair_need=1, pair_industry=1, max_km=12.5, min_size=2, max_size=5, centre_score=75.5)) == (
        "方案目标：让尽可能多的需帮带村纳入联建（不分优先级）；各级入片村数相同时，取联建匹配评分合计"
        "最高的方案（地域相邻25%、以强带弱25%、帮带需求25%、产业相近25%）。中心村为五星级及以上、"
        "综合评分不低于75.5分的村；四星级及以上的村作兜底中心村，只带五星级中心村带不上的村；片区2–5"
        "个村（含中心村），距中心村不超过12.5公里，可跨乡镇（同一县内）。")
    assert "中心村为四星级及以上" in pairing_tiers.words(PairingSettings(centre_min_stars=4))
# --- pairing: who may pair with whom (orggraph/analyses/pairing/candidates.py) -------------------


STRONG = (90.0,) * 5


def _centre(vid, lat=30.0, lon=120.0, stars=5, scores=STRONG, town="T1", **values):
    return PairingVillage(vid, f"{vid}村", town, f"{town}镇", "K", f"B-{vid}", stars, False,
                          scores, lat=lat, lon=lon, **values)


def _weak(vid, lat=30.05, lon=120.0, town="T1", branch="B", stars=2, **values):
    return PairingVillage(vid, f"{vid}村", town, f"{town}镇" if town else None, "K",
                          f"{branch}-{vid}" if branch else None, stars, False, (40.0,) * 5,
                          lat=lat, lon=lon, **values)


def test_a_centre_has_the_stars_and_the_score_a_branch_and_a_place_and_is_not_to_be_led():
    settings, ok = PairingSettings(), pairing_candidates.is_centre
    assert ok(_centre("C"), 80.0, settings)
    assert not ok(_centre("C"), 79.99, settings) and not ok(_centre("C"), None, settings)
    assert not ok(_centre("C", stars=4), 90.0, settings)
    assert ok(_centre("C", stars=4), 90.0, settings, min_stars=4)
    assert not ok(_centre("C", stars=None), 90.0, settings)
    assert not ok(dataclasses.replace(_centre("C"), branch=None), 90.0, settings)
    assert not ok(dataclasses.replace(_centre("C"), weak=True), 90.0, settings)
    assert not ok(_centre("C", lat=None), 90.0, settings)
    assert not ok(_centre("C", lon=None), 90.0, settings)
    # a four-star poor village is to be led, so no centre (a five-star one is never led)
    assert not ok(_centre("C", stars=4, collective_income=5.0), 90.0, settings, min_stars=4)
    assert ok(_centre("C", stars=4, collective_income=5.0), 90.0, settings, min_stars=4,
              shared=VillageSettings(poor_income_below=5.0))
    assert ok(_centre("C", collective_income=5.0), 90.0, settings)
    assert ok(_centre("C", stars=3), 90.0, PairingSettings(centre_min_stars=3))


def test_weak_villages_without_a_branch_a_place_or_a_town_are_set_aside_with_the_reason():
    villages = [_centre("C1"), _weak("W1"), _weak("W2", branch=None), _weak("W3", lat=None),
                _weak("W4", lon=None), _weak("W5", town=None), _weak("W6"), _weak("W7", stars=4),
                _weak("W8", lat=30.2)]
    existing = Existing()
    existing.add("C1", "W6")
    cand = pairing_candidates.build(villages, existing, PairingSettings())
    assert cand.centres == {"C1": 90.0}
    assert cand.skipped == {"W2": "未建立村党组织，暂不具备联建条件",
                            "W3": "缺少经纬度，无法测算与中心村的距离",
                            "W4": "缺少经纬度，无法测算与中心村的距离",
                            "W5": "未明确所属乡镇（街道），无法纳入联建"}
    assert cand.already == ["W6"] and cand.weak == {"W1": ["二星级党组织"],
                                                    "W8": ["二星级党组织"]}
    assert cand.tier == {"W1": 2, "W8": 2}
    assert [c for c, _ in cand.reach["W1"]] == ["C1"] and cand.reach["W8"] == []   # 22 km off
    assert 5.5 < cand.reach["W1"][0][1] < 5.6
    county = pairing_candidates.build([_centre("C1"), _weak("W5", town=None)], Existing(),
                                      PairingSettings(cross_town=True))
    assert county.skipped == {} and county.group("W5") == "K"
    nowhere = pairing_candidates.build(
        [_centre("C1"), dataclasses.replace(_weak("W5", town=None), county=None)], Existing(),
        PairingSettings(cross_town=True))
    assert nowhere.skipped == {"W5": "未明确所属县（市、区），无法纳入联建"}


def test_a_centres_places_are_its_sizes_less_its_existing_partners_and_a_full_one_is_closed():
    villages = [_centre("C1"), _centre("C2", lon=120.2), _centre("C3", lon=120.4),
                _weak("W1"), _weak("W2", lon=120.2), _weak("W3", lon=120.4)]
    existing = Existing()
    for partner in ("P1", "P2"):
        existing.add("C1", partner)
    for partner in ("P3", "P4", "P5", "P6", "P7", "P8"):
        existing.add("C3", partner)
    cand = pairing_candidates.build(villages, existing, PairingSettings())
    assert cand.existing_count("C1") == 2 and cand.existing_count("W1") == 0
    # C1: 7 − 1 − 2 places, no minimum left; C2 reaches only W2, one of the two it needs;
    # C3 has 6 partners already
    assert cand.instance.upper == {"C1": 4} and cand.instance.lower == {"C1": 0}
    assert cand.closed == {"C2": "too_few", "C3": "full"}
    assert [(a.centre, a.village) for a in cand.instance.arcs] == [("C1", "W1")]


def test_a_centre_that_cannot_reach_its_minimum_is_closed_too_few():
    villages = [_centre("C1"), _weak("W1")]
    cand = pairing_candidates.build(villages, Existing(), PairingSettings())
    assert cand.closed == {"C1": "too_few"} and cand.instance.arcs == ()
    assert cand.instance.lower == {} and cand.by_centre == {"C1": ["W1"]}
    two = pairing_candidates.build(villages, Existing(), PairingSettings(min_size=2))
    assert two.closed == {} and two.instance.lower == {"C1": 1} and two.instance.upper == {"C1": 6}
    arc = two.instance.arcs[0]
    parts = two.parts["C1", "W1"]
    assert (arc.centre, arc.village, arc.km) == ("C1", "W1", two.reach["W1"][0][1])
    assert parts["strength"] == 0.9 and parts["need"] == 0.6 and parts["industry_fit"] == 0.0
    assert two.instance.tiers == {"W1": 2}
    assert pairing_candidates.strength(two, "C1") == 90.0


def test_fallback_centres_take_only_the_villages_the_regular_ones_left():
    villages = [_centre("C1"), _centre("F1", stars=4, lon=120.3), _weak("W1"),
                _weak("W2", lon=120.3), _weak("W3", lon=120.31)]
    cand = pairing_candidates.build(villages, Existing(), PairingSettings(centre_fallback=4,
                                                                          min_size=2))
    assert cand.centres == {"C1": 90.0} and cand.fallback == {"F1": 90.0}
    assert cand.reach["W2"] == []
    instance = pairing_candidates.with_fallback(cand, {"W2", "W3"})
    assert sorted((a.centre, a.village) for a in instance.arcs) == [("F1", "W2"), ("F1", "W3")]
    assert [c for c, _ in cand.reach["W2"]] == ["F1"]
    assert pairing_candidates.strength(cand, "F1") == 90.0
# --- pairing: why a village is left unpaired (orggraph/analyses/pairing/reasons.py) -------------



def _reason(villages, assignment, village, existing=None, **settings):
    cand = pairing_candidates.build(villages, existing or Existing(), PairingSettings(**settings))
    return pairing_reasons.reason(village, cand, Solution(dict(assignment)))


def test_a_village_out_of_reach_is_told_the_nearest_centre_and_one_across_the_town_line():
    near_line = [_centre("C1", lat=30.3), _centre("C2", lon=120.1, town="T2"), _weak("W1")]
    assert _reason(near_line, {}, "W1") == (
        "本乡镇15公里范围内无中心村（最近为C1村（C1），相距27.8公里）；补充：邻近T2镇的C2村（C2）"
        "相距11.1公里，允许跨乡镇联建（--cross-town）后可纳入")
    far_line = [_centre("C1", lat=30.3), _centre("C2", lon=120.3, town="T2"), _weak("W1")]
    assert _reason(far_line, {}, "W1") == "本乡镇15公里范围内无中心村（最近为C1村（C1），相距27.8公里）"
    alone = [_centre("C2", lon=120.1, town="T2"), _weak("W1")]
    assert _reason(alone, {}, "W1") == (
        "所在T1镇无符合条件的中心村；补充：邻近T2镇的C2村（C2）相距11.1公里，允许跨乡镇联建"
        "（--cross-town）后可纳入")
    assert _reason([dataclasses.replace(_weak("W1"), town_name=None)], {}, "W1") == (
        "所在T1无符合条件的中心村")
    assert _reason([_weak("W1")], {}, "W1", cross_town=True) == "所在K无符合条件的中心村"
    assert _reason([_centre("C1", lat=30.3), _weak("W1")], {}, "W1", cross_town=True) == (
        "本县（市、区）15公里范围内无中心村（最近为C1村（C1），相距27.8公里）")
    assert _reason([_weak("W1", branch=None)], {}, "W1") == "未建立村党组织，暂不具备联建条件"


def test_a_village_whose_centres_are_full_is_told_who_took_the_places():
    flagged = dataclasses.replace(_weak("W1", lat=30.04), weak=True)        # tier 0
    one_star = _weak("W0", lat=30.045, stars=1)                              # tier 1
    villages = [_centre("C1"), flagged, one_star, _weak("W2"), _weak("W3", lat=30.06)]
    assert _reason(villages, {"W1": "C1", "W3": "C1"}, "W2", min_size=2, max_size=3) == (
        "范围内中心村名额已满：C1村（C1，相距5.6公里）在本方案中已达3个村的上限，名额由优先级更高的"
        "W1村（W1）和同级评分更高的W3村（W3）占用")
    assert _reason(villages, {"W2": "C1", "W3": "C1"}, "W0", min_size=2, max_size=3) == (
        "范围内中心村名额已满：C1村（C1，相距5.0公里）在本方案中已达3个村的上限，名额由优先级较低的"
        "W2村（W2）、W3村（W3）（求解未证最优时才会出现）占用")
    existing = Existing()
    for partner in ("P1", "P2", "P3", "P4", "P5", "P6"):
        existing.add("C1", partner)
    assert _reason(villages, {}, "W2", existing) == (
        "范围内中心村名额已满：C1村（C1，相距5.6公里）连同现有联建村已达7个村的上限")


def test_a_centre_short_of_its_minimum_or_stopped_by_the_time_limit_is_named():
    villages = [_centre("C1"), _weak("W1"), _weak("W2", lat=30.06)]
    assert _reason(villages[:2], {}, "W1") == (
        "C1村（C1，相距5.6公里）连同可联建村最多2个村，达不到3个村的下限，未能成片")
    existing = Existing()
    existing.add("C1", "P1")
    assert _reason(villages[:2], {}, "W1", existing, min_size=4) == (
        "C1村（C1，相距5.6公里）连同可联建村最多3个村，达不到4个村的下限，未能成片")
    assert _reason(villages, {"W2": "C9"}, "W1") == (
        "C1村（C1，相距5.6公里）的其余候选村与其他中心村联建更优，连同剩余候选村仅2个村，不足成片")
    assert _reason(villages, {}, "W1") == "求解达到时限，C1村（C1）未及纳入"
    nameless = [dataclasses.replace(_centre("C1"), name=""), _weak("W1"), _weak("W2", lat=30.06)]
    assert _reason(nameless, {}, "W1") == "求解达到时限，C1未及纳入"
    assert _reason(nameless[:2], {}, "W1", min_size=5) == (
        "C1（相距5.6公里）连同可联建村最多2个村，达不到5个村的下限，未能成片")
# --- pairing: the plan made from villages in memory (orggraph/analyses/pairing/plan.py) ----------



def _plan_world():
    villages = [_centre("C1"), dataclasses.replace(_weak("W1"), weak=True),
                _weak("W2", lat=30.06), _weak("W3", lat=30.5, stars=1), _weak("P1", lat=30.04, stars=4),
                _weak("W4", branch=None)]
    existing = Existing()
    existing.add("C1", "P1")
    return villages, existing


def test_the_plan_pairs_reachable_villages_and_states_its_objective_tier_by_tier():
    villages, existing = _plan_world()
    plan = pairing_plan.plan_from(villages, existing, PairingSettings(), as_of=dt.date(2025, 6, 30))
    assert (plan.year, plan.as_of, plan.within) == (2026, "2025-06-30", None)
    assert [(c.centre, c.existing, [p.village for p in c.pairs], c.members, c.fallback)
            for c in plan.clusters] == [("C1", ["P1"], ["W1", "W2"], ["P1", "W1", "W2"], False)]
    assert plan.proposals == [("B-C1", "B-W1"), ("B-C1", "B-W2")]
    assert plan.unassigned == [
        ("W3", "本乡镇15公里范围内无中心村（最近为C1村（C1），相距55.6公里）"),
        ("W4", "未建立村党组织，暂不具备联建条件")]
    o = plan.objective
    assert o["tiers"] == [
        {"tier": "weak_flag", "name": "软弱涣散村", "weak_villages": 1, "paired": 1},
        {"tier": "stars_0_1", "name": "未评星或一星级村", "weak_villages": 1, "paired": 0},
        {"tier": "stars_2", "name": "二星级村", "weak_villages": 1, "paired": 1}]
    pairs = plan.clusters[0].pairs
    assert o["total_score"] == sum(p.value for p in pairs) / 100 == sum(p.score for p in pairs)
    assert {k: o[k] for k in ("order", "paired", "status", "paired_upper_bound", "mip_gap",
                              "weak_villages", "already_paired", "unassigned", "centres",
                              "centres_used", "fallback_centres", "fallback_centres_used",
                              "solver", "as_of")} == {
        "order": ["paired_by_tier", "total_score"], "paired": 2, "status": "optimal",
        "paired_upper_bound": 2, "mip_gap": 0.0, "weak_villages": 4, "already_paired": 0,
        "unassigned": 2, "centres": 1, "centres_used": 1, "fallback_centres": 0,
        "fallback_centres_used": 0, "solver": pairing_plan.SOLVER, "as_of": "2025-06-30"}
    assert o["limits"] == {"min_size": 3, "max_size": 7, "max_km": 15.0, "cross_town": False,
                           "year": 2026, "centre_min_stars": 5, "centre_fallback": None}
    assert o["words"] == pairing_tiers.words(PairingSettings())
    untiered = pairing_plan.plan_from(villages, existing, PairingSettings(tiers=[]),
                                      as_of=dt.date(2025, 6, 30)).objective
    assert untiered["order"] == ["paired", "total_score"]
    assert untiered["tiers"] == [{"tier": "other", "name": "其他需帮带村", "weak_villages": 3,
                                  "paired": 2}]


def test_the_plans_rows_list_existing_partners_first_then_the_proposed_with_their_parts():
    villages, existing = _plan_world()
    plan = pairing_plan.plan_from(villages, existing, PairingSettings(since=2027),
                                  as_of=dt.date(2025, 6, 30))
    assert plan.year == 2027
    rows = plan.cluster_rows()
    assert [(r["village"], r["role"], r["tier"]) for r in rows] == [
        ("P1", "existing", None), ("W1", "proposed", "软弱涣散村"), ("W2", "proposed", "二星级村")]
    p1, w1 = rows[0], rows[1]
    assert p1 == {"centre": "C1", "centre_name": "C1村", "village": "P1", "village_name": "P1村",
                  "town": "T1镇", "role": "existing", "tier": None, "distance_km": 4.45,
                  "score": None, "proximity": None, "strength": None, "need": None,
                  "industry_fit": None, "fallback_centre": False, "weak_because": ""}
    pair = plan.clusters[0].pairs[0]
    assert w1["distance_km"] == round(pair.distance_km, 2) == 5.56 and w1["score"] == pair.score
    assert (w1["proximity"], w1["strength"], w1["need"], w1["industry_fit"]) == (
        round(pair.parts["proximity"], 3), 0.9, 0.6, 0.0)
    assert w1["weak_because"] == "软弱涣散村；二星级党组织"
    assert plan.unassigned_rows() == [
        {"village": "W3", "village_name": "W3村", "town": "T1镇", "tier": "未评星或一星级村",
         "weak_because": "一星级党组织", "reason": plan.unassigned[0][1]},
        {"village": "W4", "village_name": "W4村", "town": "T1镇", "tier": None,
         "weak_because": "二星级党组织", "reason": "未建立村党组织，暂不具备联建条件"}]
    document = plan.to_json()
    assert document["clusters"][0]["center"] == "C1"
    assert document["clusters"][0]["members"] == ["P1", "W1", "W2"]
    assert document["clusters"][0]["pairs"][0] == {
        "village": "W1", "distance_km": round(pair.distance_km, 3), "score": pair.score,
        "parts": {k: round(v, 4) for k, v in pair.parts.items()}}
    assert document["unassigned"][1] == {"village": "W4",
                                         "reason": "未建立村党组织，暂不具备联建条件"}
    assert document["as_of"] == "2025-06-30" and document["objective"]["paired"] == 2
    assert plan._km("C1", "nowhere") is None
    assert plan._km("C1", "W4") == 5.56


def test_a_proposal_reaching_outside_the_plan_stands_and_others_are_withdrawn_when_replaced():
    villages, existing = _plan_world()
    existing.proposals += [("C1", "W2", "B-C1", "B-W2"), ("C1", "W1", "B-C1", "B-old"),
                           ("C1", "OUT", "B-C1", "B-OUT"), ("OUT2", "W3", "B-OUT2", "B-W3")]
    existing.joint_proposals += [("C1", "OUT3"), ("C1", "W2"), ("OUT4", "OUT5")]
    kept = pairing_plan._standing(existing, {v.id for v in villages})
    assert kept.proposals == [("C1", "W2", "B-C1", "B-W2"), ("C1", "W1", "B-C1", "B-old")]
    assert kept.partners == {"C1": {"P1", "OUT", "OUT3"}, "OUT2": {"W3"}}
    assert kept.paired == {"P1", "OUT", "OUT3", "W3"}
    assert existing.partners == {"C1": {"P1"}}       # the given pairs are left as they were
    plan = pairing_plan.plan_from(villages, existing, PairingSettings(), as_of=dt.date(2025, 6, 30))
    assert plan.withdraw == [("B-C1", "B-old")]
    assert plan.clusters[0].existing == ["OUT", "OUT3", "P1"]
    assert [u for u, _ in plan.unassigned] == ["W4"]     # W3 is paired by the wider plan


def test_two_solutions_of_disjoint_parts_add_up():
    a = Solution({"V1": "C1"}, 300, True, 1, 0.0, 1.0, 2, 1)
    b = Solution({"V2": "F1"}, 200, False, 2, 0.25, 0.5, 1, 1)
    merged = pairing_plan._merge(a, b)
    assert (merged.assignment, merged.value, merged.optimal, merged.paired_bound, merged.gap,
            merged.seconds, merged.subproblems, merged.milps) == (
        {"V1": "C1", "V2": "F1"}, 500, False, 3, 0.25, 1.5, 3, 2)
    assert pairing_plan._merge(b, a).gap == 0.25
# --- pairing: what apply says it wrote (orggraph/analyses/pairing/apply.py) ---------------------



def test_what_was_written_is_said_in_words_proposals_as_such():
    assert pairing_apply.Applied().message(2026) == "已写入2026年拟联建关系0对。"
    everything = pairing_apply.Applied(written=3, withdrawn=2, joints=["B1-JVB", "B2-JVB"],
                                       joints_withdrawn=1,
                                       kept_joints=[("V1", "J-1"), ("V2", "J-2")],
                                       no_secretary=["B1-JVB", "B2-JVB"])
    assert everything.message(2027) == (
        "已写入2027年拟联建关系3对；撤回此前拟联建关系2对；拟组建联村党总支2个；撤回此前拟组建的联村党总支"
        "1个；中心村已有联村党总支的，新纳入村只写拟联建关系（J-1、J-2）；中心村党组织书记空缺，未配书记"
        "的联村党总支：B1-JVB、B2-JVB。")
    assert pairing_apply.joint_id("O-V1") == "O-V1-JVB"
    assert pairing_apply.JOINT_NAME.format(centre="东坪村") == "东坪村联村党总支"
# --- pairing: the solver's parts (orggraph/analyses/pairing/solve.py) ----------------------------



def test_the_problem_splits_into_parts_that_share_no_centre_and_no_village():
    instance = Instance((Arc("C2", "V3", 10), Arc("C1", "V1", 10), Arc("C3", "V1", 20),
                         Arc("C4", "V9", 5), Arc("C3", "V2", 30)),
                        lower={"C1": 1, "C2": 1, "C3": 2, "C4": 0},
                        upper={"C1": 3, "C2": 4, "C3": 5, "C4": 6}, tiers={"V1": 1, "V3": 2})
    parts = pairing_solve.components(instance)
    assert [[(a.centre, a.village) for a in p.arcs] for p in parts] == [
        [("C1", "V1"), ("C3", "V1"), ("C3", "V2")], [("C2", "V3")], [("C4", "V9")]]
    assert (parts[0].lower, parts[0].upper, parts[0].tiers) == (
        {"C1": 1, "C3": 2}, {"C1": 3, "C3": 5}, {"V1": 1})
    assert (parts[1].lower, parts[1].upper, parts[1].tiers) == ({"C2": 1}, {"C2": 4}, {"V3": 2})
    assert pairing_solve.components(Instance((), {}, {})) == []


def test_one_centre_takes_its_highest_tier_then_best_valued_villages_up_to_its_maximum():
    part = Instance((Arc("C", "V1", 100), Arc("C", "V2", 900), Arc("C", "V3", 500),
                     Arc("C", "V4", 500), Arc("C", "V5", 50)),
                    lower={"C": 2}, upper={"C": 3}, tiers={"V5": 0, "V1": 1, "V2": 1, "V3": 1,
                                                           "V4": 1})
    found = pairing_solve._one_centre(part)
    assert found.assignment == {"V5": "C", "V2": "C", "V3": "C"}   # V3 before V4: the id
    assert (found.value, found.paired_bound, found.optimal) == (1450, 3, True)
    short = Instance(part.arcs[:1], lower={"C": 2}, upper={"C": 3})
    assert pairing_solve._one_centre(short).assignment == {}
    exact = Instance(part.arcs[:2], lower={"C": 2}, upper={"C": 3})
    assert pairing_solve._one_centre(exact).assignment == {"V1": "C", "V2": "C"}
    any_size = Instance(part.arcs[:1], lower={"C": 0}, upper={"C": 3})
    assert pairing_solve._one_centre(any_size).assignment == {"V1": "C"}
    closed = Instance(part.arcs, lower={"C": 4}, upper={"C": 3})
    assert pairing_solve._one_centre(closed).assignment == {}


def test_the_solution_adds_its_parts_up():
    instance = Instance((Arc("C1", "V1", 100), Arc("C1", "V2", 200), Arc("C2", "V3", 300),
                         Arc("C3", "V3", 50), Arc("C3", "V4", 60)),
                        lower={"C1": 1, "C2": 1, "C3": 1}, upper={"C1": 2, "C2": 1, "C3": 1})
    found = pairing_solve.solve(instance)
    assert found.assignment == {"V1": "C1", "V2": "C1", "V3": "C2", "V4": "C3"}
    assert (found.value, found.optimal, found.paired_bound, found.subproblems, found.milps) == (
        660, True, 4, 2, 1)
    assert found.gap == 0.0 and found.seconds > 0


# --- pairing: what is read from the graph (orggraph/analyses/pairing/data.py) --------------------



class _RowsStore:
    """Answers the named library queries with given rows, and notes the parameters."""

    def __init__(self, rows):
        library = pairing_data.queries.library()
        self.names = {library[name].text: name for name in rows}
        self.rows, self.params = rows, {}

    def query(self, text, params=None):
        name = self.names[text]
        self.params[name] = params
        return [dict(r) for r in self.rows[name]]


def _village_row(vid, branch, stars=None, weak=None, **values):
    row = {"id": vid, "name": f"{vid}村", "town": "T", "town_name": "青山镇", "county": "K",
           "branch": branch, "stars": stars, "weak": weak, "score_leadership": 90.0,
           "score_industry": 40.0, "score_location": None, "score_transport": 70.0,
           "score_service": 60.0, "collective_income": 5.0, "main_industry": "茶叶",
           "households": 200, "population": 800, "willing_to_join": True, "lat": 30.0,
           "lon": 120.0}
    row.update(values)
    return row


def test_a_village_with_several_branches_is_as_weak_as_its_weakest_and_paired_by_the_first():
    store = _RowsStore({"pairing/villages": [
        _village_row("V1", "B-1", stars=4, weak=False), _village_row("V1", "B-2", stars=2, weak=None),
        _village_row("V1", "B-3", stars=None, weak=True), _village_row("V2", None)]})
    villages = pairing_data.read_villages(store, "R-T")
    assert store.params["pairing/villages"] == {"within": "R-T"}
    assert [(v.id, v.branch, v.stars, v.weak) for v in villages] == [
        ("V1", "B-1", 2, True), ("V2", None, None, None)]
    v1 = villages[0]
    assert v1.scores == (90.0, 40.0, None, 70.0, 60.0)
    assert (v1.collective_income, v1.main_industry, v1.households, v1.population,
            v1.willing_to_join, v1.lat, v1.lon, v1.town_name, v1.county) == (
        5.0, "茶叶", 200, 800, True, 30.0, 120.0, "青山镇", "K")
    assert v1.label == "V1村 (V1)" and PairingVillage("V9").label == "V9"
    pairing_data.read_villages(store)
    assert store.params["pairing/villages"] == {"within": ""}


def _co_build(centre, village, mode="strong_weak", status="active"):
    return {"centre": centre, "village": village, "centre_branch": f"B-{centre}",
            "village_branch": f"B-{village}", "mode": mode, "status": status, "since": 2025}


def _member(joint, centre, member, status="active"):
    return {"joint": joint, "centre": centre, "member": member, "member_branch": f"B-{member}",
            "status": status}


def test_existing_pairs_count_both_ends_and_proposals_only_when_kept():
    rows = {"pairing/co_builds": [_co_build("C1", "W1"), _co_build("C1", "W2", status="proposed"),
                                  _co_build("C2", "W3", mode="mutual", status="proposed"),
                                  _co_build(None, "W4")],
            "pairing/joint_members": [_member("J1", "C3", "W5"), _member("J1", "C3", "C3"),
                                      _member("J2", "C4", "W6", status="proposed"),
                                      _member("J3", None, "W7")]}
    existing = pairing_data.read_existing(_RowsStore(rows))
    assert existing.partners == {"C1": {"W1"}, "C2": {"W3"}, "C3": {"W5"}}
    # either end of a village pair is paired; a joint branch's members, not its centre
    assert existing.paired - {None} == {"C1", "W1", "C2", "W3", "W4", "W5", "W7"}
    assert existing.proposals == [("C1", "W2", "B-C1", "B-W2")]
    assert existing.joint_proposals == [("C4", "W6")]
    kept = pairing_data.read_existing(_RowsStore(rows), keep_proposed=True)
    assert kept.partners == {"C1": {"W1", "W2"}, "C2": {"W3"}, "C3": {"W5"}, "C4": {"W6"}}
    assert kept.proposals == [] and kept.joint_proposals == []
    assert {"W2", "W6"} <= kept.paired and "C3" not in kept.paired and "C4" not in kept.paired


# --- pairing: apply against a store that records what would be written --------------------------

class _ApplyStore(_RowsStore):
    def __init__(self, joints=(), secretary="P-S", taken=None):
        super().__init__({
            "pairing/joints": list(joints),
            "pairing/centre_branches": [{"branch": "B-C1", "secretary": secretary,
                                         "parents": ["O-T2", "O-T1"]}],
            "pairing/co_builds": [_co_build("C1", "Q9")],
            "pairing/joint_members": [_member("J7", "C1", "Q8")]})
        self.taken, self.written = taken or {}, []

    def labels_of(self, ids):
        return {i: self.taken[i] for i in ids if i in self.taken}

    def write_all(self, statements):
        self.written.append(statements)
        library = pairing_data.queries.library()
        names = {library[n].text: n for n in library if n.startswith("pairing/")}
        # a withdrawal of a pair no longer there returns no row
        return [([] if params.get("village_branch") == "B-gone" else [{"withdrawn": 2}])
                if names[text] == "pairing/withdraw" else [{}] for text, params in statements]


def _statement(query_name, **params):
    query = pairing_data.queries.library()[query_name]
    return query.text, query.bind(**params)


def _applied_plan():
    villages, existing = _plan_world()
    existing.proposals.append(("C1", "W1", "B-C1", "B-old"))
    return pairing_plan.plan_from(villages, existing, PairingSettings(), as_of=dt.date(2025, 6, 30))


def test_apply_withdraws_the_replaced_proposals_and_writes_the_plans_pairs_in_one_go():
    store = _ApplyStore(joints=[{"joint": "B-C1-JVB", "name": "x", "centre": "C1",
                                 "status": "proposed"},
                                {"joint": "B-C9-JVB", "name": "y", "centre": "C9",
                                 "status": "proposed"}])
    applied = pairing_apply.apply_plan(store, _applied_plan())
    assert store.written == [[
        _statement("pairing/withdraw", centre_branch="B-C1", village_branch="B-old"),
        _statement("pairing/propose", centre_branch="B-C1", village_branch="B-W1", since=2026),
        _statement("pairing/propose", centre_branch="B-C1", village_branch="B-W2", since=2026),
        _statement("pairing/joint_withdraw", joints=["B-C1-JVB"])]]
    assert (applied.written, applied.withdrawn, applied.joints, applied.joints_withdrawn) == (
        2, 2, [], 1)


def test_apply_with_branch_sets_up_a_joint_branch_per_cluster_under_the_centres_committees():
    store = _ApplyStore()
    applied = pairing_apply.apply_plan(store, _applied_plan(), with_branch=True)
    assert store.written[0][-4:] == [
        _statement("pairing/joint_propose", joint="B-C1-JVB", name="C1村联村党总支",
                   centre_branch="B-C1", centre="C1"),
        _statement("pairing/joint_under", joint="B-C1-JVB", parents=["O-T1", "O-T2"]),
        _statement("pairing/joint_join", joint="B-C1-JVB", members=["B-P1", "B-W1", "B-W2"]),
        _statement("pairing/joint_secretary", joint="B-C1-JVB", secretary="P-S")]
    assert (applied.joints, applied.no_secretary, applied.kept_joints) == (["B-C1-JVB"], [], [])
    alone = _ApplyStore(secretary=None)
    applied = pairing_apply.apply_plan(alone, _applied_plan(), with_branch=True)
    assert applied.no_secretary == ["B-C1-JVB"]
    assert alone.written[0][-1][0] == _statement("pairing/joint_join", joint="B-C1-JVB",
                                                 members=["B-P1", "B-W1", "B-W2"])[0]
    kept = _ApplyStore(joints=[{"joint": "J-1", "name": "x", "centre": "C1", "status": "active"}])
    applied = pairing_apply.apply_plan(kept, _applied_plan(), with_branch=True)
    assert applied.kept_joints == [("C1", "J-1")] and applied.joints == []
    propose = pairing_data.queries.library()["pairing/joint_propose"].text
    assert all(text != propose for text, _ in kept.written[0])


def test_apply_refuses_a_joint_branch_id_another_node_has():
    store = _ApplyStore(taken={"B-C1-JVB": "Person"})
    with pytest.raises(pairing_apply.ApplyError) as error:
        pairing_apply.apply_plan(store, _applied_plan(), with_branch=True)
    assert str(error.value) == ("无法设立拟组建的联村党总支：编号 B-C1-JVB 已被其他节点"
                                "使用；未写入任何内容")
    assert store.written == []


def test_fallback_centres_take_what_the_regular_ones_leave_and_the_plan_says_so():
    villages = [_centre("C1"), _centre("F1", stars=4, lon=120.3), _weak("W1"),
                dataclasses.replace(_weak("W2", lon=120.3), weak=True), _weak("W3", lon=120.31),
                _weak("W4", lat=30.051)]
    existing = Existing()
    existing.add("F1", "OUT")
    plan = pairing_plan.plan_from(villages, existing, PairingSettings(centre_fallback=4, min_size=2),
                                  "R-T", as_of=dt.date(2025, 6, 30))
    assert plan.within == "R-T"
    assert [(c.centre, [p.village for p in c.pairs], c.fallback) for c in plan.clusters] == [
        ("C1", ["W1", "W4"], False), ("F1", ["W2", "W3"], True)]
    assert plan.proposals == [("B-C1", "B-W1"), ("B-C1", "B-W4"), ("B-F1", "B-W2"), ("B-F1", "B-W3")]
    o = plan.objective
    assert (o["paired"], o["fallback_centres"], o["fallback_centres_used"], o["centres_used"]) == (
        4, 1, 1, 2)
    assert {(a.centre, a.village) for a in plan.cand.instance.arcs} == {
        ("C1", "W1"), ("C1", "W4"), ("F1", "W2"), ("F1", "W3")}
    assert plan.cand.instance.upper == {"C1": 6, "F1": 5} and plan.cand.instance.lower == {
        "C1": 1, "F1": 0}
    assert [u for u, _ in plan.unassigned] == []
    rows = plan.cluster_rows()
    assert [(r["centre"], r["village"], r["role"], r["fallback_centre"]) for r in rows] == [
        ("C1", "W1", "proposed", False), ("C1", "W4", "proposed", False),
        ("F1", "OUT", "existing", True), ("F1", "W2", "proposed", True),
        ("F1", "W3", "proposed", True)]
    out = rows[2]
    assert (out["village_name"], out["town"], out["weak_because"], out["distance_km"]) == (
        None, None, None, None)
    w4 = plan.clusters[0].pairs[1]
    assert rows[1]["distance_km"] == round(w4.distance_km, 2) == 5.67
    assert [c["fallback"] for c in plan.to_json()["clusters"]] == [False, True]
    assert pairing_plan.plan_from(villages, existing, PairingSettings(centre_fallback=4, min_size=2),
                                  as_of=dt.date(2025, 6, 30)).within is None


def test_the_plan_reads_the_villages_table_and_names_why_two_reasons_and_who_took_two_places():
    villages = [_centre("C1"), _weak("W1", stars=3, collective_income=8.0)]
    poor = pairing_plan.plan_from(villages, Existing(), PairingSettings(min_size=2),
                                  as_of=dt.date(2025, 6, 30))
    assert [p.village for p in poor.clusters[0].pairs] == ["W1"]
    richer = pairing_plan.plan_from(villages, Existing(), PairingSettings(min_size=2),
                                    shared=VillageSettings(poor_income_below=5.0),
                                    as_of=dt.date(2025, 6, 30))
    assert richer.clusters == [] and richer.objective["weak_villages"] == 0
    two = [_centre("C1"), dataclasses.replace(_weak("W1", branch=None), weak=True)]
    rows = pairing_plan.plan_from(two, Existing(), PairingSettings(),
                                  as_of=dt.date(2025, 6, 30)).unassigned_rows()
    assert rows[0]["weak_because"] == "软弱涣散村；二星级党组织"
    flagged = [dataclasses.replace(_weak(w, lat=30.04 + i / 1000), weak=True)
               for i, w in enumerate(("W1", "W2"))]
    full = [_centre("C1"), *flagged, _weak("W3", lat=30.06)]
    text = _reason(full, {"W1": "C1", "W2": "C1"}, "W3", min_size=2, max_size=3)
    assert text.endswith("名额由优先级更高的W1村（W1）、W2村（W2）占用")


def test_a_village_left_beside_a_full_centre_is_told_so_by_the_plan():
    villages = [_centre("C1"), *[_weak(f"W{i}", lat=30.04 + i / 100) for i in range(3)]]
    plan = pairing_plan.plan_from(villages, Existing(), PairingSettings(min_size=2, max_size=3),
                                  as_of=dt.date(2025, 6, 30))
    assert [p.village for p in plan.clusters[0].pairs] == ["W0", "W1"]
    assert plan.unassigned == [("W2", "范围内中心村名额已满：C1村（C1，相距6.7公里）在本方案中已达3个村的"
                                      "上限，名额由同级评分更高的W0村（W0）、W1村（W1）占用")]


def test_two_centres_sharing_a_village_are_solved_together():
    villages = [_centre("C1"), _centre("C2", lat=30.1), _weak("W1", lat=30.05), _weak("W2"),
                _weak("W3", lat=30.1, lon=120.01)]
    plan = pairing_plan.plan_from(villages, Existing(), PairingSettings(min_size=2),
                                  as_of=dt.date(2025, 6, 30))
    assert plan.solution.milps == 1 and plan.objective["paired"] == 3
    assert plan.objective["milp_subproblems"] == 1 and plan.objective["subproblems"] == 1


def test_the_fallback_reach_is_merged_nearest_first():
    villages = [_centre("C1", lat=30.16), _centre("F1", stars=4, lat=30.08), _weak("W1")]
    cand = pairing_candidates.build(villages, Existing(), PairingSettings(centre_fallback=4))
    assert [c for c, _ in cand.reach["W1"]] == ["C1"]
    pairing_candidates.with_fallback(cand, {"W1"})
    assert [c for c, _ in cand.reach["W1"]] == ["F1", "C1"]


def test_apply_reads_only_what_it_needs_and_writes_nothing_for_nothing():
    store = _ApplyStore()
    villages, existing = _plan_world()
    empty = pairing_plan.plan_from(villages[:1], Existing(), PairingSettings(),
                                   as_of=dt.date(2025, 6, 30))
    applied = pairing_apply.apply_plan(store, empty)
    assert store.written == [] and (applied.written, applied.withdrawn) == (0, 0)
    assert store.params == {"pairing/joints": {}, "pairing/centre_branches": {"ids": []}}


def test_apply_with_branch_writes_exactly_the_plans_statements_and_counts_what_went():
    villages, existing = _plan_world()
    existing.add("C1", "Q9")      # a partner outside the plan's villages: its branch by its pair
    existing.proposals.append(("C1", "W1", "B-C1", "B-gone"))
    plan = pairing_plan.plan_from(villages, existing, PairingSettings(), as_of=dt.date(2025, 6, 30))
    store = _ApplyStore(joints=[{"joint": "B-C1-JVB", "name": "x", "centre": "C1",
                                 "status": "proposed"}])
    applied = pairing_apply.apply_plan(store, plan, with_branch=True)
    assert store.written == [[
        _statement("pairing/withdraw", centre_branch="B-C1", village_branch="B-gone"),
        _statement("pairing/propose", centre_branch="B-C1", village_branch="B-W1", since=2026),
        _statement("pairing/propose", centre_branch="B-C1", village_branch="B-W2", since=2026),
        _statement("pairing/joint_withdraw", joints=["B-C1-JVB"]),
        _statement("pairing/joint_propose", joint="B-C1-JVB", name="C1村联村党总支",
                   centre_branch="B-C1", centre="C1"),
        _statement("pairing/joint_under", joint="B-C1-JVB", parents=["O-T1", "O-T2"]),
        _statement("pairing/joint_join", joint="B-C1-JVB",
                   members=["B-P1", "B-Q9", "B-W1", "B-W2"]),
        _statement("pairing/joint_secretary", joint="B-C1-JVB", secretary="P-S")]]
    assert (applied.withdrawn, applied.written, applied.joints, applied.joints_withdrawn,
            applied.kept_joints) == (0, 2, ["B-C1-JVB"], 0, [])
    assert store.params["pairing/centre_branches"] == {"ids": ["B-C1"]}
    fresh = _ApplyStore()
    pairing_apply.apply_plan(fresh, plan, with_branch=True)
    assert [t for t, _ in fresh.written[0]].count(
        _statement("pairing/joint_withdraw", joints=[])[0]) == 0


def test_apply_names_every_taken_joint_branch_id():
    villages = [_centre("C1"), _centre("F1", stars=4, lon=120.3), _weak("W1"), _weak("W4", lat=30.051),
                dataclasses.replace(_weak("W2", lon=120.3), weak=True), _weak("W3", lon=120.31)]
    plan = pairing_plan.plan_from(villages, Existing(), PairingSettings(centre_fallback=4, min_size=2),
                                  as_of=dt.date(2025, 6, 30))
    store = _ApplyStore(taken={"B-C1-JVB": "Person", "B-F1-JVB": "Region"})
    with pytest.raises(pairing_apply.ApplyError) as error:
        pairing_apply.apply_plan(store, plan, with_branch=True)
    assert "编号 B-C1-JVB、B-F1-JVB 已被其他节点使用" in str(error.value)


# --- pairing: the solver when a limit stops it, and the last survivors (solve.py, candidates.py,
# reasons.py, plan.py, greedy.py) ----------------------------------------------------------------


def _four():
    """Two centres, four villages: the optimum pairs all four (V1, V2 with C1; V3, V4 with C2),
    value 200 + 100 + 50 + 80 = 430; M = max value × villages + 1 = 300 × 4 + 1."""
    arcs = (Arc("C1", "V1", 100), Arc("C1", "V2", 200), Arc("C2", "V2", 300), Arc("C2", "V3", 50),
            Arc("C2", "V4", 80))
    return Instance(arcs, lower={"C1": 2, "C2": 1}, upper={"C1": 2, "C2": 2})


OPTIMUM = {"V1": "C1", "V2": "C1", "V3": "C2", "V4": "C2"}
M = 300 * 4 + 1


def _solver_stops(monkeypatch, status=1, bound=None, keep=None, plan_at=None, calls=None):
    """The MILP solver as if its time limit stopped it: the status it reports (1 = time limit),
    its dual bound `bound` (in the plan's terms: the most the objective could reach; None = no
    bound yet), and the plan it had then: only the arcs of `keep` (None: the optimum it found;
    "none": no plan at all). `plan_at`: the stage (0, 1, …) that stops; the others run normally."""
    real = pairing_solve.milp
    seen = []

    def milp(c, **kwargs):
        result = real(c, **kwargs)
        seen.append(kwargs.get("options"))
        if calls is not None:
            calls.append(kwargs.get("options"))
        if plan_at is not None and len(seen) - 1 != plan_at:
            return result
        result.status = status
        result.mip_dual_bound = None if bound is None else -bound
        if keep == "none":
            result.x = None
        elif keep is not None:
            x = result.x.copy()
            x[:] = 0.0
            for k in keep:
                x[k] = 1.0
            result.x = x
        return result
    monkeypatch.setattr(pairing_solve, "milp", milp)
    return seen


def _x(instance, arcs_used, centres_used):
    """The indices of the solver's variables for these (centre, village) arcs and used centres
    (x per arc in the instance's order, then y per centre in id order)."""
    index = [k for k, a in enumerate(instance.arcs) if (a.centre, a.village) in arcs_used]
    centres = sorted(instance.upper)
    return index + [len(instance.arcs) + centres.index(c) for c in centres_used]


def test_a_plan_the_solver_proves_optimal_keeps_its_value_and_bound():
    found = pairing_solve._single(_four(), 30.0)
    assert (found.assignment, found.value, found.optimal, found.paired_bound, found.gap) == (
        OPTIMUM, 430, True, 4, 0.0)


@pytest.mark.parametrize("bound, optimal, paired_bound", [
    (4 * M + 430, True, 4),                 # the bound proves the plan: optimal even when stopped
    (4 * M + 430.5, True, 4),               # less than one more unit: nothing better exists
    (4 * M + 430 - 1e-7, True, 4),          # the solver's rounding below the plan
    (4 * M + 431 - 1e-7, False, 4),         # one more unit within the solver's tolerance: open
    (5 * M + 10, False, 4),                 # one more village possible: never above the villages
])
def test_a_plan_stopped_by_the_time_limit_is_judged_by_the_solvers_bound(monkeypatch, bound,
                                                                       optimal, paired_bound):
    _solver_stops(monkeypatch, bound=bound)
    found = pairing_solve.solve(_four(), 30.0)       # one tier: one MILP, judged by its bound
    achieved = 4 * M + 430
    assert (found.assignment, found.value, found.optimal, found.paired_bound) == (
        OPTIMUM, 430, optimal, paired_bound)
    assert found.gap == (0.0 if optimal else (bound - achieved) / achieved)


@pytest.mark.parametrize("bound, paired_bound", [
    (3 * M + 600, 3),          # at most 3 villages: below the 4 the sizes allow
    (3 * M - 5e-7, 3),         # the solver's rounding below 3 M still allows 3
    (3 * M - 1, 2),            # a whole unit below 3 M: at most 2
])
def test_a_stopped_plan_states_how_many_villages_could_be_paired_at_most(monkeypatch, bound,
                                                                        paired_bound):
    instance = _four()
    _solver_stops(monkeypatch, bound=bound, keep=_x(instance, {("C1", "V1"), ("C1", "V2")}, ["C1"]))
    found = pairing_solve._single(instance, 30.0)
    achieved = 2 * M + 300
    assert (found.assignment, found.value, found.optimal, found.paired_bound) == (
        {"V1": "C1", "V2": "C1"}, 300, False, paired_bound)
    assert found.gap == (bound - achieved) / achieved


def test_a_stopped_plan_without_a_bound_or_with_nothing_paired_yet(monkeypatch):
    _solver_stops(monkeypatch, bound=None)
    found = pairing_solve._single(_four(), 30.0)
    # no bound: every village at most once, every centre at most its places
    assert (found.assignment, found.value, found.optimal, found.paired_bound, found.gap) == (
        OPTIMUM, 430, False, 4, math.inf)
    _solver_stops(monkeypatch, bound=2.5, keep=[])
    empty = pairing_solve._single(_four(), 30.0)
    # nothing paired: the gap is the bound itself (relative to at least 1)
    assert (empty.assignment, empty.value, empty.optimal, empty.paired_bound, empty.gap) == (
        {}, 0, False, 0, 2.5)


def test_a_plan_that_breaks_a_size_limit_is_never_returned(monkeypatch):
    instance = _four()
    _solver_stops(monkeypatch, status=0, bound=None, keep=_x(instance, {("C1", "V1")}, ["C1"]))
    with pytest.raises(RuntimeError, match=r"^the MILP returned a plan that breaks a size limit "
                                           r"\(numerical trouble\)$"):
        pairing_solve._single(instance, 30.0)
    tiered = dataclasses.replace(instance, tiers={"V3": 1, "V4": 1})
    with pytest.raises(RuntimeError, match=r"^the MILP returned a plan that breaks a size limit "
                                           r"\(numerical trouble\)$"):
        pairing_solve._staged(tiered, 30.0)


def test_pairs_that_all_score_zero_are_still_made_as_many_as_possible():
    zero = Instance(tuple(dataclasses.replace(a, value=0) for a in _four().arcs),
                    lower={"C1": 2, "C2": 1}, upper={"C1": 2, "C2": 2})
    assert pairing_solve._single(zero, 30.0).assignment == OPTIMUM
    tiered = dataclasses.replace(zero, tiers={"V3": 1, "V4": 1})
    assert pairing_solve._staged(tiered, 30.0).assignment == OPTIMUM


def test_tiers_are_solved_in_stages_and_the_plan_keeps_its_value_and_bound(monkeypatch):
    tiered = dataclasses.replace(_four(), tiers={"V3": 1, "V4": 1})
    found = pairing_solve._staged(tiered, 30.0)
    assert (found.assignment, found.value, found.optimal, found.paired_bound, found.gap) == (
        OPTIMUM, 430, True, 4, 0.0)
    # one stage stopped by the time limit (the last one finished): the plan is not proven
    for stage in (0, 1):
        _solver_stops(monkeypatch, status=1, bound=None, plan_at=stage)
        stopped = pairing_solve._staged(tiered, 30.0)
        assert (stopped.assignment, stopped.value, stopped.optimal, stopped.paired_bound,
                stopped.gap) == (OPTIMUM, 430, False, 4, math.inf)


def test_a_stage_stopped_before_any_plan_falls_back_to_the_nearest_centre_plan(monkeypatch):
    tiered = Instance((Arc("C1", "V1", 100, 1.0), Arc("C2", "V1", 900, 2.0),
                       Arc("C2", "V2", 50, 1.0)),
                      lower={"C1": 1, "C2": 1}, upper={"C1": 1, "C2": 1}, tiers={"V2": 1})
    _solver_stops(monkeypatch, keep="none", plan_at=0)
    found = pairing_solve._staged(tiered, 30.0)
    # the baseline: V1 to its nearest centre C1, V2 to C2; three villages could not be more
    # than the two there are
    assert (found.assignment, found.value, found.optimal, found.paired_bound, found.gap) == (
        {"V1": "C1", "V2": "C2"}, 150, False, 2, math.inf)


def test_the_solver_is_asked_for_an_exact_optimum_within_the_time_limit(monkeypatch):
    calls = []
    _solver_stops(monkeypatch, status=0, calls=calls, plan_at=99)   # nothing stops
    tiered = dataclasses.replace(_four(), tiers={"V3": 1, "V4": 1})
    with warnings.catch_warnings():
        warnings.simplefilter("error")        # an option the solver does not know warns
        pairing_solve.solve(tiered, 12.5)
        pairing_solve.solve(_four(), 7.0)
        pairing_solve.solve(_four())
    assert [(o["time_limit"], o["mip_rel_gap"]) for o in calls] == [
        (12.5, 0.0), (12.5, 0.0), (7.0, 0.0), (60.0, 0.0)]


def test_the_solution_is_optimal_only_if_every_part_is(monkeypatch):
    # two parts that need the MILP (two centres each); the first stops without a bound
    second = Instance(tuple(Arc(a.centre.replace("C", "D"), a.village.replace("V", "W"), a.value)
                            for a in _four().arcs),
                      lower={"D1": 2, "D2": 1}, upper={"D1": 2, "D2": 2})
    both = Instance(_four().arcs + second.arcs, _four().lower | second.lower,
                    _four().upper | second.upper)
    _solver_stops(monkeypatch, status=1, bound=None, plan_at=0)
    found = pairing_solve.solve(both, 30.0)
    assert (found.paired, found.value, found.optimal, found.subproblems, found.milps) == (
        8, 860, False, 2, 2)
    assert found.paired_bound == 8 and found.gap == math.inf
    assert 0 < found.seconds < 60


def test_the_baseline_times_itself():
    solution = pairing_greedy.greedy(_four())
    assert 0 < solution.seconds < 60


def test_the_plan_gives_the_solver_the_settings_time_limit(monkeypatch):
    limits = []
    real = pairing_plan.solve

    def solve(instance, time_limit=60.0):
        limits.append(time_limit)
        return real(instance, time_limit)
    monkeypatch.setattr(pairing_plan, "solve", solve)
    villages = [_centre("C1"), _centre("F1", stars=4, lat=30.3), _weak("W1"),
                _weak("W2", lat=30.06), _weak("W3", lat=30.25), _weak("W4", lat=30.26)]
    plan = pairing_plan.plan_from(villages, Existing(), PairingSettings(
        centre_fallback=4, min_size=2, time_limit=7.5), as_of=dt.date(2025, 6, 30))
    assert limits == [7.5, 7.5]                  # the regular centres, then the fallback ones
    assert sorted((c.centre, c.fallback) for c in plan.clusters) == [("C1", False), ("F1", True)]


def test_a_centre_with_one_place_left_is_open_and_a_closed_nearest_centre_is_passed_over():
    villages = [_centre("C1"), _centre("C2", lat=30.1), _weak("W1", lat=30.08)]
    existing = Existing()
    for partner in ("P1", "P2", "P3", "P4", "P5"):          # C1: 7 − 1 − 5 = 1 place left
        existing.add("C1", partner)
    for partner in ("Q1", "Q2", "Q3", "Q4", "Q5", "Q6"):    # C2, the nearest, is full
        existing.add("C2", partner)
    cand = pairing_candidates.build(villages, existing, PairingSettings())
    assert [c for c, _ in cand.reach["W1"]] == ["C2", "C1"]
    assert cand.closed == {"C2": "full"} and cand.instance.upper == {"C1": 1}
    assert [(a.centre, a.village) for a in cand.instance.arcs] == [("C1", "W1")]


def test_the_industry_fit_of_a_pair_reads_both_villages_industries():
    settings = PairingSettings(min_size=2, related_industries=["水稻;蔬菜"])

    def fit(centre_industry, weak_industry):
        villages = [_centre("C1", main_industry=centre_industry),
                    _weak("W1", main_industry=weak_industry)]
        return pairing_candidates.build(villages, Existing(), settings).parts["C1", "W1"][
            "industry_fit"]
    assert fit("水稻", "蔬菜") == 0.5 and fit("蔬菜", "水稻") == 0.5
    assert fit("水稻", "水稻") == 1.0 and fit("水稻", "茶叶") == 0.0
    assert fit(None, "水稻") == 0.0 and fit("水稻", None) == 0.0


def test_the_village_notions_decide_who_is_a_centre_and_a_fallback_centre():
    # a four-star village with 5 万元: poor under the default 10 万元, not under 5 万元
    four = _centre("C1", stars=4, collective_income=5.0)
    shared = VillageSettings(poor_income_below=5.0)
    regular = pairing_candidates.build([four, _weak("W1")], Existing(),
                                       PairingSettings(centre_min_stars=4), shared)
    assert regular.centres == {"C1": 90.0} and "C1" not in regular.weak
    fallback = pairing_candidates.build([four, _weak("W1")], Existing(),
                                        PairingSettings(centre_fallback=4), shared)
    assert fallback.fallback == {"C1": 90.0} and "C1" not in fallback.weak
    default = pairing_candidates.build([four, _weak("W1")], Existing(),
                                       PairingSettings(centre_fallback=4))
    assert default.fallback == {} and "C1" in default.weak


def test_small_willing_villages_and_weak_industry_are_reasons_to_be_led():
    small = _pv("S", stars=3, households=100, willing_to_join=True)
    unwilling = _pv("U", stars=3, households=100, willing_to_join=False)
    industry = PairingVillage("I", stars=3, scores=(90.0, 40.0, 90.0, 90.0, 90.0))
    other = PairingVillage("O", stars=3, scores=(90.0, 90.0, 40.0, 90.0, 90.0))
    why, shared = pairing_candidates.why_weak, VillageSettings(weak_industry_score=50.0)
    assert why(small, VILLAGES) == ["小村（100户），有联建意愿"]
    assert why(unwilling, VILLAGES) == []
    assert why(industry, VILLAGES) == []              # the industry rule is off by default
    assert why(industry, shared) == ["产业基础评分40分，低于50分"]
    assert why(other, shared) == []


def test_a_centre_exactly_at_the_distance_limit_is_in_reach_and_the_nearest_comes_first():
    from orggraph.geo import haversine_km
    km = haversine_km(30.05, 120.0, 30.0, 120.0)
    villages = [_centre("C1"), _weak("W1")]
    cand = pairing_candidates.build(villages, Existing(), PairingSettings(max_km=km))
    assert [c for c, _ in cand.reach["W1"]] == ["C1"]
    near = [_centre("C1", lat=30.1), _centre("C2", lat=30.04), _weak("W1")]
    cand = pairing_candidates.build(near, Existing(), PairingSettings())
    assert [c for c, _ in cand.reach["W1"]] == ["C2", "C1"]


def test_a_fallback_centre_as_near_as_a_regular_one_comes_first_by_id():
    villages = [_centre("C1", lon=120.125), _centre("A1", stars=4, lon=119.875),
                _weak("W1", lat=30.0)]
    cand = pairing_candidates.build(villages, Existing(), PairingSettings(centre_fallback=4))
    pairing_candidates.with_fallback(cand, {"W1"})
    (c1, km1), (c2, km2) = cand.reach["W1"]
    assert km1 == km2 and (c1, c2) == ("A1", "C1")


def test_two_full_centres_or_a_full_one_and_an_open_one_are_both_named():
    villages = [_centre("C1"), _centre("C2", lat=30.1), _weak("W1", lat=30.04)]
    full = Existing()
    for c in ("C1", "C2"):
        for n in range(6):
            full.add(c, f"{c}-P{n}")
    assert _reason(villages, {}, "W1", full) == (
        "范围内中心村名额已满：C1村（C1，相距4.4公里）连同现有联建村已达7个村的上限；"
        "C2村（C2，相距6.7公里）连同现有联建村已达7个村的上限")
    one = Existing()
    for n in range(6):
        one.add("C1", f"C1-P{n}")
    assert _reason(villages, {}, "W1", one, min_size=2) == (
        "C1村（C1，相距4.4公里）连同现有联建村已达7个村的上限；求解达到时限，C2村（C2）未及纳入")


def test_a_centre_with_one_place_unused_is_not_called_full():
    assert _reason([_centre("C1"), _weak("W1")], {}, "W1", min_size=2, max_size=2) == (
        "求解达到时限，C1村（C1）未及纳入")


def test_a_centres_existing_partners_count_in_the_sizes_the_reasons_state():
    villages = [_centre("C1"), _weak("W1"), _weak("W2", lat=30.06), _weak("W3", lat=30.07)]
    existing = Existing()
    existing.add("C1", "P1")
    # one place (3 − 1 − 1), taken by W2: the centre, its partner and W2 make 3
    assert _reason(villages[:3], {"W2": "C1"}, "W1", existing, min_size=2, max_size=3) == (
        "范围内中心村名额已满：C1村（C1，相距5.6公里）在本方案中已达3个村的上限，名额由同级评分更高的"
        "W2村（W2）占用")
    # at least 4 with the centre and P1: W1 alone left makes 3, W1 and W2 make 4
    assert _reason(villages, {"W2": "C9", "W3": "C9"}, "W1", existing, min_size=4) == (
        "C1村（C1，相距5.6公里）的其余候选村与其他中心村联建更优，连同剩余候选村仅3个村，不足成片")
    assert _reason(villages, {"W3": "C9"}, "W1", existing, min_size=4) == (
        "求解达到时限，C1村（C1）未及纳入")


def test_a_centre_across_the_town_line_exactly_at_the_distance_limit_is_suggested():
    from orggraph.geo import haversine_km
    km = haversine_km(30.05, 120.0, 30.05, 120.1)
    villages = [_centre("C2", lat=30.05, lon=120.1, town="T2"), _weak("W1")]
    assert _reason(villages, {}, "W1", max_km=km) == (
        f"所在T1镇无符合条件的中心村；补充：邻近T2镇的C2村（C2）相距{km:.1f}公里，允许跨乡镇联建"
        "（--cross-town）后可纳入")


def test_the_plans_summary_states_the_objective_the_counts_and_how_it_was_solved():
    from orggraph.analyses.pairing import tables
    villages, existing = _plan_world()
    plan = pairing_plan.plan_from(villages, existing, PairingSettings(), as_of=dt.date(2025, 6, 30))
    assert tables.summary(plan) == (
        pairing_tiers.words(PairingSettings()) + "\n"
        "各级入片情况（入片/弱村）：软弱涣散村1/1；未评星或一星级村0/1；二星级村1/1\n"
        "2026年跨村联建方案（数据截至2025-06-30）：4个弱村中2个入片，启用中心村1个（共1个），"
        "评分合计107.38分（最优方案）；已联建0个；片区3–7个村，距中心村不超过15公里，不跨乡镇。\n")
    wide = pairing_plan.plan_from(villages, existing, PairingSettings(
        centre_fallback=4, cross_town=True, max_km=12.5, min_size=2, max_size=5), within="T1",
        as_of=dt.date(2025, 6, 30))
    wide.solution = dataclasses.replace(wide.solution, optimal=False, paired_bound=3, gap=0.0123)
    assert tables.summary(wide).splitlines()[2] == (
        "2026年跨村联建方案（T1）（数据截至2025-06-30）：4个弱村中2个入片，启用中心村1个（共1个），"
        "评分合计100.86分（达到求解时限（未证最优），最优性差距1.23%，最多可入片3个）；已联建0个；"
        "片区2–5个村，距中心村不超过12.5公里；兜底中心村启用0个（共0个）。")
    wide.solution = dataclasses.replace(wide.solution, gap=math.inf)
    assert "最优性差距未知，最多可入片3个" in tables.summary(wide)
    nobody = pairing_plan.plan_from([_centre("C1")], Existing(), PairingSettings(),
                                    as_of=dt.date(2025, 6, 30))
    assert tables.summary(nobody).splitlines()[1] == "各级入片情况（入片/弱村）：无"
    alone = pairing_plan.plan_from([_weak("W1")], Existing(), PairingSettings(tiers=[]),
                                   as_of=dt.date(2025, 6, 30))
    assert tables.summary(alone).splitlines()[1:] == [
        "各级入片情况（入片/弱村）：其他需帮带村0/1",
        "2026年跨村联建方案（数据截至2025-06-30）：1个弱村中0个入片，启用中心村0个（共0个），"
        "评分合计0.00分（最优方案）；已联建0个；片区3–7个村，距中心村不超过15公里，不跨乡镇。"]


def test_the_plans_tables_show_the_clusters_then_the_villages_left_unpaired():
    from orggraph.analyses.pairing import tables
    villages, existing = _plan_world()
    plan = pairing_plan.plan_from(villages, existing, PairingSettings(), as_of=dt.date(2025, 6, 30))
    text = tables.table(plan)
    assert text.startswith(tables.summary(plan))
    titles = [line.strip() for line in text.splitlines()]
    assert "联建片区" in titles and "未纳入联建的弱村" in titles
    assert text == tables.table(plan, lang="zh")
    clusters, _, left = text.partition("未纳入联建的弱村")
    assert "拟联建（本方案）" in clusters and "已联建" in clusters and "C1村" in clusters
    # ids, the reason and (without fallback centres) the fallback column are not in the clusters
    assert "村编号" not in clusters and "未纳入联建的原因" not in clusters
    assert "是否备选中" not in clusters
    assert "村编号" in left and "未纳入联建的原因" in left and "未建立村党组织" in left
    fallback = pairing_plan.plan_from(villages, existing, PairingSettings(centre_fallback=4),
                                      as_of=dt.date(2025, 6, 30))
    assert "是否备选中" in tables.table(fallback).partition("未纳入联建的弱村")[0]
    english = tables.table(plan, lang="en")
    titles = [line.strip() for line in english.splitlines()]
    assert "Clusters" in titles and "Weak villages left unpaired" in titles
    assert "proposed" in english and "联建片区" not in english
    # both tables in English: the unassigned villages' columns too
    unpaired = english.partition("Weak villages left unpaired")[2]
    assert "reason" in unpaired and "未纳入联建的原因" not in unpaired
    alone = pairing_plan.plan_from([_weak("W1")], Existing(), PairingSettings(),
                                   as_of=dt.date(2025, 6, 30))
    assert tables.table(alone).startswith(tables.summary(alone) + "本方案无新增联建。\n")
    assert tables.table(alone, lang="en").startswith(tables.summary(alone) + "No new pairs.\n")
    everyone = pairing_plan.plan_from(villages[:3], Existing(), PairingSettings(),
                                      as_of=dt.date(2025, 6, 30))
    assert everyone.unassigned == [] and "未纳入联建的弱村" not in tables.table(everyone)


class _PlanStore(_RowsStore):
    """A graph for plan_pairs: the villages and pairs as rows, the region ids, the data's date."""

    def __init__(self, rows, labels=None, as_of="2025-06-30"):
        super().__init__(rows)
        self.labels, self.meta, self.asked = labels or {}, [{"as_of": as_of, "loaded": None}], []

    def query(self, text, params=None):
        from orggraph import notions
        if text == notions.READ_META:
            return self.meta
        return super().query(text, params)

    def has_node(self, label, node_id):
        self.asked.append((label, node_id))
        return self.labels.get(node_id) == label


def _plan_store(**kwargs):
    centre = _village_row("C1", "B-C1", stars=5, weak=False, score_industry=90.0,
                          score_location=90.0, score_transport=90.0, score_service=90.0)
    weak = [_village_row(f"W{n}", f"B-W{n}", stars=2, weak=False, lat=30.0 + n / 100,
                         collective_income=50.0, households=800) for n in (1, 2, 3)]
    return _PlanStore({"pairing/villages": [centre, *weak],
                       "pairing/co_builds": [_co_build("C1", "W3", status="proposed")],
                       "pairing/joint_members": []}, **kwargs)


def test_plan_pairs_reads_the_scope_the_pairs_and_the_datas_date_from_the_graph():
    store = _plan_store(labels={"R-T": "Region", "P-1": "Person"})
    plan = pairing_plan.plan_pairs(store)
    assert store.params["pairing/villages"] == {"within": ""} and store.asked == []
    assert (plan.within, plan.as_of, plan.year, plan.settings) == (
        None, "2025-06-30", 2026, PairingSettings())
    assert plan.cand.shared == VillageSettings()
    # the earlier proposal C1–W3 is re-planned (not kept): all three villages with C1
    assert [(c.centre, [p.village for p in c.pairs]) for c in plan.clusters] == [
        ("C1", ["W1", "W2", "W3"])]
    kept = pairing_plan.plan_pairs(store, PairingSettings(keep_proposed=True), "R-T",
                                   villages=VillageSettings(weak_max_stars=1),
                                   as_of=dt.date(2024, 1, 1))
    assert store.asked == [("Region", "R-T")] and store.params["pairing/villages"] == {
        "within": "R-T"}
    assert (kept.within, kept.as_of, kept.year) == ("R-T", "2024-01-01", 2025)
    # two stars are not weak under weak_max_stars 1: nobody is to be paired
    assert kept.cand.shared == VillageSettings(weak_max_stars=1) and kept.cand.weak == {}
    assert kept.cand.existing == {"C1": {"W3"}}                 # the proposal kept as a pair
    for wrong in ("P-1", "R-NONE"):
        with pytest.raises(pairing_plan.PairingError) as error:
            pairing_plan.plan_pairs(store, within=wrong)
        assert str(error.value) == f"没有编号为 {wrong} 的区域"
