"""Pinned by tests written against the survivors of mutation testing (scripts/mutation,
docs/TESTING.md): the coverage catalogue, its table, its summary and the findings on a graph
kept in memory (orggraph/analyses/coverage.py)."""
from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from orggraph.analyses import coverage
from orggraph.analyses.places import Places
from orggraph.notions import VillageSettings
from support.places_graph import CHAINS, ENTERPRISES, ORGS, REGIONS, PlacesStore


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
            assert str(error.value) == f"{name} 应为1以上的整数"


def test_the_rules_parameters_carry_both_tables_and_the_year():
    values = coverage.parameters(coverage.CoverageSettings(min_members_for_branch=4,
                                                           max_contact_households=12),
                                 VillageSettings(term_years=3), 2026)
    assert values["min_members"] == 4 and values["min_employees"] == 50
    assert values["min_part_time_members"] == 3 and values["max_households"] == 12
    assert values["top_kinds"] == list(coverage.model.TOP_ORG_KINDS)
    assert values["agency_kinds"] == ["agency_branch"]
    assert values["year"] == 2026 and values["term_years"] == 3
    assert values["within"] == ""           # everywhere
    params = coverage.rule("enterprise_without_branch").params(values)
    assert params == {"within": "", "min_members": 4}
    assert coverage.parameters(coverage.CoverageSettings(), VillageSettings(), 2026,
                               "R-T")["within"] == "R-T"


def test_an_unknown_rule_is_named_with_the_known_ones():
    with pytest.raises(coverage.queries.QueryError) as error:
        coverage.rule("no_such_rule")
    assert str(error.value) == ("没有问题类型 no_such_rule；可选："
                                + "、".join(coverage.RULE_IDS))


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


# --- find_gaps on a graph kept in memory (tests/support/places_graph.py) ------------------------

class _CoverageStore(PlacesStore):
    """The places graph, the given rows for each coverage rule, and the bundle's date."""
    follows_keys = False  # the rules' own queries, also within a region (no `within/` rows)

    def __init__(self, rows, as_of="2025-06-30"):
        super().__init__()
        self.rules = {coverage.rule(r).query.text: r for r in coverage.RULE_IDS}
        self.rows, self.as_of, self.params = rows, as_of, {}

    def query(self, text, params=None):
        if text == coverage.notions.READ_META:
            return [{"as_of": self.as_of, "loaded": None}]
        if text in self.rules:
            self.params[self.rules[text]] = params
            return [dict(r) for r in self.rows.get(self.rules[text], [])]
        return super().query(text, params)


ROWS = {
    "grid_without_branch": [{"id": "G", "name": "一网格"}],
    "org_without_parent": [{"id": "O-X", "name": "甲"}, {"id": "O-T", "name": "镇党委"}],
    "member_not_reported": [{"id": "P1", "name": "王建华", "responsible": ["O-V"],
                             "employer": ["E1"]},
                            {"id": "P2", "name": "李四", "responsible": [], "employer": ["E2"]},
                            {"id": "P3", "name": "张三", "responsible": ["O-S"], "employer": ["E1"]},
                            {"id": "P4", "name": "赵六", "responsible": None, "employer": ["E1"]}],
    "org_without_secretary": [{"id": "O-V", "name": "东坪村党支部"}, {"id": "O-Q", "name": "丁"}],
    "enterprise_without_branch": [{"id": "E1", "name": "茶企", "members": [[3, 1], [2]],
                                   "in_joint_branch": False}],
    "chain_without_leader": [{"id": "CH2", "name": "竹链", "responsible": ["O-S"]}],
}


def test_each_finding_lies_where_its_node_does_and_names_who_must_act():
    store = _CoverageStore(ROWS)
    found = {(f["rule"], f["id"]): f for f in coverage.find_gaps(store)}
    assert list(found) == [("enterprise_without_branch", "E1"), ("grid_without_branch", "G"),
                           ("org_without_secretary", "O-V"), ("org_without_secretary", "O-Q"),
                           ("org_without_parent", "O-X"), ("org_without_parent", "O-T"),
                           ("chain_without_leader", "CH2"), ("member_not_reported", "P1"),
                           ("member_not_reported", "P2"), ("member_not_reported", "P3"),
                           ("member_not_reported", "P4")]
    # the higher organisation answers (not the committee); a committee is not its own
    assert found["org_without_secretary", "O-Q"]["responsible_id"] == "O-V"
    assert found["org_without_parent", "O-T"]["responsible_id"] == "O-K"
    # a person lies where their organisation lies, else where their employer does
    assert found["member_not_reported", "P3"]["town_id"] == "S"
    assert found["member_not_reported", "P4"]["town_id"] == "T"
    assert found["grid_without_branch", "G"] == {
        "rule": "grid_without_branch", "id": "G", "label": "Region", "name": "一网格",
        "town": "青山镇", "town_id": "T", "responsible": "东坪村党支部", "responsible_id": "O-V",
        "as_of": "2025-06-30"}                     # the nearest organisation at or above it
    e1 = found["enterprise_without_branch", "E1"]
    assert (e1["town_id"], e1["responsible_id"], e1["members"], e1["in_joint_branch"]) == (
        "T", "O-T", [[1, 3], [2]], False)          # lists sorted, at every depth
    assert found["org_without_secretary", "O-V"]["responsible_id"] == "O-T"   # its parent
    assert found["org_without_parent", "O-X"]["town_id"] is None
    assert found["org_without_parent", "O-X"]["responsible_id"] is None
    assert found["chain_without_leader", "CH2"]["responsible_id"] == "O-S"    # the query's
    assert found["chain_without_leader", "CH2"]["town_id"] == "S"
    p1, p2 = found["member_not_reported", "P1"], found["member_not_reported", "P2"]
    assert (p1["name"], p1["town_id"], p1["responsible_id"], p1["employer"]) == (
        "王**", "T", "O-V", ["E1"])
    assert (p2["town_id"], p2["responsible_id"]) == (None, None)       # its employer lies nowhere
    assert "responsible" in p1 and p1["responsible"] == "东坪村党支部"
    assert store.params["enterprise_without_branch"] == {"within": "", "min_members": 3}
    assert store.params["village_without_first_secretary"]["year"] == 2025


class _Places(Places):
    """Places whose `below` is every node of the graph kept in memory that lies inside (the
    walk down itself is tested on both stores in tests/test_coverage.py)."""

    def below(self, region):
        every = [*REGIONS, *ORGS, *ENTERPRISES, *CHAINS]
        return {i for i in every if self.is_within(self.region_of(i), region)}


def test_findings_can_be_kept_to_a_region_a_few_rules_a_date_and_show_names():
    store = _CoverageStore(ROWS)
    inside = coverage.find_gaps(store, within="V", as_of=dt.date(2024, 1, 2), show_names=True,
                                places=_Places(store))
    assert [(f["rule"], f["id"]) for f in inside] == [
        ("enterprise_without_branch", "E1"), ("grid_without_branch", "G"),
        ("org_without_secretary", "O-V"), ("org_without_secretary", "O-Q"),
        ("member_not_reported", "P1"), ("member_not_reported", "P4")]
    assert {f["as_of"] for f in inside} == {"2024-01-02"}
    assert inside[-2]["name"] == "王建华"
    assert store.params["village_without_first_secretary"]["year"] == 2024
    assert store.params["grid_without_branch"]["within"] == "V"
    street = _CoverageStore(ROWS)
    assert coverage.find_gaps(street, within="S", places=_Places(street)) == [
        f for f in coverage.find_gaps(_CoverageStore(ROWS)) if f["town_id"] == "S"]
    chosen = _CoverageStore(ROWS)
    assert [f["id"] for f in coverage.find_gaps(chosen, ["grid_without_branch"])] == ["G"]
    assert list(chosen.params) == ["grid_without_branch"]
    for wrong in ("nope", "O-T"):
        with pytest.raises(coverage.queries.QueryError) as error:
            coverage.find_gaps(_CoverageStore(ROWS), within=wrong)
        assert str(error.value) == f"没有编号为 {wrong} 的区域"
    stricter = _CoverageStore(ROWS)
    coverage.find_gaps(stricter, settings=coverage.CoverageSettings(min_members_for_branch=5),
                       villages=VillageSettings(term_years=3))
    assert stricter.params["enterprise_without_branch"] == {"within": "", "min_members": 5}
    assert stricter.params["village_without_first_secretary"]["term_years"] == 3


class _KeyedStore(PlacesStore):
    """A store that follows relationships from keys cheaply (Neo4j): the places graph in memory,
    and every rule query recorded, answered with one row naming the call."""
    follows_keys = True

    def __init__(self):
        super().__init__()
        self.calls = []

    def query(self, text, params=None):
        if text in self.by_text:
            return super().query(text, params)
        self.calls.append((text, params))
        return [{"call": len(self.calls)}]


def test_inside_a_region_a_store_following_keys_reads_only_the_regions_nodes_by_key(monkeypatch):
    monkeypatch.setattr(coverage, "BATCH", 2)
    values = coverage.parameters(coverage.CoverageSettings(max_contact_households=20),
                                 VillageSettings(), 2025, "T")
    store = _KeyedStore()
    places = Places(store)
    rule = coverage.rule("village_without_first_secretary")
    assert coverage._rows(store, rule, values, "T", places) == [{"call": 1}, {"call": 2}]
    params = rule.params({**values, "within": ""})
    assert params["within"] == "" and params["year"] == 2025
    assert store.calls == [(rule.keyed_text, {**params, "subjects": ["G", "T"]}),
                           (rule.keyed_text, {**params, "subjects": ["V"]})]
    # the rules on persons: their within/ query among the persons of the region's
    # organisations and enterprises, with the rule's own parameters
    store.calls.clear()
    person = coverage.rule("member_contact_overload")
    assert coverage._rows(store, person, values, "T", places) == [{"call": 1}, {"call": 2}]
    query = person.within_query
    assert store.calls == [
        (query.text, query.bind(max_households=20, people=["P1", "P2"])),
        (query.text, query.bind(max_households=20, people=["P4", "P5"]))]
    # a rule with neither reads its own query, as everywhere outside a region
    store.calls.clear()
    plain = dataclasses.replace(rule)
    monkeypatch.setattr(type(plain), "keyed_text", property(lambda self: None))
    assert coverage._rows(store, plain, values, "T", places) == [{"call": 1}]
    assert store.calls == [(rule.query.text, rule.params(values))]


def test_outside_a_region_or_on_a_store_that_scans_each_rule_reads_its_own_query():
    values = coverage.parameters(coverage.CoverageSettings(), VillageSettings(), 2025)
    rule = coverage.rule("grid_without_branch")
    keyed = _KeyedStore()
    assert coverage._rows(keyed, rule, values, None, Places(keyed)) == [{"call": 1}]
    scanning = _KeyedStore()
    scanning.follows_keys = False
    assert coverage._rows(scanning, rule, values, "T", Places(scanning)) == [{"call": 1}]
    assert keyed.calls == scanning.calls == [(rule.query.text, rule.params(values))]


def test_an_organisation_without_a_higher_one_is_answered_for_by_the_committee_of_its_place():
    store = _CoverageStore({"org_without_secretary": [{"id": "O-C2", "name": "竹链党委"},
                                                      {"id": "O-K", "name": "县委"}]})
    found = {f["id"]: f["responsible_id"] for f in coverage.find_gaps(store)}
    assert found == {"O-C2": "O-S", "O-K": None}   # a committee does not answer for itself


class _KeyedCoverageStore(_CoverageStore):
    """_CoverageStore that follows keys: each rule's keyed query answers its rows among the
    subjects asked, a person rule's within/ query its rows among the persons asked."""
    follows_keys = True

    def __init__(self, rows):
        super().__init__(rows)
        self.keyed = {coverage.rule(r).keyed_text: (r, "subjects") for r in coverage.RULE_IDS
                      if coverage.rule(r).keyed_text}
        self.keyed.update({coverage.rule(r).within_query.text: (r, "people")
                           for r in coverage.RULE_IDS if coverage.rule(r).within_query})

    def query(self, text, params=None):
        if text in self.keyed:
            rule, among = self.keyed[text]
            return [dict(r) for r in self.rows.get(rule, []) if r["id"] in params[among]]
        return super().query(text, params)


def test_the_findings_of_a_region_are_the_same_read_by_key():
    scanning = _CoverageStore(ROWS)
    expected = coverage.find_gaps(scanning, within="T", places=_Places(scanning))
    assert {f["id"] for f in expected} == {"E1", "G", "O-V", "O-Q", "O-T", "P1", "P4"}
    assert coverage.find_gaps(_KeyedCoverageStore(ROWS), within="T") == expected
