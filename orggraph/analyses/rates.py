"""Rates and ranking (拉榜排名): per town, for each measure, covered ÷ required.

A measure pairs a coverage rule with the population it looks at: `required` is how many nodes
of the town the rule looks at (a `cypher/rates/<measure>.cypher` query: e.g. the villages that
must have a first secretary), `covered` is those of them without a finding of the rule, and
`rate` = covered ÷ required. A town with nothing required has no rate for that measure (not 0,
not 100 %). The county row sums the towns' required and covered. A town's index is the weighted
mean of its rates (weights in `[rates]`, renormalised over the measures it has a rate for) ×
100; towns are ranked on it. Chains get tiers (产业链分档) the same way.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .. import notions, queries
from ..notions import VillageSettings
from . import coverage
from .coverage import CoverageSettings
from .places import Places
from ..store import Store

SECTION = "rates"
NO_TOWN = "（未明确所属乡镇）"
COUNTY = "全县合计"


@dataclass(frozen=True)
class Measure:
    id: str
    zh: str        # e.g. 第一书记覆盖率
    rule: str      # the coverage rule whose findings are the uncovered
    required: str  # what is counted over, in Chinese


MEASURES: tuple[Measure, ...] = (
    Measure("first_secretary", "第一书记覆盖率", "village_without_first_secretary",
            "应派驻村第一书记的村（弱村及脱贫村、易地扶贫搬迁村）"),
    Measure("weak_paired", "弱村联建率", "weak_village_unpaired", "弱村"),
    Measure("enterprise_branch", "企业党组织覆盖率", "enterprise_without_branch",
            "党员3名以上的企业"),
    Measure("joint_branch", "小微企业党组织覆盖率", "enterprise_without_joint_branch",
            "党员1至2名的企业（单独组建或纳入联合党支部）"),
    Measure("grid_branch", "网格党组织覆盖率", "grid_without_branch", "网格、小区"),
    Measure("member_reported", "在职党员报到率", "member_not_reported", "在职党员"),
)
MEASURE_BY_ID = {m.id: m for m in MEASURES}


@dataclass(frozen=True)
class RatesSettings:
    """Weights of the measures in a town's index, and of the parts of a chain's index with the
    index from which a chain is in the first and second tier."""
    first_secretary: float = 0.2
    weak_paired: float = 0.2
    enterprise_branch: float = 0.2
    joint_branch: float = 0.1
    grid_branch: float = 0.15
    member_reported: float = 0.15
    chain_alliance: float = 0.5      # share of the chain's enterprises inside its alliance
    chain_leader_org: float = 0.3    # the leading enterprise has its own organisation
    chain_instructor: float = 0.2    # the leading enterprise has an instructor
    tier_one: float = 80.0           # index from which a chain is 第一档
    tier_two: float = 60.0           # … 第二档; below it 第三档

    def __post_init__(self):
        for name, value in vars(self).items():
            if not isinstance(value, (int, float)) or value < 0:
                raise ValueError(f"{name} 应为0以上的数")
        if not sum(self.weight(m.id) for m in MEASURES) > 0:
            raise ValueError("至少一项指标的权重应大于0")
        if self.tier_two > self.tier_one:
            raise ValueError("tier_two 不能高于 tier_one")

    def weight(self, measure: str) -> float:
        return float(getattr(self, measure))


def _population(store: Store, measure: Measure, values: dict) -> list[dict]:
    """The nodes the measure counts over; its query takes by name the parameters its rule
    takes (coverage.parameters), so both read the same thresholds and as-of year."""
    query = queries.find(f"rates/{measure.id}")
    return store.query(query.text, query.bind(**{k: v for k, v in values.items()
                                                 if any(p.name == k for p in query.params)}))


def town_rates(store: Store, findings: list[dict],
               settings: CoverageSettings | None = None,
               places: Places | None = None, *, villages: VillageSettings | None = None,
               as_of: dt.date | None = None) -> list[dict]:
    """Rows {measure, town_id, town, required, covered}: one per measure and town that has
    something required. `findings` are coverage findings of the whole graph (every rule).
    A population row holds one `id`, or `ids` that lie in one place (people, grouped)."""
    values = coverage.parameters(settings or CoverageSettings(), villages or VillageSettings(),
                                 notions.as_of(store, as_of).year)
    places = places or Places(store)
    gaps: dict[str, set[str]] = {}
    for finding in findings:
        gaps.setdefault(finding["rule"], set()).add(finding["id"])
    populations = {m.id: [{k: sorted(v) if isinstance(v, list) else v for k, v in row.items()}
                          for row in _population(store, m, values)] for m in MEASURES}
    places.prefetch(walked=[i for m in MEASURES for row in populations[m.id]
                            for i in coverage._walked_from(coverage.rule(m.rule), row)])
    counts: dict[tuple[str, str | None], list[int]] = {}
    names: dict[str | None, str | None] = {}
    for measure in MEASURES:
        rule = coverage.rule(measure.rule)
        open_ = gaps.get(measure.rule, set())
        seen: set[str] = set()
        for row in populations[measure.id]:
            ids = [i for i in (row["ids"] if "ids" in row else [row["id"]]) if i not in seen]
            if not ids:
                continue
            seen.update(ids)
            town = places.town_of(coverage._place(rule, {"id": ids[0], **row}, places))
            names[town] = places.get(town, "name")
            tally = counts.setdefault((measure.id, town), [0, 0])
            tally[0] += len(ids)
            tally[1] += sum(1 for i in ids if i not in open_)
    return [{"measure": m, "town_id": town, "town": names[town], "required": r, "covered": c}
            for (m, town), (r, c) in sorted(counts.items(), key=lambda kv: (kv[0][0],
                                                                             kv[0][1] or "~"))]


def _rate(required: int, covered: int) -> float | None:
    return covered / required if required else None


def table(raw: list[dict], settings: RatesSettings | None = None) -> list[dict]:
    """Per town: required, covered and rate per measure, index and rank; then the county row
    (sums of the towns, and its own rates and index). Towns ranked by index, best first."""
    settings = settings or RatesSettings()
    towns: dict[str | None, dict] = {}
    for row in raw:
        town = towns.setdefault(row["town_id"], {"town_id": row["town_id"],
                                                 "town": row["town"] or NO_TOWN, "measures": {}})
        town["measures"][row["measure"]] = {"required": row["required"],
                                            "covered": row["covered"]}
    county = {"town_id": None, "town": COUNTY, "measures": {}, "county": True}
    for town in towns.values():
        for measure, part in town["measures"].items():
            total = county["measures"].setdefault(measure, {"required": 0, "covered": 0})
            total["required"] += part["required"]
            total["covered"] += part["covered"]
    rows = []
    for town in [*towns.values(), county]:
        measures = {}
        for measure in MEASURES:
            part = town["measures"].get(measure.id, {"required": 0, "covered": 0})
            measures[measure.id] = {**part, "rate": _rate(part["required"], part["covered"])}
        rows.append({"town_id": town["town_id"], "town": town["town"], "measures": measures,
                     "index": _index(measures, settings), "rank": None,
                     "county": town.get("county", False)})
    ranked = sorted((r for r in rows[:-1] if r["index"] is not None and r["town_id"]),
                    key=lambda r: (-r["index"], r["town_id"]))
    for position, row in enumerate(ranked, start=1):
        row["rank"] = position
    return sorted(rows[:-1], key=lambda r: (r["rank"] is None, r["rank"] or 0,
                                            r["town_id"] or "~")) + [rows[-1]]


def _index(measures: dict, settings: RatesSettings) -> float | None:
    weighted = [(settings.weight(m), part["rate"]) for m, part in measures.items()
                if part["rate"] is not None and settings.weight(m) > 0]
    total = sum(w for w, _ in weighted)
    if not total:
        return None
    return round(100 * sum(w * r for w, r in weighted) / total, 1)


def with_change(now: list[dict], then: list[dict]) -> list[dict]:
    """`now` (rows of `table`) with each town's change since `then` (rows of `table` made from a
    snapshot): index and rank change, rate change per measure (None where either has no rate)."""
    def key(row: dict):
        return "county" if row.get("county") else row["town_id"]

    before = {key(r): r for r in then}
    for row in now:
        old = before.get(key(row))
        change = {"index": None, "rank": None, "measures": {}}
        if old:
            if row["index"] is not None and old["index"] is not None:
                change["index"] = round(row["index"] - old["index"], 1)
            if row["rank"] and old["rank"]:
                change["rank"] = old["rank"] - row["rank"]  # up is positive
            for measure, part in row["measures"].items():
                was = old["measures"].get(measure, {}).get("rate")
                change["measures"][measure] = (None if part["rate"] is None or was is None
                                               else round(part["rate"] - was, 4))
        row["change"] = change
    return now


def chain_tiers(store: Store, findings: list[dict],
                settings: RatesSettings | None = None) -> list[dict]:
    """产业链分档: per chain, the share of its enterprises inside its alliance (no
    chain_member_outside_alliance finding), whether its leading enterprises have their own
    organisation (no chain_without_leader finding) and an instructor; index and tier."""
    settings = settings or RatesSettings()
    outside: dict[str, int] = {}
    unled: set[str] = set()
    uninstructed: set[str] = set()  # leading enterprises without an instructor in office
    for finding in findings:
        if finding["rule"] == "chain_member_outside_alliance":
            outside[finding.get("chain")] = outside.get(finding.get("chain"), 0) + 1
        elif finding["rule"] == "chain_without_leader":
            unled.add(finding["id"])
        elif finding["rule"] == "chain_leader_without_instructor":
            uninstructed.add(finding["id"])
    query = queries.find("rates/chains")
    rows = []
    for chain in store.query(query.text):
        members = chain["members"]
        alliance = _rate(members, members - outside.get(chain["id"], 0))
        leaders = [i for i in chain["leaders"] if i]
        organised = bool(leaders) and chain["id"] not in unled
        instructed = bool(leaders) and not set(leaders) & uninstructed
        parts = [(settings.chain_alliance, alliance), (settings.chain_leader_org, float(organised)),
                 (settings.chain_instructor, float(instructed))]
        parts = [(w, v) for w, v in parts if v is not None and w > 0]
        total = sum(w for w, _ in parts)
        index = round(100 * sum(w * v for w, v in parts) / total, 1) if total else None
        tier = (None if index is None else "第一档" if index >= settings.tier_one
                else "第二档" if index >= settings.tier_two else "第三档")
        rows.append({"chain": chain["id"], "name": chain["name"], "members": members,
                     "in_alliance": members - outside.get(chain["id"], 0),
                     "alliance_rate": alliance, "leader_organised": organised,
                     "leader_instructor": instructed, "index": index, "tier": tier})
    rows.sort(key=lambda r: (r["index"] is None, -(r["index"] or 0), r["chain"]))
    for position, row in enumerate(rows, start=1):
        row["rank"] = position if row["index"] is not None else None
    return rows


# -- for people: Chinese rows and definitions ------------------------------------------------

def pct(value: float | None) -> str:
    return "—" if value is None else f"{100 * value:.1f}%"


def _signed(value, unit: str = "") -> str:
    return "" if value is None else f"{value:+g}{unit}" if value else f"0{unit}"


def zh_rows(rows: list[dict]) -> list[dict]:
    """Rows of `table` (with_change) for people: a cell per measure "covered/required rate"."""
    out = []
    for row in rows:
        item = {"排名": row["rank"] or "", "乡镇（街道）": row["town"]}
        for measure in MEASURES:
            part = row["measures"][measure.id]
            item[measure.zh] = (f"{part['covered']}/{part['required']} {pct(part['rate'])}"
                                if part["required"] else "—")
        item["综合指数"] = "—" if row["index"] is None else f"{row['index']:.1f}"
        if "change" in row:
            item["指数较上期"] = _signed(row["change"]["index"])
            item["名次较上期"] = _signed(row["change"]["rank"])
        out.append(item)
    return out


def definitions(settings: RatesSettings) -> list[dict]:
    return [{"measure": m.id, "name": m.zh, "weight": settings.weight(m.id), "rule": m.rule,
             "definition": f"{m.zh} = {m.required}中无「{coverage.rule(m.rule).title}」问题的 "
                           f"÷ {m.required}"} for m in MEASURES]
