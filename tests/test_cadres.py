"""Cadre matching: the five matching rules (拉萨篇 of 003), the first-secretary priority (第一书记全覆盖, 004), optimality
against exhaustive search, who is a candidate, apply and its round trip, the command."""
from __future__ import annotations

import datetime as dt

import itertools
import json
import random

import openpyxl
import pytest
from click.testing import CliRunner

from orggraph.analyses.cadres import CadreSettings, apply_plan, plan_cadres
from orggraph.analyses.cadres.match import Cadre, assign, plan_key, weigh
from orggraph.analyses.cadres.needs import Assessed, CadreVillage, assess
from orggraph.cli import main
from orggraph.load.load import load_bundle
from orggraph.notions import VillageSettings
from orggraph.store import open_store
from support.cadres_world import (YEAR, at, cadre, cadres_bundle, random_instance, stations_of,
                                  village)

# First secretaries only: the one-to-one plan (work teams: tests/test_cadre_teams.py).
SETTINGS = CadreSettings(year=YEAR, team_size=0)


def planned(store, tmp_path, villages, cadres, stations=(), settings=SETTINGS, within=None):
    load_bundle(store, cadres_bundle(tmp_path / "bundle", villages, cadres, stations))
    return plan_cadres(store, settings, within)


def pairs_of(plan) -> dict[str, str]:
    return {p.village.id: p.cadre.id for p in plan.matches}


# --- the five rules of seed 004 -------------------------------------------------------------

FIVE_VILLAGES = [
    village("V1", weak=True),                                   # 弱村 (软弱涣散)
    village("V2", income=3.0),                                  # 穷村
    village("V3", tags=("信访重点村",)),                         # 乱村
    village("V4", industry="茶叶", enterprises=2),               # 产业村
    village("V5", tags=("专业村",)),                             # 专业村
]
RULE = {"V1": "party_affairs", "V2": "economy", "V3": "law", "V4": "agriculture",
        "V5": "technology"}


def test_each_specialty_goes_to_the_village_it_serves_even_when_another_is_nearer(store, tmp_path):
    # Each cadre sits right next to the village one step along: distance alone would shift them.
    order = list(RULE)
    villages = [dict(v, place=at(10 * k)) for k, v in enumerate(FIVE_VILLAGES)]
    cadres = [cadre(f"P{k}", RULE[vid], place=at(10 * ((k + 1) % 5) + 0.5))
              for k, vid in enumerate(order)]
    plan = planned(store, tmp_path, villages, cadres)
    got = {vid: next(c["specialty"] for c in cadres if c["id"] == cid)
           for vid, cid in pairs_of(plan).items()}
    assert got == RULE
    needs = {p.village.id: p.need for p in plan.matches}
    assert needs == {"V1": "weak", "V2": "poor", "V3": "disorderly", "V4": "industry",
                     "V5": "specialised"}
    assert not plan.unmatched_villages and not plan.unmatched_cadres


@pytest.mark.parametrize("vid, specialty", sorted(RULE.items()))
def test_a_village_that_need_not_have_a_secretary_takes_only_a_fitting_cadre(vid, specialty):
    target = assess(_village(next(v for v in FIVE_VILLAGES if v["id"] == vid)), SETTINGS)
    for other in RULE.values():
        p = weigh(target, Cadre("P", "x", other), SETTINGS)
        if other == specialty:
            assert p.allowed and p.need == target.needs[0]
        elif not target.must:
            assert p.barrier == "no_fit"


def test_an_industry_village_needs_enterprises_located_in_it(store, tmp_path):
    plan = planned(store, tmp_path, [village("V1", industry="茶叶", enterprises=0),
                                     village("V2", industry="", enterprises=3),
                                     village("V3", industry="茶叶", enterprises=1)],
                   [cadre("P1", "agriculture")])
    assert pairs_of(plan) == {"V3": "P1"}
    assert plan.without_needs == 2


# --- seed 003: villages that must have a first secretary come first --------------------------

@pytest.mark.parametrize("must", [
    {"tags": ("脱贫村",)}, {"tags": ("易地扶贫搬迁村",)}, {"weak": True}, {"stars": 2},
])
def test_a_village_that_must_have_a_secretary_comes_before_a_better_fit(store, tmp_path, must):
    # V1 must have one but the economy cadre serves none of its needs; V2 is poor, a perfect fit.
    villages = [village("V1", **must), village("V2", income=1.0)]
    plan = planned(store, tmp_path, villages, [cadre("P1", "economy")])
    assert pairs_of(plan) == {"V1": "P1"}
    match = plan.matches[0]
    assert match.must and plan.match_rows()[0]["why"].startswith("应派第一书记（")
    assert "为实现第一书记全覆盖予以选派" in plan.match_rows()[0]["why"]
    [(left, reason)] = plan.unmatched_villages
    assert left.id == "V2" and "符合条件的1名干部已优先派往排序靠前的村" in reason


def test_fit_comes_before_distance(store, tmp_path):
    # Both poor-and-disorderly pairs are reachable; each cadre is next to the wrong village.
    villages = [village("V1", income=2.0, place=at(0)), village("V2", tags=("乱村",), place=at(40))]
    cadres = [cadre("P1", "law", place=at(0.2)), cadre("P2", "economy", place=at(40.2))]
    plan = planned(store, tmp_path, villages, cadres)
    assert pairs_of(plan) == {"V1": "P2", "V2": "P1"}


def test_distance_settles_equal_fits_and_max_km_is_a_limit(store, tmp_path):
    villages = [village("V1", income=2.0, place=at(30)), village("V2", income=2.0, place=at(5)),
                village("V3", income=2.0, place=at(80))]
    plan = planned(store, tmp_path, villages, [cadre("P1", "economy", place=at(0))])
    assert pairs_of(plan) == {"V2": "P1"}
    assert plan.matches[0].km == pytest.approx(5.0, abs=0.1)
    reasons = dict((a.id, why) for a, why in plan.unmatched_villages)
    assert "已优先派往排序靠前的村" in reasons["V1"]
    assert reasons["V3"] == "1名可选派干部中，1名派出地距离超过50公里"


def test_a_higher_weighted_need_wins_and_weights_come_from_settings(store, tmp_path):
    # One economy cadre, two poor villages: the one that is also disorderly ranks no higher for
    # an economy cadre (fit is the weight of the need served), so distance decides.
    both = [village("V1", income=2.0, tags=("信访重点村",), place=at(20)),
            village("V2", income=2.0, place=at(10))]
    plan = planned(store, tmp_path, both, [cadre("P1", "economy", place=at(0))])
    assert pairs_of(plan) == {"V2": "P1"} and plan.matches[0].need == "poor"
    assert assess(_village(both[0]), SETTINGS).needs == ("poor", "disorderly")
    # One village, poor and disorderly, and a cadre for each need: the weights decide who goes.
    store.delete_all()
    one = [village("V1", income=2.0, tags=("脱贫村", "信访重点村"), place=at(20))]
    cadres = [cadre("P1", "economy", place=at(21)), cadre("P2", "law", place=at(40))]
    plan = planned(store, tmp_path / "b", one, cadres)
    assert pairs_of(plan) == {"V1": "P1"}
    flipped = CadreSettings(year=YEAR, weight_disorderly=9, team_size=0)
    assert assess(_village(one[0]), flipped).needs == ("disorderly", "poor")
    assert pairs_of(plan_cadres(store, flipped)) == {"V1": "P2"}


# --- who is a candidate ---------------------------------------------------------------------

def test_stationed_cadres_and_villages_with_a_secretary_in_office_are_left_out(store, tmp_path):
    villages = [village(f"V{k}", weak=True) for k in range(1, 4)]
    villages.append(village("V4", weak=True, enterprises=1))   # E-V4-0 takes an instructor
    cadres = [cadre(f"P{k}", "party_affairs") for k in range(1, 7)]
    stations = [("P1", "V1", YEAR - 1, "active"),              # in office: V1 covered, P1 busy
                ("P2", "V2", YEAR - 2, "active"),              # term ended: both free again
                ("P3", "V3", YEAR, "proposed"),                # a proposal in scope: replaceable
                ("P4", "E-V4-0", YEAR, "active", "instructor")]
    plan = planned(store, tmp_path, villages, cadres, stations)
    got = pairs_of(plan)
    assert "V1" not in got and plan.in_office == 1
    assert set(got) == {"V2", "V3", "V4"}
    assert not {"P1", "P4"} & set(got.values())
    assert got["V2"] != "P2", "a first secretary whose term ended is not sent back (003)"
    assert plan.busy_cadres == 2


def test_a_proposal_outside_the_scope_keeps_the_cadre_busy(store, tmp_path):
    villages = [village("V1", weak=True), village("V2", weak=True)]
    load_bundle(store, cadres_bundle(tmp_path / "b", villages, [cadre("P1", "party_affairs")],
                                    [("P1", "V2", YEAR, "proposed")]))
    plan = plan_cadres(store, SETTINGS, within="V1")
    assert plan.scope == ("V1",) and not plan.matches and plan.busy_cadres == 1
    [(left, reason)] = plan.unmatched_villages
    assert left.id == "V1" and reason == "暂无可选派干部"


def test_terms_are_judged_by_since_and_term_years(store, tmp_path):
    villages = [village("V1", weak=True), village("V2", weak=True)]
    load_bundle(store, cadres_bundle(tmp_path / "b", villages, [cadre("P1", "party_affairs")],
                                    [("P1", "V1", 2022, "active")]))
    assert pairs_of(plan_cadres(store, CadreSettings(year=2024, team_size=0),
                                villages=VillageSettings(term_years=3))) == {}
    assert pairs_of(plan_cadres(store, CadreSettings(year=2024, team_size=0),
                                villages=VillageSettings(term_years=2))) == {"V2": "P1"}
    # With no year the plan is for the as-of year: here the load date's, long after 2024.
    assert plan_cadres(store, CadreSettings()).year == dt.date.today().year
    assert plan_cadres(store, CadreSettings(), as_of=dt.date(2023, 5, 1)).year == 2023


def test_until_ends_or_extends_a_term(store, tmp_path):
    villages = [village("V1", weak=True), village("V2", weak=True)]
    load_bundle(store, cadres_bundle(tmp_path / "b", villages, [cadre("P1", "party_affairs")],
                                    [("P1", "V1", 2022, "active")]))
    store.query("MATCH (:Person)-[s:STATIONED_IN]->(:Region {id: 'V1'}) SET s.until = 2026",
                write=True)
    assert pairs_of(plan_cadres(store, CadreSettings(year=2025, team_size=0))) == {}   # in office to 2026
    assert pairs_of(plan_cadres(store, CadreSettings(year=2027, team_size=0))) == {"V2": "P1"}


# --- optimality -----------------------------------------------------------------------------

def brute_force_best(villages: list[Assessed], cadres: list[Cadre], settings: CadreSettings):
    """The best plan key over every one-to-one set of allowed pairs."""
    best = (0, 0, 0)
    for k in range(1, min(len(villages), len(cadres)) + 1):
        for chosen in itertools.combinations(range(len(villages)), k):
            for perm in itertools.permutations(range(len(cadres)), k):
                pairs = [weigh(villages[i], cadres[j], settings) for i, j in zip(chosen, perm)]
                if all(p.allowed for p in pairs):
                    best = max(best, plan_key(pairs, settings))
    return best


@pytest.mark.parametrize("seed", range(150))
def test_the_assignment_is_optimal_against_exhaustive_search(seed):
    rng = random.Random(seed)
    settings = CadreSettings(year=YEAR, max_km=rng.choice([15.0, 30.0, 80.0]), team_size=0)
    raw, cadres = random_instance(rng, rng.randint(1, 5), rng.randint(1, 5))
    villages = [a for a in (assess(v, settings) for v in raw) if a.needs or a.must]
    got = assign(villages, cadres, settings)
    assert len({p.village.id for p in got}) == len(got) == len({p.cadre.id for p in got})
    assert all(p.allowed for p in got)
    assert plan_key(got, settings) == brute_force_best(villages, cadres, settings)


@pytest.mark.parametrize("seed", range(4))
def test_the_plan_from_a_store_is_optimal(store, tmp_path, seed):
    rng = random.Random(1000 + seed)
    villages = [village(f"V{k}", stars=rng.randint(1, 5), weak=rng.random() < 0.2,
                        income=rng.choice([2.0, 40.0]), industry=rng.choice(["", "茶叶"]),
                        enterprises=rng.randint(0, 1),
                        tags=tuple(t for t in ("脱贫村", "乱村", "专业村") if rng.random() < 0.3),
                        place=at(rng.uniform(0, 60), rng.uniform(0, 20)))
                for k in range(5)]
    cadres = [cadre(f"P{k}", rng.choice(list(RULE.values())),
                    place=at(rng.uniform(0, 60), rng.uniform(0, 20))) for k in range(5)]
    plan = planned(store, tmp_path, villages, cadres)
    wanting = [p.village for p in plan.matches] + [a for a, _ in plan.unmatched_villages]
    free = [p.cadre for p in plan.matches] + [c for c, _ in plan.unmatched_cadres]
    assert plan_key(list(plan.matches), SETTINGS) == brute_force_best(wanting, free, SETTINGS)
    again = plan_cadres(store, SETTINGS)
    assert again.to_json() == plan.to_json(), "the same graph gives the same plan"


def test_a_too_large_instance_is_refused_not_approximated():
    settings = CadreSettings(year=YEAR, max_km=1e13, team_size=0)
    villages = [assess(CadreVillage(f"V{k}", "v", weak_flag=True), settings) for k in range(3)]
    cadres = [Cadre(f"P{k}", "c", "law") for k in range(3)]
    with pytest.raises(ValueError, match="规模太大"):
        assign(villages, cadres, settings)


# --- apply ----------------------------------------------------------------------------------

def test_apply_writes_proposed_stations_once_and_replaces_earlier_proposals(store, tmp_path):
    villages = [dict(v, place=at(5 * k)) for k, v in enumerate(FIVE_VILLAGES)]
    cadres = [cadre(f"P{k}", s, place=at(5 * k)) for k, s in enumerate(RULE.values())]
    plan = planned(store, tmp_path, villages, cadres,
                   stations=[("P0", "V3", YEAR - 1, "proposed")])
    assert apply_plan(store, plan) == 5
    expected = {(p.cadre.id, p.village.id, "first_secretary", "proposed", YEAR)
                for p in plan.matches}
    assert stations_of(store) == expected, "the stale proposal P0 → V3 was replaced"
    again = plan_cadres(store, SETTINGS)
    assert pairs_of(again) == pairs_of(plan), "proposals are plans, not facts: a re-plan agrees"
    apply_plan(store, again)
    assert stations_of(store) == expected


def test_apply_closes_the_first_secretary_coverage_gap(store, tmp_path):
    coverage = pytest.importorskip("orggraph.analyses.coverage")
    rule = "village_without_first_secretary"
    villages = [village("V1", weak=True), village("V2", tags=("脱贫村",)),
                village("V3", tags=("易地扶贫搬迁村",)), village("V4", weak=True)]
    plan = planned(store, tmp_path, villages, [cadre(f"P{k}", "party_affairs") for k in range(3)])
    before = _gaps(coverage, store, rule)
    assert {"V1", "V2", "V3", "V4"} <= before
    apply_plan(store, plan)
    after = _gaps(coverage, store, rule)
    covered = {p.village.id for p in plan.matches}
    assert len(covered) == 3 and not covered & after
    assert after == before - covered


def _gaps(coverage, store, rule: str) -> set[str]:
    return {f["id"] for f in coverage.find_gaps(store, [rule])}


# --- the command ----------------------------------------------------------------------------

def test_command_masks_names_and_shows_them_on_request(db, tmp_path):
    villages = [village("V1", weak=True), village("V2", income=1.0)]
    with open_store(db) as store:
        load_bundle(store, cadres_bundle(tmp_path / "b", villages,
                                        [cadre("P1", "party_affairs", name="欧阳明"),
                                         cadre("P2", "law", name="李秀英")]))
    runner = CliRunner()
    base = ["--db", db, "cadres", "--year", str(YEAR)]
    masked = runner.invoke(main, base)
    assert masked.exit_code == 0, masked.output
    assert "欧**" in masked.output and "欧阳明" not in masked.output and "李**" in masked.output
    shown = runner.invoke(main, [*base, "--show-names", "--format", "json"])
    data = json.loads(shown.output)
    assert data["matches"][0]["cadre_name"] == "欧阳明"
    assert data["summary"]["must_covered"] == 1
    assert [r["village"] for r in data["unmatched_villages"]] == ["V2"]
    assert data["unmatched_villages"][0]["reason"] == "无对口类别的可选派干部（需经济干部）"
    assert [r["cadre"] for r in data["unmatched_cadres"]] == ["P2"]
    csv_text = runner.invoke(main, [*base, "--format", "csv"]).output
    assert csv_text.splitlines()[0].startswith("类别,村编号,村名称")
    assert {line.split(",")[0] for line in csv_text.splitlines()[1:]} == {
        "匹配结果", "未匹配村", "未安排干部"}
    en = runner.invoke(main, [*base, "--format", "csv", "--lang", "en"]).output
    assert en.splitlines()[0].startswith("section,village")
    assert {line.split(",")[0] for line in en.splitlines()[1:]} == {
        "match", "unmatched_village", "unmatched_cadre"}
    book = tmp_path / "plan.xlsx"
    assert runner.invoke(main, [*base, "--format", "xlsx", "-o", str(book)]).exit_code == 0
    assert openpyxl.load_workbook(book).sheetnames == [
        "汇总", "按村情类型匹配", "匹配结果", "未匹配村", "未安排干部"]
    assert runner.invoke(main, [*base, "--format", "xlsx", "-o", str(book), "--lang", "en"]
                         ).exit_code == 0
    assert openpyxl.load_workbook(book).sheetnames == [
        "summary", "needs", "matches", "unmatched_villages", "unmatched_cadres"]


def test_command_apply_and_errors(db, tmp_path):
    with open_store(db) as store:
        load_bundle(store, cadres_bundle(tmp_path / "b", [village("V1", weak=True)],
                                        [cadre("P1", "party_affairs")]))
    runner = CliRunner()
    result = runner.invoke(main, ["--db", db, "cadres", "--year", "2026", "--apply"])
    assert result.exit_code == 0 and "拟选派1人次" in result.output
    with open_store(db) as store:
        assert stations_of(store) == {("P1", "V1", "first_secretary", "proposed", 2026)}
    missing = runner.invoke(main, ["--db", db, "cadres", "--within", "R-nowhere"])
    assert missing.exit_code != 0 and "R-nowhere" in missing.output


def test_config_table_sets_thresholds_and_tags(db, tmp_path):
    with open_store(db) as store:
        load_bundle(store, cadres_bundle(tmp_path / "b", [village("V1", income=15.0),
                                                         village("V2", tags=("治安乱点",))],
                                        [cadre("P1", "economy"), cadre("P2", "law")]))
    toml = tmp_path / "orggraph.toml"
    toml.write_text('[villages]\npoor_income_below = 20\n[cadres]\ndisorderly_tags = ["治安乱点"]\n',
                    encoding="utf-8")
    runner = CliRunner()
    args = ["--db", db, "--config", str(toml), "cadres", "--year", "2025", "--format", "json"]
    data = json.loads(runner.invoke(main, args).output)
    assert {(m["village"], m["cadre"]) for m in data["matches"]} == {("V1", "P1"), ("V2", "P2")}
    toml.write_text("[cadres]\nweight_weak = 0\n", encoding="utf-8")
    bad = runner.invoke(main, args)
    assert bad.exit_code != 0 and "权重（weight_*）" in bad.output


def _village(spec: dict) -> CadreVillage:
    return CadreVillage(spec["id"], spec["id"], weak_flag=spec["weak"], stars=spec["stars"],
                   collective_income=spec["income"], main_industry=spec["industry"],
                   tags=spec["tags"], enterprises=spec["enterprises"])
