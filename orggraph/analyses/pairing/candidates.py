"""Who may pair with whom: centres, weak villages, and the allowed pairs with their scores.

Pairs are pruned before solving: by distance (great circle, at most max_km), by town (or county
with cross_town), by existing pairs (a supported village is not paired again; a centre's existing
partners count towards its size), and centres that are full or cannot reach the minimum size.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from ... import notions
from ...geo import haversine_km
from ...notions import VillageSettings
from . import score, tiers
from .data import Existing, PairingVillage
from .instance import Arc, Instance
from .settings import PairingSettings


@dataclass
class Candidates:
    villages: dict[str, PairingVillage]
    settings: PairingSettings
    shared: VillageSettings                                       # the [villages] notions
    centres: dict[str, float] = field(default_factory=dict)       # centre -> composite score
    weak: dict[str, list[str]] = field(default_factory=dict)      # weak village -> why weak
    existing: dict[str, set[str]] = field(default_factory=dict)   # centre -> existing partners
    already: list[str] = field(default_factory=list)              # weak villages paired before
    skipped: dict[str, str] = field(default_factory=dict)         # weak village -> data problem
    reach: dict[str, list[tuple[str, float]]] = field(default_factory=dict)  # weak -> (centre, km)
    by_centre: dict[str, list[str]] = field(default_factory=dict)  # centre -> weak in reach
    parts: dict[tuple[str, str], dict[str, float]] = field(default_factory=dict)
    closed: dict[str, str] = field(default_factory=dict)          # centre -> "full" | "too_few"
    instance: Instance = field(default_factory=lambda: Instance((), {}, {}))
    fallback: dict[str, float] = field(default_factory=dict)      # fallback centre -> composite
    tier: dict[str, int] = field(default_factory=dict)            # weak village -> priority tier

    def group(self, village_id: str) -> str | None:
        v = self.villages[village_id]
        return v.county if self.settings.cross_town else v.town

    def existing_count(self, centre: str) -> int:
        return len(self.existing.get(centre, ()))


def why_weak(v: PairingVillage, shared: VillageSettings) -> list[str]:
    """Why the village is to be led (notions.why_to_be_led); empty if it is not."""
    return notions.why_to_be_led(v.weak, v.stars, v.collective_income, v.households,
                                 v.willing_to_join, v.scores[1], shared)


def is_centre(v: PairingVillage, comp: float | None, settings: PairingSettings,
              min_stars: int | None = None, shared: VillageSettings | None = None) -> bool:
    """A branch with min_stars (default centre_min_stars) stars or more, not weak and not to be
    led, composite score at least centre_score, with a place on the map."""
    min_stars = settings.centre_min_stars if min_stars is None else min_stars
    return (v.branch is not None and v.stars is not None and v.stars >= min_stars
            and not v.weak and comp is not None and comp >= settings.centre_score
            and v.lat is not None and v.lon is not None
            and not why_weak(v, shared or VillageSettings()))


def build(villages: list[PairingVillage], existing: Existing, settings: PairingSettings,
          shared: VillageSettings | None = None) -> Candidates:
    shared = shared or VillageSettings()
    cand = Candidates({v.id: v for v in villages}, settings, shared, existing=existing.partners)
    for v in villages:
        comp = score.composite(v, settings)
        if is_centre(v, comp, settings, shared=shared):
            cand.centres[v.id] = comp
            continue
        if settings.centre_fallback is not None and is_centre(
                v, comp, settings, settings.centre_fallback, shared):
            cand.fallback[v.id] = comp
            continue
        why = why_weak(v, shared)
        if not why:
            continue
        if v.id in existing.paired:
            cand.already.append(v.id)
        elif v.branch is None:
            cand.skipped[v.id] = "未建立村党组织，暂不具备联建条件"
        elif v.lat is None or v.lon is None:
            cand.skipped[v.id] = "缺少经纬度，无法测算与中心村的距离"
        elif cand.group(v.id) is None:
            cand.skipped[v.id] = ("未明确所属县（市、区），无法纳入联建" if settings.cross_town
                                  else "未明确所属乡镇（街道），无法纳入联建")
        else:
            cand.weak[v.id] = why
            cand.tier[v.id] = tiers.tier_of(v, settings, shared)
    cand.reach = _reach(cand, cand.centres, cand.weak)
    cand.instance = _arcs(cand, cand.reach)
    return cand


def with_fallback(cand: Candidates, left: set[str]) -> Instance:
    """The fallback centres' instance for the weak villages `left` unpaired by the regular
    centres (their reach grows by the fallback centres in reach)."""
    reach = _reach(cand, cand.fallback, left)
    for w, found in reach.items():
        cand.reach[w] = sorted(cand.reach.get(w, []) + found, key=lambda ck: (ck[1], ck[0]))
    return _arcs(cand, reach)


def _reach(cand: Candidates, centres, weak) -> dict[str, list[tuple[str, float]]]:
    by_group: dict[str, list[str]] = {}
    for c in sorted(centres):
        by_group.setdefault(cand.group(c), []).append(c)
    reach = {}
    for w in sorted(weak):
        v = cand.villages[w]
        found = []
        for c in by_group.get(cand.group(w), ()):
            centre = cand.villages[c]
            km = haversine_km(v.lat, v.lon, centre.lat, centre.lon)
            if km <= cand.settings.max_km:
                found.append((c, km))
        reach[w] = sorted(found, key=lambda ck: (ck[1], ck[0]))
    return reach


def strength(cand: Candidates, centre: str) -> float:
    return cand.centres[centre] if centre in cand.centres else cand.fallback[centre]


def _arcs(cand: Candidates, reach: dict[str, list[tuple[str, float]]]) -> Instance:
    s = cand.settings
    relations = score.related(s)
    mine: dict[str, list[str]] = {}
    for w, found in sorted(reach.items()):
        for c, _ in found:
            mine.setdefault(c, []).append(w)
    cand.by_centre.update(mine)
    lower, upper = {}, {}
    for c in sorted(mine):
        e = cand.existing_count(c)
        upper[c], lower[c] = s.max_size - 1 - e, max(0, s.min_size - 1 - e)
        if upper[c] <= 0:
            cand.closed[c] = "full"
        elif len(cand.by_centre[c]) < max(1, lower[c]):
            cand.closed[c] = "too_few"
    arcs = []
    for w, found in sorted(reach.items()):
        weak = cand.villages[w]
        weak_score = score.composite(weak, s)
        for c, km in found:
            if c in cand.closed:
                continue
            centre = cand.villages[c]
            fit = score.industry_fit(centre.main_industry, weak.main_industry, s, relations)
            parts = score.pair_parts(km, strength(cand, c), weak_score, fit, s)
            cand.parts[c, w] = parts
            arcs.append(Arc(c, w, score.pair_score(parts, s), km))
    open_ = {c for c in upper if c not in cand.closed}
    villages = {a.village for a in arcs}
    return Instance(tuple(arcs), {c: lower[c] for c in open_}, {c: upper[c] for c in open_},
                    {w: cand.tier[w] for w in villages})
