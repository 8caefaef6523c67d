"""Writing result rows as a table, JSON, CSV or an Excel workbook."""
from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Sequence

from .errors import OrggraphError

FORMATS = ("table", "json", "csv", "xlsx")
# A cell starting with one of these is run as a formula by Excel / LibreOffice / WPS.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Under a table with no rows: the header alone could pass for a cut-off output.
EMPTY = "共0条"
_NOT_IN_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_SAFE_ID = re.compile(r"^[\w-]{1,80}$")
_NOT_IN_TITLE = re.compile(r"[\\/?*:\[\]]")


class OutputError(OrggraphError):
    """A result that cannot be written where the user asked; the message is for the user."""


class UnsafePath(OutputError):
    """A file about to be written outside the folder it belongs in."""


def write_text(path: str | Path, text: str, newline: str | None = None) -> Path:
    """Write `text` as UTF-8, or raise OutputError saying why it could not be (no such
    folder, no permission, no space left: `-o /dev/full`)."""
    path = Path(path)
    try:
        with open(path, "w", encoding="utf-8", newline=newline) as handle:
            handle.write(text)
    except OSError as exc:
        raise OutputError(f"cannot write {path}: {_reason(exc)}") from None
    return path


def _reason(exc: OSError) -> str:
    return (exc.strerror or str(exc)).lower()


def file_name(prefix: str, ident: str, suffix: str) -> str:
    """A file name for something named by a bundle's id: the id itself when it is made of
    letters, digits, '-' and '_' only; otherwise a slug of it plus a short hash of the whole
    id, so that ids which differ only in other characters still get different files."""
    if _SAFE_ID.match(ident):
        return f"{prefix}{ident}{suffix}"
    slug = re.sub(r"[^\w-]+", "_", ident).strip("_")[:40]
    digest = hashlib.sha256(ident.encode("utf-8")).hexdigest()[:10]
    return f"{prefix}{slug + '-' if slug else ''}{digest}{suffix}"


def inside(folder: str | Path, name: str) -> Path:
    """folder/name, refused unless it lies inside `folder` (after resolving links and '..')."""
    base = Path(folder).resolve()
    path = (base / name).resolve()
    if path.parent != base and base not in path.parents:
        raise UnsafePath(f"refused to write {name!r}: it would lie outside {folder}")
    return path


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


def heading(column: str) -> str:
    """The header a person reads for `column`, in every table, CSV and workbook: the one place
    where column labels can be translated (the JSON keeps the column names)."""
    return column


def to_csv(rows: Sequence[dict], columns: Sequence[str] | None = None, *,
           line_end: str = "\n") -> str:
    """CSV text. Excel reads back what it wrote with line_end "\r\n" (RFC 4180); a field with a
    comma, a quote or a line break is quoted, a quote doubled."""
    columns = _columns(rows, columns)
    if not columns:   # no rows, and no header known (a file query without `returns:`)
        return ""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator=line_end)
    writer.writerow([heading(c) for c in columns])
    for row in rows:
        writer.writerow([neutralise(_as_cell(row.get(c))) for c in columns])
    return buffer.getvalue()


def _xlsx_cell(value: object) -> object:
    """A cell as an .xlsx file can hold it: control characters (which a load refuses, but a
    graph written otherwise may hold) are dropped rather than failing the whole export."""
    value = neutralise(_as_cell(value))
    if isinstance(value, str):
        return _NOT_IN_XML.sub("", value)
    return value


def sheet_title(title: str, taken: set[str] | frozenset = frozenset()) -> str:
    """A valid, unique sheet title: Excel refuses \\ / ? * : [ ] and more than 31 characters."""
    clean = _NOT_IN_TITLE.sub("_", _NOT_IN_XML.sub("", title)).strip("'") or "sheet"
    clean = clean[:31]
    candidate, n = clean, 2
    while candidate.lower() in {t.lower() for t in taken}:
        suffix = f" ({n})"
        candidate, n = clean[:31 - len(suffix)] + suffix, n + 1
    return candidate


def write_xlsx(path: Path, sheets: dict[str, Sequence[dict]]) -> None:
    import openpyxl

    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(sheet_title(title, set(book.sheetnames)))
        columns = _columns(rows, None)
        sheet.append([_xlsx_cell(heading(c)) for c in columns])
        for row in rows:
            sheet.append([_xlsx_cell(row.get(c)) for c in columns])
    try:
        book.save(path)
    except OSError as exc:
        raise OutputError(f"cannot write {path}: {_reason(exc)}") from None


def to_table(rows: Sequence[dict], columns: Sequence[str] | None = None, title: str | None = None,
             width: int | None = None) -> str:
    from rich.console import Console
    from rich.table import Table

    columns = _columns(rows, columns)
    table = Table(title=title, show_lines=False, header_style="bold")
    for column in columns:
        table.add_column(heading(column), overflow="fold")
    for row in rows:
        table.add_row(*("" if row.get(c) is None else str(_as_cell(row.get(c))) for c in columns))
    console = Console(file=io.StringIO(), width=width or 160, force_terminal=False,
                      color_system=None)
    console.print(table)
    if not rows:
        console.print(EMPTY)
    return console.file.getvalue()


@dataclass
class Result:
    """What a command has to show, in a form every output format can be made from.

    `rows` (with `columns`, else every key in order) are the CSV rows and, unless said otherwise,
    the table, the JSON list and the workbook's one sheet. A command whose table, JSON or
    workbook is more than that passes a function that makes it, called only for that format."""

    rows: Sequence[dict] = ()
    columns: Sequence[str] | None = None
    title: str | None = None
    table_columns: Sequence[str] | None = None
    table: Callable[[], str] | None = None
    json: Callable[[], object] | None = None
    sheets: Callable[[], dict[str, Sequence[dict]]] | None = None
    sheet: str = "result"

    def text(self, fmt: str, line_end: str = "\n") -> str:
        """The result as `fmt` (table, json or csv)."""
        if fmt == "json":
            return to_json(self.json() if self.json else list(self.rows)) + "\n"
        if fmt == "csv":
            return to_csv(self.rows, self.columns, line_end=line_end)
        if fmt == "table":
            if self.table:
                return self.table()
            return to_table(self.rows, self.table_columns or self.columns, self.title)
        raise ValueError(f"not a text format: {fmt}")

    def workbook(self) -> dict[str, Sequence[dict]]:
        return self.sheets() if self.sheets else {self.sheet: self.rows}
