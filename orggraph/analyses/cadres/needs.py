"""What a village needs from a stationed cadre, in the terms of DATA_MODEL.md.

Seed 004: 党群干部进弱村、经济干部进穷村、政法干部进乱村、农牧干部进产业村、科技干部进专业村.
Seed 003: every weak village, 脱贫村 and 易地扶贫搬迁村 must have a first secretary.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from .settings import CadreSettings

# The five needs, in the order of seed 004.
NEEDS = ("weak", "poor", "disorderly", "industry", "specialised")
NEED_ZH = {"weak": "弱村", "poor": "穷村", "disorderly": "乱村", "industry": "产业村",
           "specialised": "专业村"}
# Which need each Person.specialty serves (seed 004).
SERVES = {"party_affairs": "weak", "economy": "poor", "law": "disorderly",
          "agriculture": "industry", "technology": "specialised"}


@dataclass(frozen=True)
class Village:
    id: str
    name: str
    town: str | None = None
    lat: float | None = None
    lon: float | None = None
    weak_flag: bool = False          # any of its branches has weak = true (软弱涣散)
    stars: int | None = None         # the lowest stars of its branches
    collective_income: float | None = None
    main_industry: str | None = None
    tags: tuple[str, ...] = ()
    enterprises: int = 0             # enterprises LOCATED_IN it

    @property
    def place(self) -> tuple[float, float] | None:
        return (self.lat, self.lon) if self.lat is not None and self.lon is not None else None


@dataclass(frozen=True)
class Assessed:
    """A village with its needs (most important first) and why it must have a first secretary."""
    village: Village
    needs: tuple[str, ...] = ()
    must: tuple[str, ...] = field(default=())   # 'weak' and/or the must-tags it carries

    @property
    def id(self) -> str:
        return self.village.id


def is_weak(village: Village) -> bool:
    """DATA_MODEL: its branch has weak = true or stars <= 2."""
    return village.weak_flag or (village.stars is not None and village.stars <= 2)


def has_need(village: Village, need: str, settings: CadreSettings) -> bool:
    if need == "weak":
        return is_weak(village)
    if need == "poor":  # an unknown income is not taken as poverty
        return (village.collective_income is not None
                and village.collective_income < settings.poor_income_below)
    if need == "disorderly":
        return any(t in settings.disorderly_tags for t in village.tags)
    if need == "industry":
        return bool(village.main_industry) and village.enterprises >= settings.industry_min_enterprises
    if need == "specialised":
        return any(t in settings.specialised_tags for t in village.tags)
    raise ValueError(f"unknown need {need!r}")


def assess(village: Village, settings: CadreSettings) -> Assessed:
    found = [n for n in NEEDS if has_need(village, n, settings)]
    # Ranked by weight; equal weights keep the order of seed 004.
    ranked = tuple(sorted(found, key=lambda n: (-settings.weight(n), NEEDS.index(n))))
    must = (("weak",) if is_weak(village) else ()) + tuple(
        t for t in settings.must_tags if t in village.tags)
    return Assessed(village, ranked, must)


def describe(need: str | None) -> str:
    return f"{need} ({NEED_ZH[need]})" if need else ""
