"""Cadre matching (干部驻村匹配): which stationed cadre for which village.

`needs` derives what each village lacks, `match` finds the optimal one-to-one assignment,
`plan` reads the graph, explains the result and writes it back as proposed stations.
"""
from importlib import import_module

from .settings import CadreSettings

__all__ = ["CadreSettings", "CadrePlan", "apply_plan", "plan_cadres"]
# The planner is imported when first asked for: it brings scipy (0.5 s), which reading the
# settings (every command does) must not pay.
_LAZY = {"CadrePlan": ".plan", "apply_plan": ".plan", "plan_cadres": ".plan"}


def __getattr__(name: str):
    if name in _LAZY:
        return getattr(import_module(_LAZY[name], __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
