"""The optimal one-to-one assignment of cadres to villages.

Plans are compared lexicographically: (1) more villages that must have a first secretary
(第一书记全覆盖) covered, then (2) a larger total fit of specialty to need (拉萨篇: the weight of the
need the cadre's specialty serves), then (3) a smaller total distance. The three tiers are folded
into one integer benefit per pair with weights large enough that no lower tier can outweigh one
unit of a higher one, and solved exactly with `scipy.optimize.linear_sum_assignment`.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from scipy.optimize import linear_sum_assignment

from ...geo import haversine_km, point
from .needs import SERVES, Assessed
from .settings import CadreSettings

# Distances are compared in units of 100 m so the tiers stay whole numbers.
KM_UNITS = 10
# Integers below 2**53 are exact in float64, the solver's number type.
EXACT_LIMIT = 2 ** 53


@dataclass(frozen=True)
class Cadre:
    id: str
    name: str
    specialty: str
    lat: float | None = None
    lon: float | None = None
    base: str | None = None                       # the name of the region they are based in
    past_villages: frozenset[str] = field(default=frozenset())   # villages of ended terms

    @property
    def place(self) -> tuple[float, float] | None:
        return point(self.lat, self.lon)


@dataclass(frozen=True)
class Match:
    """What sending `cadre` to `village` would mean; `allowed` False says why not in `barrier`."""
    village: Assessed
    cadre: Cadre
    need: str | None        # the village's need the specialty serves, if any
    fit: int                # that need's weight, 0 if none
    km: float | None        # None where either place is unknown
    barrier: str | None = None
    role: str | None = None  # in a plan: first_secretary or work_team (teams.py)

    @property
    def allowed(self) -> bool:
        return self.barrier is None

    @property
    def must(self) -> bool:
        return bool(self.village.must)


def distance_km(a: tuple[float, float] | None, b: tuple[float, float] | None) -> float | None:
    """Great-circle distance; None if either place is unknown."""
    if a is None or b is None:
        return None
    return haversine_km(*a, *b)


def weigh(village: Assessed, cadre: Cadre, settings: CadreSettings) -> Match:
    served = SERVES.get(cadre.specialty)
    need = served if served in village.needs else None
    fit = settings.weight(need) if need else 0
    km = distance_km(village.village.place, cadre.place)
    barrier = None
    if km is not None and km > settings.max_km:
        barrier = "too_far"
    elif village.id in cadre.past_villages:
        barrier = "served_before"   # 期满调整更换: a first secretary whose term ended is replaced
    elif not village.must and need is None:
        barrier = "no_fit"          # only a must-have village takes a cadre of another specialty
    return Match(village, cadre, need, fit, km, barrier)


def distance_units(p: Match, settings: CadreSettings) -> int:
    """The pair's distance in 100 m; an unknown distance counts as max_km."""
    limit = round(settings.max_km * KM_UNITS)
    return limit if p.km is None else min(limit, round(p.km * KM_UNITS))


def plan_key(pairs: list[Match], settings: CadreSettings) -> tuple[int, int, int]:
    """What the assignment maximises, tier by tier: (must covered, total fit, -total distance)."""
    return (sum(p.must for p in pairs), sum(p.fit for p in pairs),
            -sum(distance_units(p, settings) for p in pairs))


def weigh_all(villages: list[Assessed], cadres: list[Cadre],
              settings: CadreSettings) -> dict[tuple[str, str], Match]:
    """Every (village id, cadre id) pair, allowed or not."""
    return {(v.id, c.id): weigh(v, c, settings) for v in villages for c in cadres}


def assign(villages: list[Assessed], cadres: list[Cadre], settings: CadreSettings,
           grid: dict[tuple[str, str], Match] | None = None) -> list[Match]:
    """The best set of allowed pairs, no village or cadre twice, ordered by village id.
    `grid` is `weigh_all(villages, cadres, settings)` when the caller already has it.

    Inputs are taken in id order, so equally good plans are settled the same way every run.
    """
    villages = sorted(villages, key=lambda v: v.id)
    cadres = sorted(cadres, key=lambda c: c.id)
    if not villages or not cadres:
        return []
    n = min(len(villages), len(cadres))
    limit = round(settings.max_km * KM_UNITS)
    top_fit = max(settings.weight(need) for need in SERVES.values())
    tier_fit = n * limit + 1                  # beats any difference in total distance
    tier_must = (n * top_fit + 1) * tier_fit  # beats any difference in total fit
    if n * (tier_must + top_fit * tier_fit) >= EXACT_LIMIT:
        raise ValueError(f"{len(villages)}个村 × {len(cadres)}名干部，规模太大，无法精确求解；"
                         "请按县或乡镇分别安排（--within）")
    benefit = np.zeros((len(villages), len(cadres)))
    pairs: dict[tuple[int, int], Match] = {}
    for i, village in enumerate(villages):
        for j, cadre in enumerate(cadres):
            p = grid[village.id, cadre.id] if grid else weigh(village, cadre, settings)
            if p.allowed:   # always > 0: a must or a fit outweighs any distance
                pairs[i, j] = p
                benefit[i, j] = p.must * tier_must + p.fit * tier_fit - distance_units(p, settings)
    # A forbidden pair has benefit 0: the solver may use it to fill the square, and it is dropped.
    rows, cols = linear_sum_assignment(benefit, maximize=True)
    return [pairs[i, j] for i, j in zip(rows, cols) if (i, j) in pairs]
