"""Writing result rows as a table, JSON, CSV or an Excel workbook."""
from __future__ import annotations

import csv
import hashlib
import io
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Sequence

from . import display
from .errors import system_reason
from .display import DEFAULT_LANG
from . import workbook
from .errors import OrggraphError
from .workbook import Book, neutralise, sheet_title  # noqa: F401  (where they are used from)

FORMATS = ("table", "json", "csv", "xlsx")
# Under a table with no rows: the header alone could pass for a cut-off output.
EMPTY = "共0条"
# Words in table cells up to this wide (terminal cells; a Chinese character is 2) are never
# folded.
_WHOLE_UP_TO = 16
_SAFE_ID = re.compile(r"^[\w-]{1,80}$")


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
        raise OutputError(cannot_write(path, exc)) from None
    return path


def cannot_write(path, exc: OSError) -> str:
    """The message for a file the system would not let us write."""
    return f"无法写入 {path}：{system_reason(exc)}"


def written(path) -> str:
    """The notice after a file is written (on standard error, so a pipe gets only the data)."""
    return f"已写入 {path}"


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


def _as_cell(value: object) -> object:
    return display.program_value(value)


def _columns(rows: Sequence[dict], columns: Sequence[str] | None) -> list[str]:
    if columns:
        return list(columns)
    seen: dict[str, None] = {}
    for row in rows:
        seen.update(dict.fromkeys(row))
    return list(seen)


def to_json(data: object) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2, default=_as_cell)


def heading(column: str, context: str | None = None, lang: str = DEFAULT_LANG) -> str:
    """The header a person reads for `column`, in every table, CSV and workbook: the one place
    where column labels are translated (display.header; the JSON keeps the column names)."""
    return display.header(column, context, lang)


def to_csv(rows: Sequence[dict], columns: Sequence[str] | None = None, *,
           line_end: str = "\n", context: str | None = None, lang: str = DEFAULT_LANG) -> str:
    """CSV text. Excel reads back what it wrote with line_end "\r\n" (RFC 4180); a field with a
    comma, a quote or a line break is quoted, a quote doubled."""
    columns = _columns(rows, columns)
    if not columns:   # no rows, and no header known (a file query without `returns:`)
        return ""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator=line_end)
    writer.writerow([heading(c, context, lang) for c in columns])
    for row in rows:
        writer.writerow([neutralise(_text(c, row, context, lang)) for c in columns])
    return buffer.getvalue()


def _text(column: str, row: dict, context: str | None, lang: str) -> object:
    if lang == "en":   # as before: numbers stay numbers for csv.writer, None stays empty
        return _as_cell(row.get(column))
    return display.text(column, row.get(column), context, lang, row)


def write_xlsx(path: Path, sheets: dict[str, Sequence[dict]], *, context: str | None = None,
               lang: str = DEFAULT_LANG, book: Book | None = None) -> None:
    """A workbook of `sheets` (orggraph/workbook.py): for people, titled by `book`, unless
    lang is "en"."""
    try:
        workbook.write(path, sheets, context=context, lang=lang, book=book)
    except OSError as exc:
        raise OutputError(cannot_write(path, exc)) from None


def to_table(rows: Sequence[dict], columns: Sequence[str] | None = None, title: str | None = None,
             width: int | None = None, *, context: str | None = None,
             lang: str = DEFAULT_LANG, whole: Sequence[str] = ()) -> str:
    """A table for the terminal. Words (ids, numbers) are kept whole when the columns can
    be narrow enough; the columns in `whole` (names to copy) always."""
    from rich.console import Console
    from rich.table import Table

    columns = _columns(rows, columns)
    headers = [heading(c, context, lang) for c in columns]
    cells = [[display.text(c, row.get(c), context, lang, row) for c in columns] for row in rows]
    width = width or 160
    widths = _widths(headers, list(zip(*cells)) if cells else [[] for _ in columns], width,
                     [c in whole for c in columns])
    table = Table(title=title, show_lines=False, header_style="bold")
    for header, column_width in zip(headers, widths):
        table.add_column(header, overflow="fold", width=column_width)
    for row in cells:
        table.add_row(*row)
    # A table whose columns cannot be narrower (every id whole) may be wider than `width`.
    wide = max(width, sum(widths) + 3 * len(widths) + 1)
    console = Console(file=io.StringIO(), width=wide, force_terminal=False, color_system=None)
    console.print(table)
    if not rows:
        console.print(EMPTY)
    return console.file.getvalue()


def _widths(headers: list[str], columns: list[Sequence[str]], total: int,
            whole: list[bool]) -> list[int]:
    """Column widths that fit `total` terminal cells: every column at least as wide as its
    longest word (ids, numbers: up to _WHOLE_UP_TO) and two Chinese characters, the space left
    shared in proportion to what each column would need to show its cells unwrapped."""
    from rich.cells import cell_len

    def widest(texts, split):
        return max((cell_len(part) for text in texts for part in (text.split() if split
                                                                    else text.splitlines())),
                   default=0)

    natural = [max(cell_len(h), widest(cells, False), 1) for h, cells in zip(headers, columns)]
    room = total - 3 * len(headers) - 1   # borders and padding
    if sum(natural) <= room:
        return natural
    least = [min(n, max(4, widest(cells, True) if keep else min(widest(cells, True), _WHOLE_UP_TO)))
             for n, cells, keep in zip(natural, columns, whole)]
    spare, wants = max(room - sum(least), 0), [n - m for n, m in zip(natural, least)]
    if not sum(wants):
        return least
    return [m + (spare * w) // sum(wants) for m, w in zip(least, wants)]


@dataclass
class Result:
    """What a command has to show, in a form every output format can be made from.

    `rows` (with `columns`, else every key in order) are the CSV rows and, unless said otherwise,
    the table, the JSON list and the workbook's one sheet. A command whose table, JSON or
    workbook is more than that passes a function that makes it, called only for that format
    (`table` and `sheets` with the language: "zh" for people, "en" for the keys as they are).
    `context` names the analysis, for the Chinese headers and values (orggraph/display.py)."""

    rows: Sequence[dict] = ()
    columns: Sequence[str] | None = None
    title: str | None = None
    table_columns: Sequence[str] | None = None
    table: Callable[[str], str] | None = None
    json: Callable[[], object] | None = None
    sheets: Callable[[str], dict[str, Sequence[dict]]] | None = None
    sheet: str = "result"
    sheet_zh: str = "结果"
    context: str | None = None
    book: Book | None = None   # the workbook's title, region, date and notes (for people)

    def text(self, fmt: str, line_end: str = "\n", lang: str = DEFAULT_LANG) -> str:
        """The result as `fmt` (table, json or csv)."""
        if fmt == "json":
            return to_json(self.json() if self.json else list(self.rows)) + "\n"
        if fmt == "csv":
            return to_csv(self.rows, self.columns, line_end=line_end, context=self.context,
                          lang=lang)
        if fmt == "table":
            if self.table:
                return self.table(lang)
            return to_table(self.rows, self.table_columns or self.columns, self.title,
                            context=self.context, lang=lang)
        raise ValueError(f"not a text format: {fmt}")

    def workbook(self, lang: str = DEFAULT_LANG) -> dict[str, Sequence[dict]]:
        if self.sheets:
            return self.sheets(lang)
        return {self.sheet if lang == "en" else self.sheet_zh: self.rows}
