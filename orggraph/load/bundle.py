"""Reading a bundle: a folder of CSV files or one Excel workbook (DATA_MODEL.md, "Bundle").

A bundle is read as a sequence of tables; each table streams its rows, so a large bundle is never
held in memory whole. Problems found while reading carry the file, row and column they concern.
"""
from __future__ import annotations

import codecs
import csv
import datetime as dt
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from .. import model, vocabulary
from ..errors import OrggraphError
from .workbook_check import DEFAULT_LIMITS, MAX_CELL_CHARS, WorkbookLimits, WorkbookRefused, \
    check_workbook

csv.field_size_limit(MAX_CELL_CHARS)


# What a column name may look like to be repeated in a message: a header row that is not one
# (another file's first line, a secret) is described, never echoed.
_NAME = re.compile(r"^[\w .()（）-]{1,40}$")


def column_name(name: str, instead: str = "(not a column name)") -> str:
    return name if _NAME.match(name) else instead


@dataclass(frozen=True)
class Problem:
    file: str
    row: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        where = self.file
        if self.row is not None:
            where += f", row {self.row}"
        if self.column:
            where += f", column {self.column}"
        return f"{where}: {self.message}"


class BundleError(OrggraphError):
    """A bundle that cannot be loaded; `problems` lists every reason."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        shown = "\n".join(f"  {p}" for p in problems[:200])
        more = f"\n  ……另有{len(problems) - 200}个问题" if len(problems) > 200 else ""
        super().__init__(f"台账包有{len(problems)}个问题：\n{shown}{more}")

    def details(self) -> list[str]:
        return [str(problem) for problem in self.problems]

    def summary(self) -> str:
        return f"台账包未导入：发现{len(self.problems)}个问题，未写入任何内容"


@dataclass(frozen=True)
class Table:
    """One file or sheet: `kind` is "node" or "rel", `name` a label or relationship type."""
    kind: str
    name: str
    display: str  # how the user names it: a relative file path or "book.xlsx[Sheet]"
    source: object

    @property
    def schema(self) -> model.Label | model.RelType:
        return model.LABEL_BY_NAME[self.name] if self.kind == "node" else model.REL_BY_NAME[self.name]

    def rows(self) -> Iterator[tuple[int, list]]:
        """The header as row 1, then (row number, cells) as a spreadsheet numbers them."""
        return self.source()


class RowError(Exception):
    """A file that cannot be read on from this row on (bad encoding, broken quoting)."""

    def __init__(self, row: int | None, message: str, column: str | None = None):
        self.row, self.message, self.column = row, message, column


@dataclass(frozen=True)
class BadRow:
    """Yielded in place of a row's cells when that row alone is wrong; reading goes on."""
    message: str


def open_bundle(path: str | Path, limits: WorkbookLimits = DEFAULT_LIMITS
                ) -> tuple[list[Table], list[Problem]]:
    path = Path(path)
    if path.is_dir():
        return _folder_tables(path)
    if path.suffix.lower() in (".xlsx", ".xlsm") and path.is_file():
        return _workbook_tables(path, limits)
    if not path.exists():
        return [], [Problem(str(path), None, None, "no such file or folder")]
    return [], [Problem(str(path), None, None, "a bundle is a folder of CSV files or an .xlsx workbook")]


def _classify(name: str) -> tuple[str, str] | None:
    name = vocabulary.table_id(name.strip()) or name  # a template's sheets have Chinese titles
    if name in model.LABEL_BY_NAME:
        return "node", name
    if name in model.REL_BY_NAME:
        return "rel", name
    return None


def _outside(path: Path, root: Path) -> str | None:
    """Why the bundle may not read `path`: a link leading out of the bundle folder, or not a
    plain file (a FIFO or a device would hang or never end)."""
    real = Path(os.path.realpath(path))
    if not real.is_relative_to(Path(os.path.realpath(root))):
        return ("a symbolic link to somewhere outside the bundle folder; copy the file into "
                "the bundle instead")
    if path.parent != root and not real.is_file():
        return "not a regular file"
    return None


def _folder_tables(root: Path) -> tuple[list[Table], list[Problem]]:
    tables, problems = [], []
    for sub, kind, known in (("nodes", "node", model.LABEL_BY_NAME), ("rels", "rel", model.REL_BY_NAME)):
        folder = root / sub
        if not folder.is_dir():
            continue
        if reason := _outside(folder, root):
            problems.append(Problem(f"{sub}/", None, None, reason))
            continue
        for file in sorted(folder.iterdir()):
            display = f"{sub}/{file.name}"
            if reason := _outside(file, root):
                problems.append(Problem(display, None, None, reason))
                continue
            if file.suffix.lower() != ".csv" or file.stem not in known:
                expected = "a label" if kind == "node" else "a relationship type"
                problems.append(Problem(display, None, None,
                                        f"unknown file: expected <{expected}>.csv, one of "
                                        f"{', '.join(known)}"))
                continue
            tables.append(Table(kind, file.stem, display, lambda f=file, d=display: _csv_rows(f, d)))
    for extra in sorted(root.iterdir()):
        if extra.name not in ("nodes", "rels", META_FILE) and not extra.name.startswith("."):
            problems.append(Problem(extra.name, None, None,
                                    f"unknown entry: a bundle folder holds only nodes/, rels/ "
                                    f"and {META_FILE}"))
    if not tables and not problems:
        problems.append(Problem(str(root), None, None, "no nodes/ or rels/ CSV files found"))
    return tables, problems


META_FILE, META_SHEET = "meta.csv", "meta"
META_COLUMNS = ("as_of",)


def read_meta(path: str | Path) -> tuple[dict[str, str], list[Problem]]:
    """The bundle's `meta.csv` (folder) or `meta` sheet (workbook): a header row and one row of
    values; today only `as_of` (YYYY-MM-DD), the date the data describe. Absent: no meta."""
    path = Path(path)
    if path.is_dir():
        file = path / META_FILE
        if not file.is_file() and not file.is_symlink():
            return {}, []
        if reason := _outside(file, path):
            return {}, [Problem(META_FILE, None, None, reason)]
        display, rows = META_FILE, lambda: _csv_rows(file, META_FILE)
    elif path.suffix.lower() in (".xlsx", ".xlsm") and path.is_file():
        import openpyxl
        try:
            check_workbook(path)
            workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
        except Exception:  # reported by open_bundle
            return {}, []
        if META_SHEET not in workbook.sheetnames:
            return {}, []
        display, rows = f"{path.name}[{META_SHEET}]", lambda: _sheet_rows(workbook[META_SHEET])
    else:
        return {}, []
    try:
        found = [(n, cells) for n, cells in rows()]
    except RowError as exc:
        return {}, [Problem(display, exc.row, exc.column, exc.message)]
    if len(found) != 2 or isinstance(found[1][1], BadRow):
        return {}, [Problem(display, None, None, "meta holds a header row and one row of values "
                            f"({', '.join(META_COLUMNS)})")]
    header = [str(c or "").strip() for c in found[0][1]]
    values = [c for c in found[1][1]] + [None] * len(header)
    meta, problems = {}, []
    for index, name in enumerate(header):
        if name not in META_COLUMNS:
            problems.append(Problem(display, 1, column_letter(index),
                                    f"unknown column {column_name(name)}; known: "
                                    f"{', '.join(META_COLUMNS)}"))
            continue
        value = values[index]
        text = value.isoformat()[:10] if hasattr(value, "isoformat") else str(value or "").strip()
        try:
            meta[name] = dt.date.fromisoformat(text).isoformat()
        except ValueError:
            problems.append(Problem(display, found[1][0], column_letter(index),
                                    f"{name}: {text[:40]!r} is not a date (YYYY-MM-DD)"))
    return meta, problems


def _csv_rows(file: Path, display: str) -> Iterator[tuple[int, list | BadRow]]:
    with open(file, "rb") as raw:
        # strict: a quote left open by a truncated file is an error, not a silently short cell
        reader = csv.reader(_decoded_lines(raw), strict=True)
        width = None
        while True:
            try:
                cells = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                if "field limit" in str(exc):
                    raise RowError(reader.line_num or 1, f"a cell longer than the "
                                   f"{MAX_CELL_CHARS:,} characters a cell may hold") from None
                raise RowError(reader.line_num or 1, f"unreadable CSV: {exc}") from None
            if not any(cell.strip() for cell in cells):
                continue  # blank lines
            if width is None:
                width = len(cells)
            elif len(cells) != width:
                yield reader.line_num, BadRow(f"the row has {len(cells)} cells but the header has "
                                              f"{width}: a truncated or mis-quoted row?")
                continue
            yield reader.line_num, cells


def _decoded_lines(raw) -> Iterator[str]:
    # Decode line by line so a GBK file is reported at its first bad line and cell.
    for number, line in enumerate(raw, start=1):
        if len(line) > MAX_CELL_CHARS * 4:
            raise RowError(number, f"a line of {len(line):,} bytes is longer than any bundle row "
                           "can be (a broken file?)")
        if number == 1 and line.startswith(codecs.BOM_UTF8):
            line = line[len(codecs.BOM_UTF8):]
        try:
            yield line.decode("utf-8")
        except UnicodeDecodeError as exc:
            column = line[:exc.start].count(b",")
            raise RowError(number, "the file is not UTF-8 (saved as GBK/ANSI?): save it as "
                           "'CSV UTF-8'", column_letter(column)) from None


def column_letter(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA: columns as a spreadsheet names them."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _workbook_tables(book: Path, limits: WorkbookLimits) -> tuple[list[Table], list[Problem]]:
    import openpyxl

    try:
        check_workbook(book, limits)
    except WorkbookRefused as exc:
        return [], [Problem(exc.where, None, None, f"refused before reading: {exc.message}")]
    try:
        workbook = openpyxl.load_workbook(book, read_only=True, data_only=False)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        return [], [Problem(book.name, None, None, f"not a readable .xlsx workbook: {exc}")]
    tables, problems = [], []
    for sheet in workbook.sheetnames:
        if sheet in (META_SHEET, vocabulary.README_SHEET):
            continue  # the bundle's date (read apart) and the template's instructions
        kinded = _classify(sheet)
        display = f"{book.name}[{sheet}]"
        if kinded is None:
            problems.append(Problem(display, None, None,
                                    "unknown sheet: its name must be a label or a relationship type "
                                    "(or its Chinese name, as in `orggraph template`)"))
            continue
        tables.append(Table(kinded[0], kinded[1], display,
                            lambda ws=workbook[sheet]: _sheet_rows(ws, limits)))
    return tables, problems


def _sheet_rows(worksheet, limits: WorkbookLimits = DEFAULT_LIMITS) -> Iterator[tuple[int, list]]:
    for number, values in enumerate(worksheet.iter_rows(values_only=True), start=1):
        if number > limits.rows:
            raise RowError(number, f"more than {limits.rows:,} rows: more than a sheet can hold")
        if len(values) > limits.columns:
            raise RowError(number, f"{len(values):,} columns: more than the {limits.columns:,} "
                           "a bundle sheet may have")
        cells = list(values)
        while cells and cells[-1] is None:
            cells.pop()
        if number > 1 and not cells:
            continue  # Excel keeps formatted empty rows around
        for index, cell in enumerate(cells):
            if isinstance(cell, str) and len(cell) > limits.cell_chars:
                raise RowError(number, f"a cell of {len(cell):,} characters, more than the "
                               f"{limits.cell_chars:,} a cell may hold", column_letter(index))
        yield number, cells
