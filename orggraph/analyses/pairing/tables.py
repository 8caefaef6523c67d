"""The plan as text: a one-line summary, the clusters, the villages left unpaired."""
from __future__ import annotations

from ... import output
from .plan import PairingPlan

COLUMNS = ("centre", "centre_name", "fallback_centre", "village", "village_name", "town", "role",
           "tier", "distance_km", "score", "proximity", "strength", "need", "industry_fit",
           "weak_because", "reason")


def summary(plan: PairingPlan) -> str:
    o, limits = plan.objective, plan.objective["limits"]
    gap = "unknown" if o["mip_gap"] is None else f"{o['mip_gap']:.2%}"
    status = o["status"] if o["status"] == "optimal" else (
        f"{o['status']}, gap {gap}, at most {o['paired_upper_bound']} could be paired")
    by_tier = "；".join(f"{t['name']}{t['paired']}/{t['weak_villages']}" for t in o["tiers"])
    fallback = (f"; {o['fallback_centres_used']} of {o['fallback_centres']} fallback centre(s) "
                "used" if plan.settings.centre_fallback is not None else "")
    return (f"{o['words']}\n各级入片情况（入片/弱村）：{by_tier or '无'}\n"
            f"Pairing plan{' within ' + plan.within if plan.within else ''} for {limits['year']} "
            f"(as of {plan.as_of}): "
            f"{o['paired']} of {o['weak_villages']} weak village(s) paired to {o['centres_used']} "
            f"of {o['centres']} centre(s), total score {o['total_score']:.2f} ({status}); "
            f"{o['already_paired']} already paired; clusters of {limits['min_size']}–"
            f"{limits['max_size']} within {limits['max_km']:g} km"
            f"{'' if limits['cross_town'] else ', same town'}{fallback}.\n")


def table(plan: PairingPlan) -> str:
    hidden = {"centre", "village", "reason"} | (
        set() if plan.settings.centre_fallback is not None else {"fallback_centre"})
    columns = [c for c in COLUMNS if c not in hidden]
    rows = plan.cluster_rows()
    parts = [summary(plan), output.to_table(rows, columns, title="Clusters") if rows
             else "No new pairs.\n"]
    if plan.unassigned:
        parts.append(output.to_table(plan.unassigned_rows(), title="Weak villages left unpaired"))
    return "".join(parts)
