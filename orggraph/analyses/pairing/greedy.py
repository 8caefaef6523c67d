"""The baseline planners use by hand: each weak village goes to its nearest centre with room.

Villages are taken in id order; a centre that ends below its minimum size is dropped and its
villages stay unpaired. Used by the benchmark (and as a fallback plan if a time limit stops the
MILP before it has any plan).
"""
from __future__ import annotations

import time

from .instance import Instance, Solution


def greedy(instance: Instance) -> Solution:
    start = time.perf_counter()
    options: dict[str, list] = {}
    for arc in instance.arcs:
        options.setdefault(arc.village, []).append(arc)
    load = {c: 0 for c in instance.upper}
    chosen = {}
    for village in sorted(options):
        for arc in sorted(options[village], key=lambda a: (a.km, a.centre)):
            if load[arc.centre] < instance.upper[arc.centre]:
                load[arc.centre] += 1
                chosen[village] = arc
                break
    kept = {v: a for v, a in chosen.items() if load[a.centre] >= instance.lower[a.centre]}
    return Solution({v: a.centre for v, a in kept.items()}, sum(a.value for a in kept.values()),
                    optimal=False, paired_bound=len(kept), seconds=time.perf_counter() - start)
