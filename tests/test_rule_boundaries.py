"""The analyses' rules stated at their boundaries, so that a drifted `<`, constant or term fails here.

Written against the mutants that survived scripts/mutation (docs/TESTING.md): each test names the
rule and the number it comes from (the seeds, TERMS.md, DATA_MODEL.md) and checks both sides of it.
"""
from __future__ import annotations

import datetime as dt

import pytest

from orggraph.analyses.cadres import CadreSettings, plan_cadres
from orggraph.analyses.cadres import needs
from orggraph.analyses.cadres.needs import CadreVillage, assess, has_need
from orggraph.analyses.pairing import PairingSettings, score
from orggraph.analyses.pairing.data import PairingVillage, read_existing
from orggraph import notions, queries
from orggraph.analyses import coverage, rates
from orggraph.analyses.influence import analyse_chains
from orggraph.load.load import load_bundle
from orggraph.notions import VillageSettings
from support.bundles import write_bundle

VILLAGES = VillageSettings()
CADRES = CadreSettings(year=2025)


# --- cadres: what a village needs (拉萨篇) ------------------------------------------------------

@pytest.mark.parametrize("income, poor", [(9.99, True), (10.0, False), (10.01, False), (0.0, True),
                                          (None, False)])
def test_a_poor_village_has_a_collective_income_below_ten_wan(income, poor):
    # 集体经济薄弱: below poor_income_below (10 万元 a year); exactly 10 is not poor, and an unknown
    # income is not taken as poverty.
    village = CadreVillage("V", "V", stars=4, collective_income=income)
    assert has_need(village, "poor", CADRES, VILLAGES) is poor
    assert ("poor" in assess(village, CADRES, VILLAGES).needs) is poor


def test_the_poor_boundary_follows_the_villages_table():
    village = CadreVillage("V", "V", stars=4, collective_income=15.0)
    assert not has_need(village, "poor", CADRES, VILLAGES)
    assert has_need(village, "poor", CADRES, VillageSettings(poor_income_below=15.01))
    assert not has_need(village, "poor", CADRES, VillageSettings(poor_income_below=15.0))


# --- notions: who is weak, who is to be led, who is in office (notions.py) ----------------------

@pytest.mark.parametrize("flagged, stars, weak", [
    (False, 2, True), (False, 3, False), (False, 0, True), (None, None, False), (True, 5, True),
    (True, None, True)])
def test_a_weak_village_is_flagged_or_has_two_stars_or_fewer(flagged, stars, weak):
    # 软弱涣散, or 二星级及以下 (weak_max_stars = 2); unknown stars alone do not make it weak.
    assert notions.is_weak(flagged, stars, VILLAGES) is weak
    assert (notions.must_have_first_secretary(flagged, stars, (), VILLAGES) == ("weak",)) is weak


def test_the_weak_boundary_follows_the_villages_table():
    assert notions.is_weak(False, 3, VillageSettings(weak_max_stars=3))
    assert not notions.is_weak(False, 2, VillageSettings(weak_max_stars=1))


def test_a_village_tagged_for_a_first_secretary_must_have_one_whatever_its_stars():
    assert notions.must_have_first_secretary(False, 5, ("脱贫村", "专业村"), VILLAGES) == ("脱贫村",)
    assert notions.must_have_first_secretary(True, 1, ("易地扶贫搬迁村",), VILLAGES) == (
        "weak", "易地扶贫搬迁村")
    assert notions.must_have_first_secretary(False, 4, None, VILLAGES) == ()


def why(flagged=False, stars=4, income=50.0, households=800, willing=False, industry=None,
        settings=VILLAGES) -> list[str]:
    return notions.why_to_be_led(flagged, stars, income, households, willing, industry, settings)


def test_a_village_is_led_for_each_reason_and_at_each_boundary():
    assert why() == []
    assert len(why(flagged=True)) == 1
    assert len(why(stars=2)) == 1 and why(stars=3) == [] and why(stars=None) == []
    # 集体经济薄弱: below 10 万元; exactly 10 is not; unknown is not.
    assert len(why(income=9.99)) == 1 and why(income=10.0) == [] and why(income=None) == []
    # a small village (fewer than 300 households) that is willing to join (有联建意愿)
    assert len(why(households=299, willing=True)) == 1
    assert why(households=300, willing=True) == []
    assert why(households=10, willing=False) == [] and why(households=None, willing=True) == []
    # a poor industry base: score_industry below weak_industry_score (0 = off)
    assert why(industry=0.0) == []
    scored = VillageSettings(weak_industry_score=50.0)
    assert len(why(industry=49.9, settings=scored)) == 1
    assert why(industry=50.0, settings=scored) == [] and why(industry=None, settings=scored) == []
    # every reason that applies is given
    assert len(why(flagged=True, stars=1, income=1.0, households=10, willing=True)) == 4


def test_a_five_star_village_is_never_led_unless_flagged():
    # 五星级 (five stars, not 软弱涣散) leads others; poor and small it may be, it is not led.
    assert why(stars=5, income=1.0, households=10, willing=True) == []
    assert why(flagged=None, stars=5, income=1.0) == []
    assert len(why(stars=4, income=1.0, households=10, willing=True)) == 2
    # flagged, its stars do not protect it
    assert len(why(flagged=True, stars=5)) == 1
    assert notions.is_five_star(False, 5) and not notions.is_five_star(True, 5)
    assert not notions.is_five_star(False, 4) and not notions.is_five_star(None, None)


def test_a_village_is_as_weak_as_its_weakest_branch():
    assert notions.branch_facts([False, None, True], [3, None, 1]) == (True, 1)
    assert notions.branch_facts([False, False], [4, 2]) == (False, 2)
    assert notions.branch_facts([None], [None]) == (False, None)
    assert notions.branch_facts([], []) == (False, None)


@pytest.mark.parametrize("since, until, year, in_office", [
    (2023, None, 2023, True), (2023, None, 2024, True), (2023, None, 2025, False),  # 一般2年
    (2023, None, 2022, False), (None, None, 2025, True),
    (2020, 2025, 2025, True), (2020, 2025, 2026, False), (2020, 2025, 2019, False),
    (None, 2025, 2025, True), (None, 2025, 2024, False)])
def test_a_station_is_in_office_for_its_term_or_until_its_end(since, until, year, in_office):
    assert notions.in_office(since, until, year, VILLAGES.term_years) is in_office


def test_the_term_is_two_years_and_follows_the_villages_table():
    assert VILLAGES.term_years == 2
    assert notions.in_office(2023, None, 2025, 3) and not notions.in_office(2023, None, 2026, 3)
    assert notions.last_year(2023, None, 2) == 2024 and notions.last_year(2023, None, 3) == 2025
    assert notions.last_year(2023, 2030, 2) == 2030 and notions.last_year(None, None, 2) is None
    assert notions.last_year(None, 2027, 2) == 2027


def test_the_cypher_params_carry_the_villages_table():
    params = notions.cypher_params(VillageSettings(weak_max_stars=1, term_years=3,
                                                   poor_income_below=12, small_households=200,
                                                   weak_industry_score=40), 2025)
    assert params == {"weak_max_stars": 1, "tags": ["脱贫村", "易地扶贫搬迁村"], "term_years": 3,
                      "year": 2025, "poor_income_below": 12.0, "small_households": 200,
                      "weak_industry_score": 40.0}
    assert isinstance(params["poor_income_below"], float)


# --- pairing: the pair score and its four parts (pairing/score.py) ------------------------------

def test_proximity_falls_from_one_at_the_centre_to_zero_at_max_km():
    s = PairingSettings()   # max_km 15
    proximity = lambda km: score.pair_parts(km, 90.0, 40.0, 0.0, s)["proximity"]  # noqa: E731
    assert proximity(0.0) == 1.0
    assert proximity(7.5) == pytest.approx(0.5)
    assert proximity(15.0) == pytest.approx(0.0)
    assert proximity(30.0) == 0.0          # never negative
    assert score.pair_parts(10.0, 90.0, 40.0, 0.0, PairingSettings(max_km=20.0))["proximity"] == \
        pytest.approx(0.5)


def test_strength_is_the_centres_score_and_need_the_weak_villages_lack_of_it():
    s = PairingSettings()
    parts = score.pair_parts(0.0, 85.0, 30.0, 0.0, s)
    assert parts["strength"] == pytest.approx(0.85) and parts["need"] == pytest.approx(0.7)
    assert score.pair_parts(0.0, 85.0, None, 0.0, s)["need"] == 0.5   # no scores: need unknown
    assert score.pair_parts(0.0, 85.0, 0.0, 0.0, s)["need"] == 1.0
    assert score.pair_parts(0.0, 85.0, 30.0, 0.7, s)["industry_fit"] == 0.7


def test_the_pair_score_is_the_weighted_mean_of_its_parts_in_hundredths():
    parts = {"proximity": 1.0, "strength": 0.0, "need": 0.0, "industry_fit": 0.0}
    assert score.pair_score(parts, PairingSettings()) == 4000              # 100 * 0.4 / 1.0
    assert score.pair_score(parts, PairingSettings(pair_proximity=1.0, pair_strength=1.0,
                                                   pair_need=1.0, pair_industry=1.0)) == 2500
    each = {"proximity": 0.0, "strength": 0.5, "need": 0.25, "industry_fit": 1.0}
    # 100 * (0.2*0.5 + 0.2*0.25 + 0.2*1) / 1.0 = 35.00 points
    assert score.pair_score(each, PairingSettings()) == 3500
    assert score.pair_score({"proximity": 0.123456, "strength": 0.0, "need": 0.0,
                             "industry_fit": 0.0}, PairingSettings()) == 494  # 4.938… rounded


def test_the_composite_score_is_the_weighted_mean_of_the_known_scores():
    s = PairingSettings()    # weights 1,1,1,1,1
    v = lambda scores: PairingVillage("V", "V", "T", "T", "C", "B", 5, False, scores, 50.0,  # noqa: E731
                                      "水稻", 500, 1000, False, 30.0, 120.0)
    assert score.composite(v((80.0, None, 60.0, 100.0, 40.0)), s) == pytest.approx(70.0)
    assert score.composite(v((None,) * 5), s) is None
    assert score.composite(v((0.0, None, None, None, None)), s) == 0.0
    leaning = PairingSettings(weight_leadership=3.0, weight_service=0.0)
    # (3*80 + 60 + 100) / 5; the service score has weight 0 and does not count
    assert score.composite(v((80.0, None, 60.0, 100.0, 0.0)), leaning) == pytest.approx(80.0)
    assert score.composite(v((None, None, None, None, 50.0)), leaning) is None


def test_industry_fit_is_one_for_the_same_industry_related_fit_for_a_related_one():
    s = PairingSettings()    # related_fit 0.5
    relations = score.related(s)
    assert relations["生猪"] == {"肉牛"}
    assert relations["茶叶"] == {"食用菌", "中药材", "乡村旅游", "精品水果"}
    assert score.industry_fit("茶叶", "茶叶", s, relations) == 1.0
    assert score.industry_fit("茶叶", "乡村旅游", s, relations) == 0.5
    assert score.industry_fit("生猪", "茶叶", s, relations) == 0.0
    assert score.industry_fit("渔业", "茶叶", s, relations) == 0.0     # an industry in no group
    assert score.industry_fit(None, "茶叶", s, relations) == 0.0
    assert score.industry_fit("茶叶", "", s, relations) == 0.0
    assert score.industry_fit(None, None, s, relations) == 0.0
    spaced = PairingSettings(related_industries=(" 甲 ; 乙;; ",), related_fit=0.3)
    assert score.related(spaced) == {"甲": {"乙"}, "乙": {"甲"}}
    assert score.industry_fit("甲", "乙", spaced, score.related(spaced)) == 0.3


def test_an_industry_village_has_a_main_industry_and_an_enterprise():
    # 农牧干部进产业村: a main_industry and at least industry_min_enterprises (1) enterprises in it.
    tea = lambda n, industry="茶叶": CadreVillage("V", "V", stars=4, main_industry=industry,  # noqa: E731
                                                  enterprises=n)
    assert has_need(tea(1), "industry", CADRES, VILLAGES)
    assert not has_need(tea(0), "industry", CADRES, VILLAGES)
    assert not has_need(tea(5, None), "industry", CADRES, VILLAGES)
    assert not has_need(tea(5, ""), "industry", CADRES, VILLAGES)
    two = CadreSettings(year=2025, industry_min_enterprises=2)
    assert not has_need(tea(1), "industry", two, VILLAGES) and has_need(tea(2), "industry", two,
                                                                          VILLAGES)


def test_disorderly_and_specialised_villages_are_known_by_their_tags():
    tagged = lambda *tags: CadreVillage("V", "V", stars=4, tags=tags)  # noqa: E731
    assert has_need(tagged("治安重点村"), "disorderly", CADRES, VILLAGES)
    assert not has_need(tagged("专业村"), "disorderly", CADRES, VILLAGES)
    assert has_need(tagged("其他", "一村一品"), "specialised", CADRES, VILLAGES)
    assert not has_need(tagged(), "specialised", CADRES, VILLAGES)
    with pytest.raises(ValueError, match="unknown need"):
        has_need(tagged(), "lonely", CADRES, VILLAGES)


def test_needs_are_ranked_by_weight_and_equal_weights_keep_the_sources_order():
    every = CadreVillage("V", "V", weak_flag=True, stars=1, collective_income=1.0,
                         main_industry="茶叶", enterprises=1, tags=("乱村", "专业村"))
    assert assess(every, CADRES, VILLAGES).needs == ("weak", "poor", "disorderly", "industry",
                                                     "specialised")
    flat = CadreSettings(year=2025, weight_weak=1, weight_poor=1, weight_disorderly=1,
                         weight_industry=1, weight_specialised=1)
    assert assess(every, flat, VILLAGES).needs == ("weak", "poor", "disorderly", "industry",
                                                   "specialised")
    reversed_ = CadreSettings(year=2025, weight_weak=1, weight_poor=2, weight_disorderly=3,
                              weight_industry=4, weight_specialised=5)
    assert assess(every, reversed_, VILLAGES).needs == ("specialised", "industry", "disorderly",
                                                        "poor", "weak")
    assert assess(every, CADRES, VILLAGES).must == ("weak",)
    assert assess(CadreVillage("V", "V", stars=4), CADRES).needs == ()


def test_a_need_is_described_by_its_chinese_name():
    assert "穷村" in needs.describe("poor") and needs.describe(None) == ""


@pytest.mark.parametrize("flagged, stars, weak", [(False, 2, True), (False, 3, False),
                                                  (True, 4, True), (False, None, False)])
def test_a_weak_village_needs_a_party_affairs_cadre_by_its_flag_or_its_stars(flagged, stars, weak):
    # 党群干部进弱村: weak is the shared notion (flagged, or two stars or fewer).
    village = CadreVillage("V", "V", weak_flag=flagged, stars=stars)
    assert has_need(village, "weak", CADRES, VILLAGES) is weak
    assert assess(village, CADRES, VILLAGES).needs == (("weak",) if weak else ())
    assert assess(village, CADRES, VILLAGES).must == (("weak",) if weak else ())


# --- the query library's own defaults (cypher/*/*.cypher headers) -------------------------------

def test_every_query_header_default_is_the_settings_default():
    """`orggraph query coverage/…` without parameters answers with the thresholds the analyses use
    by default: 3 members, 50 employees, 3 part-time members, 15 households, 2 stars, 10 万元,
    300 households, a term of 2 years, the first-secretary tags."""
    expected = coverage.parameters(coverage.CoverageSettings(), VillageSettings(), 2025)
    assert (expected["min_members"], expected["min_employees"], expected["min_part_time_members"],
            expected["max_households"], expected["weak_max_stars"], expected["term_years"],
            expected["poor_income_below"], expected["small_households"]) == (
        3, 50, 3, 15, 2, 2, 10.0, 300)
    checked = 0
    for query in queries.library().values():
        for param in query.params:
            if param.default is not None and param.name in expected and param.name != "year":
                assert param.default == expected[param.name], (query.name, param.name)
                checked += 1
    assert checked >= 15


# --- coverage rules on the store, at their boundaries (cypher/coverage/*.cypher), both stores ---

def _county(villages: list[tuple[str, dict, dict]]) -> list:
    """County R-C > town R-T > the villages (id, village props, branch props), each with a branch."""
    nodes = [("Region", {"id": "R-C", "name": "清溪县", "kind": "county"}),
             ("Region", {"id": "R-T", "name": "青山镇", "kind": "town"}),
             ("OrgUnit", {"id": "O-T", "name": "中共青山镇委员会", "kind": "town_committee"})]
    rels = [("PART_OF", "R-T", "R-C"), ("BASED_IN", "O-T", "R-T")]
    for vid, props, branch in villages:
        nodes += [("Region", {"id": vid, "name": f"{vid}村", "kind": "village", **props}),
                  ("OrgUnit", {"id": f"O-{vid}", "name": f"{vid}党支部", "kind": "village_branch",
                               **branch})]
        rels += [("PART_OF", vid, "R-T"), ("BASED_IN", f"O-{vid}", vid),
                 ("MEMBER_OF", f"O-{vid}", "O-T")]
    return nodes, rels


def _gaps(store, rule_id, **villages) -> set[str]:
    return {f["id"] for f in coverage.find_gaps(store, [rule_id],
                                                villages=VillageSettings(**villages))}


TO_BE_LED = [
    ("V-I10", {"collective_income": 10.0}, {"stars": 4}),      # exactly 10 万元: not poor
    ("V-I9", {"collective_income": 9.99}, {"stars": 4}),       # below: poor
    ("V-INONE", {}, {"stars": 4}),                             # no income known: not poor
    ("V-H300", {"households": 300, "willing_to_join": True}, {"stars": 4}),   # not small
    ("V-H299", {"households": 299, "willing_to_join": True}, {"stars": 4}),   # small and willing
    ("V-HNONE", {"willing_to_join": True}, {"stars": 4}),      # households unknown
    ("V-H10", {"households": 10, "willing_to_join": False}, {"stars": 4}),    # not willing
    ("V-S2", {}, {"stars": 2}), ("V-S3", {}, {"stars": 3}),    # 二星级及以下
    ("V-S5P", {"collective_income": 1.0}, {"stars": 5}),       # five stars, unflagged: never led
    ("V-S5W", {}, {"stars": 5, "weak": True}),                 # flagged: led whatever its stars
    ("V-IS49", {"score_industry": 49.9}, {"stars": 4}),
    ("V-IS50", {"score_industry": 50.0}, {"stars": 4}),
]


def test_weak_village_unpaired_at_each_boundary(store, tmp_path):
    load_bundle(store, write_bundle(tmp_path / "b", *_county(TO_BE_LED)))
    assert _gaps(store, "weak_village_unpaired") == {"V-I9", "V-H299", "V-S2", "V-S5W"}
    assert _gaps(store, "weak_village_unpaired", weak_industry_score=50.0) == {
        "V-I9", "V-H299", "V-S2", "V-S5W", "V-IS49"}
    assert _gaps(store, "weak_village_unpaired", poor_income_below=10.01, small_households=301,
                 weak_max_stars=3) == {"V-I9", "V-I10", "V-H299", "V-H300", "V-S2", "V-S3",
                                       "V-S5W"}


# --- cadres on the store: scope, town and where a cadre is based (cypher/cadres/*.cypher) -------

def test_cadres_scope_town_and_base_come_from_the_graph(store, tmp_path):
    nodes, rels = _county([("V-POOR", {"collective_income": 3.0}, {"stars": 4}),
                           ("V-WEAK", {}, {"stars": 2})])
    nodes += [("Region", {"id": "R-T2", "name": "白沙镇", "kind": "town"}),
              ("Region", {"id": "V-FAR", "name": "V-FAR村", "kind": "village",
                          "collective_income": 2.0}),
              ("OrgUnit", {"id": "O-V-FAR", "name": "V-FAR党支部", "kind": "village_branch",
                           "stars": 4}),
              ("Region", {"id": "R-W", "name": "工业园", "kind": "street"}),
              ("Enterprise", {"id": "E-1", "name": "茶叶公司", "kind": "private"}),
              ("Region", {"id": "R-B", "name": "县直机关", "kind": "street"}),
              ("OrgUnit", {"id": "O-A", "name": "县直机关党支部", "kind": "agency_branch"}),
              ("Person", {"id": "P-E", "name": "李经济", "specialty": "economy"}),
              ("Person", {"id": "P-M", "name": "张党群", "specialty": "party_affairs"})]
    rels += [("PART_OF", "R-T2", "R-C"), ("PART_OF", "V-FAR", "R-T2"),
             ("BASED_IN", "O-V-FAR", "V-FAR"), ("PART_OF", "R-W", "R-C"), ("PART_OF", "R-B", "R-C"),
             ("LOCATED_IN", "E-1", "R-W"), ("WORKS_AT", "P-E", "E-1"),      # based by employer
             ("BASED_IN", "O-A", "R-B"), ("MEMBER_OF", "P-M", "O-A")]       # by organisation
    load_bundle(store, write_bundle(tmp_path / "b", nodes, rels))
    plan = plan_cadres(store, CADRES, within="R-T")
    assert set(plan.scope) == {"V-POOR", "V-WEAK"}          # the villages below 青山镇 only
    rows = {r["village"]: r for r in plan.match_rows(True)}
    assert {v: (r["cadre"], r["town"], r["based_in"]) for v, r in rows.items()} == {
        "V-POOR": ("P-E", "青山镇", "工业园"), "V-WEAK": ("P-M", "青山镇", "县直机关")}
    assert set(plan_cadres(store, CADRES, within="R-T2").scope) == {"V-FAR"}
    assert set(plan_cadres(store, CADRES).scope) == {"V-POOR", "V-WEAK", "V-FAR"}


# --- pairing on the store: who leads a joint-village branch (cypher/pairing/joint_members) -----

def test_a_joint_branch_without_a_leading_branch_is_centred_on_its_village(store, tmp_path):
    # 联村党总支: its centre is the village whose branch LEADS it, else the village it is based in.
    nodes, rels = _county([("V-A", {}, {"stars": 5}), ("V-B", {}, {"stars": 5}),
                           ("V-W1", {}, {"stars": 2}), ("V-W2", {}, {"stars": 2}),
                           ("V-W3", {}, {"stars": 2})])
    nodes += [("OrgUnit", {"id": "J-A", "name": "甲联村党总支", "kind": "joint_village_branch"}),
              ("OrgUnit", {"id": "J-B", "name": "乙联村党总支", "kind": "joint_village_branch"})]
    rels += [("BASED_IN", "J-A", "V-A"), ("MEMBER_OF", "O-V-W1", "J-A"),
             ("MEMBER_OF", "O-V-W2", "J-A"),                               # based in V-A only
             ("BASED_IN", "J-B", "V-A"), ("LEADS", "O-V-B", "J-B"),        # led by V-B's branch
             ("MEMBER_OF", "O-V-W3", "J-B")]
    load_bundle(store, write_bundle(tmp_path / "b", nodes, rels))
    existing = read_existing(store)
    assert existing.partners == {"V-A": {"V-W1", "V-W2"}, "V-B": {"V-W3"}}
    assert existing.paired == {"V-W1", "V-W2", "V-W3"}


# --- influence on the store: the leader's facts (cypher/influence/chains.cypher) ----------------

# Stations of an instructor or first secretary and whether each is in office in 2025.
STATIONS = [({"since": 2024}, True), ({"since": 2023}, False),            # a 2-year term: 2024–2025
            ({"since": 2025}, True), ({"since": 2026}, False),            # from its first year on
            ({"since": 2025, "until": 2025}, True), ({"since": 2020, "until": 2024}, False),
            ({"until": 2025}, True), ({"until": 2026, "since": 2026}, False), ({}, True)]


@pytest.mark.parametrize("station, in_office", STATIONS)
def test_the_chain_leaders_instructor_is_judged_in_office_in_the_as_of_year(store, tmp_path,
                                                                            station, in_office):
    nodes = [("IndustryChain", {"id": "C-1", "name": "茶叶链"}),
             ("Enterprise", {"id": "E-L", "name": "龙头企业", "kind": "private"}),
             ("Enterprise", {"id": "E-M", "name": "成员企业", "kind": "private"}),
             ("OrgUnit", {"id": "O-K", "name": "茶叶链党委", "kind": "chain_committee"}),
             ("OrgUnit", {"id": "O-L", "name": "龙头企业党支部", "kind": "enterprise_branch"}),
             ("Person", {"id": "P-I", "name": "指导员"})]
    rels = [("LEADS", "E-L", "C-1"), ("MEMBER_OF", "E-M", "C-1", {"tier": "upstream"}),
            ("SUPPLIES", "E-M", "E-L", {"weight": 1}), ("BASED_IN", "O-K", "C-1"),
            ("BASED_IN", "O-L", "E-L"),
            ("STATIONED_IN", "P-I", "E-L", {"role": "instructor", **station})]
    load_bundle(store, write_bundle(tmp_path / "b", nodes, rels))
    [result] = analyse_chains(store, as_of=dt.date(2025, 6, 30))
    assert (result["leader"], result["committee"]) == ("E-L", "O-K")
    assert result["leader_organised"] is True and result["leader_in_alliance"] is False
    assert result["leader_instructor"] is in_office


def test_a_leader_in_the_alliance_counts_its_party_member_workers(store, tmp_path):
    nodes = [("IndustryChain", {"id": "C-1", "name": "茶叶链"}),
             ("Enterprise", {"id": "E-L", "name": "龙头企业", "kind": "private"}),
             ("OrgUnit", {"id": "O-K", "name": "茶叶链党委", "kind": "chain_committee"}),
             ("OrgUnit", {"id": "O-L", "name": "龙头企业党支部", "kind": "enterprise_branch"}),
             ("Person", {"id": "P-1", "name": "甲", "party_member": True}),
             ("Person", {"id": "P-2", "name": "乙", "party_member": True}),
             ("Person", {"id": "P-3", "name": "丙", "party_member": False})]
    rels = [("LEADS", "E-L", "C-1"), ("BASED_IN", "O-K", "C-1"), ("BASED_IN", "O-L", "E-L"),
            ("MEMBER_OF", "O-L", "O-K")] + [("WORKS_AT", p, "E-L") for p in ("P-1", "P-2", "P-3")]
    load_bundle(store, write_bundle(tmp_path / "b", nodes, rels))
    [result] = analyse_chains(store, as_of=dt.date(2025, 6, 30))
    assert result["leader_in_alliance"] is True and result["leader_party_members"] == 2


def test_a_chain_members_tier_is_read_from_its_member_of_edge(store, tmp_path):
    # 链上位置 (upstream/downstream) is a property of the member's MEMBER_OF edge to the chain;
    # the leader (LEADS, no MEMBER_OF) has none. Members outside the alliance are recommended
    # with their tier.
    nodes = [("IndustryChain", {"id": "C-1", "name": "茶叶链"}),
             ("Enterprise", {"id": "E-L", "name": "龙头企业", "kind": "private"}),
             ("Enterprise", {"id": "E-U", "name": "茶园", "kind": "private"}),
             ("Enterprise", {"id": "E-D", "name": "茶馆", "kind": "private"})]
    rels = [("LEADS", "E-L", "C-1"), ("MEMBER_OF", "E-U", "C-1", {"tier": "upstream"}),
            ("MEMBER_OF", "E-D", "C-1", {"tier": "downstream"}),
            ("SUPPLIES", "E-U", "E-L", {"weight": 1}), ("SUPPLIES", "E-L", "E-D", {"weight": 1})]
    load_bundle(store, write_bundle(tmp_path / "b", nodes, rels))
    [result] = analyse_chains(store, as_of=dt.date(2025, 6, 30))
    tiers = {r["id"]: r["tier"] for r in result["recommend"] if r["action"] == "join_alliance"}
    assert tiers == {"E-D": "downstream", "E-U": "upstream"}


# --- rates: what each 覆盖率 counts over (cypher/rates/*.cypher), both stores --------------------

def _rates_world() -> tuple[list, list]:
    """青山镇 (R-T): the villages of TO_BE_LED, two tagged ones and one whose branch has no stars;
    enterprises with 0–3 party members (a recorded number, else the party members working
    there), grids, in-service members. 白沙镇 (R-T2): one enterprise with 3 members, one member
    known only by employer. A chain with two members and an organised leader."""
    nodes, rels = _county(TO_BE_LED + [("V-TAG", {"tags": ["脱贫村"]}, {"stars": 4}),
                                       ("V-TAGX", {"tags": ["专业村"]}, {"stars": 4}),
                                       ("V-SNONE", {}, {})])
    nodes += [("Region", {"id": "R-T2", "name": "白沙镇", "kind": "town"}),
              ("Region", {"id": "G-1", "name": "一网格", "kind": "grid"}),
              ("Region", {"id": "G-2", "name": "花园小区", "kind": "compound"}),
              ("Region", {"id": "G-3", "name": "青山社区", "kind": "community"}),
              ("IndustryChain", {"id": "C-1", "name": "茶叶链"})]
    rels += [("PART_OF", "R-T2", "R-C"), ("PART_OF", "G-1", "V-S2"), ("PART_OF", "G-2", "R-T"),
             ("PART_OF", "G-3", "R-T")]
    enterprises = {"E-P3": ({"party_members": 3}, 0, "R-T2"), "E-W3": ({}, 3, "R-T"),
                   "E-P2": ({"party_members": 2}, 0, "R-T"), "E-W2": ({}, 2, "R-T"),
                   "E-P1": ({"party_members": 1}, 0, "R-T"), "E-P0": ({"party_members": 0}, 3, "R-T"),
                   "E-W0": ({}, 0, "R-T")}
    for eid, (props, workers, town) in enterprises.items():
        nodes.append(("Enterprise", {"id": eid, "name": f"{eid}公司", "kind": "private", **props}))
        rels.append(("LOCATED_IN", eid, town))
        for i in range(workers):
            nodes.append(("Person", {"id": f"P-{eid}-{i}", "name": f"工人{eid}{i}",
                                     "party_member": True}))
            rels.append(("WORKS_AT", f"P-{eid}-{i}", eid))
    nodes.append(("Person", {"id": "P-N", "name": "群众", "party_member": False}))
    rels.append(("WORKS_AT", "P-N", "E-W2"))        # not a party member: not counted
    nodes += [("Person", {"id": "P-A", "name": "甲", "party_member": True, "in_service": True}),
              ("Person", {"id": "P-B", "name": "乙", "party_member": True, "in_service": True}),
              ("Person", {"id": "P-C", "name": "丙", "party_member": True, "in_service": False}),
              ("Person", {"id": "P-D", "name": "丁", "party_member": False, "in_service": True})]
    rels += [("MEMBER_OF", "P-A", "O-V-S2"), ("WORKS_AT", "P-B", "E-P3"),
             ("MEMBER_OF", "P-C", "O-V-S2"), ("MEMBER_OF", "P-D", "O-V-S2")]
    nodes.append(("OrgUnit", {"id": "O-E", "name": "E-W3公司党支部", "kind": "enterprise_branch"}))
    rels += [("BASED_IN", "O-E", "E-W3"), ("LEADS", "E-W3", "C-1"), ("MEMBER_OF", "E-P2", "C-1"),
             ("MEMBER_OF", "E-W2", "C-1")]
    return nodes, rels


def _required(store, **villages) -> dict[tuple[str, str | None], tuple[int, int]]:
    settings = VillageSettings(**villages)
    raw = rates.town_rates(store, coverage.find_gaps(store, villages=settings), villages=settings)
    return {(r["measure"], r["town_id"]): (r["required"], r["covered"]) for r in raw}


def test_each_rate_counts_over_the_population_its_rule_looks_at(store, tmp_path):
    load_bundle(store, write_bundle(tmp_path / "b", *_rates_world()))
    assert _required(store) == {
        # 弱村 (flagged, or two stars or fewer) and the tagged 脱贫村; none has a first secretary
        ("first_secretary", "R-T"): (3, 0),
        # the villages to be led (as weak_village_unpaired), none paired: the flagged five-star
        # V-S5W is one, the unflagged V-S5P (poor, but five stars) is not (else it would count
        # as covered, having no finding)
        ("weak_paired", "R-T"): (4, 0),
        # 3 party members or more (the recorded number first, else the members working there)
        ("enterprise_branch", "R-T"): (1, 1), ("enterprise_branch", "R-T2"): (1, 0),
        # 1 or 2 party members
        ("joint_branch", "R-T"): (3, 0),
        # grids and compounds, not communities
        ("grid_branch", "R-T"): (2, 0),
        # in-service party members, in the town of their organisation or else their employer
        ("member_reported", "R-T"): (1, 0), ("member_reported", "R-T2"): (1, 0)}
    wider = _required(store, weak_max_stars=3, poor_income_below=10.01, small_households=301,
                      weak_industry_score=50.0)
    assert wider[("first_secretary", "R-T")] == (4, 0)     # + V-S3
    assert wider[("weak_paired", "R-T")] == (8, 0)          # + V-S3, V-I10, V-H300, V-IS49


def test_chain_tiers_count_a_chains_members_and_its_leader(store, tmp_path):
    load_bundle(store, write_bundle(tmp_path / "b", *_rates_world()))
    [row] = rates.chain_tiers(store, coverage.find_gaps(store))
    assert (row["chain"], row["members"], row["leader_organised"]) == ("C-1", 2, True)
    assert row["leader_instructor"] is False


def _append_rows(path, rows: list[dict]) -> None:
    """Add rows to one CSV file of a written bundle, under its existing header."""
    import csv

    with open(path, encoding="utf-8-sig", newline="") as f:
        header = next(csv.reader(f))
    with open(path, "a", encoding="utf-8", newline="") as f:
        csv.DictWriter(f, header).writerows(rows)


def test_a_centre_based_joint_branch_without_a_leading_branch_is_kept(store, tmp_path):
    # An active 联村党总支 whose centre is known only by where it is BASED_IN (no LEADS branch):
    # `pair --apply --with-branch` keeps it for that centre and sets up no second one.
    from orggraph.analyses.pairing import apply_plan, plan_pairs
    from support.pairing_world import World

    w = World()
    w.centre("A", "T1", 0, 0)
    w.weak("W1", "T1", -1, 0)
    w.weak("W2", "T1", 0, 1)
    bundle = w.write(tmp_path / "b")
    _append_rows(bundle / "nodes" / "OrgUnit.csv",
                 [{"id": "O-J-A", "name": "A联村党总支", "kind": "joint_village_branch"}])
    _append_rows(bundle / "rels" / "BASED_IN.csv", [{"from": "O-J-A", "to": "A"}])
    _append_rows(bundle / "rels" / "MEMBER_OF.csv", [{"from": "O-W1", "to": "O-J-A"}])
    load_bundle(store, bundle)
    applied = apply_plan(store, plan_pairs(store, PairingSettings(since=2030)), with_branch=True)
    assert applied.kept_joints == [("A", "O-J-A")] and applied.joints == []


# --- places: where a finding lies and who answers for it (cypher/places/*.cypher), both stores --

def test_places_walk_up_by_each_relationship_in_its_direction(store, tmp_path):
    from orggraph.analyses.places import Places

    nodes, rels = _county([("V-1", {}, {"stars": 4})])
    nodes += [("Region", {"id": "G-1", "name": "一网格", "kind": "grid"}),
              ("OrgUnit", {"id": "O-C", "name": "中共清溪县委员会", "kind": "county_committee"}),
              ("OrgUnit", {"id": "O-G", "name": "一网格党支部", "kind": "grid_branch"}),
              ("Enterprise", {"id": "E-1", "name": "茶叶公司", "kind": "private"}),
              ("Enterprise", {"id": "E-2", "name": "茶园", "kind": "private"}),
              ("OrgUnit", {"id": "O-E", "name": "茶叶公司党支部", "kind": "enterprise_branch"}),
              ("IndustryChain", {"id": "C-1", "name": "茶叶链"}),
              ("IndustryChain", {"id": "C-2", "name": "竹业链"}),
              ("OrgUnit", {"id": "O-K", "name": "竹业链党委", "kind": "chain_committee"}),
              ("OrgUnit", {"id": "O-K1", "name": "茶叶链党委", "kind": "chain_committee"})]
    rels += [("PART_OF", "G-1", "V-1"), ("BASED_IN", "O-C", "R-C"), ("MEMBER_OF", "O-T", "O-C"),
             ("MEMBER_OF", "O-G", "O-V-1"),                # a group under the village's branch
             ("LOCATED_IN", "E-1", "V-1"), ("LOCATED_IN", "E-2", "R-T"),
             ("BASED_IN", "O-E", "E-1"), ("MEMBER_OF", "O-E", "O-C"),
             ("LEADS", "E-1", "C-1"), ("MEMBER_OF", "E-2", "C-1"),
             ("BASED_IN", "O-K", "C-2"), ("MEMBER_OF", "O-K", "O-C"),
             ("BASED_IN", "O-K1", "C-1"), ("MEMBER_OF", "O-K1", "O-C")]
    load_bundle(store, write_bundle(tmp_path / "b", nodes, rels))
    places = Places(store)
    places.prefetch(walked=["G-1", "O-V-1", "O-E", "E-1", "C-1", "C-2", "O-K1"])
    assert places.ancestors("G-1") == ["G-1", "V-1", "R-T", "R-C"]        # PART_OF, upwards
    assert places.town_of("G-1") == "R-T"
    assert places.parents("O-V-1") == ["O-T"]                             # MEMBER_OF, upwards
    assert places.region_of("O-V-1") == "V-1"                             # BASED_IN a region
    assert places.region_of("O-E") == "V-1"                               # … an enterprise
    assert places.region_of("E-1") == "V-1"                               # LOCATED_IN
    assert places.region_of("C-1") == "V-1"                               # its leader's place
    assert places.region_of("O-K1") == "V-1"                              # … a chain: its leader's
    assert places.region_of("O-K") == "R-C"                               # no leader: its parent's
    assert places.region_of("C-2") == "R-C"                               # its committee's place
    assert places.committee_of("V-1") == "O-T"                            # BASED_IN the town
    assert places.committee_of("R-C") == "O-C"
    assert places.get("O-K", "kind") == "chain_committee" and places.label("C-2") == "IndustryChain"
    # read on their own, not prefetched (one id a query): the same answers
    assert Places(store).region_of("O-E") == "V-1" and Places(store).town_of("G-1") == "R-T"
    assert Places(store).region_of("C-1") == "V-1" and Places(store).region_of("E-1") == "V-1"
    assert Places(store).label("R-T") == "Region" and Places(store).region_of("C-9") is None


# --- graph: the public listing queries (cypher/graph/*.cypher), both stores ---------------------

def _query(store, name, **params) -> list[dict]:
    query = queries.library()[name]
    return store.query(query.text, query.bind(**params))


def test_the_graph_queries_list_villages_chains_and_the_org_tree(store, tmp_path):
    nodes, rels = _rates_world()
    nodes += [("Region", {"id": "V-FAR", "name": "远村", "kind": "village"}),
              ("OrgUnit", {"id": "O-C", "name": "中共清溪县委员会", "kind": "county_committee"}),
              ("OrgUnit", {"id": "O-K", "name": "茶叶链党委", "kind": "chain_committee"})]
    rels += [("PART_OF", "V-FAR", "R-T2"), ("MEMBER_OF", "O-T", "O-C"), ("BASED_IN", "O-K", "C-1")]
    load_bundle(store, write_bundle(tmp_path / "b", nodes, rels))
    villages = {r["id"]: r for r in _query(store, "graph/villages")}
    assert len(villages) == len(TO_BE_LED) + 4
    assert (villages["V-S2"]["town"], villages["V-S2"]["branch"], villages["V-S2"]["stars"]) == (
        "青山镇", "O-V-S2", 2)
    assert villages["V-S5W"]["weak"] is True and villages["V-FAR"]["branch"] is None
    assert {r["id"] for r in _query(store, "graph/villages", within="R-T2")} == {"V-FAR"}
    assert {r["id"] for r in _query(store, "graph/villages", within="V-FAR")} == {"V-FAR"}
    assert len(_query(store, "graph/villages", within="R-C")) == len(villages)
    assert _query(store, "graph/villages", within="G-1") == []
    [chain] = _query(store, "graph/chains")
    assert (chain["id"], chain["leader"], chain["members"], chain["committee"]) == (
        "C-1", "E-W3", 2, "O-K")
    tree = {r["id"]: r["parent"] for r in _query(store, "graph/org_tree")}
    assert (tree["O-V-S2"], tree["O-T"], tree["O-C"], tree["O-E"]) == ("O-T", "O-C", None, None)


# --- in office in the as-of year, as the coverage rules read it (the same CASE in three rules) --

@pytest.mark.parametrize("station, in_office", STATIONS)
def test_coverage_judges_an_instructor_or_first_secretary_in_office_in_the_as_of_year(
        store, tmp_path, station, in_office):
    # An enterprise of 50 employees without party members and a chain's leading enterprise need a
    # 党建工作指导员, a weak village a 驻村第一书记: in office in 2025 (a term of 2 years from `since`
    # when there is no `until`), else the rule finds it.
    nodes, rels = _county([("V-1", {}, {"stars": 1})])
    nodes += [("IndustryChain", {"id": "C-1", "name": "茶叶链"}),
              ("Enterprise", {"id": "E-L", "name": "龙头企业", "kind": "private", "employees": 60,
                              "party_members": 0}),
              ("Person", {"id": "P-I", "name": "指导员"}), ("Person", {"id": "P-F", "name": "书记"}),
              ("OrgUnit", {"id": "O-K", "name": "茶叶链党委", "kind": "chain_committee"})]
    rels += [("LEADS", "E-L", "C-1"), ("LOCATED_IN", "E-L", "R-T"), ("BASED_IN", "O-K", "C-1"),
             ("STATIONED_IN", "P-I", "E-L", {"role": "instructor", **station}),
             ("STATIONED_IN", "P-F", "V-1", {"role": "first_secretary", **station})]
    load_bundle(store, write_bundle(tmp_path / "b", nodes, rels))
    rules = ("enterprise_without_instructor", "chain_leader_without_instructor",
             "village_without_first_secretary")
    found = {(f["rule"], f["id"]): f["responsible_id"]
             for f in coverage.find_gaps(store, list(rules), as_of=dt.date(2025, 6, 30))}
    # who must act: the town committee, but for a chain's leader the chain's committee
    assert found == ({} if in_office else {(rules[0], "E-L"): "O-T", (rules[1], "E-L"): "O-K",
                                           (rules[2], "V-1"): "O-T"})
