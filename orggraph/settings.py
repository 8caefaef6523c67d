"""Every analysis's settings as one typed object, read once from orggraph.toml.

Each field is one analysis's settings class and one table of the file (`[villages]`,
`[coverage]`, `[influence]`, `[pairing]`, `[cadres]`, `[maps]`); an unknown table or key is an
error that names the file. `[villages]` holds the notions every analysis shares
(orggraph/notions.py): change a threshold there and coverage, pairing and cadres change alike.
"""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import config
from .analyses.cadres.settings import CadreSettings
from .analyses.coverage import CoverageSettings
from .analyses.influence import InfluenceSettings
from .analyses.pairing.settings import PairingSettings
from .analyses.rates import RatesSettings
from .notions import VillageSettings

@dataclass(frozen=True)
class MapSettings:
    """[maps] in orggraph.toml: how maps are drawn (orggraph/maps/build.py)."""
    physics_max_nodes: int = 300  # above this, positions come from Python and physics is off
    min_size: float = 10.0
    max_size: float = 32.0
    stabilization_iterations: int = 200

    def __post_init__(self):
        if self.physics_max_nodes < 0 or not 0 < self.min_size <= self.max_size:
            raise ValueError("须 physics_max_nodes ≥ 0，且 0 < min_size ≤ max_size")


SECTIONS: dict[str, type] = {"villages": VillageSettings, "coverage": CoverageSettings,
                             "influence": InfluenceSettings, "pairing": PairingSettings,
                             "cadres": CadreSettings, "maps": MapSettings, "rates": RatesSettings}
# Keys that now live in [villages], so that an old file gets a clear message.
MOVED = {("coverage", "weak_max_stars"): "weak_max_stars",
         ("coverage", "first_secretary_tags"): "first_secretary_tags",
         ("cadres", "must_tags"): "first_secretary_tags",
         ("cadres", "term_years"): "term_years",
         ("cadres", "poor_income_below"): "poor_income_below",
         ("pairing", "weak_income"): "poor_income_below",
         ("pairing", "small_households"): "small_households",
         ("pairing", "weak_industry_score"): "weak_industry_score"}


@dataclass(frozen=True)
class Settings:
    villages: VillageSettings = field(default_factory=VillageSettings)
    coverage: CoverageSettings = field(default_factory=CoverageSettings)
    influence: InfluenceSettings = field(default_factory=InfluenceSettings)
    pairing: PairingSettings = field(default_factory=PairingSettings)
    cadres: CadreSettings = field(default_factory=CadreSettings)
    maps: MapSettings = field(default_factory=MapSettings)
    rates: RatesSettings = field(default_factory=RatesSettings)
    source: str | None = None   # the file read, if any

    def with_options(self, section: str, **options: Any) -> "Settings":
        """A copy whose `section` takes the options that are not None (the command line)."""
        given = {k: v for k, v in options.items() if v is not None}
        if not given:
            return self
        current = getattr(self, section)
        try:
            changed = dataclasses.replace(current, **given)
        except (TypeError, ValueError) as exc:
            raise config.ConfigError(f"[{section}]：{exc}") from None
        return dataclasses.replace(self, **{section: changed})


def from_config(parsed: dict[str, Any], source: str | None = None) -> Settings:
    """Settings from a parsed file: every table checked, unknown tables and keys refused."""
    where = source or "设置"
    unknown = sorted(set(parsed) - set(SECTIONS))
    if unknown:
        raise config.ConfigError(f"{where}：有不认识的设置表 {'、'.join(f'[{u}]' for u in unknown)}；"
                                 f"可用设置表：{'、'.join(f'[{s}]' for s in SECTIONS)}")
    for (section, key), new in MOVED.items():
        if key in parsed.get(section, {}):
            raise config.ConfigError(f"{where}：[{section}] {key} 已改为 [villages] {new}"
                                     "（覆盖排查、跨村联建、第一书记选派共用一个设置）")
    values = {name: config.settings(kind, parsed, name, source) for name, kind in SECTIONS.items()}
    return Settings(**values, source=source)


def load(path: str | Path | None = None) -> Settings:
    """The settings of `path` (or ORGGRAPH_CONFIG, or ./orggraph.toml if present)."""
    parsed, source = config.load(path)
    return from_config(parsed, source)
