"""The optimisation problem on its own: centres, weak villages, allowed pairs and their values.

Solvers (solve.py, greedy.py) see only this, so tests can build instances directly.
"""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Arc:
    centre: str
    village: str
    value: int          # the pair score in hundredths of a point (non-negative integer)
    km: float = 0.0     # distance, for the nearest-centre greedy


@dataclass(frozen=True)
class Instance:
    arcs: tuple[Arc, ...]
    lower: dict[str, int]   # fewest new partners a centre takes if it is used (0 = any number)
    upper: dict[str, int]   # most new partners
    # village -> priority tier (0 = highest); a village not listed is in tier 0. The plan pairs
    # the most villages of tier 0, then of tier 1, …, then has the highest total value.
    tiers: dict[str, int] = field(default_factory=dict)

    def tier(self, village: str) -> int:
        return self.tiers.get(village, 0)

    def key(self, assignment: dict[str, str]) -> tuple[int, ...]:
        """What the plan maximises, in order: paired villages of each tier, then the value."""
        levels = sorted({self.tier(a.village) for a in self.arcs})
        counts = [sum(1 for v in assignment if self.tier(v) == t) for t in levels]
        return (*counts, self.value(assignment))

    def feasible(self, assignment: dict[str, str]) -> bool:
        """True if `assignment` (village -> centre) uses allowed arcs and respects the sizes."""
        allowed = {(a.centre, a.village) for a in self.arcs}
        if any((c, v) not in allowed for v, c in assignment.items()):
            return False
        loads: dict[str, int] = {}
        for c in assignment.values():
            loads[c] = loads.get(c, 0) + 1
        return all(self.lower[c] <= n <= self.upper[c] for c, n in loads.items())

    def value(self, assignment: dict[str, str]) -> int:
        values = {(a.centre, a.village): a.value for a in self.arcs}
        return sum(values[c, v] for v, c in assignment.items())


@dataclass
class Solution:
    assignment: dict[str, str] = field(default_factory=dict)   # village -> centre
    value: int = 0              # sum of the chosen pairs' values
    optimal: bool = True        # proven optimal for (max paired, then max value)
    paired_bound: int = 0       # no plan pairs more villages than this
    gap: float = 0.0            # relative gap of the combined objective where a limit stopped it
    seconds: float = 0.0
    subproblems: int = 0
    milps: int = 0              # subproblems that needed the MILP solver

    @property
    def paired(self) -> int:
        return len(self.assignment)
