"""`orggraph report`: a folder with index.html (coverage summary, chain ranking, pairing plan as
tables) and every map it links to; all of it works offline from file://."""
from __future__ import annotations

import shlex
from dataclasses import dataclass, field
from pathlib import Path

from .maps.build import data_date, render_map, template, write_map
from .maps.inputs import Analyses
from .maps.view import region_row
from .maps.views import REGISTRY, build_view, map_settings
from .output import file_name, inside
from .privacy import mask_person_names
from .store import Store


@dataclass
class Report:
    folder: Path
    maps: list[dict] = field(default_factory=list)        # title, file, nodes
    sections: list[dict] = field(default_factory=list)    # id, title, note, tables

    @property
    def index(self) -> Path:
        return self.folder / "index.html"


def _round(rows: list[dict]) -> list[dict]:
    return [{k: round(v, 3) if isinstance(v, float) else v for k, v in r.items()} for r in rows]


def _table(rows: list[dict], caption: str = "") -> dict:
    columns: dict[str, None] = {}
    for row in rows:
        columns.update(dict.fromkeys(row))
    return {"caption": caption, "columns": list(columns), "rows": _round(rows)}


def _coverage(analyses: Analyses, within: str | None) -> dict:
    from .analyses.coverage import summary

    findings = analyses.coverage(within)
    return {"id": "coverage", "title": f"覆盖问题汇总（{len(findings)}项）",
            "note": "按问题类型（行）和乡镇（列）计数；明细见 orggraph coverage。",
            "tables": [_table(summary(findings))]}


def _trend(analyses: Analyses) -> dict:
    from .history.trend import section

    return section(analyses.store, analyses.coverage(), analyses.every, analyses.as_of)


def _chains(analyses: Analyses) -> dict:
    from .analyses.influence import summary_rows

    settings = analyses.influence_settings()
    return {"id": "chains", "title": "链主带动排名",
            "note": f"reach = 链主{settings.hops}步内可达的链上企业数；index = 带动指数（0–100）。",
            "tables": [_table(summary_rows(analyses.influence()))]}


def _pairing(analyses: Analyses, within: str | None) -> dict:
    plan = analyses.pairing(within)
    objective = {k: v for k, v in plan.objective.items() if not isinstance(v, (dict, list))}
    return {"id": "pairing", "title": "跨村联建方案",
            "note": "existing = 已联建；proposed = 本方案拟联建；未分配的弱村列出原因。",
            "tables": [_table([objective], "目标与求解"),
                       _table(plan.cluster_rows(), "片区成员"),
                       _table(plan.unassigned_rows(), "未分配的弱村")]}


def _command(view: str, opts: dict) -> str:
    parts = ["orggraph", "render", view]
    for name, value in opts.items():
        if value not in (None, False):
            parts += [f"--{name.replace('_', '-')}", str(value)]
    return shlex.join(parts)


def write_report(store: Store, folder: str | Path, *, cfg=({}, None), within: str | None = None,
                 show_names: bool = False, command: str = "orggraph report",
                 analyses: Analyses | None = None, as_of=None) -> Report:
    """Write index.html and a page per map of the registry into `folder`; every analysis runs
    once (`analyses`) and feeds both the tables and the maps. Person names are masked unless
    `show_names`. Everything is as of `as_of` (--as-of; default: the data's date)."""
    analyses = analyses or Analyses(store, cfg, as_of)
    report = Report(Path(folder))
    report.folder.mkdir(parents=True, exist_ok=True)
    report.sections += [_coverage(analyses, within), _trend(analyses), _chains(analyses),
                        _pairing(analyses, within)]
    if not show_names:
        for section in report.sections:
            for table in section["tables"]:
                table["rows"] = mask_person_names(table["rows"], store)
    settings = map_settings(cfg)
    for view in REGISTRY.values():
        for opts in (view.report(analyses, within) if view.report else []):
            graph, meta = build_view(store, view.name, cfg=cfg, analyses=analyses, **opts)
            dated = {"as_of": analyses.as_of} if view.needs and analyses.as_of else {}
            meta.command = _command(view.name, {**opts, **dated})
            file = file_name("", meta.file_stem, ".html")  # ids become safe names (output.py)
            write_map(inside(report.folder, file),
                      render_map(graph, meta, settings, show_names=show_names))
            report.maps.append({"title": meta.title, "file": file, "nodes": graph.number_of_nodes()})
    name = region_row(store, within)["name"] if within else ""
    html = template("report.html").render(
        title="组织网络分析报告" + (f"：{name}" if name else ""), data_date=data_date(store, analyses.as_of),
        command=command, show_names=show_names, maps=report.maps, sections=report.sections)
    write_map(report.index, html)
    return report
