"""The optimal plan: most weak villages paired, then the highest total pair score.

Each connected part of the candidate graph is solved on its own (parts share no village and no
centre, so their optima add up). A part with one centre is solved exactly by sorting; a larger
one is a MILP solved by HiGHS through scipy.optimize.milp:

    maximise   sum_(c,w) (M + s_cw) x_cw
    subject to sum_c x_cw <= 1                    every weak village w at most once
               L_c y_c <= sum_w x_cw <= U_c y_c   a used centre (y_c = 1) within its sizes
               x, y binary

with integer pair values s_cw >= 0 (hundredths of a point) and M = max(s) * #villages + 1.
Any plan's total value is at most M - 1, so one more paired village (+M) outweighs every
possible difference in value: the single objective is exactly the lexicographic one. The MILP
runs with a relative gap of 0, and the plan counts as proven only when the solver's bound is
below the plan's (integer) objective + 1.

With priority tiers (instance.tiers: 软弱涣散 first, then 0–1 stars, …) the objective is
lexicographic over the tiers: the most villages of tier 0, then of tier 1, …, then the highest
total value. A part whose villages span several tiers is solved in stages, one MILP each: stage t
maximises the villages of tier t with every earlier tier held at its optimum
(sum_{w in tier t'} x_cw >= n_t'); the last stage maximises M * (villages of the last tier) +
value as above. Big weights per tier would do it in one MILP, but they outgrow the solver's
double precision at province scale; stages keep every objective small and exact.
"""
from __future__ import annotations

import math
import time

import numpy as np
from scipy import sparse
from scipy.optimize import Bounds, LinearConstraint, milp

from . import greedy
from .instance import Arc, Instance, Solution


def solve(instance: Instance, time_limit: float = 60.0) -> Solution:
    """The lexicographically optimal assignment; `time_limit` is per subproblem (seconds)."""
    start = time.perf_counter()
    total = Solution()
    for part in components(instance):
        if len(part.upper) == 1:
            sub = _one_centre(part)
        else:
            sub = _milp(part, time_limit)
            total.milps += 1
        total.assignment.update(sub.assignment)
        total.value += sub.value
        total.optimal &= sub.optimal
        total.paired_bound += sub.paired_bound
        total.gap = max(total.gap, sub.gap)
        total.subproblems += 1
    total.seconds = time.perf_counter() - start
    return total


def components(instance: Instance) -> list[Instance]:
    """The instance split into parts that share no centre and no village, in a stable order."""
    parent: dict[tuple[str, str], tuple[str, str]] = {}

    def root(node):
        parent.setdefault(node, node)
        while parent[node] != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    for arc in instance.arcs:
        a, b = root(("c", arc.centre)), root(("w", arc.village))
        if a != b:
            parent[max(a, b)] = min(a, b)
    groups: dict[tuple[str, str], list[Arc]] = {}
    for arc in sorted(instance.arcs, key=lambda a: (a.centre, a.village)):
        groups.setdefault(root(("c", arc.centre)), []).append(arc)
    parts = []
    for key in sorted(groups):
        arcs = tuple(groups[key])
        centres = {a.centre for a in arcs}
        villages = {a.village for a in arcs}
        parts.append(Instance(arcs, {c: instance.lower[c] for c in centres},
                              {c: instance.upper[c] for c in centres},
                              {w: t for w, t in instance.tiers.items() if w in villages}))
    return parts


def _one_centre(part: Instance) -> Solution:
    """One centre: take the best-valued villages up to its maximum, if it reaches its minimum."""
    (centre,) = part.upper
    arcs = sorted(part.arcs, key=lambda a: (part.tier(a.village), -a.value, a.village))
    need = max(1, part.lower[centre])
    if len(arcs) < need or need > part.upper[centre]:
        return Solution()
    chosen = arcs[:part.upper[centre]]
    return Solution({a.village: centre for a in chosen}, sum(a.value for a in chosen),
                    paired_bound=len(chosen))


def _milp(part: Instance, time_limit: float) -> Solution:
    if len({part.tier(a.village) for a in part.arcs}) > 1:
        return _staged(part, time_limit)
    return _single(part, time_limit)


def _structure(part: Instance):
    """The constraint matrix and bounds shared by every stage (x per arc, then y per centre)."""
    arcs = part.arcs
    centres = sorted(part.upper)
    villages = sorted({a.village for a in arcs})
    c_index = {c: i for i, c in enumerate(centres)}
    w_index = {w: i for i, w in enumerate(villages)}
    n_x, n_y = len(arcs), len(centres)
    rows, cols, data = [], [], []
    for k, a in enumerate(arcs):
        w, c = w_index[a.village], c_index[a.centre]
        rows += [w, len(villages) + c, len(villages) + n_y + c]
        cols += [k, k, k]
        data += [1.0, 1.0, 1.0]
    for c_name, i in c_index.items():
        rows += [len(villages) + i, len(villages) + n_y + i]
        cols += [n_x + i, n_x + i]
        data += [-float(part.upper[c_name]), -float(part.lower[c_name])]
    matrix = sparse.csr_array((data, (rows, cols)), shape=(len(villages) + 2 * n_y, n_x + n_y))
    lb = np.concatenate([np.full(len(villages), -np.inf), np.full(n_y, -np.inf), np.zeros(n_y)])
    ub = np.concatenate([np.ones(len(villages)), np.zeros(n_y), np.full(n_y, np.inf)])
    return LinearConstraint(matrix, lb, ub), n_x, n_y


def _staged(part: Instance, time_limit: float) -> Solution:
    """Lexicographic over the tiers: one MILP per tier, earlier tiers held at their optimum."""
    arcs = part.arcs
    base, n_x, n_y = _structure(part)
    levels = sorted({part.tier(a.village) for a in arcs})
    in_tier = {t: np.array([1.0 if part.tier(a.village) == t else 0.0 for a in arcs]
                           + [0.0] * n_y) for t in levels}
    values = np.array([a.value for a in arcs], dtype=float)
    held: list[LinearConstraint] = []
    proven, assignment = True, None
    for t in levels:
        last = t == levels[-1]
        if last:   # the last tier's villages, then the value (M as in _single)
            big = int(values.max(initial=0)) * len(arcs) + 1
            objective = -(big * in_tier[t][:n_x] + values)
        else:
            objective = -in_tier[t][:n_x]
        objective = np.concatenate([objective, np.zeros(n_y)])
        result = milp(objective, integrality=np.ones(n_x + n_y), bounds=Bounds(0, 1),
                      constraints=[base, *held],
                      options={"time_limit": time_limit, "mip_rel_gap": 0.0, "presolve": True})
        if result.x is None:   # stopped before any plan: keep the last stage's, else the greedy
            proven = False
            break
        proven &= result.status == 0
        x = result.x
        assignment = {arcs[k].village: arcs[k].centre for k in np.flatnonzero(x[:n_x] > 0.5)}
        count = sum(1 for v in assignment if part.tier(v) == t)
        held.append(LinearConstraint(in_tier[t].reshape(1, -1), count, np.inf))
    if assignment is None:
        assignment = greedy.greedy(part).assignment
    if not part.feasible(assignment):
        raise RuntimeError("the MILP returned a plan that breaks a size limit (numerical trouble)")
    value = part.value(assignment)
    if proven:
        return Solution(assignment, value, paired_bound=len(assignment))
    trivial = min(len({a.village for a in arcs}), sum(part.upper.values()))
    return Solution(assignment, value, optimal=False, paired_bound=trivial, gap=math.inf)


def _single(part: Instance, time_limit: float) -> Solution:
    arcs = part.arcs
    constraints, n_x, n_y = _structure(part)
    villages = {a.village for a in arcs}
    values = np.array([a.value for a in arcs], dtype=float)
    big = int(values.max(initial=0)) * len(villages) + 1
    objective = np.concatenate([-(big + values), np.zeros(n_y)])
    result = milp(objective, integrality=np.ones(n_x + n_y), bounds=Bounds(0, 1),
                  constraints=constraints,
                  options={"time_limit": time_limit, "mip_rel_gap": 0.0, "presolve": True})

    if result.x is None:   # stopped before any plan: the greedy one is feasible
        found = greedy.greedy(part)
        assignment = found.assignment
    else:
        assignment = {arcs[k].village: arcs[k].centre
                      for k in np.flatnonzero(result.x[:n_x] > 0.5)}
    if not part.feasible(assignment):
        raise RuntimeError("the MILP returned a plan that breaks a size limit (numerical trouble)")
    value = part.value(assignment)
    achieved = big * len(assignment) + value
    bound = -result.mip_dual_bound if result.mip_dual_bound is not None else math.inf
    proven = math.floor(bound + 1e-6) <= achieved if math.isfinite(bound) else result.status == 0
    if proven:
        return Solution(assignment, value, paired_bound=len(assignment))
    # Stopped by the time limit: every village at most once bounds the count anyway.
    trivial = min(len(villages), sum(part.upper.values()))
    if not math.isfinite(bound):
        return Solution(assignment, value, optimal=False, paired_bound=trivial, gap=math.inf)
    return Solution(assignment, value, optimal=False,
                    paired_bound=min(trivial, math.floor((bound + 1e-6) / big)),
                    gap=(bound - achieved) / max(achieved, 1))
