"""Pinned by tests written against the survivors of mutation testing (scripts/mutation,
docs/TESTING.md): rates and ranking (orggraph/analyses/rates.py)."""
from __future__ import annotations

import pytest

from orggraph.analyses import rates
from orggraph.analyses.rates import RatesSettings
from orggraph.notions import VillageSettings
from support.places_graph import PlacesStore


# --- rates (orggraph/analyses/rates.py) ----------------------------------------------------------

def _raw(measure, town_id, town, required, covered):
    return {"measure": measure, "town_id": town_id, "town": town, "required": required,
            "covered": covered}


RAW = [_raw("first_secretary", "T1", "青山镇", 4, 3), _raw("weak_paired", "T1", "青山镇", 2, 1),
       _raw("first_secretary", "T2", "白沙镇", 2, 2), _raw("grid_branch", "T2", "白沙镇", 4, 1),
       _raw("member_reported", None, None, 3, 3)]


def test_a_towns_rate_is_covered_over_required_and_its_index_the_weighted_mean_times_100():
    rows = rates.table(RAW)
    assert [(r["town_id"], r["town"], r["rank"], r["index"], r["county"]) for r in rows] == [
        ("T2", "白沙镇", 1, 67.9, False),       # (0.2 × 1 + 0.15 × 0.25) / 0.35
        ("T1", "青山镇", 2, 62.5, False),       # (0.2 × 0.75 + 0.2 × 0.5) / 0.4
        (None, "（未明确所属乡镇）", None, 100.0, False),   # no town: not ranked
        (None, "全县合计", None, 64.9, True)]   # the county: sums of the towns, its own index
    t1, county = rows[1]["measures"], rows[-1]["measures"]
    assert t1["first_secretary"] == {"required": 4, "covered": 3, "rate": 0.75}
    assert t1["grid_branch"] == {"required": 0, "covered": 0, "rate": None}   # nothing required
    assert set(t1) == {m.id for m in rates.MEASURES}
    assert county["first_secretary"] == {"required": 6, "covered": 5, "rate": 5 / 6}
    assert county["member_reported"] == {"required": 3, "covered": 3, "rate": 1.0}
    assert county["enterprise_branch"]["rate"] is None


def test_towns_with_the_same_index_are_ranked_by_id_and_towns_without_one_come_last():
    raw = [_raw("first_secretary", "T9", "九镇", 2, 1), _raw("first_secretary", "T3", "三镇", 4, 2),
           _raw("grid_branch", "T5", "五镇", 0, 0), _raw("grid_branch", "T4", "四镇", 0, 0)]
    rows = rates.table(raw)
    assert [(r["town_id"], r["rank"], r["index"]) for r in rows] == [
        ("T3", 1, 50.0), ("T9", 2, 50.0), ("T4", None, None), ("T5", None, None), (None, None, 50.0)]


def test_the_index_weighs_by_the_rates_table_and_leaves_out_weights_of_zero():
    only = RatesSettings(first_secretary=1, weak_paired=0, enterprise_branch=0, joint_branch=0,
                         grid_branch=0, member_reported=0)
    rows = {r["town_id"]: r for r in rates.table(RAW, only)}
    assert rows["T1"]["index"] == 75.0 and rows["T2"]["index"] == 100.0
    assert rows[None]["index"] == 83.3                 # the county: 5 of 6
    unweighted = rates.table([_raw("weak_paired", "T1", "青山镇", 2, 1)], only)
    assert unweighted[0]["index"] is None and unweighted[0]["rank"] is None


def test_the_change_since_a_snapshot_is_index_rank_and_rates_up_positive():
    then = rates.table([_raw("first_secretary", "T1", "青山镇", 4, 1),
                        _raw("first_secretary", "T2", "白沙镇", 2, 2),
                        _raw("grid_branch", "T2", "白沙镇", 4, 1)])
    now = rates.with_change(rates.table(RAW), then)
    by = {("county" if r["county"] else r["town_id"]): r["change"] for r in now}
    # T1 rose from 25.0 (rank 2) to 62.5 (rank 2)… T2 stayed first
    assert by["T1"]["index"] == 37.5 and by["T1"]["rank"] == 0
    assert by["T1"]["measures"]["first_secretary"] == 0.5
    assert by["T1"]["measures"]["weak_paired"] is None          # no rate then
    assert by["T2"]["index"] == 0.0 and by["T2"]["measures"]["grid_branch"] == 0.0
    assert by[None] == {"index": None, "rank": None, "measures": {}}   # not in the snapshot
    assert by["county"]["index"] == round(64.9 - then[-1]["index"], 1)
    assert by["county"]["rank"] is None
    moved = rates.with_change(rates.table([_raw("first_secretary", "T1", "青山镇", 4, 4),
                                           _raw("first_secretary", "T2", "白沙镇", 4, 1)]),
                              rates.table([_raw("first_secretary", "T1", "青山镇", 4, 1),
                                           _raw("first_secretary", "T2", "白沙镇", 4, 4)]))
    assert [(r["town_id"], r["change"]["rank"], r["change"]["index"]) for r in moved[:2]] == [
        ("T1", 1, 75.0), ("T2", -1, -75.0)]
    assert moved[0]["change"]["measures"]["first_secretary"] == 0.75


def test_the_rates_for_people_show_covered_over_required_and_the_rate():
    now = rates.with_change(rates.table(RAW), rates.table(RAW))
    people = rates.zh_rows(now)
    assert people[0] == {"排名": 1, "乡镇（街道）": "白沙镇", "第一书记覆盖率": "2/2 100.0%",
                         "弱村联建率": "—", "企业党组织覆盖率": "—", "小微企业党组织覆盖率": "—",
                         "网格党组织覆盖率": "1/4 25.0%", "在职党员报到率": "—",
                         "综合指数": "67.9", "指数较上期": "0", "名次较上期": "0"}
    assert people[2]["排名"] == "" and people[3]["乡镇（街道）"] == "全县合计"
    assert people[3]["名次较上期"] == ""
    plain = rates.zh_rows(rates.table([_raw("weak_paired", "T1", "青山镇", 3, 1)],
                                      RatesSettings(weak_paired=0, first_secretary=1)))
    assert plain[0]["综合指数"] == "—" and "指数较上期" not in plain[0]
    assert plain[0]["弱村联建率"] == "1/3 33.3%"
    assert rates.pct(None) == "—" and rates.pct(0.5) == "50.0%" and rates.pct(1 / 3) == "33.3%"
    assert rates._signed(None) == "" and rates._signed(0) == "0" and rates._signed(0, "位") == "0位"
    assert rates._signed(2.5) == "+2.5" and rates._signed(-3, "位") == "-3位"


def test_the_measures_are_defined_by_their_rule():
    assert [(m.id, m.rule) for m in rates.MEASURES] == [
        ("first_secretary", "village_without_first_secretary"),
        ("weak_paired", "weak_village_unpaired"), ("enterprise_branch", "enterprise_without_branch"),
        ("joint_branch", "enterprise_without_joint_branch"), ("grid_branch", "grid_without_branch"),
        ("member_reported", "member_not_reported")]
    first = rates.definitions(RatesSettings(first_secretary=0.4))[0]
    assert first == {"measure": "first_secretary", "name": "第一书记覆盖率", "weight": 0.4,
                     "rule": "village_without_first_secretary",
                     "definition": "第一书记覆盖率 = 应派驻村第一书记的村（弱村及脱贫村、易地扶贫搬迁村）中无"
                                   "「应派未派驻村第一书记」问题的 ÷ 应派驻村第一书记的村（弱村及脱贫村、"
                                   "易地扶贫搬迁村）"}
    assert rates.MEASURE_BY_ID["grid_branch"].zh == "网格党组织覆盖率"


def test_the_rates_table_rejects_negative_weights_no_weight_at_all_and_crossed_tiers():
    assert RatesSettings().weight("joint_branch") == 0.1
    assert (RatesSettings().tier_one, RatesSettings().tier_two) == (80.0, 60.0)
    assert RatesSettings(tier_one=70, tier_two=70).tier_two == 70
    assert RatesSettings(first_secretary=0, weak_paired=0, enterprise_branch=0, joint_branch=0,
                         grid_branch=0, member_reported=0.01).member_reported == 0.01
    for values, message in [({"grid_branch": -0.1}, "grid_branch 应为0以上的数"),
                            ({"tier_one": "high"}, "tier_one 应为0以上的数"),
                            ({"first_secretary": 0, "weak_paired": 0, "enterprise_branch": 0,
                              "joint_branch": 0, "grid_branch": 0, "member_reported": 0},
                             "至少一项指标的权重应大于0"),
                            ({"tier_one": 50, "tier_two": 60}, "tier_two 不能高于 tier_one")]:
        with pytest.raises(ValueError) as error:
            RatesSettings(**values)
        assert str(error.value) == message


class _ChainStore:
    def __init__(self, chains):
        self.chains, self.asked = chains, []

    def query(self, text, params=None):
        self.asked.append(text)
        return self.chains


CHAINS = [{"id": "C2", "name": "茶叶链", "members": 5, "leaders": ["E2", None]},
          {"id": "C1", "name": "果蔬链", "members": 4, "leaders": ["E1"]},
          {"id": "C3", "name": "空链", "members": 0, "leaders": []},
          {"id": "C4", "name": "竹木链", "members": 10, "leaders": ["E4"]}]
CHAIN_FINDINGS = [{"rule": "chain_member_outside_alliance", "id": "X1", "chain": "C1"},
                  {"rule": "chain_member_outside_alliance", "id": "X2", "chain": "C2"},
                  {"rule": "chain_member_outside_alliance", "id": "X3", "chain": "C2"},
                  {"rule": "chain_without_leader", "id": "C2"},
                  {"rule": "chain_leader_without_instructor", "id": "E2"},
                  {"rule": "chain_leader_without_instructor", "id": "E4"},
                  {"rule": "grid_without_branch", "id": "C1"}]


def test_a_chains_index_is_its_alliance_share_leader_organisation_and_instructor_weighted():
    store = _ChainStore(CHAINS)
    rows = rates.chain_tiers(store, CHAIN_FINDINGS)
    assert store.asked == [rates.queries.find("rates/chains").text]
    assert [(r["chain"], r["index"], r["tier"], r["rank"]) for r in rows] == [
        ("C1", 87.5, "第一档", 1),    # 0.5 × 3/4 + 0.3 + 0.2
        ("C4", 80.0, "第一档", 2),    # 0.5 × 1 + 0.3; its leader has no instructor; at tier_one
        ("C2", 30.0, "第三档", 3),    # 0.5 × 3/5; not organised, no instructor
        ("C3", 0.0, "第三档", 4)]     # no members: no alliance share; no leader
    c2 = rows[2]
    assert (c2["members"], c2["in_alliance"], c2["alliance_rate"], c2["leader_organised"],
            c2["leader_instructor"], c2["name"]) == (5, 3, 0.6, False, False, "茶叶链")
    assert (rows[0]["leader_organised"], rows[0]["leader_instructor"]) == (True, True)
    assert (rows[1]["leader_organised"], rows[1]["leader_instructor"]) == (True, False)
    assert rows[3]["alliance_rate"] is None and rows[3]["in_alliance"] == 0


def test_a_chains_tier_starts_at_its_threshold():
    tiers = {r["chain"]: r["tier"] for r in rates.chain_tiers(
        _ChainStore(CHAINS), CHAIN_FINDINGS, RatesSettings(tier_one=87.5, tier_two=30.0))}
    assert tiers == {"C1": "第一档", "C4": "第二档", "C2": "第二档", "C3": "第三档"}
    tiers = {r["chain"]: r["tier"] for r in rates.chain_tiers(
        _ChainStore(CHAINS), CHAIN_FINDINGS, RatesSettings(tier_one=87.6, tier_two=30.1))}
    assert tiers == {"C1": "第二档", "C4": "第二档", "C2": "第三档", "C3": "第三档"}


def test_a_chain_without_weights_has_no_index_and_equal_indexes_rank_by_id():
    rows = rates.chain_tiers(_ChainStore(CHAINS), CHAIN_FINDINGS,
                             RatesSettings(chain_alliance=0, chain_leader_org=0, chain_instructor=0))
    assert [(r["chain"], r["index"], r["tier"], r["rank"]) for r in rows] == [
        ("C1", None, None, None), ("C2", None, None, None), ("C3", None, None, None),
        ("C4", None, None, None)]
    only_org = rates.chain_tiers(_ChainStore(CHAINS), CHAIN_FINDINGS,
                                 RatesSettings(chain_alliance=0, chain_leader_org=1,
                                               chain_instructor=0))
    assert [(r["chain"], r["index"], r["rank"]) for r in only_org] == [
        ("C1", 100.0, 1), ("C4", 100.0, 2), ("C2", 0.0, 3), ("C3", 0.0, 4)]


def test_a_place_without_a_town_comes_after_every_town_without_an_index():
    raw = [_raw("grid_branch", "Z9", "九镇", 0, 0), _raw("grid_branch", None, None, 0, 0),
           _raw("grid_branch", "A1", "一镇", 0, 0)]
    assert [r["town_id"] for r in rates.table(raw)] == ["A1", "Z9", None, None]


def test_a_change_needs_a_value_now_and_then_and_rates_change_to_four_decimals():
    then = rates.table([_raw("first_secretary", "T1", "青山镇", 4, 1),
                        _raw("grid_branch", "T2", "白沙镇", 0, 0)])
    now = rates.with_change(rates.table([_raw("grid_branch", "T1", "青山镇", 0, 0),
                                         _raw("first_secretary", "T2", "白沙镇", 3, 1)]), then)
    by = {r["town_id"]: r["change"] for r in now}
    assert by["T1"]["index"] is None and by["T1"]["rank"] is None     # no index now
    assert by["T2"]["index"] is None and by["T2"]["rank"] is None     # no index then
    assert by["T2"]["measures"]["first_secretary"] is None
    county = now[-1]["change"]
    assert county["measures"]["first_secretary"] == 0.0833     # 1/3 − 1/4, not 0.08333


# --- town_rates on a graph kept in memory (tests/support/places_graph.py) -----------------------

class _RatesStore(PlacesStore):
    def __init__(self, populations):
        super().__init__()
        library = rates.queries.library()
        self.measures = {library[f"rates/{m.id}"].text: m.id for m in rates.MEASURES}
        self.populations, self.params = populations, {}

    def query(self, text, params=None):
        if text == rates.notions.READ_META:
            return [{"as_of": "2025-06-30", "loaded": None}]
        if text in self.measures:
            self.params[self.measures[text]] = params
            return [dict(r) for r in self.populations.get(self.measures[text], [])]
        return super().query(text, params)


def test_a_towns_required_and_covered_are_counted_from_the_population_and_the_findings():
    store = _RatesStore({
        "first_secretary": [{"id": "V"}, {"id": "G"}, {"id": "E2"}],
        "weak_paired": [{"id": "V"}],
        "grid_branch": [{"id": "G"}, {"id": "G"}],
        "enterprise_branch": [{"id": "E2"}],
        "member_reported": [{"ids": ["P2", "P1"], "responsible": ["O-V"], "employer": []},
                            {"ids": ["P1"], "responsible": ["O-V"], "employer": []}]})
    findings = [{"rule": "village_without_first_secretary", "id": "V"},
                {"rule": "member_not_reported", "id": "P1"},
                {"rule": "grid_without_branch", "id": "V"}]
    raw = rates.town_rates(store, findings)
    assert raw == [
        {"measure": "enterprise_branch", "town_id": None, "town": None, "required": 1, "covered": 1},
        {"measure": "first_secretary", "town_id": "T", "town": "青山镇", "required": 2, "covered": 1},
        {"measure": "first_secretary", "town_id": None, "town": None, "required": 1, "covered": 1},
        {"measure": "grid_branch", "town_id": "T", "town": "青山镇", "required": 1, "covered": 1},
        {"measure": "member_reported", "town_id": "T", "town": "青山镇", "required": 2,
         "covered": 1},
        {"measure": "weak_paired", "town_id": "T", "town": "青山镇", "required": 1, "covered": 1}]
    assert store.params["enterprise_branch"] == {"min_members": 3}
    assert store.params["first_secretary"]["weak_max_stars"] == 2
    stricter = _RatesStore({})
    assert rates.town_rates(stricter, [], rates.CoverageSettings(min_members_for_branch=4),
                            villages=VillageSettings(weak_max_stars=1)) == []
    assert stricter.params["enterprise_branch"] == {"min_members": 4}
    assert stricter.params["first_secretary"]["weak_max_stars"] == 1


def test_every_row_of_a_town_counts_and_towns_are_listed_by_id():
    store = _RatesStore({
        "first_secretary": [{"id": "G"}, {"id": "V"}, {"id": "E2"}],
        "member_reported": [{"ids": ["P1"], "responsible": ["O-V"], "employer": []},
                            {"ids": ["P1"], "responsible": ["O-V"], "employer": []},
                            {"ids": ["P3"], "responsible": ["O-S"], "employer": []}]})
    raw = rates.town_rates(store, [{"rule": "village_without_first_secretary", "id": "V"}])
    assert [(r["measure"], r["town_id"], r["required"], r["covered"]) for r in raw] == [
        ("first_secretary", "T", 2, 1), ("first_secretary", None, 1, 1),
        ("member_reported", "S", 1, 1), ("member_reported", "T", 1, 1)]


def test_a_chains_index_is_the_weighted_mean_over_the_weights_present_to_one_decimal():
    chains = [{"id": "C1", "name": "果蔬链", "members": 3, "leaders": ["E1"]}]
    findings = [{"rule": "chain_member_outside_alliance", "id": "X1", "chain": "C1"}]
    rows = rates.chain_tiers(_ChainStore(chains), findings,
                             RatesSettings(chain_alliance=1, chain_leader_org=1, chain_instructor=0))
    assert rows[0]["index"] == 83.3      # 100 × (1 × 2/3 + 1 × 1) / 2


def test_chains_rank_by_index_even_below_one_and_a_chain_without_an_index_comes_last():
    """Only the alliance share weighs: a chain without members has no index."""
    chains = [{"id": "C1", "name": "空链", "members": 0, "leaders": []},
              {"id": "C2", "name": "零链", "members": 1, "leaders": []},
              {"id": "C3", "name": "微链", "members": 200, "leaders": []}]
    findings = ([{"rule": "chain_member_outside_alliance", "id": "X", "chain": "C2"}]
                + [{"rule": "chain_member_outside_alliance", "id": f"X{i}", "chain": "C3"}
                   for i in range(199)])
    rows = rates.chain_tiers(_ChainStore(chains), findings,
                             RatesSettings(chain_alliance=1, chain_leader_org=0, chain_instructor=0))
    assert [(r["chain"], r["index"], r["rank"]) for r in rows] == [
        ("C3", 0.5, 1), ("C2", 0.0, 2), ("C1", None, None)]


def test_a_measure_the_snapshot_did_not_have_has_no_change():
    then = rates.table([_raw("first_secretary", "T1", "青山镇", 4, 1)])
    for row in then:
        row["measures"].pop("grid_branch", None)
    now = rates.with_change(rates.table([_raw("first_secretary", "T1", "青山镇", 4, 2),
                                         _raw("grid_branch", "T1", "青山镇", 2, 1)]), then)
    assert now[0]["change"]["measures"]["grid_branch"] is None
    assert now[0]["change"]["measures"]["first_secretary"] == 0.25


def test_places_without_a_town_come_after_every_town_whatever_its_id():
    store = _RatesStore({"first_secretary": [{"id": "E2"}, {"id": "Y"}, {"id": "V"}]})
    raw = rates.town_rates(store, [])
    assert [(r["town_id"], r["town"]) for r in raw] == [("T", "青山镇"), ("Y", "云岭镇"), (None, None)]
