"""`orggraph report`: a folder with index.html (coverage summary, chain ranking, pairing plan as
tables) and every map it links to; all of it works offline from file://."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .maps.build import MapMeta, data_date, render_map, template, write_map
from .maps.views import build_view, map_settings
from .output import file_name, inside
from .privacy import mask_person_names
from .store import Store


def settings_from_config(parsed: dict, source: str | None):
    """The typed settings of a parsed config (imported late: settings imports the maps)."""
    from .settings import from_config

    return from_config(parsed, source)



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


def _coverage(store: Store, cfg, within: str | None, as_of=None) -> dict:
    from .analyses.coverage import find_gaps, summary

    every = settings_from_config(*cfg)
    findings = find_gaps(store, within=within, settings=every.coverage, villages=every.villages,
                         as_of=as_of)
    return {"id": "coverage", "title": f"覆盖缺口汇总（{len(findings)} 项）",
            "note": "按规则（行）和乡镇（列）计数；明细见 orggraph coverage。",
            "tables": [_table(summary(findings))]}


def _trend(store: Store, cfg, as_of=None) -> dict:
    from .analyses.coverage import find_gaps
    from .history.trend import section

    every = settings_from_config(*cfg)
    return section(store, find_gaps(store, settings=every.coverage, villages=every.villages,
                                    as_of=as_of), every, as_of)


def _chains(store: Store, cfg, as_of=None) -> tuple[dict, list[str]]:
    from .analyses.influence import analyse_chains, summary_rows

    every = settings_from_config(*cfg)
    settings = every.influence
    results = analyse_chains(store, None, settings, villages=every.villages, as_of=as_of)
    return ({"id": "chains", "title": "链主带动排名",
             "note": f"reach = 链主 {settings.hops} 步内可达的链上企业数；index = 带动指数（0–100）。",
             "tables": [_table(summary_rows(results))]},
            [r["chain"] for r in results])


def _pairing(store: Store, cfg, within: str | None, as_of=None) -> dict:
    from .analyses.pairing import plan_pairs

    every = settings_from_config(*cfg)
    settings = every.pairing
    plan = plan_pairs(store, settings, within, villages=every.villages, as_of=as_of)
    objective = {k: v for k, v in plan.objective.items() if not isinstance(v, (dict, list))}
    return {"id": "pairing", "title": "跨村联建方案",
            "note": "existing = 现有共建；proposed = 本方案拟联建；未分配的弱村列出原因。",
            "tables": [_table([objective], "目标与求解"),
                       _table(plan.cluster_rows(), "片区成员"),
                       _table(plan.unassigned_rows(), "未分配的弱村")]}


def _map(store: Store, report: Report, cfg, show_names: bool, view: str, file: str,
         command: str, **options) -> MapMeta:
    graph, meta = build_view(store, view, cfg=cfg, **options)
    meta.command = command
    write_map(inside(report.folder, file),
              render_map(graph, meta, map_settings(cfg), show_names=show_names))
    report.maps.append({"title": meta.title, "file": file, "nodes": graph.number_of_nodes()})
    return meta


def write_report(store: Store, folder: str | Path, *, cfg=({}, None), within: str | None = None,
                 show_names: bool = False, command: str = "orggraph report",
                 as_of=None) -> Report:
    """Write index.html and its maps into `folder`, as of `as_of` (default: the data's date);
    person names are masked unless `show_names`."""
    report = Report(Path(folder))
    report.folder.mkdir(parents=True, exist_ok=True)
    scope = f" --within {within}" if within else ""
    dated = f" --as-of {as_of}" if as_of else ""
    report.sections.append(_coverage(store, cfg, within, as_of))
    report.sections.append(_trend(store, cfg, as_of))
    chains_section, chain_ids = _chains(store, cfg, as_of)
    report.sections.append(chains_section)
    report.sections.append(_pairing(store, cfg, within, as_of))
    if not show_names:
        for section in report.sections:
            for table in section["tables"]:
                table["rows"] = mask_person_names(table["rows"], store)
    _map(store, report, cfg, show_names, "hierarchy", "hierarchy.html",
         f"orggraph render hierarchy{scope}", within=within, as_of=as_of)
    _map(store, report, cfg, show_names, "coverage", "coverage.html",
         f"orggraph render coverage{scope}{dated}", within=within, as_of=as_of)
    _map(store, report, cfg, show_names, "pairing", "pairing.html",
         f"orggraph render pairing{scope}{dated}", within=within, as_of=as_of)
    for chain_id in chain_ids:
        _map(store, report, cfg, show_names, "chain", file_name("chain-", chain_id, ".html"),
             f"orggraph render chain --chain {chain_id}{dated}", chain=chain_id, as_of=as_of)
    if within:
        _map(store, report, cfg, show_names, "neighbourhood",
             file_name("neighbourhood-", within, ".html"),
             f"orggraph render neighbourhood --focus {within}", focus=within, as_of=as_of)
    html = template("report.html").render(
        title="组织网络分析报告" + (f"（{within}）" if within else ""),
        data_date=data_date(store, as_of),
        command=command, show_names=show_names, maps=report.maps, sections=report.sections)
    write_map(report.index, html)
    return report
