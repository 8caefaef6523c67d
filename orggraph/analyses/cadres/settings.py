"""Thresholds of cadre matching; the `[cadres]` table of orggraph.toml overrides them."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ...config import ConfigError


@dataclass(frozen=True)
class CadreSettings:
    # A village whose collective income (万元 a year) is below this is poor (经济干部进穷村).
    poor_income_below: float = 10.0
    # Region.tags that make a village disorderly (政法干部进乱村) or specialised (科技干部进专业村).
    disorderly_tags: tuple[str, ...] = ("乱村", "乱", "信访重点村", "信访重点", "治安重点村",
                                        "矛盾纠纷重点村", "涉黑涉恶重点村")
    specialised_tags: tuple[str, ...] = ("专业村", "一村一品", "一村一品示范村", "特色产业村")
    # Tags that oblige a first secretary besides weakness (seed 003: 脱贫村, 易地扶贫搬迁村).
    must_tags: tuple[str, ...] = ("脱贫村", "易地扶贫搬迁村")
    # An industry village has a main_industry and at least this many enterprises located in it.
    industry_min_enterprises: int = 1
    # A station's term ends `term_years` after its `since`; from then on the cadre is free again.
    term_years: int = 2
    # The year the plan is for (stations' terms are judged in it); default: this year.
    year: int | None = None
    # How much serving each need is worth; a village's needs are ranked by these.
    weight_weak: int = 5
    weight_poor: int = 4
    weight_disorderly: int = 3
    weight_industry: int = 2
    weight_specialised: int = 1
    # No cadre is sent farther than this from where they are based (when both places are known);
    # an unknown distance counts as this far when plans are compared.
    max_km: float = 50.0

    def __post_init__(self) -> None:
        for name in ("disorderly_tags", "specialised_tags", "must_tags"):
            value = getattr(self, name)
            if isinstance(value, str) or not all(isinstance(t, str) for t in value):
                raise ConfigError(f"[cadres] {name} must be a list of strings")
            object.__setattr__(self, name, tuple(value))
        weights = [self.weight(n) for n in ("weak", "poor", "disorderly", "industry", "specialised")]
        if any(not isinstance(w, int) or isinstance(w, bool) or w < 1 for w in weights):
            raise ConfigError("[cadres] need weights must be whole numbers of at least 1")
        if self.max_km <= 0 or self.term_years < 1:
            raise ConfigError("[cadres] max_km must be above 0 and term_years at least 1")

    def weight(self, need: str) -> int:
        return getattr(self, f"weight_{need}")

    @property
    def plan_year(self) -> int:
        return self.year if self.year is not None else dt.date.today().year
