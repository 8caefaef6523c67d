"""What a village needs from a stationed cadre, in the terms of DATA_MODEL.md.

《组织部部长讲话文章、党课讲稿、经验材料》(拉萨篇): 党群干部进弱村、经济干部进穷村、政法干部进乱村、
农牧干部进产业村、科技干部进专业村. Which villages are weak or poor and which must have a first
secretary (第一书记全覆盖) is defined once, in orggraph/notions.py.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from ... import notions
from ...geo import point
from ...notions import VillageSettings
from .settings import CadreSettings

# The five needs, in the order of the source (拉萨篇).
NEEDS = ("weak", "poor", "disorderly", "industry", "specialised")
NEED_ZH = {"weak": "弱村", "poor": "穷村", "disorderly": "乱村", "industry": "产业村",
           "specialised": "专业村"}
# Which need each Person.specialty serves.
SERVES = {"party_affairs": "weak", "economy": "poor", "law": "disorderly",
          "agriculture": "industry", "technology": "specialised"}


@dataclass(frozen=True)
class CadreVillage:
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
        return point(self.lat, self.lon)


@dataclass(frozen=True)
class Assessed:
    """A village with its needs (most important first) and why it must have a first secretary."""
    village: CadreVillage
    needs: tuple[str, ...] = ()
    must: tuple[str, ...] = field(default=())   # 'weak' and/or the must-tags it carries

    @property
    def id(self) -> str:
        return self.village.id


def has_need(village: CadreVillage, need: str, settings: CadreSettings,
             villages: VillageSettings) -> bool:
    if need == "weak":
        return notions.is_weak(village.weak_flag, village.stars, villages)
    if need == "poor":  # an unknown income is not taken as poverty
        return (village.collective_income is not None
                and village.collective_income < villages.poor_income_below)
    if need == "disorderly":
        return any(t in settings.disorderly_tags for t in village.tags)
    if need == "industry":
        return bool(village.main_industry) and village.enterprises >= settings.industry_min_enterprises
    if need == "specialised":
        return any(t in settings.specialised_tags for t in village.tags)
    raise ValueError(f"unknown need {need!r}")


def assess(village: CadreVillage, settings: CadreSettings,
           villages: VillageSettings | None = None) -> Assessed:
    villages = villages or VillageSettings()
    found = [n for n in NEEDS if has_need(village, n, settings, villages)]
    # Ranked by weight; equal weights keep the order of the source.
    ranked = tuple(sorted(found, key=lambda n: (-settings.weight(n), NEEDS.index(n))))
    must = notions.must_have_first_secretary(village.weak_flag, village.stars, village.tags,
                                             villages)
    return Assessed(village, ranked, must)


def describe(need: str | None) -> str:
    return f"{need} ({NEED_ZH[need]})" if need else ""
