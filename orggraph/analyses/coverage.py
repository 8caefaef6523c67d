"""Coverage gaps (应建尽建, 全覆盖): the rule catalogue, the findings and the sheet per town.

Each rule is one query, `cypher/coverage/<id>.cypher`, run on either store. A finding is a row of
that query plus where it lies (`town`) and who must act (`responsible`), found by `places.Places`
(which reads only the found nodes and what lies above them).
Thresholds live in `CoverageSettings` (config table `[coverage]`).
"""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from .. import model, queries
from ..output import mask_name
from .places import Places
from ..store import Store

SECTION = "coverage"
NO_TOWN = "(no town)"
TOTAL = "total"


@dataclass(frozen=True)
class CoverageSettings:
    """Thresholds of the rules; defaults from the sources named in each rule."""
    min_members_for_branch: int = 3         # Party Constitution art. 30: 3 formal members
    min_employees_for_instructor: int = 50  # employees from which a unit without members needs one
    weak_max_stars: int = 2                 # DATA_MODEL: a weak branch has 2 stars or fewer
    min_part_time_members: int = 3          # seed 001: a community committee takes 3-5
    first_secretary_tags: tuple[str, ...] = ("脱贫村", "易地扶贫搬迁村")

    def __post_init__(self):
        # A TOML array arrives as a list; keep the dataclass hashable and frozen.
        object.__setattr__(self, "first_secretary_tags", tuple(self.first_secretary_tags))
        for name in ("min_members_for_branch", "min_employees_for_instructor",
                     "min_part_time_members"):
            if not isinstance(getattr(self, name), int) or getattr(self, name) < 1:
                raise ValueError(f"{name} must be a whole number of at least 1")
        if not isinstance(self.weak_max_stars, int) or not 0 <= self.weak_max_stars <= 5:
            raise ValueError("weak_max_stars must be a whole number from 0 to 5")


@dataclass(frozen=True)
class Rule:
    id: str
    label: str       # what a finding is: the label of the reported node
    title: str       # short Chinese title, for the summary sheet
    zh: str
    en: str
    source: str
    # Who must act: "committee" (town/street committee of the place), "region_org" (nearest
    # organisation based at or above the place), "parent" (the higher organisation), "query"
    # (the query's `responsible` column); each falls back to the committee.
    responsible: str = "committee"
    settings: tuple[tuple[str, str], ...] = ()  # (query parameter, CoverageSettings field)
    fixed: tuple[tuple[str, object], ...] = ()  # query parameters from the model

    @property
    def query(self) -> queries.Query:
        return queries.find(f"coverage/{self.id}")

    def params(self, settings: CoverageSettings) -> dict:
        typed = {p: getattr(settings, f) for p, f in self.settings} | dict(self.fixed)
        return self.query.bind(**{k: list(v) if isinstance(v, tuple) else v
                                  for k, v in typed.items()})

    def text(self, settings: CoverageSettings | None = None) -> tuple[str, str]:
        """The Chinese and English text with the thresholds in force."""
        values = _text_values(settings or CoverageSettings())
        return self.zh.format(**values), self.en.format(**values)


def _text_values(settings: CoverageSettings) -> dict:
    values = dataclasses.asdict(settings)
    values.update(joint_max=settings.min_members_for_branch - 1,
                  tags_zh="、".join(settings.first_secretary_tags),
                  tags_en=" or ".join(settings.first_secretary_tags) or "(no tag)")
    return values


_MEMBERS = (("min_members", "min_members_for_branch"),)
_WEAK = (("weak_max_stars", "weak_max_stars"),)

RULES: tuple[Rule, ...] = (
    Rule("enterprise_without_branch", "Enterprise", "企业应建未建",
         "党员{min_members_for_branch}名以上的企业未单独建立党组织",
         "Enterprise with {min_members_for_branch} or more party members and no OrgUnit "
         "BASED_IN it",
         "Party Constitution art. 30; seed 000 应建尽建", settings=_MEMBERS),
    Rule("enterprise_without_joint_branch", "Enterprise", "企业未联合建",
         "党员1至{joint_max}名的企业既未单独建立也未参加联合党支部",
         "Enterprise with 1 to {joint_max} party members and no OrgUnit BASED_IN it "
         "(own or joint branch)",
         "seed 000", settings=_MEMBERS),
    Rule("enterprise_without_instructor", "Enterprise", "企业无指导员",
         "无党员且职工{min_employees_for_instructor}人以上的企业未选派党建工作指导员（拟派也算）",
         "Enterprise with 0 party members, {min_employees_for_instructor} or more employees and "
         "no Person STATIONED_IN it as instructor (a proposed station counts)",
         "seed 002 (工作覆盖)", settings=(("min_employees", "min_employees_for_instructor"),)),
    Rule("grid_without_branch", "Region", "网格小区未建",
         "网格或小区未建立党组织",
         "Region of kind grid or compound with no OrgUnit BASED_IN it",
         "seeds 001, 004", responsible="region_org"),
    Rule("village_without_first_secretary", "Region", "村无第一书记",
         "软弱涣散村（{weak_max_stars}星及以下或软弱涣散）及{tags_zh}未选派驻村第一书记"
         "（拟派也算）",
         "Village that is weak ({weak_max_stars} stars or fewer, or flagged) or tagged "
         "{tags_en}, with no Person STATIONED_IN it as first_secretary (a proposed station "
         "counts)",
         "seed 003", settings=_WEAK + (("tags", "first_secretary_tags"),)),
    Rule("weak_village_unpaired", "Region", "弱村未联建",
         "弱村（{weak_max_stars}星及以下或软弱涣散）党组织无任何共建关系（拟建也算）"
         "且未加入联村党总支",
         "Weak village ({weak_max_stars} stars or fewer, or flagged) whose branch has no "
         "CO_BUILDS of any status in either direction (a proposed pair, as `orggraph pair "
         "--apply` writes, closes the gap) and is not MEMBER_OF a joint_village_branch",
         "seed 000", settings=_WEAK),
    Rule("org_without_secretary", "OrgUnit", "组织无书记",
         "党组织无书记",
         "OrgUnit with no Person LEADS it as secretary",
         "seeds 002, 003", responsible="parent"),
    Rule("org_without_parent", "OrgUnit", "组织断头路",
         "县委以下党组织无上级党组织（断头路）",
         "OrgUnit below the county committee with no MEMBER_OF to an OrgUnit (断头路)",
         "seed 004", fixed=(("top_kinds", model.TOP_ORG_KINDS),)),
    Rule("chain_member_outside_alliance", "Enterprise", "链上企业未入联盟",
         "链上企业没有党组织加入该产业链党委（党建联盟）",
         "Enterprise MEMBER_OF a chain whose chain_committee does not have (through MEMBER_OF) "
         "an OrgUnit BASED_IN that enterprise",
         "seed 002", responsible="query"),
    Rule("chain_without_leader", "IndustryChain", "产业链无链主",
         "产业链无链主企业，或链主企业未建党组织",
         "IndustryChain with no leading Enterprise, or whose leader has no OrgUnit BASED_IN it",
         "seed 002", responsible="query"),
    Rule("community_committee_short_of_members", "OrgUnit", "大党委兼职委员不足",
         "社区大党委兼职委员少于{min_part_time_members}名",
         "community_committee with fewer than {min_part_time_members} Persons LEADS it as "
         "part_time_member",
         "seed 001 (3-5)", responsible="parent",
         settings=(("min_part_time_members", "min_part_time_members"),)),
    Rule("member_not_reported", "Person", "在职党员未报到",
         "在职党员未到社区（小区）双报到",
         "Person, party member and in service, with no REPORTS_TO",
         "seeds 001, 004 (双报到)", responsible="query"),
    Rule("grid_contact_gap", "Region", "网格联系户缺口",
         "网格户数多于党员联系户数之和",
         "Region of kind grid whose households exceed the sum of CONTACTS.households into it",
         "seeds 002, 003", responsible="region_org"),
)
RULE_BY_ID = {rule.id: rule for rule in RULES}
RULE_IDS = tuple(RULE_BY_ID)


def rule(rule_id: str) -> Rule:
    try:
        return RULE_BY_ID[rule_id]
    except KeyError:
        raise queries.QueryError(f"no coverage rule {rule_id!r}; "
                                 f"known: {', '.join(RULE_IDS)}") from None


def _plain(value):
    if isinstance(value, list):  # collect() order differs between engines
        return sorted(_plain(v) for v in value)
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


def find_gaps(store: Store, rules=None, within: str | None = None,
              settings: CoverageSettings | None = None, *, show_names: bool = False,
              places: Places | None = None) -> list[dict]:
    """Findings of the chosen rules (all by default), inside `within` (a Region id) if given.
    Person names are masked unless `show_names`."""
    settings = settings or CoverageSettings()
    chosen = [rule(r) for r in rules] if rules else list(RULES)
    places = places or Places(store)
    if within and places.label(within) != "Region":
        raise queries.QueryError(f"no region with id {within!r}")
    found = [(current, {k: _plain(v) for k, v in row.items()})
             for current in chosen
             for row in store.query(current.query.text, current.params(settings))]
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
                         **facts})
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


def catalogue(findings: list[dict] | None = None,
              settings: CoverageSettings | None = None) -> list[dict]:
    """The rules as rows: id, texts, source, and the number of findings when given."""
    rows = []
    for item in RULES:
        zh, en = item.text(settings)
        row = {"rule": item.id, "title": item.title, "zh": zh, "en": en, "source": item.source}
        if findings is not None:
            row["findings"] = sum(1 for f in findings if f["rule"] == item.id)
        rows.append(row)
    return rows
