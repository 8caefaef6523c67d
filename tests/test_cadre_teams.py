"""Work teams in cadre matching (驻村第一书记和工作队): seed 003's rules for every member, the plan
optimal against exhaustive search, a weak and disorderly village getting a party-affairs first
secretary and a political-legal team member, and the demo sending a 政法干部 to a 信访重点村."""
from __future__ import annotations

import itertools
import random

import pytest

from orggraph.analyses.cadres import CadreSettings, apply_plan, plan_cadres
from orggraph.analyses.cadres.match import assign, plan_key, weigh, weigh_all
from orggraph.analyses.cadres.needs import SERVES, assess
from orggraph.analyses.cadres.teams import assign_teams, feasible, team_key
from orggraph.config import ConfigError
from orggraph.load.load import load_bundle
from orggraph.resources import demo_bundle
from support.cli import run
from support.cadres_world import (YEAR, at, cadre, cadres_bundle, random_instance, stations_of,
                                  village)
from support.words import english_words


def brute_force(villages, cadres, settings):
    """The best team_key over every way of sending each cadre to one allowed village or none."""
    grid = weigh_all(villages, cadres, settings)
    options = [[None] + [grid[v.id, c.id] for v in villages if grid[v.id, c.id].allowed]
               for c in cadres]
    best = None
    for combo in itertools.product(*options):
        chosen = [m for m in combo if m is not None]
        if feasible(chosen, settings.team_size):
            key = team_key(chosen, settings)
            best = key if best is None else max(best, key)
    return best


@pytest.mark.parametrize("seed", range(60))
def test_the_team_plan_is_optimal_against_exhaustive_search(seed):
    rng = random.Random(seed)
    settings = CadreSettings(year=YEAR, max_km=rng.choice([15.0, 30.0, 80.0]),
                             team_size=rng.choice([0, 1, 2]))
    raw, cadres = random_instance(rng, rng.randint(1, 3), rng.randint(1, 6))
    villages = [a for a in (assess(v, settings) for v in raw) if a.needs or a.must]
    got = assign_teams(villages, cadres, settings)
    assert feasible(got, settings.team_size)
    assert team_key(got, settings) == brute_force(villages, cadres, settings)
    per_village = {}
    for m in got:
        per_village.setdefault(m.village.id, []).append(m.role)
    assert all(roles[0] == "first_secretary" and roles.count("first_secretary") == 1
               for roles in per_village.values())
    if settings.team_size == 0:   # the one-to-one plan, as match.assign finds it
        assert plan_key(got, settings) == plan_key(assign(villages, cadres, settings), settings)


def test_a_weak_and_disorderly_village_gets_a_party_secretary_and_a_law_team_member(store,
                                                                                   tmp_path):
    villages = [village("V1", stars=1, tags=("信访重点村",), place=at(10)),
                village("V2", income=3.0, place=at(12))]
    cadres = [cadre("P1", "party_affairs", place=at(0)), cadre("P2", "law", place=at(30)),
              cadre("P3", "economy", place=at(1)), cadre("P4", "law", place=at(2))]
    load_bundle(store, cadres_bundle(tmp_path / "b", villages, cadres))
    plan = plan_cadres(store, CadreSettings(year=YEAR))
    got = {(m.village.id, m.role, m.cadre.id, m.need) for m in plan.matches}
    assert ("V1", "first_secretary", "P1", "weak") in got
    assert ("V1", "work_team", "P4", "disorderly") in got          # the nearer law cadre
    why = {(r["village"], r["cadre"]): r["why"] for r in plan.match_rows()}
    assert why["V1", "P1"] == "应派第一书记（弱村）；党群干部进弱村；相距10公里"
    assert why["V1", "P4"].startswith("政法干部进乱村（驻村工作队员）；相距")
    assert ("V2", "first_secretary", "P3", "poor") in got
    assert [c.id for c, _ in plan.unmatched_cadres] == ["P2"]       # no need left for it
    needs = {r["need"]: (r["covered"], r["villages"]) for r in plan.need_rows()}
    assert needs == {"weak": (1, 1), "poor": (1, 1), "disorderly": (1, 1)}
    assert plan.summary()["work_team"] == 1 and plan.summary()["needs_left"] == 0
    # Without work teams the law cadre stays home: one cadre a village.
    alone = plan_cadres(store, CadreSettings(year=YEAR, team_size=0))
    assert {m.cadre.specialty for m in alone.matches} == {"party_affairs", "economy"}
    # Apply writes each as what it goes as; applying twice writes it once.
    assert apply_plan(store, plan) == 3
    written = stations_of(store)
    assert ("P4", "V1", "work_team", "proposed", YEAR) in written
    apply_plan(store, plan_cadres(store, CadreSettings(year=YEAR)))
    assert stations_of(store) == written


def test_team_size_is_a_setting_and_checked(db, tmp_path):
    toml = tmp_path / "orggraph.toml"
    toml.write_text("[cadres]\nteam_size = -1\n", encoding="utf-8")
    result = run("--db", db, "--config", toml, "cadres", ok=False)
    assert "team_size" in result.output
    with pytest.raises(ConfigError):
        CadreSettings(team_size=True)


def test_on_the_demo_a_law_cadre_goes_to_a_petition_village_and_no_coverable_need_is_left(store):
    load_bundle(store, demo_bundle())
    settings = CadreSettings()
    plan = plan_cadres(store, settings)
    petition = [m for m in plan.matches if m.cadre.specialty == "law"
                and "信访重点村" in m.village.village.tags]
    assert petition and all(m.need == "disorderly" for m in petition)
    # No need that a free cadre of the matching specialty could serve is left uncovered, unless
    # the village is full (its first secretary and team_size members).
    by_village: dict[str, list] = {}
    for m in plan.matches:
        by_village.setdefault(m.village.id, []).append(m)
    free = [c for c, _ in plan.unmatched_cadres]
    for a in plan.wanting:
        sent = by_village.get(a.id, [])
        if len(sent) >= 1 + settings.team_size:
            continue
        left = set(a.needs) - {m.need for m in sent}
        for c in free:
            if SERVES.get(c.specialty) in left:
                assert not weigh(a, c, settings).allowed, (a.id, c.id)
    counted = {r["need"]: r["covered"] for r in plan.need_rows()}
    assert counted["disorderly"] >= len(petition)
    assert plan.summary()["needs_covered"] == sum(counted.values())
    # Every reason a person reads is Chinese (TERMS.md §5): no English word, ids aside.
    texts = ([r["why"] for r in plan.match_rows()] + [r["reason"] for r in plan.village_rows()]
             + [r["reason"] for r in plan.cadre_rows()])
    assert texts and not [t for t in texts if english_words(t)], [t for t in texts
                                                                  if english_words(t)][:3]

