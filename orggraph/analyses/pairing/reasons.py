"""Why a weak village is left unpaired, read from the data and the plan (never a fixed text)."""
from __future__ import annotations

from ...geo import haversine_km
from .candidates import Candidates
from .instance import Solution


def label(cand: Candidates, village: str) -> str:
    """A village as the reasons name it: 名称（编号）."""
    v = cand.villages[village]
    return f"{v.name}（{v.id}）" if v.name else v.id


def reason(village: str, cand: Candidates, solution: Solution) -> str:
    """Why a village is left unpaired, in the words of TERMS.md §5 (未纳入联建的原因)."""
    if village in cand.skipped:
        return cand.skipped[village]
    if not cand.reach.get(village):
        return _out_of_reach(village, cand)
    loads: dict[str, int] = {}
    for c in solution.assignment.values():
        loads[c] = loads.get(c, 0) + 1
    texts = [_centre_text(c, km, village, cand, solution, loads) for c, km in cand.reach[village]]
    if all(kind == "full" for kind, _ in texts):
        return "范围内中心村名额已满：" + "；".join(t for _, t in texts)
    return "；".join(t for _, t in texts)


def _out_of_reach(village: str, cand: Candidates) -> str:
    s = cand.settings
    v = cand.villages[village]
    scope = "县（市、区）" if s.cross_town else "乡镇"
    place = (v.county if s.cross_town else v.town_name or v.town) or "所在地"
    same = [c for c in cand.centres if cand.group(c) == cand.group(village)]
    other = [c for c in cand.centres if cand.group(c) != cand.group(village)]
    if same:
        c, km = _nearest(v, same, cand)
        text = (f"本{scope}{s.max_km:g}公里范围内无中心村（最近为{label(cand, c)}，"
                f"相距{km:.1f}公里）")
    else:
        text = f"所在{place}无符合条件的中心村"
    if other and not s.cross_town:
        c, km = _nearest(v, other, cand)
        if km <= s.max_km:
            where = cand.villages[c].town_name or cand.villages[c].town
            text += (f"；补充：邻近{where}的{label(cand, c)}相距{km:.1f}公里，"
                     "允许跨乡镇联建（--cross-town）后可纳入")
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
    higher = [label(cand, w) for t, w in taken if t < mine]
    same = [label(cand, w) for t, w in taken if t == mine]
    lower = [label(cand, w) for t, w in taken if t > mine]
    text = []
    if higher:
        text.append("优先级更高的" + "、".join(higher))
    if same:
        text.append("同级评分更高的" + "、".join(same))
    if lower:   # only where it cannot take this village's place (another village's centre)
        text.append("优先级较低的" + "、".join(lower) + "（求解未证最优时才会出现）")
    return "，名额由" + "和".join(text) + "占用" if text else ""


def _centre_text(c: str, km: float, village: str, cand: Candidates, solution: Solution,
                 loads: dict[str, int]) -> tuple[str, str]:
    s = cand.settings
    v = cand.villages[c]
    name = f"{v.name}（{v.id}，相距{km:.1f}公里）" if v.name else f"{v.id}（相距{km:.1f}公里）"
    e = cand.existing_count(c)
    if cand.closed.get(c) == "full":
        return "full", f"{name}连同现有联建村已达{s.max_size}个村的上限"
    reachable = len(cand.by_centre[c])
    if cand.closed.get(c) == "too_few":
        return "min", (f"{name}连同可联建村最多{1 + e + reachable}个村，"
                       f"达不到{s.min_size}个村的下限，未能成片")
    if loads.get(c, 0) >= cand.instance.upper[c]:
        return "full", (f"{name}在本方案中已达{1 + e + loads[c]}个村的上限"
                        + _taken_by(c, village, cand, solution))
    if c not in loads:
        free = sum(1 for w in cand.by_centre[c] if w not in solution.assignment)
        if 1 + e + free < s.min_size:
            return "min", (f"{name}的其余候选村与其他中心村联建更优，连同剩余候选村仅"
                           f"{1 + e + free}个村，不足成片")
    # An optimal plan never leaves this case (the village could be added); only a time limit can.
    return "limit", f"求解达到时限，{label(cand, c)}未及纳入"
