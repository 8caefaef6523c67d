"""Cadre matching (干部驻村匹配): which stationed cadre for which village.

`needs` derives what each village lacks, `match` finds the optimal one-to-one assignment,
`plan` reads the graph, explains the result and writes it back as proposed stations.
"""
from .plan import CadrePlan, apply_plan, plan_cadres
from .settings import CadreSettings

__all__ = ["CadreSettings", "CadrePlan", "apply_plan", "plan_cadres"]
