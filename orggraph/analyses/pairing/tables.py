"""The plan as text: a one-line summary, the clusters, the villages left unpaired."""
from __future__ import annotations

from typing import TYPE_CHECKING

from ... import output

if TYPE_CHECKING:   # the plan module brings the solver and scipy
    from .plan import PairingPlan

COLUMNS = ("centre", "centre_name", "fallback_centre", "village", "village_name", "town", "role",
           "tier", "distance_km", "score", "proximity", "strength", "need", "industry_fit",
           "weak_because", "reason")


def summary(plan: PairingPlan) -> str:
    o, limits = plan.objective, plan.objective["limits"]
    gap = "未知" if o["mip_gap"] is None else f"{o['mip_gap'] * 100:.2f}%"
    status = "最优方案" if o["status"] == "optimal" else (
        f"达到求解时限（未证最优），最优性差距{gap}，最多可入片{o['paired_upper_bound']}个")
    by_tier = "；".join(f"{t['name']}{t['paired']}/{t['weak_villages']}" for t in o["tiers"])
    fallback = (f"；兜底中心村启用{o['fallback_centres_used']}个（共{o['fallback_centres']}个）"
                if plan.settings.centre_fallback is not None else "")
    return (f"{o['words']}\n各级入片情况（入片/弱村）：{by_tier or '无'}\n"
            f"{limits['year']}年跨村联建方案{'（' + plan.within + '）' if plan.within else ''}"
            f"（数据截至{plan.as_of}）：{o['weak_villages']}个弱村中{o['paired']}个入片，"
            f"启用中心村{o['centres_used']}个（共{o['centres']}个），"
            f"评分合计{o['total_score']:.2f}分（{status}）；已联建{o['already_paired']}个；"
            f"片区{limits['min_size']}–{limits['max_size']}个村，距中心村不超过"
            f"{limits['max_km']:g}公里{'' if limits['cross_town'] else '，不跨乡镇'}{fallback}。\n")


CONTEXT = "pairing"


def table(plan: PairingPlan, lang: str = "zh") -> str:
    hidden = {"centre", "village", "reason"} | (
        set() if plan.settings.centre_fallback is not None else {"fallback_centre"})
    columns = [c for c in COLUMNS if c not in hidden]
    rows = plan.cluster_rows()
    en = lang == "en"
    parts = [summary(plan), output.to_table(rows, columns, title="Clusters" if en else "联建片区",
                                            context=CONTEXT, lang=lang) if rows
             else ("No new pairs.\n" if en else "本方案无新增联建。\n")]
    if plan.unassigned:
        parts.append(output.to_table(plan.unassigned_rows(),
                                     title="Weak villages left unpaired" if en
                                     else "未纳入联建的弱村", context=CONTEXT, lang=lang))
    return "".join(parts)
