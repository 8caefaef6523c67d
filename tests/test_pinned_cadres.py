"""Pinned by tests written against the survivors of mutation testing (scripts/mutation,
docs/TESTING.md): cadre matching: settings, the assignment, work teams and the
plan explained (orggraph/analyses/cadres/)."""
from __future__ import annotations

import datetime as dt
import warnings

import pytest

from orggraph.analyses.cadres import match as cadre_match
from orggraph.analyses.cadres import plan as cadre_plan
from orggraph.analyses.cadres import teams as cadre_teams
from orggraph.analyses.cadres.needs import Assessed, CadreVillage
from orggraph.analyses.cadres.settings import CadreSettings
from orggraph.config import ConfigError
from orggraph.notions import VillageSettings

VILLAGES = VillageSettings()


# --- cadres: settings and the assignment (orggraph/analyses/cadres/settings.py, match.py) -------


CADRES = CadreSettings()


def test_the_cadres_table_defaults_are_the_need_weights_and_limits_of_the_plan():
    assert [CADRES.weight(n) for n in ("weak", "poor", "disorderly", "industry", "specialised")] == [
        5, 4, 3, 2, 1]
    assert (CADRES.max_km, CADRES.team_size, CADRES.industry_min_enterprises, CADRES.year) == (
        50.0, 2, 1, None)
    assert CADRES.disorderly_tags == ("乱村", "乱", "信访重点村", "信访重点", "治安重点村",
                                      "矛盾纠纷重点村", "涉黑涉恶重点村")
    assert CADRES.specialised_tags == ("专业村", "一村一品", "一村一品示范村", "特色产业村")
    assert CADRES.plan_year(dt.date(2025, 6, 30)) == 2025
    assert CadreSettings(year=2027).plan_year(dt.date(2025, 6, 30)) == 2027


def test_the_cadres_table_rejects_bad_values_with_the_tables_name():
    assert CadreSettings(disorderly_tags=["乱村"]).disorderly_tags == ("乱村",)
    assert CadreSettings(specialised_tags=["专业村"]).specialised_tags == ("专业村",)
    assert CadreSettings(weight_specialised=1, max_km=0.1, team_size=0).team_size == 0
    assert CadreSettings(team_size=10).team_size == 10
    for values, message in [
            ({"disorderly_tags": "乱村"}, "[cadres] disorderly_tags 应为文字列表"),
            ({"specialised_tags": ["专业村", 1]}, "[cadres] specialised_tags 应为文字列表"),
            ({"weight_poor": 0}, "[cadres] 各村情类型的权重（weight_*）应为1以上的整数"),
            ({"weight_weak": 2.0}, "[cadres] 各村情类型的权重（weight_*）应为1以上的整数"),
            ({"weight_industry": True}, "[cadres] 各村情类型的权重（weight_*）应为1以上的整数"),
            ({"weight_specialised": -1}, "[cadres] 各村情类型的权重（weight_*）应为1以上的整数"),
            ({"weight_disorderly": 0}, "[cadres] 各村情类型的权重（weight_*）应为1以上的整数"),
            ({"max_km": 0}, "[cadres] max_km 应大于0"),
            ({"team_size": -1}, "[cadres] team_size 应为0至10的整数"),
            ({"team_size": 11}, "[cadres] team_size 应为0至10的整数"),
            ({"team_size": True}, "[cadres] team_size 应为0至10的整数"),
            ({"team_size": 2.0}, "[cadres] team_size 应为0至10的整数")]:
        with pytest.raises(ConfigError) as error:
            CadreSettings(**values)
        assert str(error.value) == message, values


def _assessed(vid, needs=(), must=(), place=None):
    lat, lon = place or (None, None)
    return Assessed(CadreVillage(vid, f"{vid}村", lat=lat, lon=lon), tuple(needs), tuple(must))


def _cadre(cid, specialty, place=None, past=()):
    lat, lon = place or (None, None)
    return cadre_match.Cadre(cid, f"干部{cid}", specialty, lat, lon, past_villages=frozenset(past))


# One degree of latitude is 111.19 km on the project's sphere: 0.45° ≈ 50.04 km, 0.449° ≈ 49.93 km.
def test_a_cadre_is_barred_too_far_then_served_before_then_without_fit():
    weak = _assessed("V1", needs=("weak",), place=(30.0, 120.0))
    near, far = (30.449, 120.0), (30.45, 120.0)
    p = cadre_match.weigh(weak, _cadre("C1", "party_affairs", near), CADRES)
    assert (p.need, p.fit, p.barrier, p.allowed, p.must) == ("weak", 5, None, True, False)
    assert 49.9 < p.km < 50.0
    assert cadre_match.weigh(weak, _cadre("C1", "party_affairs", far), CADRES).barrier == "too_far"
    assert cadre_match.weigh(weak, _cadre("C1", "party_affairs", far, past=["V1"]),
                             CADRES).barrier == "too_far"
    assert cadre_match.weigh(weak, _cadre("C1", "party_affairs", near, past=["V1"]),
                             CADRES).barrier == "served_before"
    other = cadre_match.weigh(weak, _cadre("C1", "economy", near), CADRES)
    assert (other.need, other.fit, other.barrier) == (None, 0, "no_fit")
    must = _assessed("V2", needs=("weak",), must=("脱贫村",))
    p = cadre_match.weigh(must, _cadre("C1", "economy"), CADRES)
    assert (p.need, p.fit, p.km, p.barrier, p.must) == (None, 0, None, None, True)
    assert cadre_match.weigh(must, _cadre("C1", "economy", past=["V2"]),
                             CADRES).barrier == "served_before"
    assert cadre_match.weigh(weak, _cadre("C1", "cooking"), CADRES).barrier == "no_fit"
    assert cadre_match.weigh(weak, _cadre("C1", "party_affairs", far),
                             CadreSettings(max_km=60)).barrier is None


def test_distance_counts_in_hundreds_of_metres_up_to_max_km():
    village = _assessed("V1", needs=("weak",))
    def units(km, settings=CADRES):
        return cadre_match.distance_units(cadre_match.Match(village, _cadre("C", "x"), None, 0, km),
                                          settings)
    assert units(None) == 500 and units(12.34) == 123 and units(12.36) == 124
    assert units(49.99) == 500 and units(80.0) == 500 and units(0.0) == 0
    assert units(None, CadreSettings(max_km=20.0)) == 200
    assert cadre_match.distance_km(None, (30.0, 120.0)) is None
    assert cadre_match.distance_km((30.0, 120.0), None) is None
    assert round(cadre_match.distance_km((30.0, 120.0), (31.0, 120.0)), 1) == 111.2


def test_a_plan_is_weighed_must_first_then_fit_then_shorter_distance():
    v = _assessed("V1", needs=("poor",), must=("weak",))
    pairs = [cadre_match.Match(v, _cadre("C1", "economy"), "poor", 4, 10.0),
             cadre_match.Match(_assessed("V2"), _cadre("C2", "law"), "disorderly", 3, None)]
    assert cadre_match.plan_key(pairs, CADRES) == (1, 7, -600)
    assert cadre_match.plan_key([], CADRES) == (0, 0, 0)


def test_the_assignment_covers_must_villages_first_then_fit_then_distance_and_settles_ties_by_id():
    base = (30.0, 120.0)
    must = _assessed("V1", needs=(), must=("脱贫村",), place=base)
    fit = _assessed("V2", needs=("weak",), place=base)
    # one cadre: a must-have village beats the fit of a party-affairs cadre elsewhere
    chosen = cadre_match.assign([fit, must], [_cadre("C1", "party_affairs", base)], CADRES)
    assert [(p.village.id, p.cadre.id) for p in chosen] == [("V1", "C1")]
    # two villages, two cadres: both placed, the fit one where it fits
    chosen = cadre_match.assign([fit, must], [_cadre("C2", "economy", base),
                                              _cadre("C1", "party_affairs", base)], CADRES)
    assert [(p.village.id, p.cadre.id) for p in chosen] == [("V1", "C2"), ("V2", "C1")]
    # fit beats distance: a fitting cadre 40 km off over a non-fitting one next door
    poor = _assessed("V3", needs=("poor", "weak"), must=("weak",), place=base)
    chosen = cadre_match.assign([poor], [_cadre("C1", "law", base),
                                         _cadre("C2", "economy", (30.36, 120.0))], CADRES)
    assert [p.cadre.id for p in chosen] == ["C2"]
    # the same fit: the nearer; then equal in all: the lower id
    chosen = cadre_match.assign([poor], [_cadre("C3", "economy", (30.2, 120.0)),
                                         _cadre("C4", "economy", (30.1, 120.0))], CADRES)
    assert [p.cadre.id for p in chosen] == ["C4"]
    chosen = cadre_match.assign([poor], [_cadre("C9", "economy", base), _cadre("C5", "economy", base)],
                                CADRES)
    assert [p.cadre.id for p in chosen] == ["C5"]
    # a barred pair is never used, even to fill the plan
    assert cadre_match.assign([fit], [_cadre("C1", "economy", base)], CADRES) == []
    assert cadre_match.assign([], [_cadre("C1", "economy")], CADRES) == []
    assert cadre_match.assign([fit], [], CADRES) == []
    grid = cadre_match.weigh_all([fit], [_cadre("C1", "party_affairs", base)], CADRES)
    assert list(grid) == [("V2", "C1")] and grid["V2", "C1"].fit == 5
    assert cadre_match.assign([fit], [_cadre("C1", "party_affairs", base)], CADRES,
                              grid)[0].cadre.id == "C1"


def test_a_plan_too_large_to_solve_exactly_is_refused_with_advice():
    villages = [_assessed(f"V{i}", needs=("weak",)) for i in range(3)]
    cadres = [_cadre(f"C{i}", "party_affairs") for i in range(2)]
    with pytest.raises(ValueError) as error:
        cadre_match.assign(villages, cadres, CadreSettings(max_km=2e13))
    assert str(error.value) == ("3个村 × 2名干部，规模太大，无法精确求解；"
                                "请按县或乡镇分别安排（--within）")
    # 2 × (11 × (2 n × 10 max_km + 1) + 5 × (…)) just below 2**53 at 1e13 km
    assert len(cadre_match.assign(villages, cadres, CadreSettings(max_km=1e13))) == 2
# --- cadres: work teams (orggraph/analyses/cadres/teams.py) -------------------------------------



def _m(village, cadre, need=None, fit=0, km=None, barrier=None):
    return cadre_match.Match(village, cadre, need, fit, km, barrier)


def test_a_team_plan_is_weighed_must_then_needs_once_each_then_distance_then_fewer_cadres():
    must = _assessed("V1", needs=("weak", "poor"), must=("weak",))
    other = _assessed("V2", needs=("poor",))
    plan = [_m(must, _cadre("C1", "party_affairs"), "weak", 5, 3.0),
            _m(must, _cadre("C2", "economy"), "poor", 4, 1.0),
            _m(must, _cadre("C3", "economy"), "poor", 4, None),
            _m(other, _cadre("C4", "economy"), "poor", 4, 10.0)]
    assert cadre_teams.team_key(plan, CADRES) == (1, 13, -(30 + 10 + 500 + 100), -4)
    assert cadre_teams.team_key([], CADRES) == (0, 0, 0, 0)


def test_a_feasible_team_sends_no_cadre_twice_serves_each_need_once_and_keeps_to_its_size():
    v = _assessed("V1", needs=("weak", "poor", "disorderly"), must=("weak",))
    a, b, c = (_m(v, _cadre("C1", "party_affairs"), "weak", 5),
               _m(v, _cadre("C2", "economy"), "poor", 4), _m(v, _cadre("C3", "law"), "disorderly", 3))
    assert cadre_teams.feasible([a, b, c], 2) and not cadre_teams.feasible([a, b, c], 1)
    assert cadre_teams.feasible([], 0)
    assert not cadre_teams.feasible([a, _m(v, _cadre("C1", "party_affairs"), "poor", 4)], 2)
    assert not cadre_teams.feasible([a, _m(v, _cadre("C9", "party_affairs"), "weak", 5)], 2)
    assert not cadre_teams.feasible([_m(v, _cadre("C1", "x"), barrier="too_far")], 2)
    assert not cadre_teams.feasible([_m(v, _cadre("C1", "x")), _m(v, _cadre("C2", "y"))], 2)


def test_the_first_secretary_serves_the_weightiest_need_then_the_nearer_then_the_lower_id():
    v = _assessed("V1", needs=("disorderly", "weak"), must=("weak",))
    law = _m(v, _cadre("C1", "law"), "disorderly", 5, 8.0)      # weighted up to 5 for this test
    party = _m(v, _cadre("C2", "party_affairs"), "weak", 5, 2.0)
    spare = _m(v, _cadre("C0", "economy"), None, 0, 0.5)
    roles = cadre_teams._roles([party, spare, law])
    assert [(p.cadre.id, p.role) for p in roles] == [
        ("C1", "first_secretary"), ("C0", "work_team"), ("C2", "work_team")]
    near = _m(v, _cadre("C3", "law"), "disorderly", 5, 1.0)
    assert cadre_teams._roles([law, near])[0].cadre.id == "C3"
    unknown = _m(v, _cadre("C4", "law"), "disorderly", 5, None)
    assert cadre_teams._roles([unknown, law])[0].cadre.id == "C1"
    same = _m(v, _cadre("C0", "law"), "disorderly", 5, 8.0)
    assert cadre_teams._roles([law, same])[0].cadre.id == "C0"
    w = _assessed("V0", needs=("poor",))
    both = cadre_teams._roles([law, _m(w, _cadre("C5", "economy"), "poor", 4, 1.0)])
    assert [(p.village.id, p.role) for p in both] == [("V0", "first_secretary"),
                                                      ("V1", "first_secretary")]


def test_a_team_plan_too_large_or_with_nobody_to_send_is_refused_or_empty(monkeypatch):
    v = _assessed("V1", needs=("weak",), must=("weak",))
    assert cadre_teams.assign_teams([], [_cadre("C1", "law")], CADRES) == []
    assert cadre_teams.assign_teams([v], [], CADRES) == []
    far = _cadre("C1", "law", place=(31.0, 120.0))
    assert cadre_teams.assign_teams([_assessed("V1", needs=("weak",), must=("weak",),
                                               place=(30.0, 120.0))], [far], CADRES) == []
    monkeypatch.setattr(cadre_teams, "MAX_PAIRS", 3)
    assert cadre_teams.assign_teams([v], [_cadre(f"C{i}", "law") for i in range(3)], CADRES)
    with pytest.raises(cadre_teams.TooLarge) as error:
        cadre_teams.assign_teams([v], [_cadre(f"C{i}", "law") for i in range(4)], CADRES)
    assert str(error.value) == ("1个村 × 4名干部，规模太大，无法精确求解；"
                                "请按县或乡镇分别安排（--within）")
    monkeypatch.undo()
    # a cadre of no need of the village adds nothing once its first secretary is there
    plan = cadre_teams.assign_teams([v], [_cadre("C1", "law"), _cadre("C2", "party_affairs")],
                                    CADRES)
    assert [(p.cadre.id, p.role) for p in plan] == [("C2", "first_secretary")]
    poor = _assessed("V1", needs=("weak", "poor"), must=("weak",))
    plan = cadre_teams.assign_teams([poor], [_cadre("C1", "economy"), _cadre("C2", "party_affairs"),
                                             _cadre("C3", "party_affairs")], CADRES)
    assert [(p.cadre.id, p.role) for p in plan] == [("C2", "first_secretary"), ("C1", "work_team")]
    alone = cadre_teams.assign_teams([poor], [_cadre("C1", "economy"), _cadre("C2", "party_affairs")],
                                     CadreSettings(team_size=0))
    assert [(p.cadre.id, p.role) for p in alone] == [("C2", "first_secretary")]
# --- cadres: the plan explained (orggraph/analyses/cadres/plan.py) -------------------------------



def _placed(village, cadre, need, fit, km, role="first_secretary", barrier=None):
    return cadre_match.Match(village, cadre, need, fit, km, barrier, role)


def test_why_a_cadre_goes_where_the_plan_sends_them():
    must = _assessed("V1", needs=("weak",), must=("weak", "脱贫村"))
    party = cadre_match.Cadre("C1", "王建华", "party_affairs", base="青山镇")
    assert cadre_plan._why(_placed(must, party, "weak", 5, 5.2), 5.2) == (
        "应派第一书记（弱村、脱贫村）；党群干部进弱村；相距5.2公里")
    assert cadre_plan._why(_placed(must, party, "weak", 5, None, "work_team"), None) == (
        "党群干部进弱村（驻村工作队员）；距离不详")
    other = cadre_match.Cadre("C2", "李明", "economy")
    assert cadre_plan._why(_placed(must, other, None, 0, 3.0), 3.0) == (
        "应派第一书记（弱村、脱贫村）；干部类别与村情需求不对应，为实现第一书记全覆盖予以选派；相距3公里")
    plain = _assessed("V2", needs=("poor",))
    assert cadre_plan._why(_placed(plain, other, "poor", 4, 12.25), 12.2) == "经济干部进穷村；相距12.2公里"
    row = cadre_plan._match_row(_placed(must, party, "weak", 5, 5.26), False)
    assert row == {"village": "V1", "village_name": "V1村", "town": None, "must": "weak;脱贫村",
                   "needs": "weak", "cadre": "C1", "cadre_name": "王**",
                   "specialty": "party_affairs", "based_in": "青山镇", "role": "first_secretary",
                   "need": "weak", "rule": "党群干部进弱村", "fit": 5, "km": 5.3,
                   "why": "应派第一书记（弱村、脱贫村）；党群干部进弱村；相距5.3公里"}
    assert cadre_plan._match_row(_placed(must, party, "weak", 5, None), True)["cadre_name"] == "王建华"
    assert cadre_plan._match_row(_placed(must, other, None, 0, None), True)["rule"] == "第一书记全覆盖"


def _cadre_plan_of(matches, unmatched_villages=(), unmatched_cadres=(), wanting=(), **rest):
    values = dict(year=2025, as_of="2025-06-30", within="R-T", settings=CADRES,
                  scope=("V1", "V2", "V3", "V4"), matches=tuple(matches),
                  unmatched_villages=tuple(unmatched_villages),
                  unmatched_cadres=tuple(unmatched_cadres), in_office=1, without_needs=2,
                  busy_cadres=3, wanting=tuple(wanting))
    values.update(rest)
    return cadre_plan.CadrePlan(**values)


def test_the_cadre_plans_summary_counts_first_secretaries_teams_needs_and_what_is_left():
    v1 = _assessed("V1", needs=("weak", "poor"), must=("weak",))
    v2 = _assessed("V2", needs=("poor",))
    v3 = _assessed("V3", needs=("disorderly",), must=("脱贫村",))
    c = [cadre_match.Cadre(f"C{i}", "王建华", s) for i, s in
         enumerate(("party_affairs", "economy", "economy", "law"), 1)]
    matches = [_placed(v1, c[0], "weak", 5, 2.0), _placed(v1, c[1], "poor", 4, 4.0, "work_team"),
               _placed(v2, c[2], "poor", 4, None)]
    plan = _cadre_plan_of(matches, [(v3, "暂无可选派干部")], [(c[3], "范围内没有乱村")],
                          wanting=(v1, v2, v3))
    assert [p.cadre.id for p in plan.first_secretaries] == ["C1", "C3"]
    assert plan.summary() == {
        "as_of": "2025-06-30", "year": 2025, "within": "R-T", "villages_in_scope": 4,
        "first_secretary_in_office": 1, "without_needs": 2, "matched": 2, "work_team": 1,
        "team_size": 2, "must_covered": 1, "must_left": 1, "villages_left": 1,
        "needs_covered": 3, "needs_left": 1, "cadres_left": 1, "cadres_busy": 3,
        "total_fit": 13}
    assert plan.need_rows() == [
        {"need": "weak", "rule": "党群干部进弱村", "villages": 1, "covered": 1, "left": 0},
        {"need": "poor", "rule": "经济干部进穷村", "villages": 2, "covered": 2, "left": 0},
        {"need": "disorderly", "rule": "政法干部进乱村", "villages": 1, "covered": 0, "left": 1}]
    assert plan.village_rows() == [{"village": "V3", "village_name": "V3村", "town": None,
                                    "must": "脱贫村", "needs": "disorderly",
                                    "reason": "暂无可选派干部"}]
    assert plan.cadre_rows() == [{"cadre": "C4", "cadre_name": "王**", "specialty": "law",
                                  "based_in": None, "reason": "范围内没有乱村"}]
    assert plan.cadre_rows(show_names=True)[0]["cadre_name"] == "王建华"
    document = plan.to_json(show_names=True)
    assert set(document) == {"summary", "needs", "matches", "unmatched_villages",
                             "unmatched_cadres"}
    assert document["matches"][0]["cadre_name"] == "王建华" and len(document["matches"]) == 3
    assert plan.match_rows()[0]["cadre_name"] == "王**"
    assert cadre_plan.by_rule(plan) == [
        {"rule": "经济干部进穷村", "specialty": "economy", "need": "poor", "matches": 2,
         "must_have": 1, "mean_km": 4.0},
        {"rule": "党群干部进弱村", "specialty": "party_affairs", "need": "weak", "matches": 1,
         "must_have": 1, "mean_km": 2.0}]
    spare = _placed(v3, c[3], None, 0, None)
    assert cadre_plan.by_rule(_cadre_plan_of([spare])) == [
        {"rule": "第一书记全覆盖", "specialty": "law", "need": "", "matches": 1, "must_have": 1,
         "mean_km": None}]


def test_why_a_village_gets_no_cadre():
    weak = _assessed("V1", needs=("weak", "poor"))
    must = _assessed("V2", needs=("weak",), must=("weak",))
    law = cadre_match.Cadre("C1", "王建华", "law")
    party = cadre_match.Cadre("C2", "王建华", "party_affairs")
    reason = cadre_plan._village_reason
    ok = [_placed(weak, party, "weak", 5, 1.0, None), _placed(weak, party, "weak", 5, 1.0, None)]
    assert reason(weak, ok, CADRES) == "符合条件的2名干部已优先派往排序靠前的村（先应派村，再看匹配度、距离）"
    assert reason(weak, [], CADRES) == "暂无可选派干部"
    assert reason(weak, [_placed(weak, law, None, 0, 1.0, None, "no_fit")], CADRES) == (
        "无对口类别的可选派干部（需经济干部、党群干部）")
    blocked = [_placed(must, law, None, 0, 60.0, None, "too_far"),
               _placed(must, party, "weak", 5, 60.0, None, "too_far"),
               _placed(must, party, "weak", 5, 1.0, None, "served_before")]
    assert reason(must, blocked, CADRES) == (
        "3名可选派干部中，2名派出地距离超过50公里，1名曾在该村驻村（期满调整，不再回原村）")
    assert reason(weak, blocked[1:2], CadreSettings(max_km=40.5)) == (
        "1名可选派干部中，1名派出地距离超过40.5公里")
    assert reason(weak, blocked[2:], CADRES) == (
        "1名可选派干部中，1名曾在该村驻村（期满调整，不再回原村）")


def test_why_a_cadre_is_left_unplaced():
    weak = _assessed("V1", needs=("weak",))
    must = _assessed("V2", must=("脱贫村",))
    party = cadre_match.Cadre("C2", "王建华", "party_affairs")
    reason = cadre_plan._cadre_reason
    assert reason(party, [_placed(weak, party, "weak", 5, 1.0, None)] * 2, CADRES) == (
        "可派往的2个村均已安排更合适的干部")
    assert reason(party, [], CADRES) == "范围内没有弱村，也没有应派第一书记的村"
    odd = cadre_match.Cadre("C3", "王建华", "cooking")
    assert reason(odd, [], CADRES) == "范围内没有对口的村，也没有应派第一书记的村"
    assert reason(party, [_placed(_assessed("V3", needs=("poor",)), party, None, 0, 1.0, None,
                                  "no_fit")], CADRES) == "范围内没有弱村，也没有应派第一书记的村"
    blocked = [_placed(weak, party, "weak", 5, 60.0, None, "too_far"),
               _placed(must, party, None, 0, 1.0, None, "served_before")]
    assert reason(party, blocked, CADRES) == (
        "需要党群干部或应派第一书记的2个村中，1个距其派出地超过50公里，1个是其曾驻村的村（期满调整，"
        "不再回原村）")


def test_stations_in_force_ended_and_where_a_cadre_is_based():
    def station(status="active", since=2023, until=None):
        return {"status": status, "since": since, "until": until}

    assert cadre_plan._active(station(), 2024, VILLAGES)
    assert not cadre_plan._active(station(), 2025, VILLAGES)
    assert not cadre_plan._active(station("proposed"), 2024, VILLAGES)
    assert cadre_plan._active(station(), 2025, VillageSettings(term_years=3))
    assert cadre_plan._ended(station(), 2025, VILLAGES)
    assert not cadre_plan._ended(station(), 2024, VILLAGES)
    assert not cadre_plan._ended(station("proposed"), 2025, VILLAGES)
    assert not cadre_plan._ended(station(since=None), 2030, VILLAGES)
    assert cadre_plan._ended(station(since=2020, until=2022), 2023, VILLAGES)
    assert not cadre_plan._ended(station(since=2020, until=2023), 2023, VILLAGES)

    def row(home=None, work=None, home_lat=None, work_lat=None):
        return {"home": home, "home_lat": home_lat, "home_lon": home_lat and 120.0,
                "home_name": home and f"{home}镇", "work": work, "work_lat": work_lat,
                "work_lon": work_lat and 121.0, "work_name": work and f"{work}村"}

    assert cadre_plan._base([row("R1", "R2", 30.0, 31.0)]) == (30.0, 120.0, "R1镇")
    assert cadre_plan._base([row("R1", "R2", None, 31.0)]) == (31.0, 121.0, "R2村")
    assert cadre_plan._base([row("R1", None)]) == (None, None, "R1镇")
    assert cadre_plan._base([row(None, "R2")]) == (None, None, "R2村")
    assert cadre_plan._base([row(None, None)]) == (None, None, None)
    assert cadre_plan._base([row(None, "R2"), row("R1", None)]) == (None, None, "R1镇")
    assert cadre_plan._base([]) == (None, None, None)


class _WriteStore:
    def __init__(self):
        self.written = []

    def write_all(self, statements):
        self.written.append(statements)


def test_applying_a_cadre_plan_replaces_the_scopes_proposals_in_one_write():
    v1 = _assessed("V1", needs=("weak",))
    plan = _cadre_plan_of([_placed(v1, cadre_match.Cadre("C1", "王建华", "party_affairs"), "weak",
                                   5, 1.0),
                           _placed(v1, cadre_match.Cadre("C2", "王建华", "economy"), None, 0, 1.0,
                                   "work_team")], year=2026)
    store = _WriteStore()
    assert cadre_plan.apply_plan(store, plan) == 2
    assert store.written == [[
        (cadre_plan._DROP_PROPOSED, {"villages": ["V1", "V2", "V3", "V4"]}),
        (cadre_plan._PROPOSE, {"rows": [
            {"cadre": "C1", "village": "V1", "since": 2026, "role": "first_secretary"},
            {"cadre": "C2", "village": "V1", "since": 2026, "role": "work_team"}]})]]
    empty = _WriteStore()
    assert cadre_plan.apply_plan(empty, _cadre_plan_of([])) == 0
    assert empty.written == [[(cadre_plan._DROP_PROPOSED, {"villages": ["V1", "V2", "V3", "V4"]})]]


# --- cadres: the plan read from a store answering with rows (plan_cadres) ------------------------

class _CadreStore:
    def __init__(self, villages, stations, cadres, as_of="2025-06-30"):
        library = cadre_plan.queries.library()
        self.rows = {library["cadres/villages"].text: villages,
                     library["cadres/stations"].text: stations,
                     library["cadres/cadres"].text: cadres}
        self.as_of, self.params = as_of, []

    def query(self, text, params=None):
        if text == cadre_plan.notions.READ_META:
            return [{"as_of": self.as_of, "loaded": None}]
        self.params.append(params)
        return [dict(r) for r in self.rows[text]]


def _vrow(vid, branch, stars=4, weak=False, income=50.0, tags=None, lat=30.0, lon=120.0):
    return {"id": vid, "name": f"{vid}村", "town_id": "T", "town": "青山镇", "lat": lat, "lon": lon,
            "collective_income": income, "main_industry": None, "tags": tags, "branch": branch,
            "weak": weak, "stars": stars, "enterprises": 0}


def _srow(person, target, since, until=None, status="active", role="first_secretary"):
    return {"person": person, "target": target, "target_kind": "village", "role": role,
            "since": since, "until": until, "status": status}


def _crow(cid, specialty, home=None, lat=None):
    return {"id": cid, "name": "王建华", "specialty": specialty, "home": home,
            "home_name": home and f"{home}镇", "home_lat": lat, "home_lon": lat and 120.0,
            "work": None, "work_name": None, "work_lat": None, "work_lon": None}


def test_the_plan_reads_villages_stations_and_cadres_and_leaves_out_the_busy():
    villages = [_vrow("V1", "B-1a", stars=3), _vrow("V1", "B-1b", stars=None, weak=True),
                _vrow("V2", "B-2", income=5.0), _vrow("V3", "B-3", stars=1),
                _vrow("V4", "B-4", tags=["脱贫村"]), _vrow("V5", "B-5")]
    stations = [_srow("C9", "V3", 2024),                       # in office in 2025: V3 is served
                _srow("C8", "V4", 2020, 2022),                 # ended: C8 served V4 before
                _srow("C7", "V5", 2026),                       # not yet begun: C7 is committed
                _srow("C6", "X1", 2026, status="proposed"),    # proposed outside the scope
                _srow("C5", "V2", 2026, status="proposed"),    # proposed inside: replanned
                _srow("C4", "V5", 2024, role="work_team")]     # a team member: busy, V5 not served
    cadres = [_crow("C1", "party_affairs", "T", 30.0), _crow("C5", "economy"),
              _crow("C6", "law"), _crow("C7", "law"), _crow("C8", "party_affairs"),
              _crow("C9", "party_affairs"), _crow("C4", "economy")]
    plan = cadre_plan.plan_cadres(_CadreStore(villages, stations, cadres),
                                  CadreSettings(team_size=0))
    assert (plan.year, plan.as_of, plan.within) == (2025, "2025-06-30", None)
    assert plan.scope == ("V1", "V2", "V3", "V4", "V5")
    assert (plan.in_office, plan.busy_cadres, plan.without_needs) == (1, 4, 1)
    assert [a.id for a in plan.wanting] == ["V1", "V2", "V4"]
    v1 = plan.wanting[0]
    assert (v1.village.weak_flag, v1.village.stars, v1.must) == (True, 3, ("weak",))
    # C8 may not go back to V4 (期满调整), so C1 goes there and C8 to V1: both must-haves covered
    assert {(p.village.id, p.cadre.id) for p in plan.matches} == {
        ("V1", "C8"), ("V2", "C5"), ("V4", "C1")}
    assert plan.unmatched_villages == () and plan.unmatched_cadres == ()
    cadre = {p.cadre.id: p.cadre for p in plan.matches}
    assert (cadre["C1"].lat, cadre["C1"].lon, cadre["C1"].base) == (30.0, 120.0, "T镇")
    assert cadre["C8"].past_villages == frozenset({"V4"}) and cadre["C5"].past_villages == frozenset()
    later = cadre_plan.plan_cadres(_CadreStore(villages, stations, cadres), CadreSettings(year=2026))
    # in 2026 C9's two years at V3 are over and C7's station at V5 has begun
    assert later.year == 2026 and later.in_office == 1
    assert "V3" in [a.id for a in later.wanting] and "V5" not in [a.id for a in later.wanting]


def test_a_plan_below_a_region_without_villages_is_refused():
    store = _CadreStore([], [], [])
    with pytest.raises(cadre_plan.CadreError) as error:
        cadre_plan.plan_cadres(store, CADRES, "R-X")
    assert str(error.value) == "区域 R-X 下没有村，请核对编号"
    assert store.params[0] == {"within": "R-X"}
    empty = cadre_plan.plan_cadres(_CadreStore([], [], []), CADRES)
    assert empty.matches == () and empty.scope == ()


def test_a_village_of_several_branches_is_flagged_if_any_is_and_has_their_fewest_stars():
    villages = [_vrow("V1", "B-a", stars=3, weak=True), _vrow("V1", "B-b", stars=1, weak=False),
                _vrow("V2", "B-c", stars=None), _vrow("V2", "B-d", stars=None),
                dict(_vrow("V3", "B-e"), main_industry="茶叶", enterprises=2, lat=31.5, lon=121.5)]
    read = {v.id: v for v in cadre_plan._villages(_CadreStore(villages, [], []), None)}
    assert (read["V1"].weak_flag, read["V1"].stars) == (True, 1)
    assert (read["V2"].weak_flag, read["V2"].stars) == (False, None)
    v3 = read["V3"]
    assert (v3.name, v3.town, v3.lat, v3.lon, v3.main_industry, v3.enterprises, v3.tags,
            v3.collective_income) == ("V3村", "青山镇", 31.5, 121.5, "茶叶", 2, (), 50.0)


def test_a_station_with_an_end_counts_to_its_end_and_a_cadre_is_placed_where_both_coordinates_are():
    station = {"status": "active", "since": 2020, "until": 2026}
    assert cadre_plan._active(station, 2025, VILLAGES)
    def row(home_lat, home_lon, work_lat=31.0, work_lon=121.0):
        return {"home": "R1", "home_lat": home_lat, "home_lon": home_lon, "home_name": "R1镇",
                "work": "R2", "work_lat": work_lat, "work_lon": work_lon, "work_name": "R2村"}
    assert cadre_plan._base([row(30.0, None)]) == (31.0, 121.0, "R2村")
    assert cadre_plan._base([row(None, 120.0)]) == (31.0, 121.0, "R2村")
    assert cadre_plan._base([row(30.0, 120.0)]) == (30.0, 120.0, "R1镇")


def test_the_plan_keeps_its_date_and_hides_names_unless_asked():
    villages = [_vrow("V1", "B-1", stars=1), _vrow("V2", "B-2", income=5.0)]
    cadres = [_crow("C1", "law"), _crow("C2", "law"), _crow("C3", "law")]
    plan = cadre_plan.plan_cadres(_CadreStore(villages, [], cadres), CadreSettings(team_size=0),
                                  as_of=dt.date(2024, 12, 31))
    assert (plan.year, plan.as_of) == (2024, "2024-12-31")
    assert plan.village_rows()[0]["needs"] == "poor"
    shown, hidden = plan.to_json(show_names=True), plan.to_json()
    assert {r["cadre_name"] for r in shown["unmatched_cadres"]} == {"王建华"}
    assert {r["cadre_name"] for r in hidden["unmatched_cadres"] + hidden["matches"]} == {"王**"}
    two = _assessed("V9", needs=("weak", "poor"))
    assert cadre_plan._village_cells(two)["needs"] == "weak;poor"


def test_the_mean_distance_per_rule_is_to_a_tenth_of_a_kilometre():
    v = _assessed("V1", needs=("weak",))
    party = cadre_match.Cadre("C1", "王建华", "party_affairs")
    plan = _cadre_plan_of([_placed(v, party, "weak", 5, 2.0), _placed(v, party, "weak", 5, 4.25),
                           _placed(v, party, "weak", 5, None)])
    assert cadre_plan.by_rule(plan)[0]["mean_km"] == 3.1      # (2 + 4.25) / 2, the unknown left out


def test_no_cadre_is_sent_for_nothing_even_from_next_door_and_a_village_left_bare_is_no_trouble():
    here = (30.0, 120.0)
    v = _assessed("V1", needs=("weak",), must=("weak",), place=here)
    plan = cadre_teams.assign_teams([v], [_cadre("C1", "law", here), _cadre("C2", "party_affairs", here)],
                                    CADRES)
    assert [(p.cadre.id, p.role) for p in plan] == [("C2", "first_secretary")]
    bare = _assessed("V9", needs=("poor",), place=here)     # no economy cadre: no allowed pair
    weak = _assessed("V1", needs=("weak",), place=here)     # no village must have one
    plan = cadre_teams.assign_teams([weak, bare], [_cadre("C2", "party_affairs", here)], CADRES)
    assert [(p.village.id, p.cadre.id) for p in plan] == [("V1", "C2")]


def test_a_cadre_exactly_max_km_away_may_be_sent():
    village, home = (30.0, 120.0), (30.3, 120.0)
    km = cadre_match.distance_km(village, home)
    weak = _assessed("V1", needs=("weak",), place=village)
    cadre = _cadre("C1", "party_affairs", home)
    assert cadre_match.weigh(weak, cadre, CadreSettings(max_km=km)).barrier is None
    assert cadre_match.weigh(weak, cadre, CadreSettings(max_km=km * 0.999)).barrier == "too_far"


def test_the_largest_plan_solved_exactly_stays_below_the_exact_limit(monkeypatch):
    """One village, one cadre, 50 km: tier_fit = 1 × 500 + 1, tier_must = (1 × 5 + 1) × tier_fit,
    and the largest benefit bound is 1 × (tier_must + 5 × tier_fit) = 11 × 501 = 5511."""
    village, cadre = [_assessed("V1", needs=("weak",))], [_cadre("C1", "party_affairs")]
    monkeypatch.setattr(cadre_match, "EXACT_LIMIT", 5511)
    with pytest.raises(ValueError, match="规模太大"):
        cadre_match.assign(village, cadre, CADRES)
    monkeypatch.setattr(cadre_match, "EXACT_LIMIT", 5512)
    assert [p.cadre.id for p in cadre_match.assign(village, cadre, CADRES)] == ["C1"]


def test_the_plan_judges_villages_by_the_villages_table_it_is_given():
    villages = [_vrow("V1", "B-1", income=8.0)]
    cadres = [_crow("C1", "economy", "T", 30.0)]
    poor = cadre_plan.plan_cadres(_CadreStore(villages, [], cadres), CadreSettings(team_size=0))
    assert [a.needs for a in poor.wanting] == [("poor",)]
    rich = cadre_plan.plan_cadres(_CadreStore(villages, [], cadres), CadreSettings(team_size=0),
                                  villages=VillageSettings(poor_income_below=5.0))
    assert (rich.wanting, rich.without_needs, rich.matches) == ((), 1, ())


def test_a_plan_names_its_region_and_why_a_far_cadre_and_village_are_left():
    villages = [_vrow("V1", "B-1", stars=1)]
    cadres = [_crow("C1", "party_affairs", "T", 31.0)]      # 111 km north
    plan = cadre_plan.plan_cadres(_CadreStore(villages, [], cadres), CadreSettings(team_size=0),
                                  "R-T")
    assert plan.within == "R-T" and plan.matches == ()
    assert [(a.id, why) for a, why in plan.unmatched_villages] == [
        ("V1", "1名可选派干部中，1名派出地距离超过50公里")]
    assert [(c.id, why) for c, why in plan.unmatched_cadres] == [
        ("C1", "需要党群干部或应派第一书记的1个村中，1个距其派出地超过50公里")]


def test_a_plan_too_large_is_refused_as_a_cadre_error(monkeypatch):
    monkeypatch.setattr(cadre_teams, "MAX_PAIRS", 0)
    store = _CadreStore([_vrow("V1", "B-1", stars=1)], [], [_crow("C1", "party_affairs", "T", 30.0)])
    with pytest.raises(cadre_plan.CadreError) as error:
        cadre_plan.plan_cadres(store, CADRES)
    assert str(error.value) == "1个村 × 1名干部，规模太大，无法精确求解；请按县或乡镇分别安排（--within）"


def test_a_shorter_plan_with_one_more_cadre_beats_a_longer_one_with_fewer():
    """Distance outweighs the count of cadres: a must-have village M and a weak village V 0.2 km
    apart, one party-affairs cadre at V and a law cadre at M (team of 1). Sending the party cadre
    to M alone covers M and serves one weak need (2 units away); sending it to V and the law cadre
    to M covers and serves as much at no distance, with one cadre more: that plan is chosen."""
    m = _assessed("M", needs=("weak",), must=("脱贫村",), place=(30.0, 120.0))
    v = _assessed("V", needs=("weak",), place=(30.0018, 120.0))
    party, law = _cadre("C1", "party_affairs", (30.0018, 120.0)), _cadre("C2", "law", (30.0, 120.0))
    assert cadre_match.distance_units(cadre_match.weigh(m, party, CADRES), CADRES) == 2
    plan = cadre_teams.assign_teams([m, v], [party, law], CadreSettings(team_size=1))
    assert [(p.village.id, p.cadre.id, p.role) for p in plan] == [
        ("M", "C2", "first_secretary"), ("V", "C1", "first_secretary")]


def test_the_team_plan_is_solved_to_a_zero_gap_with_options_the_solver_knows(monkeypatch):
    seen = []
    real = cadre_teams.milp

    def recording(*args, **kwargs):
        seen.append(kwargs["options"])
        return real(*args, **kwargs)
    monkeypatch.setattr(cadre_teams, "milp", recording)
    v = _assessed("V1", needs=("weak",), must=("weak",))
    with warnings.catch_warnings():
        warnings.simplefilter("error")      # an option HiGHS does not know is only a warning
        plan = cadre_teams.assign_teams([v], [_cadre("C1", "party_affairs")], CADRES)
    assert [p.cadre.id for p in plan] == ["C1"]
    assert seen and all(o == {"mip_rel_gap": 0.0, "presolve": True} for o in seen)

    class Failed:
        x, message = None, "infeasible (test)"
    monkeypatch.setattr(cadre_teams, "milp", lambda *a, **k: Failed())
    with pytest.raises(RuntimeError) as error:
        cadre_teams.assign_teams([v], [_cadre("C1", "party_affairs")], CADRES)
    assert str(error.value) == "the cadre plan's MILP found no solution (infeasible (test))"


def test_a_village_tagged_for_a_first_secretary_must_have_one_by_its_tag():
    from orggraph.analyses.cadres.needs import assess
    tagged = CadreVillage("V1", "东坪村", stars=4, tags=("脱贫村", "茶叶村"))
    assert assess(tagged, CADRES).must == ("脱贫村",)
    assert assess(tagged, CADRES, VillageSettings(first_secretary_tags=("茶叶村",))).must == ("茶叶村",)
