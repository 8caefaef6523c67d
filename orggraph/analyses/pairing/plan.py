"""The pairing plan: read the graph, solve, explain; and write an accepted plan back."""
from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field

from ... import notions
from ...errors import OrggraphError
from ...geo import haversine_km
from ...notions import VillageSettings
from ...store import Store
from . import candidates, reasons, score, tiers
from .candidates import Candidates
from .data import Existing, PairingVillage, read_existing, read_villages
from .instance import Instance, Solution
from .settings import PairingSettings
from .solve import solve

SOLVER = "HiGHS (scipy.optimize.milp), exact per connected part; one-centre parts by sorting"
PART_NAMES = ("proximity", "strength", "need", "industry_fit")


class PairingError(OrggraphError):
    """A plan that cannot be made as asked; the message is for the user."""


@dataclass(frozen=True)
class Pair:
    village: str
    distance_km: float
    value: int                  # hundredths of a point
    parts: dict[str, float]

    @property
    def score(self) -> float:
        return self.value / score.SCALE


@dataclass
class Cluster:
    centre: str
    existing: list[str]
    pairs: list[Pair]
    fallback: bool = False      # a fallback centre (below centre_min_stars stars)

    @property
    def members(self) -> list[str]:
        return sorted(self.existing + [p.village for p in self.pairs])


@dataclass
class PairingPlan:
    settings: PairingSettings
    within: str | None
    cand: Candidates
    solution: Solution
    year: int                       # the year written on applied pairs
    as_of: str                      # the data's date (ISO)
    clusters: list[Cluster] = field(default_factory=list)
    unassigned: list[tuple[str, str]] = field(default_factory=list)   # (village, reason)
    proposals: list[tuple[str, str]] = field(default_factory=list)    # (centre branch, branch)
    withdraw: list[tuple[str, str]] = field(default_factory=list)     # earlier proposals replaced

    @property
    def objective(self) -> dict:
        s, sol = self.settings, self.solution
        tier_names = tiers.tier_names(s)
        counts = [{"tier": (s.tiers + ("other",))[t], "name": tier_names[t],
                   "weak_villages": sum(1 for w in self.cand.weak if self.cand.tier[w] == t),
                   "paired": sum(1 for w in sol.assignment if self.cand.tier[w] == t)}
                  for t in range(len(tier_names))]
        return {
            "words": tiers.words(s),
            "order": ["paired_by_tier", "total_score"] if s.tiers else ["paired", "total_score"],
            "tiers": [c for c in counts if c["weak_villages"]],
            "paired": sol.paired,
            "total_score": sol.value / score.SCALE,
            "status": "optimal" if sol.optimal else "time_limit",
            "paired_upper_bound": sol.paired_bound,
            "mip_gap": sol.gap if math.isfinite(sol.gap) else None,   # None: no bound yet
            "weak_villages": len(self.cand.weak) + len(self.cand.skipped),
            "already_paired": len(self.cand.already),
            "unassigned": len(self.unassigned),
            "centres": len(self.cand.centres),
            "centres_used": len(self.clusters),
            "fallback_centres": len(self.cand.fallback),
            "fallback_centres_used": sum(1 for c in self.clusters if c.fallback),
            "subproblems": sol.subproblems,
            "milp_subproblems": sol.milps,
            "seconds": round(sol.seconds, 3),
            "solver": SOLVER,
            "limits": {"min_size": s.min_size, "max_size": s.max_size, "max_km": s.max_km,
                       "cross_town": s.cross_town, "year": self.year,
                       "centre_min_stars": s.centre_min_stars,
                       "centre_fallback": s.centre_fallback},
            "as_of": self.as_of,
        }

    def to_json(self) -> dict:
        return {
            "clusters": [{"center": c.centre, "members": c.members, "fallback": c.fallback,
                          "pairs": [{"village": p.village, "distance_km": round(p.distance_km, 3),
                                     "score": p.score,
                                     "parts": {k: round(v, 4) for k, v in p.parts.items()}}
                                    for p in c.pairs]}
                         for c in self.clusters],
            "unassigned": [{"village": v, "reason": r} for v, r in self.unassigned],
            "objective": self.objective,
            "as_of": self.as_of,
        }

    def cluster_rows(self) -> list[dict]:
        """One row per member of each cluster: existing partners first, then the proposed."""
        rows = []
        for c in self.clusters:
            for v in c.existing:
                rows.append(self._row(c.centre, v, "existing", self._km(c.centre, v),
                                      fallback_centre=c.fallback))
            for p in c.pairs:
                rows.append(self._row(c.centre, p.village, "proposed", round(p.distance_km, 2),
                                      score=p.score, **{k: round(p.parts[k], 3) for k in PART_NAMES},
                                      fallback_centre=c.fallback))
        return rows

    def unassigned_rows(self) -> list[dict]:
        villages = self.cand.villages
        names = tiers.tier_names(self.settings)
        return [{"village": v, "village_name": villages[v].name,
                 "town": villages[v].town_name or villages[v].town,
                 "tier": names[self.cand.tier[v]] if v in self.cand.tier else None,
                 "weak_because": "；".join(candidates.why_weak(villages[v], self.cand.shared)),
                 "reason": r} for v, r in self.unassigned]

    def _row(self, centre: str, village: str, role: str, km: float | None, **rest) -> dict:
        v = self.cand.villages.get(village)
        return {"centre": centre, "centre_name": self.cand.villages[centre].name,
                "village": village, "village_name": v.name if v else None,
                "town": (v.town_name or v.town) if v else None, "role": role,
                "tier": (tiers.tier_names(self.settings)[self.cand.tier[village]]
                         if village in self.cand.tier else None),
                "distance_km": km, "score": None, **dict.fromkeys(PART_NAMES),
                "fallback_centre": False, **rest,
                "weak_because": "；".join(candidates.why_weak(v, self.cand.shared)) if v else None}

    def _km(self, a: str, b: str) -> float | None:
        va, vb = self.cand.villages.get(a), self.cand.villages.get(b)
        if not va or not vb or None in (va.lat, va.lon, vb.lat, vb.lon):
            return None
        return round(haversine_km(va.lat, va.lon, vb.lat, vb.lon), 2)


def plan_pairs(store: Store, settings: PairingSettings | None = None,
               within: str | None = None, *, villages: VillageSettings | None = None,
               as_of: dt.date | None = None) -> PairingPlan:
    """The optimal co-building plan for the villages below `within` (a Region id), or all."""
    settings = settings or PairingSettings()
    if within and not store.has_node("Region", within):
        raise PairingError(f"没有编号为 {within} 的区域")
    return plan_from(read_villages(store, within), read_existing(store, settings.keep_proposed),
                     settings, within, shared=villages, as_of=notions.as_of(store, as_of))


def plan_from(villages: list[PairingVillage], existing: Existing, settings: PairingSettings,
              within: str | None = None, *, shared: VillageSettings | None = None,
              as_of: dt.date | None = None) -> PairingPlan:
    as_of = as_of or dt.date.today()
    existing = _standing(existing, {v.id for v in villages})
    cand = candidates.build(villages, existing, settings, shared)
    solution = solve(cand.instance, settings.time_limit)
    if cand.fallback:   # fallback centres take only what the regular ones leave
        second = candidates.with_fallback(cand, set(cand.weak) - set(solution.assignment))
        solution = _merge(solution, solve(second, settings.time_limit))
        first = cand.instance
        cand.instance = Instance(first.arcs + second.arcs, first.lower | second.lower,
                                 first.upper | second.upper, first.tiers | second.tiers)
    plan = PairingPlan(settings, within, cand, solution, settings.year(as_of), as_of.isoformat())
    by_centre: dict[str, list[Pair]] = {}
    for arc in cand.instance.arcs:
        if solution.assignment.get(arc.village) == arc.centre:
            by_centre.setdefault(arc.centre, []).append(
                Pair(arc.village, arc.km, arc.value, cand.parts[arc.centre, arc.village]))
    for c in sorted(by_centre):
        plan.clusters.append(Cluster(c, sorted(cand.existing.get(c, ())),
                                     sorted(by_centre[c], key=lambda p: p.village),
                                     fallback=c in cand.fallback))
        plan.proposals += [(cand.villages[c].branch, cand.villages[p.village].branch)
                           for p in plan.clusters[-1].pairs]
    unpaired = sorted((set(cand.weak) | set(cand.skipped)) - set(solution.assignment))
    plan.unassigned = [(v, reasons.reason(v, cand, solution)) for v in unpaired]
    keep = set(plan.proposals)
    plan.withdraw = sorted({(cb, vb) for c, v, cb, vb in existing.proposals
                            if (cb, vb) not in keep})
    return plan


def _merge(a: Solution, b: Solution) -> Solution:
    """Two solutions of instances that share no centre and no village (b's villages are a's
    unpaired ones)."""
    return Solution(a.assignment | b.assignment, a.value + b.value, a.optimal and b.optimal,
                    a.paired_bound + b.paired_bound, max(a.gap, b.gap), a.seconds + b.seconds,
                    a.subproblems + b.subproblems, a.milps + b.milps)


def _standing(existing: Existing, scope: set[str]) -> Existing:
    """A proposal with one end outside the scope (a cross-town plan seen from one town) belongs
    to a wider plan: this one cannot re-plan the other end, so the proposal stands as a pair (it
    counts towards its centre, its village is paired) and is neither re-planned nor withdrawn."""
    kept = Existing({c: set(vs) for c, vs in existing.partners.items()}, set(existing.paired))
    for centre, village in existing.joint_proposals:   # a proposed 联村党总支's members
        if (centre in scope) != (village in scope):
            kept.add(centre, village)
    for proposal in existing.proposals:
        centre, village = proposal[0], proposal[1]
        if centre in scope and village in scope:
            kept.proposals.append(proposal)
        elif centre in scope or village in scope:
            kept.add(centre, village)
    return kept
