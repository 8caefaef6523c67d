"""`orggraph report`: a folder with index.html (coverage summary, chain ranking, pairing plan as
tables) and every map it links to; all of it works offline from file://."""
from __future__ import annotations

import shlex
from dataclasses import dataclass, field
from pathlib import Path

from . import display
from .maps.build import data_date, render_map, template, write_map
from .maps.inputs import Analyses
from .maps.view import region_row
from .maps.views import REGISTRY, build_view, map_settings
from .output import file_name, inside
from .privacy import mask_person_names
from .store import Store


PDF_NAME = "report.pdf"


@dataclass
class Report:
    folder: Path
    title: str = ""
    maps: list[dict] = field(default_factory=list)        # title, file, nodes
    sections: list[dict] = field(default_factory=list)    # id, title, note, tables

    @property
    def index(self) -> Path:
        return self.folder / "index.html"

    @property
    def pdf(self) -> Path:
        return self.folder / PDF_NAME


def _table(rows: list[dict], caption: str = "", context: str | None = None,
           hidden: tuple[str, ...] = ()) -> dict:
    columns: dict[str, None] = {}
    for row in rows:
        columns.update(dict.fromkeys(k for k in row if k not in hidden))
    return {"caption": caption, "columns": list(columns), "rows": rows, "context": context}


def _for_people(table: dict) -> None:
    """Headers and cells as people read them (orggraph/display.py): Chinese, rounded."""
    context, columns = table.pop("context", None), table["columns"]
    table["columns"] = [display.header(c, context) for c in columns]
    table["rows"] = [{display.header(c, context): display.value(c, row.get(c), context, row=row)
                      for c in columns} for row in table["rows"]]


def _coverage(analyses: Analyses, within: str | None) -> dict:
    from .analyses.coverage import summary

    findings = analyses.coverage(within)
    return {"id": "coverage", "title": f"覆盖问题汇总（{len(findings)}项）",
            "note": "按问题类型（行）和乡镇（列）计数；明细见 orggraph coverage。",
            "tables": [_table(summary(findings), context="coverage", hidden=("rule",))]}


def _trend(analyses: Analyses) -> dict:
    from .history.trend import section

    return section(analyses.store, analyses.coverage(), analyses.every, analyses.as_of)


def _chains(analyses: Analyses) -> dict:
    from .analyses.influence import summary_rows

    settings = analyses.influence_settings()
    return {"id": "chains", "title": "链主带动排名",
            "note": f"带动企业：链主企业沿供应配套关系{settings.hops}级以内可达的链上企业；"
                    "带动指数0–100，越高带动作用越强。",
            "tables": [_table(summary_rows(analyses.influence()), context="influence")]}


# What a reader of the plan needs of its objective; the solver's internals (subproblems, gap,
# seconds) stay in `orggraph pair --format json`.
OBJECTIVE_SHOWN = ("weak_villages", "already_paired", "paired", "unassigned",
                   "paired_upper_bound", "centres", "centres_used", "total_score", "status")


def _pairing(analyses: Analyses, within: str | None) -> dict:
    plan = analyses.pairing(within)
    objective = {k: plan.objective[k] for k in OBJECTIVE_SHOWN if k in plan.objective}
    return {"id": "pairing", "title": "跨村联建方案",
            "note": "联建状态分已联建、拟联建（本方案）；未纳入联建的弱村逐一列出原因。",
            "lead": plan.objective.get("words") or "",
            "tables": [_table(display.items(objective, "pairing"), "目标与求解", "pairing"),
                       _table(plan.cluster_rows(), "片区成员", "pairing", hidden=("centre",)),
                       _table(plan.unassigned_rows(), "未纳入联建的弱村", "pairing")]}


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
    for section in report.sections:
        for table in section["tables"]:
            if not show_names:
                table["rows"] = mask_person_names(table["rows"], store)
            _for_people(table)
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
    report.title = "组织网络分析报告" + (f"：{name}" if name else "")
    html = template("report.html").render(
        title=report.title, data_date=data_date(store, analyses.date),
        command=command, show_names=show_names, maps=report.maps, sections=report.sections)
    write_map(report.index, html)
    return report


def write_pdf(report: Report) -> Path:
    """report.pdf beside index.html: the index, then every map as it prints (A4 landscape),
    with a bookmark per page; made by the installed headless Chromium (pdf.py)."""
    from .pdf import PdfError, print_pages

    pages = [(report.index, report.title)] + [(report.folder / m["file"], m["title"])
                                              for m in report.maps]
    try:
        return print_pages(pages, report.pdf)
    except PdfError as exc:
        raise PdfError(f"{exc}（HTML 报告已写入 {report.index}，可用浏览器打开后打印。）") from None
