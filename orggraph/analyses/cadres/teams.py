"""The optimal plan of first secretaries and work teams (驻村第一书记和工作队).

Each village takes a first secretary and up to `team_size` work-team members; seed 003's rules
(党群干部进弱村、经济干部进穷村、政法干部进乱村、农牧干部进产业村、科技干部进专业村) apply to both.
A cadre serves the one need its specialty serves, so the cadres of a village fill *slots*: one
per need of the village (a second cadre for a need already served adds nothing), and for a
village that must have a first secretary (第一书记全覆盖) one more slot any cadre may fill.
Plans are compared lexicographically, as the one-to-one plan was:

1. the most villages that must have a first secretary with one (any cadre in the village);
2. the largest weight of needs served, each need of each village counted once;
3. the smallest total distance (100 m units, an unknown one counted as max_km), then the fewest
   cadres sent.

With a team of 0 this is exactly the one-to-one assignment of `match.assign` (tests check
both against exhaustive search). With teams the village cap (1 + team_size) and the "once per
need" slots make it a transportation problem rather than an assignment, so it is a MILP solved
exactly by HiGHS (scipy.optimize.milp, the solver pairing uses), in stages: each tier is
maximised with the tiers before it held at their optimum, so every objective stays small and
exact. In each village the cadre serving its weightiest need goes as first secretary (a
must-have village served by no need gets the other-slot cadre as first secretary), the rest as
the work team.
"""
from __future__ import annotations

import dataclasses

import numpy as np
from scipy import sparse
from scipy.optimize import Bounds, LinearConstraint, milp

from .match import Cadre, Match, distance_units, weigh
from .needs import Assessed
from .settings import CadreSettings

FIRST_SECRETARY, WORK_TEAM = "first_secretary", "work_team"
# Beyond this many (village, cadre) pairs a plan is too large for one solve.
MAX_PAIRS = 3_000_000


class TooLarge(ValueError):
    pass


def team_key(matches: list[Match], settings: CadreSettings) -> tuple[int, int, int, int]:
    """What the plan maximises, tier by tier: (must-have villages with a cadre, weight of needs
    served once each, -total distance, -cadres sent)."""
    must = {m.village.id for m in matches if m.must}
    served = {(m.village.id, m.need): m.fit for m in matches if m.need}
    return (len(must), sum(served.values()),
            -sum(distance_units(m, settings) for m in matches), -len(matches))


def feasible(matches: list[Match], team_size: int) -> bool:
    """No cadre twice, no need of a village served twice, at most one cadre outside the
    village's needs (and only where it must have a first secretary), 1 + team_size a village."""
    cadres = [m.cadre.id for m in matches]
    slots = [(m.village.id, m.need) for m in matches]
    per_village: dict[str, int] = {}
    for m in matches:
        per_village[m.village.id] = per_village.get(m.village.id, 0) + 1
        if not m.allowed:
            return False
    return (len(set(cadres)) == len(cadres) and len(set(slots)) == len(slots)
            and all(n <= 1 + team_size for n in per_village.values()))


def assign_teams(villages: list[Assessed], cadres: list[Cadre], settings: CadreSettings,
                 grid: dict[tuple[str, str], Match] | None = None) -> list[Match]:
    """The best plan (see the module's docstring), each match with its role, ordered by village
    id then role (first secretary first) then cadre id."""
    villages = sorted(villages, key=lambda v: v.id)
    cadres = sorted(cadres, key=lambda c: c.id)
    if not villages or not cadres:
        return []
    if len(villages) * len(cadres) > MAX_PAIRS:
        raise TooLarge(f"{len(villages)}个村 × {len(cadres)}名干部，规模太大，无法精确求解；"
                       "请按县或乡镇分别安排（--within）")
    edges = [p for v in villages for c in cadres
             if (p := (grid[v.id, c.id] if grid else weigh(v, c, settings))).allowed]
    if not edges:
        return []
    chosen = _solve(edges, villages, cadres, settings)
    return _roles(chosen)


def _solve(edges: list[Match], villages: list[Assessed], cadres: list[Cadre],
           settings: CadreSettings) -> list[Match]:
    n_x = len(edges)
    must = [v.id for v in villages if v.must]
    m_index = {v: i for i, v in enumerate(must)}
    n = n_x + len(must)
    c_index = {c.id: i for i, c in enumerate(cadres)}
    v_index = {v.id: i for i, v in enumerate(villages)}
    slots: dict[tuple[str, str | None], int] = {}
    for p in edges:
        slots.setdefault((p.village.id, p.need), len(slots))
    r_cadre, r_slot = 0, len(cadres)
    r_village = r_slot + len(slots)
    r_must = r_village + len(villages)
    rows, cols, data = [], [], []
    for k, p in enumerate(edges):
        rows += [r_cadre + c_index[p.cadre.id], r_slot + slots[p.village.id, p.need],
                 r_village + v_index[p.village.id]]
        cols += [k, k, k]
        data += [1.0, 1.0, 1.0]
        if p.village.id in m_index:          # y_v <= the cadres of v
            rows.append(r_must + m_index[p.village.id])
            cols.append(k)
            data.append(-1.0)
    for v, i in m_index.items():
        rows.append(r_must + i)
        cols.append(n_x + i)
        data.append(1.0)
    shape = (r_must + len(must), n)
    ub = np.concatenate([np.ones(len(cadres)), np.ones(len(slots)),
                         np.full(len(villages), 1.0 + settings.team_size), np.zeros(len(must))])
    base = LinearConstraint(sparse.csr_array((data, (rows, cols)), shape=shape),
                            np.full(shape[0], -np.inf), ub)
    fits = np.array([float(p.fit) for p in edges])
    # Distance first, then the number of cadres: K exceeds any total of the +1s.
    far = np.array([float(distance_units(p, settings) * (len(cadres) + 1) + 1) for p in edges])
    stages = [np.concatenate([np.zeros(n_x), np.ones(len(must))]),   # must-have villages
              np.concatenate([fits, np.zeros(len(must))]),           # needs' weight
              np.concatenate([-far, np.zeros(len(must))])]           # distance, cadres
    held: list[LinearConstraint] = []
    x = None
    for objective in stages:
        if not objective.any():
            continue
        result = milp(-objective, integrality=np.ones(n), bounds=Bounds(0, 1),
                      constraints=[base, *held],
                      options={"mip_rel_gap": 0.0, "presolve": True})
        if result.x is None:
            raise RuntimeError(f"the cadre plan's MILP found no solution ({result.message})")
        x = np.round(result.x)
        held.append(LinearConstraint(objective.reshape(1, -1), float(objective @ x), np.inf))
    return [edges[k] for k in np.flatnonzero(x[:n_x] > 0.5)]


def _roles(chosen: list[Match]) -> list[Match]:
    """In each village the cadre of its weightiest need is the first secretary (ties: the
    village's ranking of its needs, then the nearer, then the id); the others are the team."""
    by_village: dict[str, list[Match]] = {}
    for p in chosen:
        by_village.setdefault(p.village.id, []).append(p)
    out = []
    for vid in sorted(by_village):
        group = by_village[vid]
        needs = group[0].village.needs

        def rank(p: Match):
            order = needs.index(p.need) if p.need in needs else len(needs)
            return (-p.fit, order, p.km if p.km is not None else float("inf"), p.cadre.id)

        group = sorted(group, key=rank)
        out.append(dataclasses.replace(group[0], role=FIRST_SECRETARY))
        out += [dataclasses.replace(p, role=WORK_TEAM) for p in sorted(group[1:],
                                                                       key=lambda p: p.cadre.id)]
    return out
