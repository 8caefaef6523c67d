"""Rules, scores and plans of the analysis modules stated as tests, written against the survivors
of mutation testing (scripts/mutation, docs/TESTING.md): each test pins a boundary, a formula's
part or a tie-break that no other test looked at."""
from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from orggraph import notions
from orggraph.analyses import coverage, influence, rates
from orggraph.analyses.influence import InfluenceSettings
from orggraph.analyses.rates import RatesSettings
from orggraph.analyses.cadres import match as cadre_match
from orggraph.analyses.cadres.needs import Assessed, CadreVillage
from orggraph.analyses.cadres.settings import CadreSettings
from orggraph.analyses.pairing import greedy as pairing_greedy
from orggraph.analyses.pairing.instance import Arc, Instance, Solution
from orggraph.analyses.pairing.settings import TIER_NAMES, PairingSettings
from orggraph.analyses.pairing import tiers as pairing_tiers
from orggraph.analyses.pairing.data import PairingVillage
from orggraph.analyses.pairing import candidates as pairing_candidates
from orggraph.analyses.pairing.data import Existing
from orggraph.analyses.pairing import reasons as pairing_reasons
from orggraph.analyses.pairing import plan as pairing_plan
from orggraph.analyses import places as places_module
from orggraph.analyses.places import Places
from orggraph.analyses.cadres import teams as cadre_teams
from orggraph.analyses.pairing import apply as pairing_apply
from orggraph.analyses.cadres import plan as cadre_plan
from orggraph.analyses.pairing import solve as pairing_solve
from orggraph.load import validate
from orggraph.load.bundle import BadRow, BundleError, RowError, Table
from orggraph.store.batches import NodeBatch, RelBatch
from orggraph.config import ConfigError
from orggraph.notions import VillageSettings

VILLAGES = VillageSettings()


# --- notions (orggraph/notions.py) ---------------------------------------------------------------

def _why(flagged=False, stars=4, income=50.0, households=800, willing=False, industry=None,
         settings=VILLAGES) -> list[str]:
    return notions.why_to_be_led(flagged, stars, income, households, willing, industry, settings)


def test_the_reasons_a_village_is_led_are_worded_as_terms_section_5():
    # TERMS.md §5 认定为弱村的原因: 软弱涣散村 ｜ {二}星级党组织（0星写“未评星”） ｜
    # 村集体经济收入{x}万元，低于{y}万元 ｜ 小村（{n}户），有联建意愿 ｜ 产业基础评分{x}分，低于{y}分
    assert _why(flagged=True) == ["软弱涣散村"]
    assert _why(stars=0) == ["未评星党组织"]
    assert _why(stars=1) == ["一星级党组织"]
    assert _why(stars=2) == ["二星级党组织"]
    assert _why(income=9.5) == ["村集体经济收入9.5万元，低于10万元"]
    assert _why(households=120, willing=True) == ["小村（120户），有联建意愿"]
    assert _why(industry=49.5, settings=VillageSettings(weak_industry_score=50.0)) == [
        "产业基础评分49.5分，低于50分"]
    # every reason, in this order
    assert _why(flagged=True, stars=1, income=3.0, households=80, willing=True, industry=10.0,
                settings=VillageSettings(weak_industry_score=20.0)) == [
        "软弱涣散村", "一星级党组织", "村集体经济收入3万元，低于10万元", "小村（80户），有联建意愿",
        "产业基础评分10分，低于20分"]


def test_the_villages_table_keeps_its_tags_as_a_tuple_and_rejects_bad_values():
    assert VillageSettings(first_secretary_tags=["脱贫村"]).first_secretary_tags == ("脱贫村",)
    assert VillageSettings(weak_max_stars=0).weak_max_stars == 0
    assert VillageSettings(weak_max_stars=5).weak_max_stars == 5
    assert VillageSettings(term_years=1).term_years == 1
    assert VillageSettings(small_households=0).small_households == 0
    bad = [({"first_secretary_tags": "脱贫村"}, "first_secretary_tags"),
           ({"first_secretary_tags": ["脱贫村", 3]}, "first_secretary_tags"),
           ({"weak_max_stars": True}, "weak_max_stars"), ({"weak_max_stars": 2.0}, "weak_max_stars"),
           ({"weak_max_stars": -1}, "weak_max_stars"), ({"weak_max_stars": 6}, "weak_max_stars"),
           ({"term_years": 0}, "term_years"), ({"term_years": 2.0}, "term_years"),
           ({"small_households": -1}, "small_households"),
           ({"small_households": 300.0}, "small_households")]
    for values, name in bad:
        with pytest.raises(ValueError) as error:
            VillageSettings(**values)
        assert str(error.value).startswith(f"{name} must be "), values


def test_the_villages_table_errors_say_what_is_allowed():
    messages = {}
    for values in ({"first_secretary_tags": "x"}, {"weak_max_stars": 9}, {"term_years": 0},
                   {"small_households": -1}):
        with pytest.raises(ValueError) as error:
            VillageSettings(**values)
        messages[next(iter(values))] = str(error.value)
    assert messages == {
        "first_secretary_tags": "first_secretary_tags must be a list of strings",
        "weak_max_stars": "weak_max_stars must be a whole number from 0 to 5",
        "term_years": "term_years must be a whole number of at least 1",
        "small_households": "small_households must be a whole number of at least 0"}


def test_a_date_is_read_as_yyyy_mm_dd_and_a_bad_one_is_named():
    assert notions.parse_date(" 2025-06-30 ") == dt.date(2025, 6, 30)
    assert notions.parse_date(dt.date(2025, 1, 2)) == dt.date(2025, 1, 2)
    with pytest.raises(ValueError) as error:
        notions.parse_date("30/06/2025")
    assert str(error.value) == "as_of: '30/06/2025' is not a date (YYYY-MM-DD)"
    with pytest.raises(ValueError) as error:
        notions.parse_date("2025-13-01", where="meta.csv row 2")
    assert str(error.value) == "meta.csv row 2: '2025-13-01' is not a date (YYYY-MM-DD)"


class _MetaStore:
    """A store that answers the as-of query with `rows`, or fails like a database without Meta."""

    def __init__(self, rows=None, fails=False):
        self.rows, self.fails, self.asked = rows or [], fails, []

    def query(self, text, params=None):
        self.asked.append((text, params))
        if self.fails:
            raise RuntimeError("Binder exception: table Meta does not exist")
        return self.rows


def test_the_as_of_date_is_given_else_the_bundles_else_the_load_date_else_today():
    given = dt.date(2024, 12, 31)
    assert notions.as_of(_MetaStore(fails=True), given) == given
    store = _MetaStore([{"as_of": "2025-03-31", "loaded": "2025-04-02"}])
    assert notions.as_of(store) == dt.date(2025, 3, 31)
    assert store.asked == [(notions.READ_META, {"id": "bundle"})]
    assert notions.as_of(_MetaStore([{"as_of": None, "loaded": "2025-04-02"}])) == dt.date(2025, 4, 2)
    assert notions.as_of(_MetaStore([{"as_of": "", "loaded": None}])) == dt.date.today()
    assert notions.as_of(_MetaStore([])) == dt.date.today()
    assert notions.as_of(_MetaStore(fails=True)) == dt.date.today()


def test_must_have_first_secretary_gives_weak_before_the_tags_in_the_tables_order():
    settings = VillageSettings(first_secretary_tags=("易地扶贫搬迁村", "脱贫村"))
    assert notions.must_have_first_secretary(True, None, ["脱贫村", "易地扶贫搬迁村"], settings) == (
        "weak", "易地扶贫搬迁村", "脱贫村")
    assert notions.must_have_first_secretary(False, 3, [], VILLAGES) == ()
    assert notions.must_have_first_secretary(None, 2, ["脱贫村"], VILLAGES) == ("weak", "脱贫村")


def test_the_villages_table_defaults_are_the_documents_numbers():
    assert (VILLAGES.weak_max_stars, VILLAGES.term_years, VILLAGES.poor_income_below,
            VILLAGES.small_households, VILLAGES.weak_industry_score) == (2, 2, 10.0, 300, 0.0)
    assert VILLAGES.first_secretary_tags == ("脱贫村", "易地扶贫搬迁村")
    assert notions.SECTION == VillageSettings.SECTION == "villages"
    assert notions.META_ID == "bundle"


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
    for values, message in [({"grid_branch": -0.1}, "grid_branch must be a number of at least 0"),
                            ({"tier_one": "high"}, "tier_one must be a number of at least 0"),
                            ({"first_secretary": 0, "weak_paired": 0, "enterprise_branch": 0,
                              "joint_branch": 0, "grid_branch": 0, "member_reported": 0},
                             "at least one measure needs a weight above 0"),
                            ({"tier_one": 50, "tier_two": 60}, "tier_two must not be above tier_one")]:
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


# --- coverage (orggraph/analyses/coverage.py) ----------------------------------------------------

# The catalogue as people read it (TERMS.md §2.1 titles and texts, §2.2 sources) at the default
# thresholds; `en` is the description `--lang en` and the JSON catalogue give programs.
CATALOGUE = {
    'enterprise_without_branch': (
        '企业应建未建党组织',
        '党员3名以上的企业未单独组建党组织（已纳入联合党支部的，仍应单独组建）。',
        'Enterprise with 3 or more party members and no organisation of its own (an OrgUn'
        'it BASED_IN it that is not a joint_branch); `in_joint_branch` says when it sits '
        'in a joint branch',
        '《中国共产党章程》第三十条；《在全省基层党建“创新突破年”活动推进会上的汇报发言'
        '》（应建尽建）',
    ),
    'enterprise_without_joint_branch': (
        '企业未纳入联合党支部',
        '党员1至2名的企业既未单独组建党组织，也未纳入联合党支部。',
        'Enterprise with 1 to 2 party members and no OrgUnit BASED_IN it (own or joint br'
        'anch)',
        '《市委组织部部长在基层党建经验分享会上的发言》（联合组建）；《中国共产党支部工作'
        '条例（试行）》',
    ),
    'enterprise_without_instructor': (
        '企业未选派党建指导员',
        '暂无党员、职工50人以上的企业未选派党建工作指导员（含拟选派；任期届满的不计），'
        '党的工作未覆盖。',
        'Enterprise with 0 party members, 50 or more employees and no instructor in offic'
        'e (STATIONED_IN, term running at the as-of date; a proposed station counts)',
        '《关于加强和改进非公有制企业党的建设工作的意见（试行）》（中办发〔2012〕11'
        '号，工作覆盖）',
    ),
    'grid_without_branch': (
        '网格（小区）未建党组织',
        '网格（小区）未建立党组织，党的组织未覆盖到网格（小区）。',
        'Region of kind grid or compound with no OrgUnit BASED_IN it',
        '《在全市党建引领城市基层治理推进会上的汇报发言》；《组织部部长讲话文章、党课讲稿'
        '、经验材料》（龙岩篇：小区党组织全覆盖）',
    ),
    'village_without_first_secretary': (
        '应派未派驻村第一书记',
        '弱村（软弱涣散或二星级及以下）及脱贫村、易地扶贫搬迁村未选派驻村第一书记（含拟选'
        '派）；任期2年，期满未调整更换的，视同未选派。',
        'Village that must have a first secretary'
        ' — weak (2 stars or fewer, or flagged) o'
        'r tagged 脱贫村 or 易地扶贫搬迁村 — with none in o'
        'ffice at the as-of date (a term runs 2 y'
        'ears from `since` unless `until` is give'
        'n; a proposed station counts); `reason` '
        'is no_first_secretary or term_ended (wit'
        "h the last one's since and until)",
        '《农村基层党建工作综述》（第一书记全覆盖、期满调整更换）',
    ),
    'weak_village_unpaired': (
        '弱村未纳入跨村联建',
        '弱村（软弱涣散或二星级及以下，村集体经济收入低于10万元，或不足300户且有联建'
        '意愿；五星级村除外）未与其他村结对共建（含拟联建），也未纳入联村党总支。',
        'Village to be led (weak: 2 stars or fewe'
        'r or flagged; collective income below 10'
        ' 万元; fewer than 300 households and willi'
        'ng to join; not five-star) whose branch '
        'has no village-to-village CO_BUILDS (any'
        ' status: a proposed pair, as `orggraph p'
        'air --apply` writes, closes it) and is n'
        'ot MEMBER_OF a joint_village_branch; a l'
        'ink with an enterprise (村企共建) does not c'
        'ount',
        '《在全省基层党建“创新突破年”活动推进会上的汇报发言》（跨村联建）',
    ),
    'org_without_secretary': (
        '党组织书记空缺',
        '党组织未配备书记（党小组设组长，不在此列）。',
        'OrgUnit with no Person LEADS it as secretary; party groups (building_group, grid'
        ' groups), which have a group leader rather than a secretary, are not checked',
        '《市委组织部部长在基层党建经验分享会上的发言》（选优配强书记）',
    ),
    'org_without_parent': (
        '党组织隶属关系未理顺',
        '县委以下党组织未明确上级党组织，组织体系存在“断头路”。',
        'OrgUnit below the county committee with '
        'no MEMBER_OF to an OrgUnit (断头路)',
        '《组织部部长讲话文章、党课讲稿、经验材料》（大竹篇：断头路）',
    ),
    'chain_member_outside_alliance': (
        '链上企业未纳入党建联盟',
        '链上企业党组织未纳入该产业链党委（党建联盟），或该企业尚未建立党组织。',
        "Enterprise MEMBER_OF a chain with no OrgUnit BASED_IN it inside the chain's alli"
        'ance (MEMBER_OF, at any depth, a chain_committee BASED_IN the chain)',
        '《市委组织部部长在基层党建经验分享会上的发言》',
    ),
    'chain_without_leader': (
        '链主企业缺位或未建党组织',
        '产业链未明确链主企业，或链主企业未建立党组织。',
        'IndustryChain with no leading Enterprise, or whose leader has no OrgUnit BASED_I'
        'N it',
        '《市委组织部部长在基层党建经验分享会上的发言》',
    ),
    'chain_leader_without_instructor': (
        '链主企业未选派党建指导员',
        '链主企业未选派专职党建工作指导员（含拟选派；任期届满的不计）。',
        'Enterprise that LEADS a chain with no instructor in office STATIONED_IN it (a pr'
        'oposed station counts)',
        '《市委组织部部长在基层党建经验分享会上的发言》（向链主企业选派1名专职党建工作指'
        '导员）',
    ),
    'community_committee_short_of_members': (
        '社区大党委兼职委员不足',
        '社区党组织（大党委）兼职委员少于3名；按要求应从驻区单位选配3至5名。',
        'community_committee with fewer than 3 Persons LEADS it as part_time_member',
        '《在全市党建引领城市基层治理推进会上的汇报发言》（大党委制，3-5名兼职委员）',
    ),
    'street_committee_short_of_members': (
        '街道大工委兼职委员不足',
        '街道党工委（大工委）兼职委员少于3名；按要求应从驻街道单位选配3至5名。',
        'street_committee with fewer than 3 Persons LEADS it as part_time_member',
        '《在全市党建引领城市基层治理推进会上的汇报发言》（大工委制，3-5名兼职委员）',
    ),
    'member_not_reported': (
        '在职党员未到社区报到',
        '在职党员未到居住地社区（小区）报到，“双报到”未落实。',
        'Person, party member and in service, with no REPORTS_TO',
        '《在全市党建引领城市基层治理推进会上的汇报发言》（双报到）；《组织部部长讲话文章'
        '、党课讲稿、经验材料》（龙岩篇：回小区报到）',
    ),
    'unit_not_reported': (
        '单位党组织未到社区报到',
        '机关、事业单位党组织未到社区报到（未与社区党组织结对共建），“双报到”未落实。',
        'Organisation of an agency or public institution (agency_branch) with no agency_c'
        "ommunity CO_BUILDS with a community's organisation",
        '《在全市党建引领城市基层治理推进会上的汇报发言》（双报到：单位到社区报到）',
    ),
    'grid_contact_gap': (
        '网格党员联系户未全覆盖',
        '网格住户数多于党员联系户数合计，仍有住户未明确联系党员。',
        'Region of kind grid whose households exceed the sum of CONTACTS.households into '
        'it',
        '《市委组织部部长在基层党建经验分享会上的发言》；《农村基层党建工作综述》（村党支'
        '部—网格党小组—党员联系户）',
    ),
    'member_contact_overload': (
        '党员联系户数超标',
        '党员联系户数超过15户；每名党员一般联系10至15户。',
        'Party member whose CONTACTS households add up to more than 15',
        '《市委组织部部长在基层党建经验分享会上的发言》（每名党员联系10-15户）',
    ),
}


def test_the_catalogue_reads_as_written_at_the_default_thresholds():
    rows = coverage.catalogue()
    assert [r["rule"] for r in rows] == list(CATALOGUE) == list(coverage.RULE_IDS)
    for row in rows:
        assert (row["title"], row["zh"], row["en"], row["source"]) == CATALOGUE[row["rule"]], \
            row["rule"]
        assert "findings" not in row


def test_the_catalogue_counts_the_findings_of_each_rule():
    found = [{"rule": "grid_without_branch"}, {"rule": "grid_without_branch"},
             {"rule": "org_without_parent"}]
    counts = {r["rule"]: r["findings"] for r in coverage.catalogue(found)}
    assert counts["grid_without_branch"] == 2 and counts["org_without_parent"] == 1
    assert counts["member_not_reported"] == 0 and sum(counts.values()) == 3


def test_the_rule_texts_follow_the_thresholds_and_tags_in_force():
    settings = coverage.CoverageSettings(min_members_for_branch=5, min_employees_for_instructor=80,
                                         min_part_time_members=4, max_contact_households=12)
    villages = VillageSettings(weak_max_stars=1, first_secretary_tags=(), term_years=3,
                               poor_income_below=8.5, small_households=200)
    rows = {r["rule"]: r for r in coverage.catalogue(settings=settings, villages=villages)}
    assert rows["enterprise_without_joint_branch"]["zh"].startswith("党员1至4名的企业")
    assert rows["enterprise_without_instructor"]["en"].startswith(
        "Enterprise with 0 party members, 80 or more employees")
    assert "tagged (no tag) —" in rows["village_without_first_secretary"]["en"]
    assert "一星级及以下，村集体经济收入低于8.5万元，或不足200户" in rows["weak_village_unpaired"]["zh"]
    assert rows["member_contact_overload"]["zh"].startswith("党员联系户数超过12户")
    assert rows["street_committee_short_of_members"]["zh"].startswith(
        "街道党工委（大工委）兼职委员少于4名")
    one = coverage.rule("village_without_first_secretary").text(
        villages=VillageSettings(first_secretary_tags=("脱贫村",)))
    assert "二星级及以下）及脱贫村未选派" in one[0] and "tagged 脱贫村 —" in one[1]


def test_the_coverage_table_rejects_thresholds_below_one():
    assert coverage.CoverageSettings(min_members_for_branch=1).min_members_for_branch == 1
    defaults = coverage.CoverageSettings()
    assert (defaults.min_members_for_branch, defaults.min_employees_for_instructor,
            defaults.min_part_time_members, defaults.max_contact_households) == (3, 50, 3, 15)
    for name in ("min_members_for_branch", "min_employees_for_instructor",
                 "min_part_time_members", "max_contact_households"):
        for bad in (0, -2, 2.0, True, "3"):
            with pytest.raises(ValueError) as error:
                coverage.CoverageSettings(**{name: bad})
            assert str(error.value) == f"{name} must be a whole number of at least 1"


def test_the_rules_parameters_carry_both_tables_and_the_year():
    values = coverage.parameters(coverage.CoverageSettings(min_members_for_branch=4,
                                                           max_contact_households=12),
                                 VillageSettings(term_years=3), 2026)
    assert values["min_members"] == 4 and values["min_employees"] == 50
    assert values["min_part_time_members"] == 3 and values["max_households"] == 12
    assert values["top_kinds"] == list(coverage.model.TOP_ORG_KINDS)
    assert values["agency_kinds"] == ["agency_branch"]
    assert values["year"] == 2026 and values["term_years"] == 3
    params = coverage.rule("enterprise_without_branch").params(values)
    assert params == {"min_members": 4}


def test_an_unknown_rule_is_named_with_the_known_ones():
    with pytest.raises(coverage.queries.QueryError) as error:
        coverage.rule("no_such_rule")
    assert str(error.value) == ("no coverage rule 'no_such_rule'; known: "
                                + ", ".join(coverage.RULE_IDS))


def test_the_summary_counts_per_rule_and_town_and_tells_towns_of_one_name_apart():
    findings = [{"rule": "grid_without_branch", "town_id": "T2", "town": "白沙镇"},
                {"rule": "grid_without_branch", "town_id": "T3", "town": "青山镇"},
                {"rule": "org_without_parent", "town_id": None, "town": None},
                {"rule": "grid_without_branch", "town_id": "T1", "town": "青山镇"},
                {"rule": "grid_without_branch", "town_id": "T1", "town": "青山镇"}]
    rows = coverage.summary(findings, ["grid_without_branch", "org_without_parent"])
    assert rows == [
        {"rule": "grid_without_branch", "title": "网格（小区）未建党组织", "青山镇 (T1)": 2,
         "白沙镇": 1, "青山镇 (T3)": 1, "(no town)": 0, "total": 4},
        {"rule": "org_without_parent", "title": "党组织隶属关系未理顺", "青山镇 (T1)": 0,
         "白沙镇": 0, "青山镇 (T3)": 0, "(no town)": 1, "total": 1},
        {"rule": "total", "title": "合计", "青山镇 (T1)": 2, "白沙镇": 1, "青山镇 (T3)": 1,
         "(no town)": 1, "total": 5}]
    assert [list(r) for r in rows][0] == ["rule", "title", "青山镇 (T1)", "白沙镇", "青山镇 (T3)",
                                          "(no town)", "total"]
    every = coverage.summary([])
    assert [r["rule"] for r in every] == [*coverage.RULE_IDS, "total"]
    assert all(r["total"] == 0 for r in every)


# --- influence (orggraph/analyses/influence.py), on chains built in memory -----------------------

def _member(has_org=False, in_alliance=False, tier=None, name=None):
    return {"name": name, "tier": tier, "has_org": has_org, "in_alliance": in_alliance}


def _chain(edges, members, leader="L", facts=None, chain="C1"):
    return influence.ChainData(chain, f"{chain}链", "茶叶", leader, f"企业{leader}" if leader else None,
                               "O-K", dict(facts or {}), dict(members), dict(edges))


# L at the centre of a line and a branch: A ⇄ L → B → D, and E with no supply edge.
BRANCH = _chain({("A", "L"): 2.0, ("L", "A"): 0.5, ("L", "B"): 1.0, ("B", "D"): 1.0},
                {"L": _member(True, True, name="企业L"), "A": _member(True, True, "upstream", "企业A"),
                 "B": _member(True, False, "downstream", "企业B"), "D": _member(name="企业D"),
                 "E": _member(name=None)},
                facts={"organised": True, "in_alliance": True, "party_members": 5,
                       "instructor": False})


def test_the_chains_network_is_the_members_with_supplies_summed_both_ways():
    graph = influence.supply_network(BRANCH)
    assert list(graph) == ["A", "B", "D", "E", "L"]
    assert graph["A"]["L"]["weight"] == 2.0 and graph["L"]["A"]["weight"] == 0.5
    both = influence.undirected(graph)
    assert sorted(both.edges(data="weight")) == [("A", "L", 2.5), ("B", "D", 1.0),
                                                 ("B", "L", 1.0)]
    assert list(both) == ["A", "B", "D", "E", "L"]


def test_reach_closeness_and_brokerage_of_a_leader_by_hand():
    result = influence.analyse_chain(BRANCH)
    assert (result["members"], result["hops"], result["committee"]) == (5, 2, "O-K")
    assert result["reach"] == ["A", "B", "D"] and result["reach_share"] == 0.75
    assert result["upstream_reach"] == ["A"]                 # who supplies L (or its suppliers)
    assert result["downstream_reach"] == ["A", "B", "D"]     # whom L supplies, two steps on
    assert result["closeness"] == 0.5625                      # 3/4 reached at 4 hops: ¾ × ¾
    assert result["betweenness"] == 0.333333                  # on A–B and A–D of 6 pairs
    assert result["betweenness_sampled"] is False
    assert result["party_share"] == 0.666667 and result["alliance_share"] == 0.333333
    assert result["party_share_all"] == 0.6 and result["alliance_share_all"] == 0.4
    assert (result["leader_organised"], result["leader_in_alliance"],
            result["leader_party_members"], result["leader_instructor"]) == (True, True, 5, False)
    parts = result["influence_parts"]
    assert (parts["reach"], parts["closeness"], parts["brokerage"]) == (0.75, 0.5625, 0.333333)
    assert result["influence"] == round(100 * (0.4 * 0.75 + 0.3 * 0.5625 + 0.15 * parts["outrank"]
                                               + 0.15 * (1 / 3)), 2)
    # over two hops less: one hop reaches A and B
    one = influence.analyse_chain(BRANCH, InfluenceSettings(hops=1))
    assert one["reach"] == ["A", "B"] and one["downstream_reach"] == ["A", "B"]
    assert one["hops"] == 1


def test_a_leader_everyone_supplies_outranks_them_all():
    star = _chain({("A", "L"): 1.0, ("B", "L"): 1.0, ("D", "L"): 1.0},
                  {v: _member() for v in "ABDLE"})
    result = influence.analyse_chain(star)
    assert result["pagerank_rank"] == 1
    assert result["influence_parts"] == {"reach": 0.75, "closeness": 0.75, "outrank": 1.0,
                                         "brokerage": 0.5}
    assert result["influence"] == 75.0      # 100 × (0.4 × 0.75 + 0.3 × 0.75 + 0.15 + 0.15 × 0.5)
    weighted = influence.analyse_chain(star, InfluenceSettings(weight_reach=1, weight_closeness=0,
                                                               weight_outrank=0, weight_brokerage=1))
    assert weighted["influence"] == 62.5    # (0.75 + 0.5) / 2
    # the leader supplies them all instead: they outrank it
    out = influence.analyse_chain(_chain({("L", "A"): 1.0, ("L", "B"): 1.0, ("L", "D"): 1.0},
                                         {v: _member() for v in "ABDL"}))
    assert out["pagerank_rank"] == 4 and out["influence_parts"]["outrank"] == 0.0
    assert out["upstream_reach"] == [] and out["downstream_reach"] == ["A", "B", "D"]


def test_pagerank_values_within_a_hair_count_as_equal():
    pair = influence.analyse_chain(_chain({("L", "A"): 1.0, ("A", "L"): 1.0},
                                          {"L": _member(), "A": _member()}))
    assert pair["pagerank_rank"] == 1 and pair["influence_parts"]["outrank"] == 0.0
    assert pair["betweenness"] == 0.0 and pair["closeness"] == 1.0 and pair["reach_share"] == 1.0
    assert pair["influence"] == 70.0        # 100 × (0.4 + 0.3)
    assert 0 < pair["ppr_mass"] < 1


def test_a_leader_alone_has_an_index_of_zero_and_no_reach_share():
    alone = influence.analyse_chain(_chain({}, {"L": _member()}))
    assert alone["reach"] == [] and alone["reach_share"] is None
    assert alone["influence_parts"] == {"reach": 0.0, "closeness": 0.0, "outrank": 0.0,
                                        "brokerage": 0.0}
    assert alone["influence"] == 0.0 and alone["party_share"] is None


def test_ppr_mass_is_what_a_walk_restarting_at_the_leader_spends_elsewhere():
    result = influence.analyse_chain(BRANCH)
    network = influence.undirected(influence.supply_network(BRANCH))
    ppr = influence.nx.pagerank(network, alpha=0.85, personalization={"L": 1.0}, weight="weight",
                                tol=1e-12, max_iter=1000)
    assert result["ppr_mass"] == round(1 - ppr["L"], 6)
    lower = influence.analyse_chain(BRANCH, InfluenceSettings(alpha=0.5))
    assert lower["ppr_mass"] < result["ppr_mass"]


def test_a_chain_without_a_leader_scores_zero_and_lists_its_members_outside_by_id():
    none = influence.analyse_chain(_chain({("B", "A"): 1.0}, {"B": _member(), "A": _member(),
                                                              "C": _member(True, True)},
                                          leader=None))
    assert none["influence"] == 0.0 and none["influence_parts"] is None
    assert none["reach"] == [] and none["reach_share"] is None and none["closeness"] is None
    assert none["pagerank_rank"] is None and none["betweenness_sampled"] is False
    assert none["party_share_all"] == 0.333333
    assert [(r["id"], r["hops"], r["distance"], r["action"]) for r in none["recommend"]] == [
        ("A", None, None, "join_alliance"), ("B", None, None, "join_alliance")]
    assert influence.leader_lacks(none) == influence.NO_LEADER == "未明确链主企业，带动指数记为0"


def test_recommendations_put_what_the_leader_lacks_first_then_the_nearest_members():
    recommend = influence.analyse_chain(BRANCH)["recommend"]
    assert recommend == [
        {"id": "L", "name": "企业L", "tier": None, "hops": 0, "distance": 0.0,
         "action": "instructor", "action_zh": "向链主企业选派党建工作指导员"},
        {"id": "B", "name": "企业B", "tier": "downstream", "hops": 1, "distance": 1.0,
         "action": "join_alliance", "action_zh": "纳入党建联盟"},
        {"id": "D", "name": "企业D", "tier": None, "hops": 2, "distance": 2.0,
         "action": "join_alliance", "action_zh": "纳入党建联盟"},
        {"id": "E", "name": None, "tier": None, "hops": None, "distance": None,
         "action": "join_alliance", "action_zh": "纳入党建联盟"}]
    top = influence.analyse_chain(BRANCH, InfluenceSettings(recommend_top=2))["recommend"]
    assert [r["id"] for r in top] == ["L", "B"]
    every = influence.analyse_chain(BRANCH, InfluenceSettings(recommend_top=0))["recommend"]
    assert len(every) == 4


def test_at_equal_hops_the_heavier_supply_is_nearer_then_the_id():
    chain = _chain({("L", "Z"): 4.0, ("L", "Y"): 1.0, ("L", "X"): 1.0, ("Y", "W"): 0.0},
                   {v: _member() for v in "LZYXW"}, facts={"organised": True, "instructor": True,
                                                           "in_alliance": True})
    recommend = influence.analyse_chain(chain)["recommend"]
    assert [(r["id"], r["hops"], r["distance"]) for r in recommend] == [
        ("Z", 1, 0.25), ("X", 1, 1.0), ("Y", 1, 1.0), ("W", 2, None)]


def test_the_leader_lacks_an_organisation_before_its_place_in_the_alliance():
    def actions(**facts):
        return [r["action"] for r in influence._leader_actions(_chain({}, {}, facts=facts))]

    assert actions() == ["organise", "instructor"]
    assert actions(organised=True) == ["join", "instructor"]
    assert actions(organised=True, in_alliance=True) == ["instructor"]
    assert actions(organised=True, in_alliance=True, instructor=True) == []
    assert actions(in_alliance=True, instructor=True) == ["organise"]
    assert influence._leader_actions(_chain({}, {}, leader=None)) == []


def test_betweenness_is_exact_up_to_the_limit_then_sampled_with_the_seed():
    members = {v: _member() for v in "LABCDEF"}
    edges = {("A", "L"): 1.0, ("L", "B"): 1.0, ("C", "L"): 1.0, ("L", "D"): 1.0, ("E", "F"): 1.0}
    exact = influence.analyse_chain(_chain(edges, members), InfluenceSettings(
        betweenness_exact_max=7))
    assert exact["betweenness_sampled"] is False and exact["betweenness"] == 0.4   # 6 of 15
    sampled = influence.analyse_chain(_chain(edges, members), InfluenceSettings(
        betweenness_exact_max=6, betweenness_samples=100))
    assert sampled["betweenness_sampled"] is True and sampled["betweenness"] == 0.4  # k = n: all
    few = [influence.analyse_chain(_chain(edges, members), InfluenceSettings(
        betweenness_exact_max=0, betweenness_samples=2, betweenness_seed=seed))["betweenness"]
        for seed in (42, 42, 7)]
    assert few[0] == few[1]
    two = influence.analyse_chain(_chain({("L", "A"): 1.0}, {"L": _member(), "A": _member()}),
                                  InfluenceSettings(betweenness_exact_max=0))
    assert two["betweenness"] == 0.0 and two["betweenness_sampled"] is False   # fewer than 3


def test_chains_rank_by_index_then_id_and_carry_the_date():
    ranked = influence.rank([{"chain": "C2", "influence": 50.0}, {"chain": "C1", "influence": 50.0},
                             {"chain": "C0", "influence": 10.0}, {"chain": "C3", "influence": 70.0}],
                            dt.date(2025, 6, 30))
    assert [(r["rank"], r["chain"], r["as_of"]) for r in ranked] == [
        (1, "C3", "2025-06-30"), (2, "C1", "2025-06-30"), (3, "C2", "2025-06-30"),
        (4, "C0", "2025-06-30")]
    assert list(ranked[0]) == ["rank", "as_of", "chain", "influence"]
    assert "as_of" not in influence.rank([{"chain": "C", "influence": 0.0}])[0]


def test_the_influence_table_checks_its_values_at_their_bounds():
    for good in ({"hops": 1}, {"alpha": 0.01}, {"alpha": 0.99}, {"betweenness_exact_max": 0},
                 {"betweenness_samples": 1}, {"recommend_top": 0},
                 {"weight_reach": 0, "weight_closeness": 0, "weight_outrank": 0,
                  "weight_brokerage": 0.1}):
        InfluenceSettings(**good)
    for bad, message in [({"hops": 0}, "hops must be at least 1"),
                         ({"alpha": 0}, "alpha must be between 0 and 1"),
                         ({"alpha": 1}, "alpha must be between 0 and 1"),
                         ({"betweenness_exact_max": -1}, "betweenness_exact_max must be >= 0 and "
                                                         "betweenness_samples >= 1"),
                         ({"betweenness_samples": 0}, "betweenness_exact_max must be >= 0 and "
                                                      "betweenness_samples >= 1"),
                         ({"recommend_top": -1}, "recommend_top must be >= 0"),
                         ({"weight_outrank": -0.1}, "index weights must be >= 0 with a positive sum"),
                         ({"weight_reach": 0, "weight_closeness": 0, "weight_outrank": 0,
                           "weight_brokerage": 0}, "index weights must be >= 0 with a positive sum")]:
        with pytest.raises(ValueError) as error:
            InfluenceSettings(**bad)
        assert str(error.value) == message
    defaults = InfluenceSettings()
    assert (defaults.hops, defaults.alpha, defaults.betweenness_exact_max,
            defaults.betweenness_samples, defaults.betweenness_seed, defaults.recommend_top) == (
        2, 0.85, 1000, 100, 42, 10)
    assert defaults.index_weights() == {"reach": 0.4, "closeness": 0.3, "outrank": 0.15,
                                        "brokerage": 0.15}


def test_the_rows_for_people_count_and_name_what_is_to_be_done():
    result = influence.rank([influence.analyse_chain(BRANCH)])[0]
    row = influence.summary_rows([result], recommend_shown=2)[0]
    assert row == {"rank": 1, "chain": "C1", "name": "C1链", "leader": "L", "members": 5,
                   "reach": 3, "share": 0.75, "up": 1, "down": 3, "close": 0.562,
                   "pr_rank": result["pagerank_rank"], "leader_lacks": "党建指导员",
                   "party": 0.667, "alliance": 0.333, "alliance_all": 0.4,
                   "index": result["influence"], "recommend": "企业B、企业D（另1家）"}
    assert influence.members_to_bring_in(result) == "企业B、企业D、E"
    assert influence.members_to_bring_in(result, 5) == "企业B、企业D、E"
    assert influence.recommend_text(result) == (
        "企业L（L）：向链主企业选派党建工作指导员；企业B（B）：纳入党建联盟；"
        "企业D（D）：纳入党建联盟；E（E）：纳入党建联盟")
    none = influence.summary_rows([{**result, "leader": None, "reach_share": None,
                                    "closeness": None}])[0]
    assert none["leader_lacks"] == influence.NO_LEADER and none["share"] is None
    assert none["close"] is None
    sheets = influence.detail_rows([result])
    assert sheets["reach"] == [
        {"chain": "C1", "leader": "L", "id": "A", "upstream": True, "downstream": True},
        {"chain": "C1", "leader": "L", "id": "B", "upstream": False, "downstream": True},
        {"chain": "C1", "leader": "L", "id": "D", "upstream": False, "downstream": True}]
    assert [(r["position"], r["id"], r["chain"], r["leader"]) for r in sheets["recommend"]] == [
        (1, "L", "C1", "L"), (2, "B", "C1", "L"), (3, "D", "C1", "L"), (4, "E", "C1", "L")]


class _ChainRowsStore:
    """Answers influence/chains, influence/members and influence/supplies with given rows."""

    def __init__(self, chains, members, supplies):
        library = influence.queries.library()
        self.rows = {library[f"influence/{name}"].text: rows for name, rows in
                     (("chains", chains), ("members", members), ("supplies", supplies))}
        self.params = []

    def query(self, text, params=None):
        self.params.append(params)
        return self.rows[text]


def _chain_row(chain, leader, committee=None, **facts):
    return {"id": chain, "name": f"{chain}链", "sector": "茶叶", "leader": leader,
            "leader_name": f"企业{leader}" if leader else None, "committee": committee,
            "leader_organised": facts.get("organised"), "leader_in_alliance": facts.get("alliance"),
            "leader_party_members": facts.get("members", 0),
            "leader_instructor": facts.get("instructor")}


def test_fetch_takes_the_lowest_leader_and_committee_and_sums_parallel_supplies():
    store = _ChainRowsStore(
        [_chain_row("C1", "L2", "K2", organised=1, members=3),
         _chain_row("C1", "L1", None, alliance=1, instructor=1, members=2),
         _chain_row("C1", "L3", "K1", organised=1), _chain_row("C2", None)],
        [{"chain": "C1", "id": "L1", "name": "企业L1", "tier": "core", "has_org": 1,
          "in_alliance": 0},
         {"chain": "C2", "id": "M", "name": "企业M", "tier": None, "has_org": None,
          "in_alliance": None}],
        [{"chain": "C1", "source": "L1", "target": "L2", "weight": None},
         {"chain": "C1", "source": "L1", "target": "L2", "weight": 2},
         {"chain": "C1", "source": "L2", "target": "L2", "weight": 9},
         {"chain": "C2", "source": "M", "target": "N", "weight": 0.5}])
    found = influence.fetch(store, year=2025)
    c1, c2 = found["C1"], found["C2"]
    assert (c1.leader, c1.leader_name, c1.committee) == ("L1", "企业L1", "K1")
    assert c1.leader_facts == {"organised": False, "in_alliance": True, "party_members": 2,
                               "instructor": True}
    assert (c2.leader, c2.committee, c2.leader_facts) == (None, None, {})
    assert c1.members == {"L1": {"name": "企业L1", "tier": "core", "has_org": True,
                                 "in_alliance": False}}
    assert c2.members["M"]["has_org"] is False and c2.members["M"]["in_alliance"] is False
    assert c1.edges == {("L1", "L2"): 3.0}            # 1 (no weight) + 2; the self-loop left out
    assert c2.edges == {("M", "N"): 0.5}
    assert store.params[0]["chains"] is None and store.params[0]["year"] == 2025
    assert store.params[0]["term_years"] == 2


def test_fetch_names_the_chains_it_does_not_know():
    store = _ChainRowsStore([_chain_row("C1", "L1")], [], [])
    with pytest.raises(influence.InfluenceError) as error:
        influence.fetch(store, ["C9", "C1", "C8", "C1"], year=2025)
    assert str(error.value) == "no industry chain with id C8, C9"
    assert store.params[0]["chains"] == ["C1", "C8", "C9"]
    assert influence.fetch(store, ["C1"], year=2025,
                           villages=VillageSettings(term_years=3))["C1"].leader == "L1"
    assert store.params[-1]["chains"] == ["C1"] and store.params[1]["term_years"] == 3


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
            ({"disorderly_tags": "乱村"}, "[cadres] disorderly_tags must be a list of strings"),
            ({"specialised_tags": ["专业村", 1]}, "[cadres] specialised_tags must be a list of strings"),
            ({"weight_poor": 0}, "[cadres] need weights must be whole numbers of at least 1"),
            ({"weight_weak": 2.0}, "[cadres] need weights must be whole numbers of at least 1"),
            ({"weight_industry": True}, "[cadres] need weights must be whole numbers of at least 1"),
            ({"weight_specialised": -1}, "[cadres] need weights must be whole numbers of at least 1"),
            ({"weight_disorderly": 0}, "[cadres] need weights must be whole numbers of at least 1"),
            ({"max_km": 0}, "[cadres] max_km must be above 0"),
            ({"team_size": -1}, "[cadres] team_size must be a whole number from 0 to 10"),
            ({"team_size": 11}, "[cadres] team_size must be a whole number from 0 to 10"),
            ({"team_size": True}, "[cadres] team_size must be a whole number from 0 to 10"),
            ({"team_size": 2.0}, "[cadres] team_size must be a whole number from 0 to 10")]:
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
    assert str(error.value) == ("3 villages × 2 cadres is too large to solve exactly; plan one "
                                "county or town at a time (--within)")
    # 2 × (11 × (2 n × 10 max_km + 1) + 5 × (…)) just below 2**53 at 1e13 km
    assert len(cadre_match.assign(villages, cadres, CadreSettings(max_km=1e13))) == 2


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
    ({"tiers": ["poor", "rich"]}, "tiers must be distinct names among weak_flag, stars_0_1, stars_2, "
                                  "poor, small, industry; got poor, rich"),
    ({"tiers": ["poor", "poor"]}, "tiers must be distinct names among weak_flag, stars_0_1, "
                                  "stars_2, poor, small, industry; got poor, poor"),
    ({"centre_min_stars": 6}, "centre_min_stars must be within 0..5"),
    ({"centre_min_stars": -1}, "centre_min_stars must be within 0..5"),
    ({"centre_fallback": 5}, "centre_fallback must be below centre_min_stars (5)"),
    ({"centre_fallback": -1}, "centre_fallback must be below centre_min_stars (5)"),
    ({"centre_min_stars": 4, "centre_fallback": 4}, "centre_fallback must be below "
                                                     "centre_min_stars (4)"),
    ({"min_size": 1}, "need 2 <= min_size <= max_size, got 1..7"),
    ({"min_size": 8}, "need 2 <= min_size <= max_size, got 8..7"),
    ({"max_km": 0}, "max_km and time_limit must be positive"),
    ({"time_limit": 0}, "max_km and time_limit must be positive"),
    ({"weight_service": -1}, "the five score weights must be >= 0 with a positive sum"),
    ({"weight_leadership": 0, "weight_industry": 0, "weight_location": 0, "weight_transport": 0,
      "weight_service": 0}, "the five score weights must be >= 0 with a positive sum"),
    ({"pair_need": -0.1}, "the pair-score weights must be >= 0 with a positive sum"),
    ({"pair_proximity": 0, "pair_strength": 0, "pair_need": 0, "pair_industry": 0},
     "the pair-score weights must be >= 0 with a positive sum"),
    ({"related_fit": -0.1}, "related_fit must be within 0..1"),
    ({"related_fit": 1.1}, "related_fit must be within 0..1")])
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


# --- places (orggraph/analyses/places.py), on a graph kept in memory ----------------------------


# county K > town T > village V > grid G; street S in K. O-A is a chain committee (an alliance)
# whose id sorts before O-T, O-V's higher organisation. O-X and O-Y are members of each other.
_REGIONS = {"K": ("清溪县", "county", []), "T": ("青山镇", "town", ["K"]),
            "S": ("城关街道", "street", ["K"]), "V": ("东坪村", "village", ["T"]),
            "G": ("一网格", "grid", ["V"])}
_ORGS = {  # id: (name, kind, member_of, based in a region, an enterprise, a chain)
    "O-K": ("县委", "county_committee", [], ["K"], [], []),
    "O-T": ("镇党委", "town_committee", ["O-K"], ["T"], [], []),
    "O-S": ("街道党工委", "street_committee", ["O-K"], ["S"], [], []),
    "O-V": ("东坪村党支部", "village_branch", ["O-T", "O-A"], ["V"], [], []),
    "O-A": ("茶叶链党委", "chain_committee", ["O-T"], [], [], ["CH"]),
    "O-E": ("茶企支部", "enterprise_branch", ["O-T"], [], ["E1"], []),
    "O-C2": ("竹链党委", "chain_committee", [], ["S"], [], ["CH2"]),
    "O-X": ("甲", "enterprise_branch", ["O-Y"], [], [], []),
    "O-Y": ("乙", "enterprise_branch", ["O-X"], [], [], []),
}
_ENTERPRISES = {"E1": ("茶企", ["V"]), "E2": ("无址企业", [])}
_CHAINS = {"CH": ("茶叶链", ["E1"], ["O-A"]), "CH2": ("竹链", [], ["O-C2"])}


class _PlacesStore:
    def __init__(self):
        library = places_module.queries.library()
        self.by_text = {library[f"places/{n}"].text: n
                        for n in ("regions", "orgs", "enterprises", "chains")}
        self.asked = []

    def query(self, text, params=None):
        name, ids = self.by_text[text], params["ids"]
        self.asked.append((name, tuple(ids)))
        rows = []
        for i in sorted(ids):
            if name == "regions" and i in _REGIONS:
                n, kind, part_of = _REGIONS[i]
                based = [o for o, v in _ORGS.items() if i in v[3]]
                rows.append({"id": i, "name": n, "kind": kind, "part_of": part_of,
                             "based": based + [None]})
            elif name == "orgs" and i in _ORGS:
                n, kind, member_of, region, enterprise, chain = _ORGS[i]
                rows.append({"id": i, "name": n, "kind": kind, "member_of": member_of,
                             "in_region": region, "in_enterprise": enterprise, "in_chain": chain})
            elif name == "enterprises" and i in _ENTERPRISES:
                rows.append({"id": i, "name": _ENTERPRISES[i][0], "located_in": _ENTERPRISES[i][1]})
            elif name == "chains" and i in _CHAINS:
                n, leaders, based = _CHAINS[i]
                rows.append({"id": i, "name": n, "leaders": leaders, "based": based or None})
        return rows


def test_a_node_lies_where_it_is_located_or_based_or_where_its_higher_organisation_lies():
    places = Places(_PlacesStore())
    assert [places.label(i) for i in ("K", "O-T", "E1", "CH", "nope", None)] == [
        "Region", "OrgUnit", "Enterprise", "IndustryChain", None, None]
    assert places.region_of("V") == "V" and places.region_of("E1") == "V"
    assert places.region_of("E2") is None and places.region_of(None) is None
    assert places.region_of("O-V") == "V"
    assert places.region_of("O-E") == "V"            # based in its enterprise
    assert places.region_of("O-A") == "V"            # based in a chain: where its leader lies
    assert places.region_of("CH2") == "S"            # no leader: where its committee lies
    assert places.region_of("O-X") is None           # members of each other, based nowhere
    assert places.parents("O-V") == ["O-T", "O-A"]   # the higher organisation before an alliance
    assert places.get("V", "name") == "东坪村" and places.get("O-T", "kind") == "town_committee"
    assert places.get("nope", "name") is None


def test_towns_and_committees_are_found_walking_up_the_regions():
    places = Places(_PlacesStore())
    assert places.ancestors("G") == ["G", "V", "T", "K"] and places.ancestors(None) == []
    assert places.town_of("G") == "T" and places.town_of("S") == "S" and places.town_of("K") is None
    assert places.is_within("G", "T") and places.is_within("G", "G")
    assert not places.is_within("G", "S")
    assert places.nearest_org("G") == "O-V"
    assert places.nearest_org("G", exclude="O-V") == "O-T"
    assert places.nearest_org("G", ("county_committee",)) == "O-K"
    assert places.nearest_org(None) is None and places.nearest_org("G", ("agency_branch",)) is None
    assert places.committee_of("G") == "O-T" and places.committee_of("T", exclude="O-T") == "O-K"
    assert places.committee_of("S") == "O-S"
    assert places_module.COMMITTEE_KINDS == ("town_committee", "street_committee",
                                             "county_committee")
    assert places_module.TOWN_KINDS == ("town", "street")


def test_prefetch_reads_a_walk_up_step_by_step_and_nothing_is_read_twice():
    store = _PlacesStore()
    places = Places(store)
    places.prefetch(walked=["G"])
    # G, then V, then T with O-V, then K with O-T, then O-K: four labels a step
    assert places.queries == 20 == len(store.asked)
    assert [ids for name, ids in store.asked if name == "regions"] == [
        ("G",), ("V",), ("O-V", "T"), ("K", "O-T"), ("O-K",)]
    assert places.nodes["G"] == {"label": "Region", "name": "一网格", "kind": "grid",
                                 ("PART_OF", "out"): ["V"], ("BASED_IN", "in"): []}
    assert places.nodes["V"][("BASED_IN", "in")] == ["O-V"]   # the empty id left out
    assert (places.committee_of("G"), places.town_of("G"), places.region_of("G")) == (
        "O-T", "T", "G")
    assert places.queries == 20
    assert places.region_of("E1") == "V" and places.queries == 24
    assert places.label("nope") is None and places.queries == 28 and "nope" in places.missing
    assert places.label("nope") is None and places.queries == 28
    seen = Places(_PlacesStore())
    seen.prefetch(seen=["O-T"])
    assert seen.queries == 4 and "O-K" not in seen.nodes       # looked at, not walked from
    chain = Places(_PlacesStore())
    chain.prefetch(walked=["CH"])
    assert {"E1", "O-A", "V"} <= set(chain.nodes)
    assert chain.nodes["CH"][("BASED_IN", "in")] == ["O-A"]


def test_reads_go_in_batches(monkeypatch):
    monkeypatch.setattr(places_module, "BATCH", 2)
    store = _PlacesStore()
    places = Places(store)
    places._read(["V", "T", "K", None, "T"])
    assert places.queries == 8
    assert [ids for name, ids in store.asked if name == "regions"] == [("K", "T"), ("V",)]


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
    assert str(error.value) == ("1 villages × 4 cadres is too large to solve exactly; plan one "
                                "county or town at a time (--within)")
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


# --- load.validate (orggraph/load/validate.py), on tables kept in memory ------------------------



def _table(kind, name, rows):
    def source():
        for number, cells in enumerate(rows, 1):
            if isinstance(cells, Exception):
                raise cells
            yield number, cells
    return Table(kind, name, f"{'nodes' if kind == 'node' else 'rels'}/{name}.csv", source)


def _stored(ids):
    return {i: "OrgUnit" if i == "O-9" else "Region" for i in ids if i in ("O-9", "X9")}


KNOWN_REGION = ("name, kind, code, households, population, lat, lon, collective_income, "
                "main_industry, score_leadership, score_industry, score_location, "
                "score_transport, score_service, willing_to_join, tags")


def test_every_problem_of_a_bundle_is_named_with_file_row_and_column():
    tables = [
        _table("node", "Region", [["id", "name", "kind", "households", "households", "colour", ""],
                                  ["R1", "东坪村", "village", "300", "", "", ""],
                                  ["R1", "又一个", "village", "", "", "", ""],
                                  ["R2", "", "village", "x", "", "", ""],
                                  ["R3", "西坡村", "village", " =1+1", "", "", ""],
                                  ["R4", "北山村", "village", "1\x07", "", "", ""],
                                  ["", "无号", "village", "", "", "", ""],
                                  ["R5", "南村", "village", "", "", "", "", "extra"],
                                  ["R6", "南村", "village", "", "", "", "", ""],
                                  BadRow("broken quoting")]),
        _table("node", "Enterprise", [["name", "id", "kind"], ["茶企", "E1", "private"]]),
        _table("node", "Person", [["id", "name"], ["P1", "王建华"], ["X9", "重复"]]),
        _table("node", "OrgUnit", []),
        _table("node", "IndustryChain", [["id"]]),
        _table("rel", "PART_OF", [["from", "to"], ["R1", "R1"], ["R1", "R9"], ["R1", "E1"],
                                  ["", "R1"]]),
        _table("rel", "MEMBER_OF", [["from", "to", "tier"], ["P1", "R1", ""],
                                    ["P1", "O-9", "upstream"], ["E1", "R1", ""]]),
        _table("rel", "STATIONED_IN", [["from", "to"], ["P1", "R1"],
                                       RowError(3, "the file is not UTF-8", "B")]),
    ]
    labels, problems = validate.check(tables, _stored)
    assert [str(p) for p in problems] == [
        "nodes/Region.csv, row 1, column E (households): this column appears twice",
        f"nodes/Region.csv, row 1, column F (colour): unknown column for Region; known: {KNOWN_REGION}",
        f"nodes/Region.csv, row 1, column G (empty): unknown column for Region; known: {KNOWN_REGION}",
        "nodes/Region.csv, row 3, column A (id): duplicate id 'R1': already used at "
        "nodes/Region.csv row 2",
        "nodes/Region.csv, row 4, column B (name): empty: this property is required",
        "nodes/Region.csv, row 4, column D (households): 'x' is not a whole number",
        "nodes/Region.csv, row 5, column D (households): looks like a spreadsheet formula; data "
        "cells may not start with '='",
        "nodes/Region.csv, row 6, column D (households): holds the control character U+0007, "
        "which no spreadsheet can hold: remove it",
        "nodes/Region.csv, row 7, column A (id): empty: every row needs it",
        "nodes/Region.csv, row 8, column H: the row has 8 cells but the header 7 columns",
        "nodes/Region.csv, row 10: broken quoting",
        "nodes/Enterprise.csv, row 1: the header must start with id; found name",
        "nodes/Enterprise.csv, row 1, column B (id): unknown column for Enterprise; known: name, "
        "kind, sector, employees, party_members",
        "nodes/OrgUnit.csv, row 1: the file is empty: it needs at least a header row",
        "nodes/IndustryChain.csv, row 1, column name: a required column is missing",
        "nodes/Person.csv, row 3, column A (id): id 'X9' is already a Region in the database; ids "
        "are unique across the whole graph",
        "rels/PART_OF.csv, row 2, column A (from): PART_OF from 'R1' to itself is not allowed",
        "rels/PART_OF.csv, row 4, column B (to): PART_OF cannot go from a Region (R1) to an "
        "Enterprise (E1); allowed: Region → Region",
        "rels/PART_OF.csv, row 5, column A (from): empty: every row needs it",
        "rels/MEMBER_OF.csv, row 2, column B (to): MEMBER_OF cannot go from a Person (P1) to a "
        "Region (R1); allowed: Person → OrgUnit; OrgUnit → OrgUnit; Enterprise → IndustryChain",
        "rels/MEMBER_OF.csv, row 4, column B (to): MEMBER_OF cannot go from an Enterprise (E1) to "
        "a Region (R1); allowed: Person → OrgUnit; OrgUnit → OrgUnit; Enterprise → IndustryChain",
        "rels/STATIONED_IN.csv, row 3, column B: the file is not UTF-8",
        "rels/MEMBER_OF.csv, row 3, column tier: tier is only for Enterprise → IndustryChain"]
    # R9 points nowhere, but a file was unreadable: the missing id is likely in it, not named
    assert labels == {"O-9": "OrgUnit", "R1": "Region", "R2": "Region", "R3": "Region",
                      "R4": "Region", "R6": "Region", "E1": "Enterprise", "P1": "Person",
                      "X9": "Person"}


def test_a_relationship_to_no_node_is_named_at_most_twenty_times_an_id():
    rows = [["from", "to"]] + [["R1", "R9"]] * 25 + [["R9", "R1"], ["O-9", "R1"]]
    tables = [_table("node", "Region", [["id", "name", "kind"], ["R1", "东坪村", "village"]]),
              _table("rel", "PART_OF", rows)]
    _, problems = validate.check(tables, _stored)
    missing = [str(p) for p in problems if "no node has id" in p.message]
    assert len(missing) == 20          # of its 26 rows
    assert missing[0] == ("rels/PART_OF.csv, row 2, column B (to): no node has id 'R9' (neither in "
                          "this bundle nor in the database)")
    assert missing[-1].startswith("rels/PART_OF.csv, row 21, column B (to): no node has id 'R9'")
    assert [str(p) for p in problems if "no node" not in p.message] == [
        "rels/PART_OF.csv, row 28, column A (from): PART_OF cannot go from an OrgUnit (O-9) to a "
        "Region (R1); allowed: Region → Region"]
    _, problems = validate.check(tables[:1] + [_table("rel", "PART_OF", [["from", "to"],
                                                                         ["R9", "R1"]])], _stored)
    assert [str(p) for p in problems] == [
        "rels/PART_OF.csv, row 2, column A (from): no node has id 'R9' (neither in this bundle nor "
        "in the database)"]
    assert validate.check([], _stored) == ({}, [])


def test_problems_stop_being_collected_at_the_limit(monkeypatch):
    monkeypatch.setattr(validate, "MAX_PROBLEMS", 3)
    rows = [["id", "name", "kind"]] + [[f"R{i}", "", "village"] for i in range(10)]
    _, problems = validate.check([_table("node", "Region", rows)], _stored)
    assert [p.row for p in problems] == [2, 3, 4]
    earlier = [validate.Problem("meta.csv", 2, None, "bad date")]
    _, problems = validate.check([_table("node", "Region", rows)], _stored, earlier)
    assert [p.row for p in problems] == [2, 2, 3]


def test_records_come_in_batches_nodes_first_and_relationships_with_their_defaults():
    tables = [_table("rel", "CO_BUILDS", [["from", "to", "mode"], ["O1", "O2", "strong_weak"],
                                          ["O2", "O3", ""]]),
              _table("node", "OrgUnit", [["id", "name", "kind", "stars"],
                                         ["O1", "一支部", "village_branch", "5"],
                                         ["O2", "二支部", "village_branch", ""],
                                         ["O3", "三支部", "village_branch", "2"]]),
              _table("rel", "MEMBER_OF", [["from", "to"], ["P1", "O1"], ["O2", "O1"],
                                          ["P2", "O1"], ["P3", "O1"]])]
    labels = {"O1": "OrgUnit", "O2": "OrgUnit", "O3": "OrgUnit", "P1": "Person", "P2": "Person",
              "P3": "Person"}
    batches = list(validate.records(tables, labels, 2))
    assert batches[0] == NodeBatch("OrgUnit", ("id", "name", "kind", "stars"), [
        {"id": "O1", "name": "一支部", "kind": "village_branch", "stars": 5},
        {"id": "O2", "name": "二支部", "kind": "village_branch", "stars": None}])
    assert batches[1] == NodeBatch("OrgUnit", ("id", "name", "kind", "stars"), [
        {"id": "O3", "name": "三支部", "kind": "village_branch", "stars": 2}])
    assert batches[2] == RelBatch("CO_BUILDS", "OrgUnit", "OrgUnit", ("from", "to", "mode", "status"), [
        {"from": "O1", "to": "O2", "mode": "strong_weak", "status": "active"},
        {"from": "O2", "to": "O3", "mode": None, "status": "active"}])
    assert batches[3:] == [
        RelBatch("MEMBER_OF", "Person", "OrgUnit", ("from", "to"), [
            {"from": "P1", "to": "O1"}, {"from": "P2", "to": "O1"}]),
        RelBatch("MEMBER_OF", "Person", "OrgUnit", ("from", "to"), [{"from": "P3", "to": "O1"}]),
        RelBatch("MEMBER_OF", "OrgUnit", "OrgUnit", ("from", "to"), [{"from": "O2", "to": "O1"}])]
    assert list(validate.records([], {}, 2)) == []
    changed = [_table("node", "OrgUnit", [["id", "name", "kind"], ["O1", "", "village_branch"]])]
    with pytest.raises(BundleError) as error:
        list(validate.records(changed, {}, 10))
    assert [str(p) for p in error.value.problems] == [
        "nodes/OrgUnit.csv, row 2, column B (name): empty: this property is required"]
