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
from . import score
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

    def group(self, village_id: str) -> str | None:
        v = self.villages[village_id]
        return v.county if self.settings.cross_town else v.town

    def existing_count(self, centre: str) -> int:
        return len(self.existing.get(centre, ()))


def why_weak(v: PairingVillage, shared: VillageSettings) -> list[str]:
    """Why the village is to be led (notions.why_to_be_led); empty if it is not."""
    return notions.why_to_be_led(v.weak, v.stars, v.collective_income, v.households,
                                 v.willing_to_join, v.scores[1], shared)


def is_centre(v: PairingVillage, comp: float | None, settings: PairingSettings) -> bool:
    return (v.branch is not None and v.stars == 5 and not v.weak and comp is not None
            and comp >= settings.centre_score and v.lat is not None and v.lon is not None)


def build(villages: list[PairingVillage], existing: Existing, settings: PairingSettings,
          shared: VillageSettings | None = None) -> Candidates:
    shared = shared or VillageSettings()
    cand = Candidates({v.id: v for v in villages}, settings, shared, existing=existing.partners)
    for v in villages:
        comp = score.composite(v, settings)
        if is_centre(v, comp, settings):
            cand.centres[v.id] = comp
            continue
        why = why_weak(v, shared)
        if not why:
            continue
        if v.id in existing.paired:
            cand.already.append(v.id)
        elif v.branch is None:
            cand.skipped[v.id] = "has no village branch (BASED_IN it) to pair"
        elif v.lat is None or v.lon is None:
            cand.skipped[v.id] = "has no lat/lon, so no distance can be measured"
        elif cand.group(v.id) is None:
            cand.skipped[v.id] = ("is PART_OF no county, so --cross-town cannot place it"
                                  if settings.cross_town else "is PART_OF no town")
        else:
            cand.weak[v.id] = why
    _reach(cand)
    _arcs(cand)
    return cand


def _reach(cand: Candidates) -> None:
    by_group: dict[str, list[str]] = {}
    for c in sorted(cand.centres):
        by_group.setdefault(cand.group(c), []).append(c)
    for w in sorted(cand.weak):
        v = cand.villages[w]
        found = []
        for c in by_group.get(cand.group(w), ()):
            centre = cand.villages[c]
            km = haversine_km(v.lat, v.lon, centre.lat, centre.lon)
            if km <= cand.settings.max_km:
                found.append((c, km))
        cand.reach[w] = sorted(found, key=lambda ck: (ck[1], ck[0]))


def _arcs(cand: Candidates) -> None:
    s = cand.settings
    relations = score.related(s)
    for w, found in sorted(cand.reach.items()):
        for c, _ in found:
            cand.by_centre.setdefault(c, []).append(w)
    lower, upper = {}, {}
    for c in sorted(cand.by_centre):
        e = cand.existing_count(c)
        upper[c], lower[c] = s.max_size - 1 - e, max(0, s.min_size - 1 - e)
        if upper[c] <= 0:
            cand.closed[c] = "full"
        elif len(cand.by_centre[c]) < max(1, lower[c]):
            cand.closed[c] = "too_few"
    arcs = []
    for w, found in sorted(cand.reach.items()):
        weak = cand.villages[w]
        weak_score = score.composite(weak, s)
        for c, km in found:
            if c in cand.closed:
                continue
            centre = cand.villages[c]
            fit = score.industry_fit(centre.main_industry, weak.main_industry, s, relations)
            parts = score.pair_parts(km, cand.centres[c], weak_score, fit, s)
            cand.parts[c, w] = parts
            arcs.append(Arc(c, w, score.pair_score(parts, s), km))
    open_ = {c for c in upper if c not in cand.closed}
    cand.instance = Instance(tuple(arcs), {c: lower[c] for c in open_},
                             {c: upper[c] for c in open_})
