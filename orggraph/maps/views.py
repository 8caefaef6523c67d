"""The registry of map views: every view declared once, in its own module's VIEWS (name, help,
options, needs, builder, what the report draws). `orggraph render`, `orggraph report` and their
--help are derived from it.

To add a view: write its builder and its `View(...)` in a view module (place_views.py for maps
of the graph itself, analysis_views.py for maps of an analysis), and its test.
"""
from __future__ import annotations

import networkx as nx

from .. import config
from . import analysis_views, place_views
from .build import MapMeta, MapSettings, data_date, render_map
from .inputs import Analyses
from .view import Option, View, ViewError

REGISTRY: dict[str, View] = {v.name: v for module in (place_views, analysis_views)
                             for v in module.VIEWS}
VIEWS = tuple(REGISTRY)
MAX_DEPTH = place_views.MAX_DEPTH

__all__ = ["REGISTRY", "VIEWS", "View", "Option", "ViewError", "Analyses", "build_view",
           "render_view", "map_settings", "options"]


def options() -> dict[str, tuple[Option, list[str]]]:
    """Every option of every view, once: name -> (option, the views that take it)."""
    out: dict[str, tuple[Option, list[str]]] = {}
    for v in REGISTRY.values():
        for opt in v.options:
            out.setdefault(opt.name, (opt, []))[1].append(v.name)
    return out


def build_view(store, view: str, *, cfg: tuple[dict, str | None] = ({}, None),
               analyses: Analyses | None = None, as_of=None,
               **opts) -> tuple[nx.MultiDiGraph, MapMeta]:
    """The graph and meta of one view; `opts` are the view's own options; the analyses are
    `analyses`' (or computed for this view, as of `as_of`)."""
    analyses = analyses or Analyses(store, cfg, as_of)
    if view not in REGISTRY:
        raise ViewError(f"没有地图 {view}；可选：{'、'.join(VIEWS)}")
    known = {o.name for o in REGISTRY[view].options}
    wrong = sorted(k for k, v in opts.items() if k not in known and v not in (None, False))
    if wrong:
        raise ViewError(f"{view} 图没有选项 --{wrong[0].replace('_', '-')}")
    graph, meta = REGISTRY[view].build(store, analyses,
                                       **{k: v for k, v in opts.items() if k in known})
    meta.data_date = data_date(store, analyses.date)
    return graph, meta


def render_view(store, view: str, *, command: str, cfg: tuple[dict, str | None] = ({}, None),
                show_names: bool = False, analyses: Analyses | None = None, as_of=None,
                **opts) -> str:
    """The page of one view."""
    graph, meta = build_view(store, view, cfg=cfg, analyses=analyses, as_of=as_of, **opts)
    meta.command = command
    return render_map(graph, meta, map_settings(cfg), show_names=show_names)


def map_settings(cfg: tuple[dict, str | None]) -> MapSettings:
    return config.settings(MapSettings, cfg[0], "maps", cfg[1])
