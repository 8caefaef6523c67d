"""Overview first, detail on demand: which nodes a map opens on, and where the rest fold into.

A map's page first shows its overview nodes (the region's towns, the county's organisations down
to the villages); every other node is folded into its nearest overview node above it in the
layout's spanning forest and appears when that node is opened (clicked or found by search).
"""
from __future__ import annotations

from collections import deque

import networkx as nx

from . import layout


def fold(graph: nx.Graph, roots: list, prefer: tuple[str, ...], labels: tuple[str, ...],
         depth: int = 1, budget: int = 400,
         kinds: tuple[str, ...] | None = None) -> tuple[set, dict]:
    """(overview nodes, node -> the overview node it folds into). The overview is the roots and
    the nodes of `labels` (and, given `kinds`, of those kinds) hanging below them at most `depth`
    levels down (through overview nodes only); `depth` shrinks (down to the roots alone) until
    the overview holds at most `budget` nodes. Nodes the roots do not reach fold into the first
    root."""
    roots = [r for r in roots if r in graph]
    if not roots:
        return set(graph), {}
    children, _ = layout.spanning_forest(graph, roots, prefer)
    for level in range(depth, -1, -1):  # at worst the roots alone (a province's counties)
        shown = _overview(children, roots, labels, kinds, level, graph)
        if len(shown) <= budget:
            break
    groups: dict = {}
    queue = deque((r, r) for r in roots)
    while queue:
        node, owner = queue.popleft()
        for kid in children[node]:
            if kid in shown:
                queue.append((kid, kid))
            else:
                groups[kid] = owner
                queue.append((kid, owner))
    for node in graph:
        if node not in shown and node not in groups:
            groups[node] = roots[0]
    return shown, groups


def _overview(children: dict, roots: list, labels: tuple[str, ...],
              kinds: tuple[str, ...] | None, depth: int, graph: nx.Graph) -> set:
    shown = set(roots)
    frontier = list(roots)
    for _ in range(depth):
        frontier = [k for n in frontier for k in children[n]
                    if graph.nodes[k].get("label") in labels
                    and (kinds is None or graph.nodes[k].get("kind") in kinds)]
        shown.update(frontier)
    return shown
