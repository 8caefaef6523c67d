"""Cross-village pairing (跨村联建): which centre village leads which weak villages.

`plan_pairs(store, settings, within)` reads the graph and returns the optimal `PairingPlan`
(most weak villages paired, then the highest total pair score), with every unpaired village
explained; `apply_plan(store, plan)` writes it as proposed CO_BUILDS (with_branch: and a
proposed 联村党总支 over each cluster).
"""
from .apply import Applied, ApplyError, apply_plan
from .plan import PairingError, PairingPlan, plan_from, plan_pairs
from .settings import PairingSettings

__all__ = ["Applied", "ApplyError", "PairingError", "PairingPlan", "PairingSettings",
           "apply_plan", "plan_from", "plan_pairs"]
