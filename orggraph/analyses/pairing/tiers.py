"""Priority tiers of the villages to be led, and the plan's objective in words.

The seeds put the weakest first: 软弱涣散 villages, then villages of 0–1 stars, then two-star
villages, then villages with a weak collective economy, then small villages willing to join (and
villages with a poor industry base). A village is in the tier of its highest-priority reason in
`PairingSettings.tiers`; the plan is lexicographic over the tiers (solve.py).
"""
from __future__ import annotations

from ...notions import VillageSettings
from .data import PairingVillage
from .settings import TIER_NAMES, PairingSettings

# Each tier's reason and its Chinese name (TERMS.md §5 wording).
TIERS = {
    "weak_flag": "软弱涣散村",
    "stars_0_1": "未评星或一星级村",
    "stars_2": "二星级村",
    "poor": "集体经济薄弱村",
    "small": "有联建意愿的小村",
    "industry": "产业基础薄弱村",
}
assert tuple(TIERS) == TIER_NAMES
OTHER = "其他需帮带村"
STARS_ZH = "零一二三四五"


def reasons_of(v: PairingVillage, shared: VillageSettings) -> set[str]:
    """Which tier reasons apply to a village to be led (notions.why_to_be_led's, by name)."""
    found = set()
    if v.weak:
        found.add("weak_flag")
    if v.stars is not None and v.stars <= shared.weak_max_stars:
        found.add("stars_0_1" if v.stars <= 1 else "stars_2")
    if v.collective_income is not None and v.collective_income < shared.poor_income_below:
        found.add("poor")
    if v.willing_to_join and v.households is not None and v.households < shared.small_households:
        found.add("small")
    score = v.scores[1]
    if score is not None and score < shared.weak_industry_score:
        found.add("industry")
    return found


def tier_of(v: PairingVillage, settings: PairingSettings, shared: VillageSettings) -> int:
    """0 for the first tier of settings.tiers, …; len(tiers) for a village in none of them."""
    found = reasons_of(v, shared)
    return min((i for i, t in enumerate(settings.tiers) if t in found), default=len(settings.tiers))


def tier_names(settings: PairingSettings) -> list[str]:
    """The Chinese name of each tier, in order (a last one if some villages fall outside)."""
    return [TIERS[t] for t in settings.tiers] + [OTHER]


def words(settings: PairingSettings) -> str:
    """The plan's objective and tiers, in words (printed at the top of every pairing output)."""
    w = settings.pair_weights
    total = sum(w.values())
    parts = "、".join(f"{name}{w[key] / total:.0%}" for key, name in (
        ("proximity", "地域相邻"), ("strength", "以强带弱"), ("need", "帮带需求"),
        ("industry_fit", "产业相近")))
    if settings.tiers:
        order = "，再".join(TIERS[t] for t in settings.tiers)
        aim = (f"按优先级依次让尽可能多的村纳入联建：先{order}，最后其他需帮带村"
               "（每村按其最优先的一项归级；高一级多纳入一个村，胜过低级任意多个村）")
    else:
        aim = "让尽可能多的需帮带村纳入联建（不分优先级）"
    stars = STARS_ZH[settings.centre_min_stars]
    centre = f"中心村为{stars}星级及以上、综合评分不低于{settings.centre_score:g}分的村"
    if settings.centre_fallback is not None:
        centre += (f"；{STARS_ZH[settings.centre_fallback]}星级及以上的村作兜底中心村，"
                   f"只带{stars}星级中心村带不上的村")
    return (f"方案目标：{aim}；各级入片村数相同时，取联建匹配评分合计最高的方案（{parts}）。"
            f"{centre}；片区{settings.min_size}–{settings.max_size}个村（含中心村），"
            f"距中心村不超过{settings.max_km:g}公里，"
            f"{'可跨乡镇（同一县内）' if settings.cross_town else '不跨乡镇'}。")
