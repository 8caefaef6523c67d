"""A map as one self-contained HTML string: vis-network's nodes, edges and options rendered into
our own template.

pyvis's template loads Bootstrap from a CDN even "in_line", and its write_html uses the platform
encoding; so only vis-network's JS/CSS are read from the pyvis package and inlined, and the file
is written as UTF-8 by `write_map`. Nodes and edges are vis-network objects built here (the same
objects pyvis's Network would make: its add_node/add_edge test membership in a list, quadratic
in the map's size — 5 s of a 9,000-node map).
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import jinja2
import networkx as nx
import pyvis

from .. import model
from ..output import OutputError, cannot_write, write_text
from ..settings import MapSettings
from . import layout, legend
from .mask import display_name, public_info

FLAG_COLOUR = legend.FLAG_COLOUR
LABEL_MIN_PX = 10  # a label smaller than this on screen is not drawn (zoom in to see it)
# Labels of the details panel for the keys views put into a node's `info` (TERMS.md §3).
KEY_TEXT = {"id": "编号", "name": "名称", "label": "类别", "kind": "类型", "stars": "星级",
            "weak": "是否软弱涣散", "problems": "问题数（项）", "units": "单位数",
            "rate": "有问题的单位占比", "town": "所属乡镇（街道）", "tier": "链上位置",
            "sector": "所属行业", "employees": "职工人数（人）", "party_members": "党员数（名）",
            "households": "户数（户）", "rules": "问题类型", "responsible": "责任单位",
            "reach": "带动企业（家）", "reached": "在链主带动范围内",
            "reach_share": "带动覆盖率（占链上企业）", "cluster": "联建片区", "role": "联建角色",
            "score": "综合评分", "distance_km": "距中心村（公里）", "units_below": "下级组织数",
            "degree": "连接数", "influence": "带动指数（0–100）", "main_industry": "主导产业",
            "chain": "产业链", "reason": "未纳入联建的原因", "members": "链上企业数（家，含链主）",
            "rank": "带动指数排名", "leader": "链主企业", "leader_lacks": "链主企业尚缺",
            "lat": "纬度", "lon": "经度", "status": "组建状态"}


@dataclass
class MapMeta:
    """What a view says about its map besides the graph."""
    title: str
    command: str
    data_date: str = ""
    layout: str = "physics"  # physics | tree | radial | geo
    roots: list = field(default_factory=list)
    prefer: tuple = ()  # relationship types the layout hangs nodes by (see layout.spanning_forest)
    schemes: dict = field(default_factory=dict)  # extra colour schemes: key -> {title, legend}
    default_scheme: str = "kind"
    measure_text: str = ""
    edge_legend: list = field(default_factory=list)  # the view's own lines: [{text, color, dashes}]
    flag_text: str = ""  # what a red border means, when the view flags nodes
    file_stem: str = "orggraph-map"


def data_date(store, given=None) -> str:
    """The data's date (as of): `given` (--as-of), else the bundle's as_of, else its load date
    (notions.as_of)."""
    from ..notions import as_of

    return as_of(store, given).isoformat()


@cache
def vis_assets() -> tuple[str, str]:
    """vis-network's JS and CSS as shipped inside pyvis (the newest version it bundles)."""
    root = Path(pyvis.__file__).parent
    folders = sorted((root / "templates" / "lib").glob("vis-*"),
                     key=lambda p: tuple(int(x) for x in p.name[4:].split(".")))
    folder = folders[-1]
    js = (folder / "vis-network.min.js").read_text(encoding="utf-8")
    css = (folder / "vis-network.css").read_text(encoding="utf-8")
    if "</script" in js.lower() or "</style" in css.lower():
        raise RuntimeError(f"{folder}: cannot be inlined safely")
    return js, css


@cache
def template(name: str = "template.html") -> jinja2.Template:
    """A page template of this folder (the map, or the report's index)."""
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(Path(__file__).parent),
                             autoescape=True)
    # tojson escapes < > & ' as \u003c...; keep other text readable (and greppable in tests).
    env.policies["json.dumps_kwargs"] = {"ensure_ascii": False, "sort_keys": False}
    return env.get_template(name)


def _sizes(graph: nx.Graph, settings: MapSettings) -> dict:
    """Node sizes by `measure`, scaled separately for the overview and the folded detail (a
    town's open problems and one enterprise's are not on one scale)."""
    values = {n: float(a.get("measure") or 0.0) for n, a in graph.nodes(data=True)}
    folded = {n for n, a in graph.nodes(data=True) if a.get("fold") is not None}
    tops = {part: max((v for n, v in values.items() if (n in folded) == part), default=0.0)
            for part in (True, False)}
    span = settings.max_size - settings.min_size
    sizes = {}
    for n, v in values.items():
        top = tops[n in folded]
        sizes[n] = settings.min_size + (span * math.sqrt(v / top) if top > 0 else 0.0)
        if n not in folded and folded:
            sizes[n] += span / 2  # an overview node stands out from the detail it folds
    return sizes


def _positions(graph: nx.Graph, meta: MapMeta, settings: MapSettings) -> dict | None:
    chosen = meta.layout
    if chosen == "physics" and graph.number_of_nodes() > settings.physics_max_nodes:
        chosen = "radial"
    if chosen == "tree":
        return layout.tree_positions(graph, meta.roots, meta.prefer)
    folds = {n: a["fold"] for n, a in graph.nodes(data=True) if a.get("fold") is not None}
    if chosen == "radial" and folds:
        return layout.folded_positions(graph, meta.roots, meta.prefer, folds)
    if chosen == "radial":
        return layout.radial_positions(graph, meta.roots, meta.prefer)
    if chosen == "geo":
        points = {n: (a["lat"], a["lon"]) for n, a in graph.nodes(data=True)
                  if a.get("lat") is not None and a.get("lon") is not None}
        rest = graph.subgraph([n for n in graph if n not in points])
        return layout.geo_positions(points, layout.radial_positions(rest))
    return None


def _schemes(graph: nx.Graph, meta: MapMeta, kinds: dict) -> dict:
    entries = [legend.entry(f"{lab}:{kind or ''}", legend.kind_text(lab, kind), colour,
                            legend.SHAPES[lab]) for (lab, kind), colour in kinds.items()]
    schemes = {"kind": {"title": "类型", "legend": entries}}
    stars = sorted({a.get("stars") for _, a in graph.nodes(data=True) if a["label"] == "OrgUnit"},
                   key=lambda s: -1 if s is None else s)
    if stars:
        schemes["stars"] = {"title": "星级", "legend": [
            legend.entry(str(s), legend.star_text(s), legend.star_colour(s)) for s in stars]}
    schemes.update(meta.schemes)
    return schemes


def _rounded(value):
    if isinstance(value, float):
        return round(value, 2)
    return value


def _node(node_id, attrs: dict, schemes: dict, show_names: bool, kinds: dict) -> dict:
    label = attrs["label"]
    name = display_name(label, attrs.get("name"), show_names)
    colours = {"kind": kinds[(label, attrs.get("kind"))]}
    if "stars" in schemes:
        colours["stars"] = legend.star_colour(attrs.get("stars")) if label == "OrgUnit" \
            else legend.NO_VALUE
    colours.update(attrs.get("colours") or {})
    info = {"id": node_id, "name": name, "label": legend.label_text(label)}
    if label != "Person":
        if attrs.get("kind"):
            info["kind"] = legend.kind_text(label, attrs["kind"])
        info.update({k: v if k in ("lat", "lon") else _rounded(v)
                     for k, v in (attrs.get("info") or {}).items() if v is not None and v != ""})
    return {"olabel": label, "kind": attrs.get("kind") or "", "colours": colours,
            "info": public_info(label, info), "flag": bool(attrs.get("flag")),
            "prio": 3 if attrs.get("title_node") else 0, "fold": attrs.get("fold"),
            "badges": attrs.get("badges") or [],
            "search": f"{name} {node_id}".lower(), "label_text": name,
            "shape": attrs.get("shape") or legend.SHAPES[label],
            "title": f"{name}（{info.get('kind', info['label'])}）"}


def _filters(graph: nx.Graph) -> list[dict]:
    counts: dict = {}
    for _, a in graph.nodes(data=True):
        kinds = counts.setdefault(a["label"], {})
        kinds[a.get("kind") or ""] = kinds.get(a.get("kind") or "", 0) + 1
    return [{"label": lab.name, "text": legend.label_text(lab.name),
             "count": sum(counts[lab.name].values()),
             "kinds": [{"kind": k, "text": legend.kind_text(lab.name, k), "count": c}
                       for k, c in sorted(counts[lab.name].items()) if k]}
            for lab in model.LABELS if lab.name in counts]


def _options(graph: nx.Graph, physics: bool, settings: MapSettings) -> dict:
    large = graph.number_of_nodes() > settings.physics_max_nodes
    return {
        "autoResize": True,
        # Labels under LABEL_MIN_PX on screen are not drawn (vis draws from drawThreshold − 1).
        "nodes": {"font": {"size": 14, "face": "sans-serif", "strokeWidth": 3,
                           "strokeColor": "#ffffff"}, "borderWidth": 2,
                  "scaling": {"label": {"drawThreshold": LABEL_MIN_PX + 1}}},
        "edges": {"smooth": False if large else {"type": "continuous"},
                  "arrows": {"to": {"enabled": True, "scaleFactor": 0.5}},
                  "color": {"inherit": False}},
        "layout": {"improvedLayout": not large and physics, "randomSeed": 7},
        "interaction": {"hover": not large, "hideEdgesOnDrag": large,
                        "hideEdgesOnZoom": large, "tooltipDelay": 200},
        "physics": {"enabled": physics, "solver": "forceAtlas2Based",
                    "forceAtlas2Based": {"gravitationalConstant": -90, "springLength": 110,
                                         "avoidOverlap": 0.4},
                    "stabilization": {"enabled": physics,
                                      "iterations": settings.stabilization_iterations}},
    }


def render_map(graph: nx.Graph, meta: MapMeta, settings: MapSettings | None = None,
               show_names: bool = False) -> str:
    """The map of `graph` (nodes carry label, name, kind and optionally stars, measure, info,
    colours, flag, shape, lat/lon; edges carry type and optionally color, dashes, title, width)
    as a self-contained HTML page."""
    settings = settings or MapSettings()
    kinds = legend.kind_colours({(a["label"], a.get("kind")) for _, a in graph.nodes(data=True)})
    schemes = _schemes(graph, meta, kinds)
    if meta.default_scheme not in schemes:
        meta.default_scheme = "kind"
    positions = _positions(graph, meta, settings)
    physics = positions is None
    sizes = _sizes(graph, settings)
    nodes: list[dict] = []
    folded: dict = {}
    for _, attrs in graph.nodes(data=True):
        if attrs.get("fold") is not None:
            folded[attrs["fold"]] = folded.get(attrs["fold"], 0) + 1
    for node_id, attrs in graph.nodes(data=True):
        data = _node(node_id, attrs, schemes, show_names, kinds)
        if folded.get(node_id):  # the tooltip says what a click opens
            data["title"] += f"，点击展开（{folded[node_id]} 个）"
        colour = data["colours"].get(meta.default_scheme, legend.NO_VALUE)
        extra = {"x": positions[node_id][0], "y": positions[node_id][1]} if positions else {}
        label, shape = data.pop("label_text") or node_id, data.pop("shape")
        nodes.append({"color": {"background": colour,
                                "border": FLAG_COLOUR if data["flag"] else colour},
                      "size": sizes[node_id], "title": data.pop("title"),
                      "hidden": data["fold"] is not None, **data, **extra,
                      "id": node_id, "label": label, "shape": shape})
    types = {}  # the model's relationship types drawn in their own colour, with their ends
    for source, target, attrs in graph.edges(data=True):
        if not attrs.get("color"):
            types.setdefault(attrs["type"], set()).add((graph.nodes[source]["label"],
                                                        graph.nodes[target]["label"]))
    rel_colours = legend.rel_colours(types)
    edges = []
    for source, target, attrs in graph.edges(data=True):
        title = attrs.get("title") or legend.rel_text(attrs["type"], graph.nodes[source]["label"],
                                                      graph.nodes[target]["label"])
        edges.append({"title": title, "color": attrs.get("color") or rel_colours[attrs["type"]],
                      "dashes": bool(attrs.get("dashes")), "width": attrs.get("width") or 1,
                      "from": source, "to": target, "arrows": "to"})
    options = _options(graph, physics, settings)
    vis_js, vis_css = vis_assets()
    shapes = legend.shape_entries({a["label"] for _, a in graph.nodes(data=True)})
    flagged = any(a.get("flag") for _, a in graph.nodes(data=True))
    page_meta = {"schemes": schemes, "default_scheme": meta.default_scheme, "shapes": shapes,
                 "edge_legend": legend.edge_entries(types, rel_colours) + meta.edge_legend,
                 "flag": {"text": meta.flag_text or "有标记", "color": FLAG_COLOUR} if flagged else None,
                 "folded": any(a.get("fold") is not None for _, a in graph.nodes(data=True)),
                 "measure_text": meta.measure_text,
                 "filters": _filters(graph), "key_text": KEY_TEXT, "physics": physics,
                 "file_stem": meta.file_stem}
    return template().render(title=meta.title, data_date=meta.data_date, command=meta.command,
                              node_count=len(nodes), edge_count=len(edges), vis_js=vis_js,
                              vis_css=vis_css, data={"nodes": nodes, "edges": edges,
                                                     "options": options, "meta": page_meta})


def write_map(path: str | Path, html: str) -> Path:
    """Write the page as UTF-8 whatever the platform's encoding (pyvis would use GBK on Chinese
    Windows)."""
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(cannot_write(path, exc)) from None
    return write_text(path, html, newline="\n")
