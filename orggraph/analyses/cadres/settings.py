"""Thresholds of cadre matching; the `[cadres]` table of orggraph.toml overrides them."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import ClassVar

from ...config import ConfigError


@dataclass(frozen=True)
class CadreSettings:
    SECTION: ClassVar[str] = "cadres"
    # Region.tags that make a village disorderly (政法干部进乱村) or specialised (科技干部进专业村).
    disorderly_tags: tuple[str, ...] = ("乱村", "乱", "信访重点村", "信访重点", "治安重点村",
                                        "矛盾纠纷重点村", "涉黑涉恶重点村")
    specialised_tags: tuple[str, ...] = ("专业村", "一村一品", "一村一品示范村", "特色产业村")
    # An industry village has a main_industry and at least this many enterprises located in it.
    industry_min_enterprises: int = 1
    # The year the plan is for (stations' terms are judged in it); default: the as-of year.
    # Poverty, weakness, the must-have tags and terms of office are `[villages]` (notions.py).
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
    # Work-team members (驻村工作队员) planned per village besides its first secretary, each
    # matched to a need of the village as the first secretary is (0: first secretaries only).
    team_size: int = 2

    def __post_init__(self) -> None:
        for name in ("disorderly_tags", "specialised_tags"):
            value = getattr(self, name)
            if isinstance(value, str) or not all(isinstance(t, str) for t in value):
                raise ConfigError(f"[cadres] {name} 应为文字列表")
            object.__setattr__(self, name, tuple(value))
        weights = [self.weight(n) for n in ("weak", "poor", "disorderly", "industry", "specialised")]
        if any(not isinstance(w, int) or isinstance(w, bool) or w < 1 for w in weights):
            raise ConfigError("[cadres] 各村情类型的权重（weight_*）应为1以上的整数")
        if self.max_km <= 0:
            raise ConfigError("[cadres] max_km 应大于0")
        if not isinstance(self.team_size, int) or isinstance(self.team_size, bool) \
                or not 0 <= self.team_size <= 10:
            raise ConfigError("[cadres] team_size 应为0至10的整数")

    def weight(self, need: str) -> int:
        return getattr(self, f"weight_{need}")

    def plan_year(self, as_of: dt.date) -> int:
        """The year planned for: `year` if set, else the as-of date's."""
        return self.year if self.year is not None else as_of.year
