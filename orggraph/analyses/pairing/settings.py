"""Thresholds and weights of cross-village pairing (config table `[pairing]`)."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import ClassVar

from ... import model

# Industries that go together (one ;-separated group per entry): the generator's and the
# demo county's main industries, grouped by what a centre can share — fields and buyers,
# livestock know-how, forest specialities, farm tourism. An industry may be in several groups.
RELATED_INDUSTRIES = (
    "水稻;蔬菜;辣椒;精品水果;烤烟",
    "生猪;肉牛",
    "茶叶;食用菌;中药材",
    "乡村旅游;茶叶;精品水果",
)

# The reasons a village is to be led, as priority tiers (tiers.py names them in Chinese).
TIER_NAMES = ("weak_flag", "stars_0_1", "stars_2", "poor", "small", "industry")


@dataclass(frozen=True)
class PairingSettings:
    SECTION: ClassVar[str] = "pairing"
    # Cluster size counts the centre: a used centre has min_size-1 .. max_size-1 partners.
    min_size: int = 3
    max_size: int = 7
    max_km: float = 15.0
    cross_town: bool = False            # False: clusters stay in one town; True: in one county
    # Centres: branch with centre_min_stars stars or more (一般为五星级), not to be led, composite
    # score at least centre_score. centre_fallback (e.g. 4): villages with that many stars or more
    # (and the other conditions) become fallback centres, used only for the weak villages that no
    # regular centre within reach takes in the optimal plan (None: no fallback centres).
    centre_score: float = 80.0
    centre_min_stars: int = 5
    centre_fallback: int | None = None
    # Priority tiers (orggraph/analyses/pairing/tiers.py), highest first: the plan pairs the most
    # villages of the first tier, then of the second, …, then has the highest total pair score.
    # A village is in the tier of its highest-priority reason; reasons not listed share a last
    # tier. An empty list: no tiers (the most villages in all, then the score).
    tiers: tuple[str, ...] = TIER_NAMES
    # Which villages are to be led (weak, poor, small and willing, poor industry base) is
    # `[villages]` (orggraph/notions.py), shared with coverage and cadres.
    # Weights of the composite score (the five score_* properties, in model.SCORE_PROPS order).
    weight_leadership: float = 1.0
    weight_industry: float = 1.0
    weight_location: float = 1.0
    weight_transport: float = 1.0
    weight_service: float = 1.0
    # Weights of the pair score's four parts.
    pair_proximity: float = 0.4
    pair_strength: float = 0.2
    pair_need: float = 0.2
    pair_industry: float = 0.2
    related_fit: float = 0.5            # industry_fit of related (not equal) industries
    related_industries: tuple[str, ...] = RELATED_INDUSTRIES
    # Proposed CO_BUILDS are a previous plan: ignored and replaced unless kept.
    keep_proposed: bool = False
    since: int | None = None            # year written on applied pairs; None = as-of year + 1
    time_limit: float = 60.0            # seconds per subproblem given to the MILP solver

    def __post_init__(self) -> None:
        object.__setattr__(self, "related_industries", tuple(self.related_industries))
        object.__setattr__(self, "tiers", tuple(self.tiers))
        unknown = [t for t in self.tiers if t not in TIER_NAMES]
        if unknown or len(set(self.tiers)) != len(self.tiers):
            raise ValueError(f"tiers 应为 {'、'.join(TIER_NAMES)} 中互不相同的名称；"
                             f"现为 {'、'.join(map(str, self.tiers))}")
        if not 0 <= self.centre_min_stars <= 5:
            raise ValueError("centre_min_stars 应为0至5")
        if self.centre_fallback is not None and not 0 <= self.centre_fallback < self.centre_min_stars:
            raise ValueError("centre_fallback 应低于 centre_min_stars"
                             f"（{self.centre_min_stars}）")
        if not 2 <= self.min_size <= self.max_size:
            raise ValueError(f"min_size 应为2以上，且不大于 max_size；"
                             f"现 min_size 为{self.min_size}，max_size 为{self.max_size}")
        if self.max_km <= 0 or self.time_limit <= 0:
            raise ValueError("max_km 和 time_limit 应大于0")
        if min(self.score_weights) < 0 or sum(self.score_weights) <= 0:
            raise ValueError("五项评分权重应为0以上，且合计大于0")
        if min(self.pair_weights.values()) < 0 or sum(self.pair_weights.values()) <= 0:
            raise ValueError("联建匹配评分各项权重应为0以上，且合计大于0")
        if not 0 <= self.related_fit <= 1:
            raise ValueError("related_fit 应在0至1之间")

    @property
    def score_weights(self) -> tuple[float, ...]:
        return tuple(getattr(self, "weight_" + p.removeprefix("score_")) for p in model.SCORE_PROPS)

    @property
    def pair_weights(self) -> dict[str, float]:
        return {"proximity": self.pair_proximity, "strength": self.pair_strength,
                "need": self.pair_need, "industry_fit": self.pair_industry}

    def year(self, as_of: dt.date) -> int:
        """The year the plan is for: `since`, else the year after the as-of date's."""
        return self.since if self.since is not None else as_of.year + 1
