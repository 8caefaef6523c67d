"""Writing result rows as a table, JSON, CSV or an Excel workbook."""
from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import re
from pathlib import Path
from typing import Iterable, Sequence

FORMATS = ("table", "json", "csv", "xlsx")
# A cell starting with one of these is run as a formula by Excel / LibreOffice / WPS.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_NOT_IN_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_SAFE_ID = re.compile(r"^[\w-]{1,80}$")
_NOT_IN_TITLE = re.compile(r"[\\/?*:\[\]]")


class OutputError(Exception):
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
        sheet.append([_xlsx_cell(c) for c in columns])
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
        write_text(out, text)
        return None
    return text
