"""Scores: a village's composite score and the pair score with its four parts.

pair score = 100 * (w_p*proximity + w_s*strength + w_n*need + w_f*industry_fit) / (w_p+w_s+w_n+w_f)
    proximity    = 1 - distance_km / max_km
    strength     = the centre's composite score / 100
    need         = 1 - the weak village's composite score / 100 (0.5 when it has no scores)
    industry_fit = 1 for the same main_industry, related_fit for related ones, else 0
"""
from __future__ import annotations


from .data import PairingVillage
from .settings import PairingSettings

UNKNOWN_NEED = 0.5
# Pair scores are optimised as integers in hundredths of a point: see solve.py.
SCALE = 100


def composite(village: PairingVillage, settings: PairingSettings) -> float | None:
    """Weighted mean of the five score_* properties present; None if none is."""
    pairs = [(w, s) for w, s in zip(settings.score_weights, village.scores)
             if s is not None and w > 0]
    total = sum(w for w, _ in pairs)
    return sum(w * s for w, s in pairs) / total if total else None


def related(settings: PairingSettings) -> dict[str, set[str]]:
    """industry -> the industries that share a group with it."""
    out: dict[str, set[str]] = {}
    for group in settings.related_industries:
        members = {m.strip() for m in group.split(";") if m.strip()}
        for member in members:
            out.setdefault(member, set()).update(members - {member})
    return out


def industry_fit(a: str | None, b: str | None, settings: PairingSettings,
                 relations: dict[str, set[str]]) -> float:
    if not a or not b:
        return 0.0
    if a == b:
        return 1.0
    return settings.related_fit if b in relations.get(a, ()) else 0.0


def pair_parts(distance_km: float, centre_score: float, weak_score: float | None, fit: float,
               settings: PairingSettings) -> dict[str, float]:
    return {
        "proximity": max(0.0, 1 - distance_km / settings.max_km),
        "strength": centre_score / 100,
        "need": UNKNOWN_NEED if weak_score is None else 1 - weak_score / 100,
        "industry_fit": fit,
    }


def pair_score(parts: dict[str, float], settings: PairingSettings) -> int:
    """The pair score in hundredths of a point (0..10000), the integer the solver maximises."""
    weights = settings.pair_weights
    value = 100 * sum(weights[k] * parts[k] for k in weights) / sum(weights.values())
    return round(value * SCALE)
