"""The maps of the graph itself: the organisation tree, and the neighbourhood of one node.

Each builder returns (graph, MapMeta); nodes carry `label`, `name` (raw: build.py masks people),
`kind`, and optionally `stars`, `measure`, `info`, `colours` (scheme -> colour), `flag`, `shape`,
`lat`/`lon`, `title_node` (the map's title is about it: its label is always readable), `group`
(the overview node it folds into) and `badges`.
"""
from __future__ import annotations

import networkx as nx

from .. import vocabulary
from . import legend, overview
from .build import MapMeta
from .gather import add_edge, add_nodes, rows, rows_for
from .view import WITHIN, Option, View, ViewError, region_row, scope_name

MAX_DEPTH = 3
# Regions at or above these kinds open on two levels of organisations below them.
WIDE_KINDS = ("province", "city", "county")
TOP_KINDS = ("county_committee",)  # a county's (a city's are several counties side by side)
# The links of a proposed organisation (a plan's 联村党总支): dashed, in this colour.
PROPOSED_COLOUR = "#ff6d00"
# The organisations of a place (a town's, a street's, a park's, a village's, a community's).
PLACE_KINDS = ("town_committee", "street_committee", "park_committee", "village_branch",
               "community_committee")
TOWN_KINDS = ("town", "street")  # regions whose map opens on their villages' organisations


def hierarchy(store, analyses=None, within: str | None = None, **_) -> tuple[nx.MultiDiGraph, MapMeta]:
    """The organisation tree (MEMBER_OF, and LEADS between organisations); with `within`, the
    organisations built at or below that region and every organisation below those. It opens on
    the county's committee, its towns' and its villages' organisations (a town: its own and its
    villages'); the organisations below those fold into them."""
    place = region_row(store, within)
    graph = nx.MultiDiGraph()
    graph.add_nodes_from(sorted(row["id"] for row in rows(store, "maps/orgs_within",
                                                          within=within or "")))
    # Walk down from those: every organisation with a MEMBER_OF path up to one of them, reading
    # only the links of the organisations reached (not the whole province's tree), unless the
    # map holds every organisation anyway.
    links: set[tuple[str, str, str]] = set()
    frontier = set(graph) if within else set()
    if not within:
        links = {(r["source"], r["target"], r["type"]) for r in rows(store, "maps/org_links_all")}
    while frontier:
        found = {(r["source"], r["target"], r["type"])
                 for r in rows_for(store, "maps/org_links", frontier)}
        links |= found
        frontier = {a for a, b, key in found if key == "MEMBER_OF" and b in graph} - set(graph)
        graph.add_nodes_from(frontier)
    add_nodes(store, graph, {"OrgUnit": set(graph)})
    proposed = {n for n, a in graph.nodes(data=True) if a.get("proposed")}
    for a, b, key in sorted(links):
        if a in graph and b in graph:
            if proposed & {a, b}:   # the links of a proposed organisation: the plan's
                add_edge(graph, a, b, key, dashes=True, color=PROPOSED_COLOUR)
            else:
                add_edge(graph, a, b, key, dashes=key == "LEADS")
    tree = nx.DiGraph((a, b) for a, b, k in graph.edges(keys=True) if k == "MEMBER_OF")
    tree.add_nodes_from(graph)
    for node in graph:
        graph.nodes[node]["measure"] = len(nx.ancestors(tree, node))
        graph.nodes[node]["info"]["units_below"] = graph.nodes[node]["measure"]
    roots = sorted((n for n in graph if tree.out_degree(n) == 0),
                   key=lambda n: (-graph.nodes[n]["measure"], n))
    # An organisation below the county committee with no organisation above it (断头路, the
    # coverage rule org_without_parent) stands apart from the tree: framed red and named.
    has_parent = {a for a, _, key in links if key == "MEMBER_OF"}
    orphans = [n for n in roots if n not in has_parent and graph.nodes[n].get("kind") not in TOP_KINDS]
    for node in orphans:
        graph.nodes[node].update(flag=True, title_node=True)
    # The map is about the top organisation (a county's committee, the region's own), or about
    # several side by side (a city's counties, none above them).
    tops = [r for r in roots if graph.nodes[r].get("kind") in TOP_KINDS] or \
        [r for r in roots if r not in orphans][:1] or roots[:1]
    # Places first: the organisations of the county, its towns and its villages (of a town: its
    # own and its villages'); the other organisations (enterprises', agencies', grids') fold into
    # the place organisation they hang below, and those whose superior lies outside the region
    # into the top one. Below a town there are no places left to open on.
    kind = "county" if place is None else place["kind"]
    depth = 2 if kind in WIDE_KINDS else 1
    kinds = PLACE_KINDS if kind in WIDE_KINDS + TOWN_KINDS else None
    shown, groups = overview.fold(graph, tops + orphans, ("MEMBER_OF",), ("OrgUnit",),
                                  depth=depth, kinds=kinds)
    for node, owner in groups.items():
        graph.nodes[node]["fold"] = owner
    # Its title is about the top organisations and, under one, the places' right below it.
    titled = tops if len(tops) > 1 else [
        n for n in shown if n in tops or (tree.has_edge(n, tops[0]) and
                                          graph.nodes[n].get("kind") in PLACE_KINDS)]
    for node in titled:
        graph.nodes[node]["title_node"] = True
    lines = [{"text": "拟组建（本方案）的隶属、牵头关系", "color": PROPOSED_COLOUR, "dashes": True}]
    return graph, MapMeta(title=f"组织体系图：{scope_name(store, place)}", command="", layout="radial", roots=roots,
                          prefer=("MEMBER_OF",), measure_text="节点大小：下级组织数",
                          edge_legend=lines if proposed else [], file_stem="hierarchy",
                          flag_text=f"红框：未明确上级党组织（{len(orphans)}个）" if orphans else "")


def link_title(row: dict) -> str:
    """A link as people read it: its name, then its properties in Chinese —
    任职：书记; 结对共建：强村带弱村（跨村联建），拟联建; 选派：驻村第一书记，在岗."""
    rel = row["type"]
    facts = [vocabulary.enum_zh(rel, prop, row[prop])
             for prop in ("role", "mode", "tier", "status") if row.get(prop)]
    name = legend.rel_text(rel, row["source_label"], row["target_label"])
    return f"{name}：{'，'.join(facts)}" if facts else name


def neighbourhood(store, analyses=None, focus: str | None = None, depth: int = 1, **_) -> tuple[nx.MultiDiGraph, MapMeta]:
    """Every node within `depth` links of `focus`, in any direction, and the links among them."""
    if not focus:
        raise ViewError("neighbourhood 图须用 --focus 指定中心节点的编号")
    if not 1 <= depth <= MAX_DEPTH:
        raise ViewError(f"--depth 应为1至{MAX_DEPTH}")
    label = store.labels_of([focus]).get(focus)
    if label is None:
        raise ViewError(f"没有编号为 {focus} 的节点")
    graph = nx.MultiDiGraph()
    labels = {focus: label}
    hops = {focus: 0}
    frontier = [focus]
    for hop in range(depth + 1):
        # The store reads them its fastest way (BENCHMARKS.md, "Maps on Neo4j"). The outer
        # ring's links to nodes further out are not drawn, and its links inward were read from
        # the ring before: only the links among its own nodes are left to read.
        by_label: dict[str, list[str]] = {}
        for node in frontier:
            by_label.setdefault(labels[node], []).append(node)
        found = store.links_touching(by_label, among=hop == depth)
        nxt = []
        for row in found:
            for end, end_label in ((row["source"], row["source_label"]),
                                   (row["target"], row["target_label"])):
                if end not in hops and hop < depth:
                    hops[end], labels[end] = hop + 1, end_label
                    nxt.append(end)
            if row["source"] in hops and row["target"] in hops:
                add_edge(graph, row["source"], row["target"], row["type"],
                         dashes=row.get("status") == "proposed", title=link_title(row))
        frontier = nxt
    graph.add_nodes_from(hops)
    by_label: dict[str, set] = {}
    for node, lab in labels.items():
        by_label.setdefault(lab, set()).add(node)
    add_nodes(store, graph, by_label)
    for node in graph:
        graph.nodes[node]["measure"] = graph.degree(node)
    graph.nodes[focus]["flag"] = True
    graph.nodes[focus]["title_node"] = True
    name = graph.nodes[focus].get("name") if label != "Person" else focus
    return graph, MapMeta(title=f"关系网络：{name}（{depth} 层）", command="", layout="physics",
                          roots=[focus], measure_text="节点大小：连接数", flag_text="中心节点",
                          file_stem=f"neighbourhood-{focus}")



def _neighbourhood_in_report(analyses, within):
    return [{"focus": within}] if within else []


VIEWS = (
    View("hierarchy", "组织体系图：先显示县、乡镇和村",
         hierarchy, options=(WITHIN,), report=lambda analyses, within: [{"within": within}]),
    View("neighbourhood", "周边关系图：--focus 所指节点 --depth 步以内的全部节点", neighbourhood,
         options=(Option("focus", "居中的节点（任意编号）", metavar="编号"),
                  Option("depth", "距居中节点的最多步数", metavar="步数", type=int, default=1,
                         min=1, max=MAX_DEPTH)),
         report=_neighbourhood_in_report),
)
