"""A cadre plan read from the graph, explained, and written back as proposed stations."""
from __future__ import annotations

from collections import defaultdict
import datetime as dt
from dataclasses import dataclass

from ... import notions, queries, vocabulary
from ...errors import OrggraphError
from ...notions import VillageSettings
from ...privacy import mask_name
from ...store import Store
from .match import Cadre, Match, weigh_all
from .needs import NEED_ZH, NEEDS, SERVES, Assessed, CadreVillage, assess
from .settings import CadreSettings
from .teams import FIRST_SECRETARY, TooLarge, assign_teams

RULE_ZH = {"party_affairs": "党群干部进弱村", "economy": "经济干部进穷村", "law": "政法干部进乱村",
           "agriculture": "农牧干部进产业村", "technology": "科技干部进专业村"}

# Writes stay out of the query library: its queries are run read-only (Neo4j refuses a write in
# a read transaction, and every library query is run that way by tests/test_queries.py).
# Proposals in the plan's scope are replaced, so applying a plan twice writes it once.
_DROP_PROPOSED = (
    "MATCH (:Person)-[s:STATIONED_IN]->(v:Region) WHERE v.id IN $villages "
    "AND s.status = 'proposed' AND s.role IN ['first_secretary', 'work_team'] DELETE s")
_PROPOSE = (
    "UNWIND $rows AS r MATCH (p:Person {id: r.cadre}), (v:Region {id: r.village}) "
    "CREATE (p)-[:STATIONED_IN {role: r.role, status: 'proposed', since: r.since}]->(v)")


MUST_RULE = "第一书记全覆盖"
MUST_ZH = {"weak": "弱村"}   # why a village must have one; its tags read as they are


class CadreError(OrggraphError):
    """A plan that cannot be made as asked; the message is for the user."""


@dataclass(frozen=True)
class CadrePlan:
    year: int
    as_of: str                      # the data's date (ISO); terms are judged in `year`
    within: str | None
    settings: CadreSettings
    scope: tuple[str, ...]          # every village in scope: its proposals are replaced on apply
    matches: tuple[Match, ...]
    unmatched_villages: tuple[tuple[Assessed, str], ...]
    unmatched_cadres: tuple[tuple[Cadre, str], ...]
    in_office: int                  # villages in scope whose first secretary's term still runs
    without_needs: int              # villages in scope with no need and no obligation
    busy_cadres: int                # cadres stationed (term running) or proposed outside scope
    wanting: tuple[Assessed, ...] = ()   # the villages planned for (a need or an obligation)

    def match_rows(self, show_names: bool = False) -> list[dict]:
        return [_match_row(p, show_names) for p in self.matches]

    def village_rows(self) -> list[dict]:
        return [_village_cells(a) | {"reason": why} for a, why in self.unmatched_villages]

    def cadre_rows(self, show_names: bool = False) -> list[dict]:
        return [_cadre_cells(c, show_names) | {"reason": why} for c, why in self.unmatched_cadres]

    @property
    def first_secretaries(self) -> list[Match]:
        return [p for p in self.matches if p.role == FIRST_SECRETARY]

    def summary(self) -> dict:
        must = sum(1 for p in self.first_secretaries if p.must)
        must_left = sum(1 for a, _ in self.unmatched_villages if a.must)
        return {"as_of": self.as_of, "year": self.year, "within": self.within, "villages_in_scope": len(self.scope),
                "first_secretary_in_office": self.in_office, "without_needs": self.without_needs,
                "matched": len(self.first_secretaries),
                "work_team": len(self.matches) - len(self.first_secretaries),
                "team_size": self.settings.team_size,
                "must_covered": must, "must_left": must_left,
                "villages_left": len(self.unmatched_villages),
                "needs_covered": sum(1 for p in self.matches if p.need),
                "needs_left": sum(r["left"] for r in self.need_rows()),
                "cadres_left": len(self.unmatched_cadres), "cadres_busy": self.busy_cadres,
                "total_fit": sum(p.fit for p in self.matches)}

    def need_rows(self) -> list[dict]:
        """Per need (拉萨篇's five): the planned villages that have it, how many a cadre of the
        matching specialty serves, and how many are left."""
        having = {n: 0 for n in NEEDS}
        for a in self.wanting:
            for n in a.needs:
                having[n] += 1
        covered = {n: 0 for n in NEEDS}
        for p in self.matches:
            if p.need:
                covered[p.need] += 1
        specialty = {need: s for s, need in SERVES.items()}
        return [{"need": n, "rule": RULE_ZH[specialty[n]], "villages": having[n],
                 "covered": covered[n], "left": having[n] - covered[n]}
                for n in NEEDS if having[n]]

    def to_json(self, show_names: bool = False) -> dict:
        return {"summary": self.summary(), "needs": self.need_rows(),
                "matches": self.match_rows(show_names),
                "unmatched_villages": self.village_rows(),
                "unmatched_cadres": self.cadre_rows(show_names)}


def _village_cells(a: Assessed) -> dict:
    v = a.village
    return {"village": v.id, "village_name": v.name, "town": v.town, "must": ";".join(a.must),
            "needs": ";".join(a.needs)}


def _cadre_cells(c: Cadre, show_names: bool) -> dict:
    return {"cadre": c.id, "cadre_name": c.name if show_names else mask_name(c.name),
            "specialty": c.specialty, "based_in": c.base}


def _match_row(p: Match, show_names: bool) -> dict:
    km = None if p.km is None else round(p.km, 1)
    return (_village_cells(p.village) | _cadre_cells(p.cadre, show_names)
            | {"role": p.role, "need": p.need,
               "rule": RULE_ZH[p.cadre.specialty] if p.need else MUST_RULE,
               "fit": p.fit, "km": km, "why": _why(p, km)})


def _why(p: Match, km: float | None) -> str:
    """Why this cadre goes there, in the words of TERMS.md §5 (匹配理由)."""
    parts = []
    if p.must and p.role != "work_team":
        parts.append(f"应派第一书记（{'、'.join(MUST_ZH.get(m, m) for m in p.village.must)}）")
    if p.need:
        rule = RULE_ZH[p.cadre.specialty]
        parts.append(f"{rule}（驻村工作队员）" if p.role == "work_team" else rule)
    else:
        parts.append("干部类别与村情需求不对应，为实现第一书记全覆盖予以选派")
    parts.append(f"相距{km:g}公里" if km is not None else "距离不详")
    return "；".join(parts)


def _active(station: dict, year: int, villages: VillageSettings) -> bool:
    """A station in force: status active and in office in `year` (notions.in_office)."""
    return station["status"] == "active" and notions.in_office(
        station["since"], station["until"], year, villages.term_years)


def _ended(station: dict, year: int, villages: VillageSettings) -> bool:
    """An active station whose term ran out before `year` (期满): its cadre served there."""
    last = notions.last_year(station["since"], station["until"], villages.term_years)
    return station["status"] == "active" and last is not None and last < year


def _rows(store: Store, name: str, **params) -> list[dict]:
    query = queries.library()[name]
    return store.query(query.text, query.bind(**params))


def _villages(store: Store, within: str | None) -> list[CadreVillage]:
    merged: dict[str, dict] = {}
    for row in _rows(store, "cadres/villages", within=within):
        seen = merged.get(row["id"])
        if seen is None:
            merged[row["id"]] = dict(row)
            continue
        # Several branches in one village: weak if any is, the fewest stars count.
        seen["weak"] = bool(seen["weak"]) or bool(row["weak"])
        stars = [s for s in (seen["stars"], row["stars"]) if s is not None]
        seen["stars"] = min(stars) if stars else None
    return [CadreVillage(id=r["id"], name=r["name"], town=r["town"], lat=r["lat"], lon=r["lon"],
                    weak_flag=bool(r["weak"]), stars=r["stars"],
                    collective_income=r["collective_income"], main_industry=r["main_industry"],
                    tags=tuple(r["tags"] or ()), enterprises=r["enterprises"])
            for r in merged.values()]


def _base(rows: list[dict]) -> tuple[float | None, float | None, str | None]:
    """Where a cadre is based: their organisation's region, else their employer's; a place with
    coordinates is preferred to one without."""
    places = [(r[f"{k}_lat"], r[f"{k}_lon"], r[f"{k}_name"]) for k in ("home", "work")
              for r in rows if r[k] is not None]
    located = [p for p in places if p[0] is not None and p[1] is not None]
    return (located or places or [(None, None, None)])[0]


def plan_cadres(store: Store, settings: CadreSettings, within: str | None = None, *,
                villages: VillageSettings | None = None, as_of: dt.date | None = None) -> CadrePlan:
    """The optimal plan of first secretaries for the villages below `within` (all if None),
    for the as-of year (or `settings.year`)."""
    shared = villages or VillageSettings()
    as_of = notions.as_of(store, as_of)
    year = settings.plan_year(as_of)
    villages = _villages(store, within)
    if within and not villages:
        raise CadreError(f"区域 {within} 下没有村，请核对编号")
    scope = {v.id for v in villages}
    in_office: set[str] = set()
    busy: set[str] = set()
    past: dict[str, set[str]] = defaultdict(set)
    for s in _rows(store, "cadres/stations"):
        if _active(s, year, shared):
            busy.add(s["person"])
            if s["role"] == "first_secretary":
                in_office.add(s["target"])
        elif _ended(s, year, shared):
            past[s["person"]].add(s["target"])
        elif s["status"] == "active":   # not yet begun in that year: committed elsewhere
            busy.add(s["person"])
        elif s["target"] not in scope:   # proposed elsewhere: committed to another plan
            busy.add(s["person"])
    by_cadre: dict[str, list[dict]] = defaultdict(list)
    for row in _rows(store, "cadres/cadres"):
        by_cadre[row["id"]].append(row)
    cadres = [Cadre(cid, rows[0]["name"], rows[0]["specialty"], *_base(rows),
                    past_villages=frozenset(past[cid]))
              for cid, rows in sorted(by_cadre.items()) if cid not in busy]
    assessed = [assess(v, settings, shared) for v in villages if v.id not in in_office]
    wanting = sorted((a for a in assessed if a.needs or a.must), key=lambda a: a.id)
    grid = weigh_all(wanting, cadres, settings)
    try:
        matches = assign_teams(wanting, cadres, settings, grid)
    except TooLarge as exc:
        raise CadreError(str(exc)) from None
    taken_v = {p.village.id for p in matches}
    taken_c = {p.cadre.id for p in matches}
    return CadrePlan(
        year=year, as_of=as_of.isoformat(), within=within, settings=settings, scope=tuple(sorted(scope)),
        matches=tuple(matches),
        unmatched_villages=tuple((a, _village_reason(a, [grid[a.id, c.id] for c in cadres],
                                                     settings))
                                 for a in wanting if a.id not in taken_v),
        unmatched_cadres=tuple((c, _cadre_reason(c, [grid[a.id, c.id] for a in wanting], settings))
                               for c in cadres if c.id not in taken_c),
        in_office=len(in_office & scope), without_needs=len(assessed) - len(wanting),
        busy_cadres=len(busy & set(by_cadre)), wanting=tuple(wanting))


def _blocked(pairs: list[Match], far_text: str, before_text: str) -> str:
    far = sum(p.barrier == "too_far" for p in pairs)
    before = sum(p.barrier == "served_before" for p in pairs)
    parts = [far_text.format(n=far) if far else "", before_text.format(n=before) if before else ""]
    return "，".join(x for x in parts if x)


def _specialty_zh(specialty: str) -> str:
    return vocabulary.enum_zh("Person", "specialty", specialty)


def _village_reason(a: Assessed, pairs: list[Match], settings: CadreSettings) -> str:
    """Why a village gets no cadre (TERMS.md §5, 村未匹配)."""
    allowed = [p for p in pairs if p.allowed]
    if allowed:
        return (f"符合条件的{len(allowed)}名干部已优先派往排序靠前的村"
                "（先应派村，再看匹配度、距离）")
    if not pairs:
        return "暂无可选派干部"
    wanted = sorted(s for s, need in SERVES.items() if need in a.needs)
    usable = pairs if a.must else [p for p in pairs if p.need]
    if not usable:
        return f"无对口类别的可选派干部（需{'、'.join(_specialty_zh(s) for s in wanted)}）"
    return (f"{len(usable)}名可选派干部中，" + _blocked(
        usable, f"{{n}}名派出地距离超过{settings.max_km:g}公里",
        "{n}名曾在该村驻村（期满调整，不再回原村）"))


def _cadre_reason(c: Cadre, pairs: list[Match], settings: CadreSettings) -> str:
    """Why a cadre is left unplaced (TERMS.md §5, 干部未安排)."""
    allowed = [p for p in pairs if p.allowed]
    if allowed:
        return f"可派往的{len(allowed)}个村均已安排更合适的干部"
    usable = [p for p in pairs if p.need or p.must]
    need = SERVES.get(c.specialty)
    if not usable:
        return f"范围内没有{NEED_ZH.get(need, '对口的村')}，也没有应派第一书记的村"
    return (f"需要{_specialty_zh(c.specialty)}或应派第一书记的{len(usable)}个村中，" + _blocked(
        usable, f"{{n}}个距其派出地超过{settings.max_km:g}公里",
        "{n}个是其曾驻村的村（期满调整，不再回原村）"))


def apply_plan(store: Store, plan: CadrePlan) -> int:
    """Write the plan's matches as STATIONED_IN {role: first_secretary or work_team, status:
    proposed, since: plan year}, replacing earlier proposals for villages in the plan's scope;
    in one transaction (all or nothing)."""
    rows = [{"cadre": p.cadre.id, "village": p.village.id, "since": plan.year, "role": p.role}
            for p in plan.matches]
    statements = [(_DROP_PROPOSED, {"villages": list(plan.scope)})]
    if rows:
        statements.append((_PROPOSE, {"rows": rows}))
    store.write_all(statements)
    return len(rows)


def by_rule(plan: CadrePlan) -> list[dict]:
    """Matches counted per matching rule (and 第一书记全覆盖 met by another specialty)."""
    groups: dict[tuple[str, str], list[Match]] = defaultdict(list)
    for p in plan.matches:
        groups[p.cadre.specialty, p.need or ""].append(p)
    rows = []
    for (specialty, need), pairs in sorted(groups.items()):
        kms = [p.km for p in pairs if p.km is not None]
        rows.append({"rule": RULE_ZH[specialty] if need else MUST_RULE,
                     "specialty": specialty, "need": need, "matches": len(pairs),
                     "must_have": sum(p.must for p in pairs),
                     "mean_km": round(sum(kms) / len(kms), 1) if kms else None})
    return rows
