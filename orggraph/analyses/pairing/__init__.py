"""Cross-village pairing (跨村联建): which centre village leads which weak villages.

`plan_pairs(store, settings, within)` reads the graph and returns the optimal `PairingPlan`
(most weak villages paired, then the highest total pair score), with every unpaired village
explained; `apply_plan(store, plan)` writes it as proposed CO_BUILDS (with_branch: and a
proposed 联村党总支 over each cluster).
"""
from importlib import import_module

from .settings import PairingSettings

__all__ = ["Applied", "ApplyError", "PairingError", "PairingPlan", "PairingSettings",
           "apply_plan", "plan_from", "plan_pairs"]
# The solver is imported when first asked for: it brings scipy (0.5 s), which reading the
# settings (every command does) must not pay.
_LAZY = {"Applied": ".apply", "ApplyError": ".apply", "apply_plan": ".apply",
         "PairingError": ".plan", "PairingPlan": ".plan", "plan_from": ".plan",
         "plan_pairs": ".plan"}


def __getattr__(name: str):
    if name in _LAZY:
        return getattr(import_module(_LAZY[name], __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
