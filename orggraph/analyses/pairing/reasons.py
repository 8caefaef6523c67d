"""Why a weak village is left unpaired, read from the data and the plan (never a fixed text)."""
from __future__ import annotations

from ...geo import haversine_km
from .candidates import Candidates
from .instance import Solution


def reason(village: str, cand: Candidates, solution: Solution) -> str:
    if village in cand.skipped:
        return cand.skipped[village]
    if not cand.reach.get(village):
        return _out_of_reach(village, cand)
    loads: dict[str, int] = {}
    for c in solution.assignment.values():
        loads[c] = loads.get(c, 0) + 1
    texts = [_centre_text(c, km, village, cand, solution, loads) for c, km in cand.reach[village]]
    if all(kind == "full" for kind, _ in texts):
        return "all centres in reach are full: " + "; ".join(t for _, t in texts)
    return "centres in reach: " + "; ".join(t for _, t in texts)


def _out_of_reach(village: str, cand: Candidates) -> str:
    s = cand.settings
    v = cand.villages[village]
    scope = "county" if s.cross_town else "town"
    place = (v.county if s.cross_town else v.town_name or v.town) or "?"
    same = [c for c in cand.centres if cand.group(c) == cand.group(village)]
    other = [c for c in cand.centres if cand.group(c) != cand.group(village)]
    if same:
        c, km = _nearest(v, same, cand)
        text = (f"no centre within {s.max_km:g} km in the same {scope} "
                f"(nearest: {cand.villages[c].label} at {km:.1f} km)")
    else:
        text = f"no centre village in its {scope} {place}"
    if other and not s.cross_town:
        c, km = _nearest(v, other, cand)
        if km <= s.max_km:
            where = cand.villages[c].town_name or cand.villages[c].town
            text += (f"; {cand.villages[c].label} in {where} is {km:.1f} km away "
                     "(allowed with --cross-town)")
    return text


def _nearest(v, centres: list[str], cand: Candidates) -> tuple[str, float]:
    found = [(haversine_km(v.lat, v.lon, cand.villages[c].lat, cand.villages[c].lon), c)
             for c in centres]
    km, c = min(found)
    return c, km


def _taken_by(centre: str, village: str, cand: Candidates, solution: Solution) -> str:
    """Who took the centre's places: the villages of higher priority, then those of the same
    tier that score higher with it (an optimal plan never puts a lower tier there instead)."""
    mine = cand.tier.get(village, 0)
    taken = sorted((cand.tier.get(w, 0), w) for w, c in solution.assignment.items() if c == centre)
    higher = [cand.villages[w].label for t, w in taken if t < mine]
    same = [cand.villages[w].label for t, w in taken if t == mine]
    lower = [cand.villages[w].label for t, w in taken if t > mine]
    text = []
    if higher:
        text.append("名额由优先级更高的" + "、".join(higher) + "占用")
    if same:
        text.append("同级评分更高的" + "、".join(same))
    if lower:   # only where it cannot take this village's place (another village's centre)
        text.append("优先级较低的（求解未证最优时才会出现）" + "、".join(lower))
    return ": " + "；".join(text) if text else ""


def _centre_text(c: str, km: float, village: str, cand: Candidates, solution: Solution,
                 loads: dict[str, int]) -> tuple[str, str]:
    s = cand.settings
    name, e = f"{cand.villages[c].label} at {km:.1f} km", cand.existing_count(c)
    if cand.closed.get(c) == "full":
        return "full", f"{name} is full with its existing partners ({1 + e}/{s.max_size} villages)"
    reachable = len(cand.by_centre[c])
    if cand.closed.get(c) == "too_few":
        return "min", (f"{name} could not reach its minimum size of {s.min_size}: at most "
                       f"{1 + e + reachable} villages with the weak villages in reach")
    if loads.get(c, 0) >= cand.instance.upper[c]:
        return "full", (f"{name} is full in the plan ({1 + e + loads[c]}/{s.max_size} villages)"
                        + _taken_by(c, village, cand, solution))
    if c not in loads:
        free = sum(1 for w in cand.by_centre[c] if w not in solution.assignment)
        if 1 + e + free < s.min_size:
            return "min", (f"{name} could not reach its minimum size of {s.min_size}: its other "
                           f"candidates pair better with other centres, leaving "
                           f"{1 + e + free} villages")
    # An optimal plan never leaves this case (the village could be added); only a time limit can.
    return "limit", f"{name} was not chosen before the solver's time limit"
