"""The domain's notions, each defined once; every analysis and query uses these.

- **weak village** (弱村): a village whose village branch (any, if several) is flagged `weak`
  (软弱涣散) or has `weak_max_stars` stars or fewer (their fewest stars count).
- **must have a first secretary** (第一书记全覆盖, 《驻村第一书记与基层组织体系材料》): a weak village,
  or one tagged with one of `first_secretary_tags` (脱贫村, 易地扶贫搬迁村).
- **village to be led** (跨村联建的帮带对象, 《在全省基层党建“创新突破年”活动推进会上的汇报发言》): a weak
  village, a village with a weak collective economy (`collective_income` below
  `poor_income_below`), a small village willing to join (fewer than `small_households`), or one with
  a poor industry base (`score_industry` below `weak_industry_score`; 0 = off). A five-star village
  whose branch is not flagged is never one: it is a strong village (支部过硬) that may lead.
- **paired** (已纳入跨村联建): the village's branch has a village-to-village `CO_BUILDS` (either
  direction, any status: a proposed pair is the plan made) or is `MEMBER_OF` a
  `joint_village_branch`. A link with an enterprise or an agency (村企共建) is not 跨村联建.
- **in office at a year** (在任): a station (`STATIONED_IN`) with `since` at or before the year and
  either `until` at or after it, or no `until` and a term (`term_years`, default 2) that has not
  run out (`since + term_years > year`). A station without `since` has no known start or end.
- **inside a region** (在某地区内): the region itself or any region below it through `PART_OF`, at any
  depth (`PART_OF*`), everywhere.
- **party group** (党小组): a `building_group`, or the `grid_branch` of a rural grid (a grid
  `PART_OF` a village: 网格党小组); it has a group leader (组长), not a secretary.
- **inside a chain's alliance** (纳入产业链党建联盟): an organisation `BASED_IN` the enterprise is
  `MEMBER_OF` (at any depth) an `OrgUnit {kind: chain_committee}` `BASED_IN` the chain.

The Cypher forms are the constants below; the queries repeat them verbatim (tests/test_notions.py
checks that no query states a notion any other way) and take the thresholds as parameters
(`cypher_params`).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import ClassVar, Iterable

SECTION = "villages"
STARS_ZH = "零一二三四五"   # 星级用汉字 (TERMS.md §0)

# The Cypher forms, with `{b}` the branch variable and `{s}` the station variable.
WEAK_BRANCH = "(coalesce({b}.weak, false) OR coalesce({b}.stars, 99) <= $weak_max_stars)"
FIVE_STAR_BRANCH = "(NOT coalesce({b}.weak, false) AND coalesce({b}.stars, 0) = 5)"
IN_OFFICE = ("(CASE WHEN {s}.until IS NOT NULL THEN coalesce({s}.since, {s}.until) <= $year "
             "AND {s}.until >= $year WHEN {s}.since IS NULL THEN true "
             "ELSE {s}.since <= $year AND {s}.since + $term_years > $year END)")
INSIDE_REGION = "-[:PART_OF*]->"
INSIDE_ALLIANCE = ("(o:OrgUnit)-[:BASED_IN]->(e), "
                   "(o)-[:MEMBER_OF*]->(:OrgUnit {kind: 'chain_committee'})-[:BASED_IN]->(c)")
VILLAGE_CO_BUILDING = "(b)-[:CO_BUILDS]-(:OrgUnit {kind: 'village_branch'})"
IN_JOINT_BRANCH = "(b)-[:MEMBER_OF]->(:OrgUnit {kind: 'joint_village_branch'})"
# A party group (党小组) has a group leader, not a secretary: building groups, and the grid
# branches of rural grids (网格党小组: a grid PART_OF a village).
PARTY_GROUP = ("({o}.kind = 'building_group' OR ({o}.kind = 'grid_branch' AND EXISTS "
               "{{ MATCH ({o})-[:BASED_IN]->(:Region {{kind: 'grid'}})-[:PART_OF]->"
               "(:Region {{kind: 'village'}}) }}))")


@dataclass(frozen=True)
class VillageSettings:
    """The `[villages]` table: one set of thresholds for coverage, pairing and cadres alike."""
    SECTION: ClassVar[str] = SECTION
    weak_max_stars: int = 2                 # 二星级及以下 (DATA_MODEL)
    first_secretary_tags: tuple[str, ...] = ("脱贫村", "易地扶贫搬迁村")
    term_years: int = 2                     # 《关于做好选派机关优秀干部到村任第一书记工作的通知》: 一般2年
    poor_income_below: float = 10.0         # 万元 a year: 集体经济薄弱 (穷村)
    small_households: int = 300             # fewer and willing_to_join: a small village to take in
    weak_industry_score: float = 0.0        # score_industry below this: a poor industry base (0 = off)

    def __post_init__(self) -> None:
        tags = self.first_secretary_tags
        if isinstance(tags, str) or not all(isinstance(t, str) for t in tags):
            raise ValueError("first_secretary_tags 应为文字列表")
        object.__setattr__(self, "first_secretary_tags", tuple(tags))
        if (not isinstance(self.weak_max_stars, int) or isinstance(self.weak_max_stars, bool)
                or not 0 <= self.weak_max_stars <= 5):
            raise ValueError("weak_max_stars 应为0至5的整数")
        if not isinstance(self.term_years, int) or self.term_years < 1:
            raise ValueError("term_years 应为1以上的整数")
        if not isinstance(self.small_households, int) or self.small_households < 0:
            raise ValueError("small_households 应为0以上的整数")


DEFAULTS = VillageSettings()


def cypher_params(settings: VillageSettings, year: int) -> dict:
    """The parameters the notions' Cypher forms take."""
    return {"weak_max_stars": settings.weak_max_stars,
            "tags": list(settings.first_secretary_tags),
            "term_years": settings.term_years, "year": year,
            "poor_income_below": float(settings.poor_income_below),
            "small_households": settings.small_households,
            "weak_industry_score": float(settings.weak_industry_score)}


def branch_facts(flags: Iterable[bool | None], stars: Iterable[int | None]) -> tuple[bool, int | None]:
    """A village's branches as one: flagged if any is, the fewest stars."""
    known = [s for s in stars if s is not None]
    return any(bool(f) for f in flags), (min(known) if known else None)


def is_weak(flagged: bool | None, stars: int | None, settings: VillageSettings) -> bool:
    """A weak village (弱村): its branch is flagged 软弱涣散 or has weak_max_stars stars or fewer."""
    return bool(flagged) or (stars is not None and stars <= settings.weak_max_stars)


def is_five_star(flagged: bool | None, stars: int | None) -> bool:
    return not flagged and stars == 5


def must_have_first_secretary(flagged: bool | None, stars: int | None, tags: Iterable[str],
                              settings: VillageSettings) -> tuple[str, ...]:
    """Why a village must have a first secretary: 'weak' and/or its tags that oblige one."""
    tags = tuple(tags or ())
    return (("weak",) if is_weak(flagged, stars, settings) else ()) + tuple(
        t for t in settings.first_secretary_tags if t in tags)


def why_to_be_led(flagged: bool | None, stars: int | None, collective_income: float | None,
                  households: int | None, willing_to_join: bool | None,
                  score_industry: float | None, settings: VillageSettings) -> list[str]:
    """Why a village is to be led in cross-village co-building; empty if it is not."""
    if is_five_star(flagged, stars):
        return []
    why = []   # in the words of TERMS.md §5 (认定为弱村的原因)
    if flagged:
        why.append("软弱涣散村")
    if stars is not None and stars <= settings.weak_max_stars:
        why.append("未评星党组织" if stars == 0 else f"{STARS_ZH[stars]}星级党组织")
    if collective_income is not None and collective_income < settings.poor_income_below:
        why.append(f"村集体经济收入{collective_income:g}万元，低于{settings.poor_income_below:g}万元")
    if willing_to_join and households is not None and households < settings.small_households:
        why.append(f"小村（{households}户），有联建意愿")
    if score_industry is not None and score_industry < settings.weak_industry_score:
        why.append(f"产业基础评分{score_industry:g}分，低于{settings.weak_industry_score:g}分")
    return why


def in_office(since: int | None, until: int | None, year: int, term_years: int) -> bool:
    """A station in office in `year` (the Python twin of IN_OFFICE)."""
    if until is not None:
        return (since if since is not None else until) <= year <= until
    if since is None:
        return True
    return since <= year < since + term_years


def last_year(since: int | None, until: int | None, term_years: int) -> int | None:
    """The last year a station is in office (None: no known end)."""
    if until is not None:
        return until
    return None if since is None else since + term_years - 1


# ---- the as-of date -------------------------------------------------------------------------

META_ID = "bundle"
READ_META = "MATCH (m:Meta {id: $id}) RETURN m.as_of AS as_of, m.loaded AS loaded"


def parse_date(text: str, where: str = "as_of") -> dt.date:
    try:
        return dt.date.fromisoformat(str(text).strip())
    except ValueError:
        prefix = f"{where}：" if where else ""  # no `where`: the caller names the value itself
        raise ValueError(f"{prefix}{text!r} 不是日期（应写作 年-月-日，如 2025-06-30）") from None


def as_of(store, given: dt.date | None = None) -> dt.date:
    """The date the analyses answer for: `given` (--as-of), else the bundle's own `as_of`, else
    the date it was loaded, else today (a database loaded before dates were recorded)."""
    if given is not None:
        return given
    try:
        rows = store.query(READ_META, {"id": META_ID})
    except Exception:  # a database without the Meta table (made by an older version)
        rows = []
    for row in rows:
        for key in ("as_of", "loaded"):
            if row.get(key):
                return parse_date(row[key])
    return dt.date.today()
