"""Coverage gaps (应建尽建, 全覆盖): the rule catalogue, the findings and the sheet per town.

Each rule is one query, `cypher/coverage/<id>.cypher`, run on either store. A finding is a row of
that query plus where it lies (`town`) and who must act (`responsible`), found by `places.Places`
(which reads only the found nodes and what lies above them).
Thresholds live in `CoverageSettings` (config table `[coverage]`); the notions shared with
pairing and cadres (weak village, in office, …) in orggraph/notions.py (`[villages]`).
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import re
from dataclasses import dataclass
from typing import ClassVar

from .. import display, model, notions, queries
from ..notions import VillageSettings
from ..privacy import mask_name
from .places import BATCH, Places
from ..store import Store

SECTION = "coverage"
NO_TOWN = "(no town)"
TOTAL = "total"


@dataclass(frozen=True)
class CoverageSettings:
    """Thresholds of the rules (config table `[coverage]`); the notions they share with pairing
    and cadres (weak village, tags, terms) are in `[villages]` (orggraph/notions.py)."""
    SECTION: ClassVar[str] = SECTION
    min_members_for_branch: int = 3         # 《中国共产党章程》第三十条: 正式党员三人以上
    min_employees_for_instructor: int = 50  # employees from which a unit without members needs one
    min_part_time_members: int = 3          # 大党委/大工委: 3-5 名兼职委员
    max_contact_households: int = 15        # 每名党员联系 10-15 户

    def __post_init__(self):
        for name in ("min_members_for_branch", "min_employees_for_instructor",
                     "min_part_time_members", "max_contact_households"):
            value = getattr(self, name)
            if not isinstance(value, int) or isinstance(value, bool) or value < 1:
                raise ValueError(f"{name} 应为1以上的整数")


# Sources, cited by the documents' titles (TERMS.md §2.2).
S000 = "《在全省基层党建“创新突破年”活动推进会上的汇报发言》"
S001 = "《在全市党建引领城市基层治理推进会上的汇报发言》"
S002 = "《市委组织部部长在基层党建经验分享会上的发言》"
S003 = "《组织部部长讲话文章、党课讲稿、经验材料》"
S004 = "《农村基层党建工作综述》"
CONSTITUTION = "《中国共产党章程》第三十条"
BRANCH_RULES = "《中国共产党支部工作条例（试行）》"


# A rule query's first node pattern: `MATCH (e:Enterprise` or `MATCH (o:OrgUnit {kind: '…'})`.
_SUBJECT = re.compile(r"^MATCH \((?P<var>\w+):(?P<label>\w+)(?: \{(?P<props>[^}]*)\})?\)", re.M)


@dataclass(frozen=True)
class Rule:
    id: str
    label: str       # what a finding is: the label of the reported node
    title: str       # short Chinese title (问题名称)
    zh: str
    en: str
    source: str
    # Who must act: "committee" (town/street committee of the place), "region_org" (nearest
    # organisation based at or above the place), "parent" (the higher organisation), "query"
    # (the query's `responsible` column); each falls back to the committee.
    responsible: str = "committee"

    @property
    def query(self) -> queries.Query:
        return queries.find(f"coverage/{self.id}")

    @property
    def keyed_text(self) -> str | None:
        """The rule's query over given nodes only: its first MATCH of the reported node takes
        `id: subject` for each of `$subjects` (the coverage of one region reads its candidates
        by key rather than testing every node). None if the query does not start from the node
        it reports (the rules on persons have `within_query` instead)."""
        text = self.query.text
        found = _SUBJECT.search(text)
        if (found is None or found["label"] != self.label or self.label not in Places.LABELS
                or f"RETURN {found['var']}.id AS id" not in text):
            return None
        props = f"{found['props']}, id: subject" if found["props"] else "id: subject"
        return (f"{text[:found.start()]}UNWIND coalesce($subjects, ['']) AS subject\n"
                f"MATCH ({found['var']}:{self.label} {{{props}}}){text[found.end():]}")

    @property
    def within_query(self) -> queries.Query | None:
        """The rule among given persons only (`cypher/within/`): the rules on persons, whom the
        coverage of one region reads by key rather than testing every person."""
        return queries.library().get(f"within/{self.id}")

    def params(self, values: dict) -> dict:
        """The query's parameters, taken by name from `parameters(...)`."""
        return self.query.bind(**{k: v for k, v in values.items()
                                  if any(p.name == k for p in self.query.params)})

    def text(self, settings: CoverageSettings | None = None,
             villages: VillageSettings | None = None) -> tuple[str, str]:
        """The Chinese and English text with the thresholds in force."""
        values = _text_values(settings or CoverageSettings(), villages or VillageSettings())
        return self.zh.format(**values), self.en.format(**values)


def parameters(settings: CoverageSettings, villages: VillageSettings, year: int,
               within: str | None = None) -> dict:
    """Every rule's query parameters: the coverage thresholds and the shared notions', and the
    region the rules that can read only its part of the graph keep to (empty: everywhere)."""
    return {"within": within or "",
            "min_members": settings.min_members_for_branch,
            "min_employees": settings.min_employees_for_instructor,
            "min_part_time_members": settings.min_part_time_members,
            "max_households": settings.max_contact_households,
            "top_kinds": list(model.TOP_ORG_KINDS),
            "agency_kinds": list(AGENCY_KINDS),
            **notions.cypher_params(villages, year)}


_STARS_ZH = "零一二三四五"


def _text_values(settings: CoverageSettings, villages: VillageSettings) -> dict:
    values = dataclasses.asdict(settings) | dataclasses.asdict(villages)
    values.update(joint_max=settings.min_members_for_branch - 1,
                  stars_zh=_STARS_ZH[villages.weak_max_stars],
                  tags_zh="".join(f"及{tag}" if i == 0 else f"、{tag}"
                                  for i, tag in enumerate(villages.first_secretary_tags)),
                  tags_en=" or ".join(villages.first_secretary_tags) or "(no tag)")
    return values


# Organisations of agencies and public institutions (机关、事业单位党组织), for unit_not_reported.
AGENCY_KINDS = ("agency_branch",)

RULES: tuple[Rule, ...] = (
    Rule("enterprise_without_branch", "Enterprise", "企业应建未建党组织",
         "党员{min_members_for_branch}名以上的企业未单独组建党组织（已纳入联合党支部的，仍应单独组建）。",
         "Enterprise with {min_members_for_branch} or more party members and no organisation "
         "of its own (an OrgUnit BASED_IN it that is not a joint_branch); `in_joint_branch` says "
         "when it sits in a joint branch",
         f"{CONSTITUTION}；{S000}（应建尽建）"),
    Rule("enterprise_without_joint_branch", "Enterprise", "企业未纳入联合党支部",
         "党员1至{joint_max}名的企业既未单独组建党组织，也未纳入联合党支部。",
         "Enterprise with 1 to {joint_max} party members and no OrgUnit BASED_IN it "
         "(own or joint branch)",
         f"{S002}（联合组建）；{BRANCH_RULES}"),
    Rule("enterprise_without_instructor", "Enterprise", "企业未选派党建指导员",
         "暂无党员、职工{min_employees_for_instructor}人以上的企业未选派党建工作指导员"
         "（含拟选派；任期届满的不计），党的工作未覆盖。",
         "Enterprise with 0 party members, {min_employees_for_instructor} or more employees and "
         "no instructor in office (STATIONED_IN, term running at the as-of date; a proposed "
         "station counts)",
         "《关于加强和改进非公有制企业党的建设工作的意见（试行）》（中办发〔2012〕11号，工作覆盖）"),
    Rule("grid_without_branch", "Region", "网格（小区）未建党组织",
         "网格（小区）未建立党组织，党的组织未覆盖到网格（小区）。",
         "Region of kind grid or compound with no OrgUnit BASED_IN it",
         f"{S001}；{S003}（龙岩篇：小区党组织全覆盖）", responsible="region_org"),
    Rule("village_without_first_secretary", "Region", "应派未派驻村第一书记",
         "弱村（软弱涣散或{stars_zh}星级及以下）{tags_zh}未选派驻村第一书记（含拟选派）；"
         "任期{term_years}年，期满未调整更换的，视同未选派。",
         "Village that must have a first secretary — weak ({weak_max_stars} stars or fewer, or "
         "flagged) or tagged {tags_en} — with none in office at the as-of date (a term runs "
         "{term_years} years from `since` unless `until` is given; a proposed station counts); "
         "`reason` is no_first_secretary or term_ended (with the last one's since and until)",
         f"{S004}（第一书记全覆盖、期满调整更换）"),
    Rule("weak_village_unpaired", "Region", "弱村未纳入跨村联建",
         "弱村（软弱涣散或{stars_zh}星级及以下，村集体经济收入低于{poor_income_below:g}万元，"
         "或不足{small_households}户且有联建意愿；五星级村除外）未与其他村结对共建（含拟联建），"
         "也未纳入联村党总支。",
         "Village to be led (weak: {weak_max_stars} stars or fewer or flagged; collective income "
         "below {poor_income_below:g} 万元; fewer than {small_households} households and willing "
         "to join; not five-star) whose branch has no village-to-village CO_BUILDS (any status: a "
         "proposed pair, as `orggraph pair --apply` writes, closes it) and is not MEMBER_OF a "
         "joint_village_branch; a link with an enterprise (村企共建) does not count",
         f"{S000}（跨村联建）"),
    Rule("org_without_secretary", "OrgUnit", "党组织书记空缺",
         "党组织未配备书记（党小组设组长，不在此列）。",
         "OrgUnit with no Person LEADS it as secretary; party groups (building_group, grid "
         "groups), which have a group leader rather than a secretary, are not checked",
         f"{S002}（选优配强书记）", responsible="parent"),
    Rule("org_without_parent", "OrgUnit", "党组织隶属关系未理顺",
         "县委以下党组织未明确上级党组织，组织体系存在“断头路”。",
         "OrgUnit below the county committee with no MEMBER_OF to an OrgUnit (断头路)",
         f"{S003}（大竹篇：断头路）"),
    Rule("chain_member_outside_alliance", "Enterprise", "链上企业未纳入党建联盟",
         "链上企业党组织未纳入该产业链党委（党建联盟），或该企业尚未建立党组织。",
         "Enterprise MEMBER_OF a chain with no OrgUnit BASED_IN it inside the chain's alliance "
         "(MEMBER_OF, at any depth, a chain_committee BASED_IN the chain)",
         S002, responsible="query"),
    Rule("chain_without_leader", "IndustryChain", "链主企业缺位或未建党组织",
         "产业链未明确链主企业，或链主企业未建立党组织。",
         "IndustryChain with no leading Enterprise, or whose leader has no OrgUnit BASED_IN it",
         S002, responsible="query"),
    Rule("chain_leader_without_instructor", "Enterprise", "链主企业未选派党建指导员",
         "链主企业未选派专职党建工作指导员（含拟选派；任期届满的不计）。",
         "Enterprise that LEADS a chain with no instructor in office STATIONED_IN it (a "
         "proposed station counts)",
         f"{S002}（向链主企业选派1名专职党建工作指导员）", responsible="query"),
    Rule("community_committee_short_of_members", "OrgUnit", "社区大党委兼职委员不足",
         "社区党组织（大党委）兼职委员少于{min_part_time_members}名；按要求应从驻区单位选配3至5名。",
         "community_committee with fewer than {min_part_time_members} Persons LEADS it as "
         "part_time_member",
         f"{S001}（大党委制，3-5名兼职委员）", responsible="parent"),
    Rule("street_committee_short_of_members", "OrgUnit", "街道大工委兼职委员不足",
         "街道党工委（大工委）兼职委员少于{min_part_time_members}名；按要求应从驻街道单位选配3至5名。",
         "street_committee with fewer than {min_part_time_members} Persons LEADS it as "
         "part_time_member",
         f"{S001}（大工委制，3-5名兼职委员）", responsible="parent"),
    Rule("member_not_reported", "Person", "在职党员未到社区报到",
         "在职党员未到居住地社区（小区）报到，“双报到”未落实。",
         "Person, party member and in service, with no REPORTS_TO",
         f"{S001}（双报到）；{S003}（龙岩篇：回小区报到）", responsible="query"),
    Rule("unit_not_reported", "OrgUnit", "单位党组织未到社区报到",
         "机关、事业单位党组织未到社区报到（未与社区党组织结对共建），“双报到”未落实。",
         "Organisation of an agency or public institution (agency_branch) with no "
         "agency_community CO_BUILDS with a community's organisation",
         f"{S001}（双报到：单位到社区报到）", responsible="parent"),
    Rule("grid_contact_gap", "Region", "网格党员联系户未全覆盖",
         "网格住户数多于党员联系户数合计，仍有住户未明确联系党员。",
         "Region of kind grid whose households exceed the sum of CONTACTS.households into it",
         f"{S002}；{S004}（村党支部—网格党小组—党员联系户）", responsible="region_org"),
    Rule("member_contact_overload", "Person", "党员联系户数超标",
         "党员联系户数超过{max_contact_households}户；每名党员一般联系10至15户。",
         "Party member whose CONTACTS households add up to more than {max_contact_households}",
         f"{S002}（每名党员联系10-15户）", responsible="query"),
)
RULE_BY_ID = {rule.id: rule for rule in RULES}
RULE_IDS = tuple(RULE_BY_ID)
# A table's rule column reads as the rule's title; the summary's total row as 合计.
display.name_codes(SECTION, "rule", {rule.id: rule.title for rule in RULES} | {TOTAL: "合计"})


def rule(rule_id: str) -> Rule:
    try:
        return RULE_BY_ID[rule_id]
    except KeyError:
        raise queries.QueryError(f"没有问题类型 {rule_id}；"
                                 f"可选：{'、'.join(RULE_IDS)}") from None


def _sorted_lists(value):
    if isinstance(value, list):  # collect() order differs between engines
        return sorted(_sorted_lists(v) for v in value)
    return value


def _responsible(rule: Rule, row: dict, node: str, place: str | None, places: Places):
    if rule.responsible == "query":
        found = next(iter(row.get("responsible") or []), None)
    elif rule.responsible == "parent":
        found = next(iter(places.parents(node)), None)
    elif rule.responsible == "region_org":
        found = places.nearest_org(place, exclude=node)
    else:
        found = None
    return found or places.committee_of(place, exclude=node)


def _place(rule: Rule, row: dict, places: Places) -> str | None:
    if rule.label != "Person":
        return places.region_of(row["id"])
    for anchor in (row.get("responsible") or []) + (row.get("employer") or []):
        if places.region_of(anchor):
            return places.region_of(anchor)
    return None


def _walked_from(rule: Rule, row: dict) -> list[str]:
    """The ids whose place `_place` looks up for this row."""
    if rule.label != "Person":
        return [row["id"]]
    return (row.get("responsible") or []) + (row.get("employer") or [])


def _rows(store: Store, current: Rule, values: dict, within: str | None,
          places: Places) -> list[dict]:
    """The rows of one rule's query. Inside `within`, where the store follows relationships
    from keys cheaply (else a scan is as fast), only the nodes that may lie there are read, by
    key: the rule's `within/` query among the region's persons, or its `keyed_text` among the
    region's nodes of its label."""
    if not (within and store.follows_keys):
        return store.query(current.query.text, current.params(values))
    query, keyed = current.within_query, current.keyed_text
    if query is None and keyed is None:
        return store.query(current.query.text, current.params(values))
    if query is None:
        subjects = sorted(places.below_by_label(within).get(current.label, ()))
        params = current.params({**values, "within": ""})
        return [row for start in range(0, len(subjects), BATCH)
                for row in store.query(keyed, {**params,
                                               "subjects": subjects[start:start + BATCH]})]
    people = sorted(places.people_below(within))
    return [row for start in range(0, len(people), BATCH)
            for row in store.query(query.text, query.bind(
                **{p.name: values[p.name] for p in query.params if p.name in values},
                people=people[start:start + BATCH]))]


def find_gaps(store: Store, rules=None, within: str | None = None,
              settings: CoverageSettings | None = None, *, villages: VillageSettings | None = None,
              as_of: dt.date | None = None, show_names: bool = False,
              places: Places | None = None) -> list[dict]:
    """Findings of the chosen rules (all by default), inside `within` (a Region id) if given,
    as of `as_of` (default: the graph's date, notions.as_of). Person names are masked unless
    `show_names`. Every finding carries `as_of`."""
    settings = settings or CoverageSettings()
    villages = villages or VillageSettings()
    as_of = notions.as_of(store, as_of)
    values = parameters(settings, villages, as_of.year, within)
    chosen = [rule(r) for r in rules] if rules else list(RULES)
    places = places or Places(store)
    if within and not places.has_label(within, "Region"):
        raise queries.QueryError(f"没有编号为 {within} 的区域")
    # Rules whose findings lie where they are (regions) or located (enterprises) take `within`
    # and read only that part of the graph; the rules on persons read only the persons who may
    # lie there (Places.people_below); the others are found everywhere and kept if they lie
    # inside (`_place` below decides for every rule, so the findings are the same).
    found = [(current, {k: _sorted_lists(v) for k, v in row.items()})
             for current in chosen for row in _rows(store, current, values, within, places)]
    if within:
        # The other rules' findings are placed only if they may lie inside (Places.below: read
        # walking down from the region), not the whole province's.
        inside = places.below(within)
        found = [(current, row) for current, row in found
                 if any(i in inside for i in _walked_from(current, row))]
    # Only the found nodes and what lies above them are read, in a few batched queries.
    places.prefetch(walked=[i for current, row in found for i in _walked_from(current, row)],
                    seen=[i for current, row in found if current.responsible == "query"
                          for i in row.get("responsible") or []])
    findings = []
    for current, row in found:
        place = _place(current, row, places)
        if within and not places.is_within(place, within):
            continue
        town = places.town_of(place)
        org = _responsible(current, row, row["id"], place, places)
        private = current.label == "Person" and not show_names
        name = mask_name(row["name"]) if private else row["name"]
        facts = {k: v for k, v in row.items() if k not in ("id", "name", "responsible")}
        findings.append({"rule": current.id, "id": row["id"], "label": current.label,
                         "name": name, "town": places.get(town, "name"), "town_id": town,
                         "responsible": places.get(org, "name"), "responsible_id": org,
                         "as_of": as_of.isoformat(), **facts})
    return findings


def summary(findings: list[dict], rules=None) -> list[dict]:
    """Counts per rule (rows) and town (columns), with totals: the sheet sent upward."""
    rule_ids = list(rules) if rules else list(RULE_IDS)
    towns = sorted({(f["town_id"] or "", f["town"] or NO_TOWN) for f in findings},
                   key=lambda t: (t[0] == "", t[0]))
    names = [name for _, name in towns]
    # Two towns of one name (in a city-wide graph) get their ids to tell them apart.
    columns = {tid: (name if names.count(name) == 1 else f"{name} ({tid})") for tid, name in towns}
    rows = []
    for rule_id in rule_ids:
        row = {"rule": rule_id, "title": RULE_BY_ID[rule_id].title}
        row.update({column: 0 for column in columns.values()})
        for finding in findings:
            if finding["rule"] == rule_id:
                row[columns[finding["town_id"] or ""]] += 1
        row[TOTAL] = sum(row[c] for c in columns.values())
        rows.append(row)
    totals = {"rule": TOTAL, "title": "合计"}
    totals.update({c: sum(r[c] for r in rows) for c in [*columns.values(), TOTAL]})
    return rows + [totals]


def catalogue(findings: list[dict] | None = None, settings: CoverageSettings | None = None,
              villages: VillageSettings | None = None) -> list[dict]:
    """The rules as rows: id, texts, source, and the number of findings when given."""
    rows = []
    for item in RULES:
        zh, en = item.text(settings, villages)
        row = {"rule": item.id, "title": item.title, "zh": zh, "en": en, "source": item.source}
        if findings is not None:
            row["findings"] = sum(1 for f in findings if f["rule"] == item.id)
        rows.append(row)
    return rows
