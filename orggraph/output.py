"""Writing result rows as a table, JSON, CSV or an Excel workbook."""
from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path
from typing import Iterable, Sequence

FORMATS = ("table", "json", "csv", "xlsx")
# A cell starting with one of these is run as a formula by Excel / LibreOffice / WPS.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def mask_name(name: str | None) -> str | None:
    """张三丰 → 张**: the family name stays, the rest is hidden."""
    if not name:
        return name
    return name[0] + "*" * max(1, len(name) - 1)


def neutralise(cell: object) -> object:
    """Make a text cell that a spreadsheet would run as a formula inert (OWASP CSV injection)."""
    if isinstance(cell, str) and cell.startswith(_FORMULA_STARTS):
        return "'" + cell
    return cell


def _as_cell(value: object) -> object:
    if isinstance(value, bool):
        return "true" if value else "false"  # as the bundle format spells them
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return ";".join(str(_as_cell(v)) for v in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, default=str)
    return value


def _columns(rows: Sequence[dict], columns: Sequence[str] | None) -> list[str]:
    if columns:
        return list(columns)
    seen: dict[str, None] = {}
    for row in rows:
        seen.update(dict.fromkeys(row))
    return list(seen)


def to_json(data: object) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2, default=_as_cell)


def to_csv(rows: Sequence[dict], columns: Sequence[str] | None = None) -> str:
    columns = _columns(rows, columns)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([neutralise(_as_cell(row.get(c))) for c in columns])
    return buffer.getvalue()


def write_xlsx(path: Path, sheets: dict[str, Sequence[dict]]) -> None:
    import openpyxl

    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title[:31])
        columns = _columns(rows, None)
        sheet.append(columns)
        for row in rows:
            sheet.append([neutralise(_as_cell(row.get(c))) for c in columns])
    book.save(path)


def to_table(rows: Sequence[dict], columns: Sequence[str] | None = None, title: str | None = None,
             width: int | None = None) -> str:
    from rich.console import Console
    from rich.table import Table

    columns = _columns(rows, columns)
    table = Table(title=title, show_lines=False, header_style="bold")
    for column in columns:
        table.add_column(column, overflow="fold")
    for row in rows:
        table.add_row(*("" if row.get(c) is None else str(_as_cell(row.get(c))) for c in columns))
    console = Console(file=io.StringIO(), width=width or 160, force_terminal=False,
                      color_system=None)
    console.print(table)
    return console.file.getvalue()


def emit(rows: Sequence[dict], fmt: str, out: str | None, *, columns: Iterable[str] | None = None,
         title: str | None = None, json_data: object = None, sheet: str = "result") -> str | None:
    """Render rows in `fmt`; write to `out` if given (returns None), else return the text."""
    columns = list(columns) if columns else None
    if fmt == "xlsx":
        if not out:
            raise ValueError("--format xlsx needs -o FILE.xlsx")
        write_xlsx(Path(out), {sheet: rows})
        return None
    if fmt == "json":
        text = to_json(json_data if json_data is not None else list(rows)) + "\n"
    elif fmt == "csv":
        text = to_csv(rows, columns)
    else:
        text = to_table(rows, columns, title)
    if out:
        Path(out).write_text(text, encoding="utf-8")
        return None
    return text
