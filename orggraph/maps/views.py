"""The five maps: what each gathers from the store and the analyses, as a graph plus MapMeta.

Each view returns (graph, meta); `render_view` turns them into a page. Nodes carry `label`,
`name` (raw: build.py masks people), `kind`, and optionally `stars`, `measure`, `info`,
`colours` (scheme -> colour), `flag`, `shape`, `lat`/`lon`.
"""
from __future__ import annotations

import networkx as nx

from .. import config
from ..queries import QueryError
from . import legend
from .build import MapMeta, MapSettings, data_date, render_map
from .gather import CHUNK, add_edge, add_nodes, edge_legend, rows, rows_for

VIEWS = ("hierarchy", "coverage", "chain", "pairing", "neighbourhood")
MAX_DEPTH = 3
FEW_IDS = 64
GREY = "#d5d9dc"


class ViewError(QueryError):
    """A map that cannot be drawn as asked; the message is for the user."""


def _check_region(store, within: str | None) -> None:
    if within and store.labels_of([within]).get(within) != "Region":
        raise ViewError(f"no region with id {within!r}")


def hierarchy(store, within: str | None = None, **_) -> tuple[nx.MultiDiGraph, MapMeta]:
    """The organisation tree (MEMBER_OF, and LEADS between organisations); with `within`, the
    organisations built at or below that region and every organisation below those."""
    _check_region(store, within)
    graph = nx.MultiDiGraph()
    for row in rows(store, "maps/orgs_within", within=within or ""):
        graph.add_node(row["id"])
    # Walk down from those: every organisation with a MEMBER_OF path up to one of them, reading
    # only the links of the organisations reached (not the whole province's tree), unless the
    # map holds every organisation anyway.
    links: set[tuple[str, str, str]] = set()
    frontier = set(graph) if within else set()
    if not within:
        links = {(r["source"], r["target"], r["type"]) for r in rows(store, "maps/org_links")}
    while frontier:
        found = {(r["source"], r["target"], r["type"])
                 for r in rows_for(store, "maps/org_links", frontier)}
        links |= found
        frontier = {a for a, b, key in found if key == "MEMBER_OF" and b in graph} - set(graph)
        graph.add_nodes_from(frontier)
    add_nodes(store, graph, {"OrgUnit": set(graph)})
    for a, b, key in sorted(links):
        if a in graph and b in graph:
            add_edge(graph, a, b, key, dashes=key == "LEADS")
    tree = nx.DiGraph((a, b) for a, b, k in graph.edges(keys=True) if k == "MEMBER_OF")
    tree.add_nodes_from(graph)
    for node in graph:
        graph.nodes[node]["measure"] = len(nx.ancestors(tree, node))
        graph.nodes[node]["info"]["units_below"] = graph.nodes[node]["measure"]
    roots = sorted((n for n in graph if tree.out_degree(n) == 0),
                   key=lambda n: (-graph.nodes[n]["measure"], n))
    where = f"（{within}）" if within else ""
    return graph, MapMeta(title=f"组织体系图{where}", command="", layout="radial", roots=roots, prefer=("MEMBER_OF",),
                          measure_text="节点大小：下级组织数", edge_legend=edge_legend(graph),
                          file_stem="hierarchy")


def neighbourhood(store, focus: str | None = None, depth: int = 1, **_) -> tuple[nx.MultiDiGraph, MapMeta]:
    """Every node within `depth` links of `focus`, in any direction, and the links among them."""
    if not focus:
        raise ViewError("the neighbourhood map needs --focus ID")
    if not 1 <= depth <= MAX_DEPTH:
        raise ViewError(f"--depth must be 1 to {MAX_DEPTH}")
    label = store.labels_of([focus]).get(focus)
    if label is None:
        raise ViewError(f"no node with id {focus!r}")
    graph = nx.MultiDiGraph()
    labels = {focus: label}
    hops = {focus: 0}
    frontier = [focus]
    for hop in range(depth + 1):
        # A few ids are fastest tested with IN; a frontier of hundreds is joined instead,
        # which on LadybugDB costs about one scan however many ids there are (BENCHMARKS.md).
        links = "maps/links_touching" if len(frontier) <= FEW_IDS else "maps/links_touching_many"
        found = [row for start in range(0, len(frontier), CHUNK)
                 for row in rows(store, links, ids=frontier[start:start + CHUNK])]
        nxt = []
        for row in found:
            for end, end_label in ((row["source"], row["source_label"]),
                                   (row["target"], row["target_label"])):
                if end not in hops and hop < depth:
                    hops[end], labels[end] = hop + 1, end_label
                    nxt.append(end)
            if row["source"] in hops and row["target"] in hops:
                status = row.get("status") or ""
                add_edge(graph, row["source"], row["target"], row["type"],
                         dashes=status == "proposed",
                         title=" ".join(filter(None, (legend.rel_text(row["type"]), row.get("mode"),
                                                      row.get("role"), row.get("tier"), status))))
        frontier = nxt
    graph.add_nodes_from(hops)
    by_label: dict[str, set] = {}
    for node, lab in labels.items():
        by_label.setdefault(lab, set()).add(node)
    add_nodes(store, graph, by_label)
    for node in graph:
        graph.nodes[node]["measure"] = graph.degree(node)
    graph.nodes[focus]["flag"] = True
    name = graph.nodes[focus].get("name") if label != "Person" else focus
    return graph, MapMeta(title=f"关系网络：{name}（{depth} 层）", command="", layout="physics",
                          roots=[focus], measure_text="节点大小：连接数；红框：中心节点",
                          edge_legend=edge_legend(graph), file_stem=f"neighbourhood-{focus}")


def build_view(store, view: str, *, cfg: tuple[dict, str | None] = ({}, None),
               **options) -> tuple[nx.MultiDiGraph, MapMeta]:
    """The graph and meta of one view; `options` are the view's (within, chain, focus, depth)."""
    from . import analysis_views

    makers = {"hierarchy": hierarchy, "neighbourhood": neighbourhood,
              "coverage": analysis_views.coverage, "chain": analysis_views.chain,
              "pairing": analysis_views.pairing}
    if view not in makers:
        raise ViewError(f"no map view {view!r}; known: {', '.join(VIEWS)}")
    graph, meta = makers[view](store, cfg=cfg, **options)
    meta.data_date = data_date(store, options.get("as_of"))
    return graph, meta


def render_view(store, view: str, *, command: str, cfg: tuple[dict, str | None] = ({}, None),
                show_names: bool = False, **options) -> str:
    """The page of one view."""
    graph, meta = build_view(store, view, cfg=cfg, **options)
    meta.command = command
    return render_map(graph, meta, map_settings(cfg), show_names=show_names)


def map_settings(cfg: tuple[dict, str | None]) -> MapSettings:
    return config.settings(MapSettings, cfg[0], "maps", cfg[1])
