"""A whole import, worked out before anything is written: sheets, rows kept and dropped, nodes,
relationships, problems and remarks."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from .. import model
from .build import Built, Node, read_sheet
from .mapping import Mapping
from .problems import LedgerProblem
from .resolve import Resolver
from .sheet import SheetView, view
from .workbook import read_workbook


@dataclass
class SheetReport:
    sheet: str
    owner: str | None          # label or relationship type; None when skipped
    header_rows: tuple[int, ...] = ()
    data_rows: int = 0
    dropped: dict[str, list[int]] = field(default_factory=dict)
    as_of: dt.date | None = None


@dataclass
class Plan:
    source: str
    sheets: list[SheetReport]
    nodes: dict[str, list[Node]]
    rels: dict[str, dict[tuple[str, str], dict]]
    problems: list[LedgerProblem]
    notices: list[LedgerProblem]
    as_of: dt.date | None = None   # the latest 截至 date of the sheets' unit lines


def make_plan(workbook: str | Path, mapping: Mapping) -> Plan:
    built = Built()
    reports: list[SheetReport] = []
    grids = read_workbook(workbook)
    names = {g.name for g in grids}
    for sheet in mapping.sheets:
        if sheet.sheet not in names:
            built.problems.append(LedgerProblem(sheet.sheet, None, None,
                                                "映射文件中的这张工作表在台账中找不到"))
    for grid in grids:
        sheet = mapping.sheet(grid.name)
        if sheet is None:
            built.problems.append(LedgerProblem(grid.name, None, None,
                                                "映射文件没有这张工作表：请加上它，或写 skip = true"))
            continue
        if sheet.skip:
            reports.append(SheetReport(grid.name, None))
            continue
        shown: SheetView | None = view(grid, sheet.header)
        if shown is None:
            built.problems.append(LedgerProblem(grid.name, None, None, "找不到表头"))
            continue
        reports.append(SheetReport(grid.name, sheet.owner, shown.header.rows,
                                   len(shown.rows.data), shown.rows.dropped, shown.as_of))
        read_sheet(shown, sheet, built)
    resolver = Resolver(built)
    rels = resolver.resolve()
    nodes: dict[str, list[Node]] = {}
    for node in resolver.by_id.values():
        nodes.setdefault(node.label, []).append(node)
    dates = sorted({r.as_of for r in reports if r.as_of})
    if len(dates) > 1:
        built.notices.append(LedgerProblem("", None, None, "各表的截至日期不同（" + "、".join(
            f"{d:%Y年%-m月%-d日}" for d in dates) + f"），取最晚的{dates[-1]:%Y年%-m月%-d日}"))
    return Plan(str(workbook), reports, nodes, dict(rels), built.problems, built.notices,
                dates[-1] if dates else None)


def bundle_columns(plan: Plan) -> dict[str, tuple[str, ...]]:
    """Each file's columns: the key columns, then the required properties and those some row
    has, in model order."""
    columns: dict[str, tuple[str, ...]] = {}
    for label in model.LABELS:
        used = {k for node in plan.nodes.get(label.name, ()) for k in node.props}
        used |= {p.name for p in label.props if p.required}
        columns[label.name] = ("id",) + tuple(p for p in label.prop_names
                                              if p in used and p != "id")
    for rel in model.REL_TYPES:
        used = {k for props in plan.rels.get(rel.name, {}).values() for k in props}
        columns[rel.name] = ("from", "to") + tuple(p for p in rel.prop_names if p in used)
    return columns
