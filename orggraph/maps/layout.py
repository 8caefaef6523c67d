"""Node positions computed in Python, so that large maps need no physics in the browser.

networkx's force layouts are quadratic (spring_layout takes ~40 s on 5,000 nodes), so large maps
use linear layouts: a layered or radial tree over a breadth-first spanning forest, or geography.
"""
from __future__ import annotations

import math
from collections import deque

import networkx as nx

SPACING = 70.0  # pixels between neighbouring leaves
LEVEL_GAP = 170.0  # pixels between tree levels
FOLD_SPREAD = 1.8  # a folded part's radial tree, spread by this much around its node


def spanning_forest(graph: nx.Graph, roots: list | None = None,
                    prefer: tuple[str, ...] = ()) -> tuple[dict, list]:
    """Children lists of a breadth-first spanning forest, and its roots (given roots first,
    then the highest-degree node of each component not reached). Edges whose key is in `prefer`
    (e.g. PART_OF, BASED_IN) are followed first, so that nodes hang below where they belong;
    the other edges only attach what those do not reach."""
    return _forest(list(graph), _links(graph, prefer), roots, prefer)


def _links(graph: nx.Graph, prefer: tuple[str, ...] = ()) -> tuple[dict, dict]:
    """(node -> neighbour -> the keys of the edges between them, either way; node -> its
    neighbours through `prefer` edges): the graph undirected, read once into plain dicts (a
    walk through networkx's undirected and subgraph views cost 0.3 s of a county's coverage
    map). The keys give networkx's degree of the undirected view, which ranks the roots."""
    keys: dict = {n: {} for n in graph}
    preferred: dict = {n: set() for n in graph}
    multi = graph.is_multigraph()
    for a, b, key in (graph.edges(keys=True) if multi else
                      ((a, b, None) for a, b in graph.edges())):
        keys[a].setdefault(b, set()).add(key)
        keys[b].setdefault(a, set()).add(key)
        if multi and key in prefer:
            preferred[a].add(b)
            preferred[b].add(a)
    return keys, preferred


def _forest(nodes: list, links: tuple[dict, dict], roots: list | None,
            prefer: tuple[str, ...]) -> tuple[dict, list]:
    """`spanning_forest` of the part of the graph on `nodes` (its edges among them)."""
    keys, preferred = links
    children: dict = {node: [] for node in nodes}
    seen: set = set()

    def grow(starts: list, links) -> list:
        """Breadth-first from `starts` over `links`; the nodes it reached, starts included."""
        reached, queue = list(starts), deque(starts)
        while queue:
            node = queue.popleft()
            for other in sorted((o for o in links[node] if o in children), key=str):
                if other not in seen:
                    seen.add(other)
                    children[node].append(other)
                    queue.append(other)
                    reached.append(other)
        return reached

    def tree_from(starts: list) -> None:
        seen.update(starts)
        reached = grow(starts, preferred if prefer else keys)
        if prefer:  # then attach, through any edge, what the preferred edges did not reach
            grow(reached, keys)

    def degree(node) -> int:  # networkx's (multi)degree of the undirected view: loops twice
        around = keys[node]
        return (sum(len(k) for o, k in around.items() if o in children)
                + len(around.get(node, ())))

    forest_roots = [r for r in dict.fromkeys(roots or []) if r in children]
    tree_from(forest_roots)
    # Only the nodes not reached yet are ranked (the same order as ranking all of them).
    for root in sorted((n for n in nodes if n not in seen), key=lambda n: (-degree(n), str(n))):
        if root not in seen:
            forest_roots.append(root)
            tree_from([root])
    return children, forest_roots


def _leaves(children: dict, roots: list) -> dict:
    """Number of leaves under each node (a leaf counts itself), without recursion."""
    count: dict = {}
    stack = [(r, False) for r in reversed(roots)]
    while stack:
        node, done = stack.pop()
        if done:
            count[node] = sum(count[k] for k in children[node]) or 1
            continue
        stack.append((node, True))
        stack.extend((k, False) for k in children[node])
    return count


def tree_positions(graph: nx.Graph, roots: list | None = None, prefer: tuple[str, ...] = ()) -> dict:
    """Layered tree: roots on top, each level LEVEL_GAP lower, leaves SPACING apart."""
    children, forest_roots = spanning_forest(graph, roots, prefer)
    leaves = _leaves(children, forest_roots)
    pos: dict = {}
    cursor = 0.0
    for root in forest_roots:
        stack = [(root, 0, cursor)]
        cursor += leaves[root] * SPACING + SPACING
        while stack:
            node, depth, left = stack.pop()
            pos[node] = (left + leaves[node] * SPACING / 2, depth * LEVEL_GAP)
            for kid in children[node]:
                stack.append((kid, depth + 1, left))
                left += leaves[kid] * SPACING
    return _centred(pos)


def radial_positions(graph: nx.Graph, roots: list | None = None,
                     prefer: tuple[str, ...] = ()) -> dict:
    """Radial tree: each component's root in the middle, each subtree a wedge sized by its leaves;
    components side by side."""
    return _radial(*spanning_forest(graph, roots, prefer))


def _radial(children: dict, forest_roots: list) -> dict:
    leaves = _leaves(children, forest_roots)
    pos: dict = {}
    offset = 0.0
    singles = [r for r in forest_roots if not children[r]]
    for root in (r for r in forest_roots if children[r]):
        # A radius large enough that the leaves on the rim stay SPACING apart.
        rim = max(LEVEL_GAP, leaves[root] * SPACING / (2 * math.pi))
        depth_max = _depth(children, root)
        step = rim / max(1, depth_max)
        centre = offset + rim
        # The root's children sit halfway between the middle of their wedge and an even share
        # of the circle: a few small subtrees side by side would otherwise pile up their
        # (labelled) roots while big ones leave room empty.
        first = len(children[root])
        stack = [(root, 0, 0.0, 2 * math.pi, None)]
        while stack:
            node, depth, start, width, even = stack.pop()
            angle = start + width / 2 if even is None else (start + width / 2 + even) / 2
            pos[node] = (centre + depth * step * math.cos(angle), depth * step * math.sin(angle))
            for i, kid in enumerate(children[node]):
                share = width * leaves[kid] / leaves[node]
                stack.append((kid, depth + 1, start, share,
                              2 * math.pi * (i + 0.5) / first if depth == 0 else None))
                start += share
        offset = centre + rim + 2 * SPACING
    # Nodes linked to nothing: a block of rows below the trees, not a line of tiny wheels,
    # spread over the trees' width (a big tree is seen from far: SPACING would pile them up).
    bottom = max((y for _, y in pos.values()), default=0.0) + LEVEL_GAP
    per_row = max(1, math.ceil(math.sqrt(len(singles))))
    width = max(0.0, offset - 2 * SPACING)
    gap = max(SPACING, width / per_row / 2)
    left = width / 2 - gap * (per_row - 1) / 2
    for i, node in enumerate(singles):
        pos[node] = (left + (i % per_row) * gap, bottom + (i // per_row) * max(SPACING, gap / 2))
    return _centred(pos)


def _depth(children: dict, root) -> int:
    deepest, stack = 0, [(root, 0)]
    while stack:
        node, depth = stack.pop()
        deepest = max(deepest, depth)
        stack.extend((k, depth + 1) for k in children[node])
    return deepest


def geo_positions(points: dict, fallback: dict | None = None, width: float = 2400.0) -> dict:
    """Longitude/latitude to screen pixels (north up, equirectangular at the mean latitude);
    nodes without a place go to `fallback` positions placed beside the map."""
    pos: dict = {}
    if points:
        lats = [lat for lat, _ in points.values()]
        lons = [lon for _, lon in points.values()]
        squeeze = math.cos(math.radians(sum(lats) / len(lats)))
        span = max(max(lons) - min(lons), (max(lats) - min(lats)) / max(squeeze, 0.1), 1e-6)
        scale = width / span
        for node, (lat, lon) in points.items():
            pos[node] = ((lon - min(lons)) * squeeze * scale, (max(lats) - lat) * scale)
    if fallback:
        right = max((x for x, _ in pos.values()), default=0.0) + 4 * SPACING
        rest = {n: xy for n, xy in fallback.items() if n not in pos}
        left = min((x for x, _ in rest.values()), default=0.0)
        top = min((y for _, y in rest.values()), default=0.0)
        for node, (x, y) in rest.items():
            pos[node] = (right + x - left, y - top)
    return _centred(pos)


def _centred(pos: dict) -> dict:
    if not pos:
        return pos
    xs = [x for x, _ in pos.values()]
    ys = [y for _, y in pos.values()]
    cx, cy = (min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2
    return {n: (round(x - cx, 1), round(y - cy, 1)) for n, (x, y) in pos.items()}


def folded_positions(graph: nx.Graph, roots: list, prefer: tuple[str, ...], folds: dict) -> dict:
    """Overview first: the overview nodes (those not in `folds`) in a radial tree of their own,
    spread so that each folded part, laid out as a radial tree around the node it folds into,
    has room before it reaches the next overview node."""
    links = _links(graph, prefer)  # read once; each part walks only its own nodes' links
    pos = _radial(*_forest([n for n in graph if n not in folds], links, roots, prefer))
    members: dict = {}
    for node, owner in folds.items():
        members.setdefault(owner, []).append(node)
    local: dict = {}
    need = 1.0
    for owner, nodes in members.items():
        part = _radial(*_forest([owner, *nodes], links, [owner], prefer))
        ox, oy = part[owner]
        # Spread wider than a plain radial tree: an opened part's labels need the room.
        local[owner] = {n: (FOLD_SPREAD * (x - ox), FOLD_SPREAD * (y - oy))
                        for n, (x, y) in part.items() if n != owner}
        radius = max((math.hypot(x, y) for x, y in local[owner].values()), default=0.0)
        nearest = min((math.hypot(pos[owner][0] - x, pos[owner][1] - y)
                       for n, (x, y) in pos.items() if n != owner), default=0.0)
        if nearest > 0:
            need = max(need, (radius + 2 * SPACING) / nearest)
    pos = {n: (x * need, y * need) for n, (x, y) in pos.items()}
    for owner, offsets in local.items():
        px, py = pos[owner]
        for node, (dx, dy) in offsets.items():
            pos[node] = (px + dx, py + dy)
    return _centred(pos)
