"""Reading a bundle: a folder of CSV files or one Excel workbook (DATA_MODEL.md, "Bundle").

A bundle is read as a sequence of tables; each table streams its rows, so a large bundle is never
held in memory whole. Problems found while reading carry the file, row and column they concern.
"""
from __future__ import annotations

import codecs
import csv
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from . import model

# Cells of a few MB are legitimate (long descriptions); anything larger is a broken file.
MAX_CELL_CHARS = 1_000_000
csv.field_size_limit(MAX_CELL_CHARS)


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


class BundleError(Exception):
    """A bundle that cannot be loaded; `problems` lists every reason."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        shown = "\n".join(f"  {p}" for p in problems[:200])
        more = f"\n  … and {len(problems) - 200} more" if len(problems) > 200 else ""
        super().__init__(f"{len(problems)} problem(s) in the bundle:\n{shown}{more}")


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
    def __init__(self, row: int | None, message: str):
        self.row, self.message = row, message


def open_bundle(path: str | Path) -> tuple[list[Table], list[Problem]]:
    path = Path(path)
    if path.is_dir():
        return _folder_tables(path)
    if path.suffix.lower() in (".xlsx", ".xlsm") and path.is_file():
        return _workbook_tables(path)
    if not path.exists():
        return [], [Problem(str(path), None, None, "no such file or folder")]
    return [], [Problem(str(path), None, None, "a bundle is a folder of CSV files or an .xlsx workbook")]


def _classify(name: str) -> tuple[str, str] | None:
    if name in model.LABEL_BY_NAME:
        return "node", name
    if name in model.REL_BY_NAME:
        return "rel", name
    return None


def _folder_tables(root: Path) -> tuple[list[Table], list[Problem]]:
    tables, problems = [], []
    for sub, kind, known in (("nodes", "node", model.LABEL_BY_NAME), ("rels", "rel", model.REL_BY_NAME)):
        folder = root / sub
        if not folder.is_dir():
            continue
        for file in sorted(folder.iterdir()):
            display = f"{sub}/{file.name}"
            if file.suffix.lower() != ".csv" or file.stem not in known:
                expected = "a label" if kind == "node" else "a relationship type"
                problems.append(Problem(display, None, None,
                                        f"unknown file: expected <{expected}>.csv, one of "
                                        f"{', '.join(known)}"))
                continue
            tables.append(Table(kind, file.stem, display, lambda f=file, d=display: _csv_rows(f, d)))
    for extra in sorted(root.iterdir()):
        if extra.name not in ("nodes", "rels") and not extra.name.startswith("."):
            problems.append(Problem(extra.name, None, None,
                                    "unknown entry: a bundle folder holds only nodes/ and rels/"))
    if not tables and not problems:
        problems.append(Problem(str(root), None, None, "no nodes/ or rels/ CSV files found"))
    return tables, problems


def _csv_rows(file: Path, display: str) -> Iterator[tuple[int, list]]:
    # Decode incrementally so a GBK file is reported at its first bad line, not as a crash.
    decoder = codecs.getincrementaldecoder("utf-8-sig")(errors="strict")
    with open(file, "rb") as raw:
        lines = _decoded_lines(raw, decoder)
        reader = csv.reader(lines)
        row_number = 0
        while True:
            try:
                cells = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                raise RowError(reader.line_num or row_number + 1, f"unreadable CSV: {exc}") from None
            except UnicodeDecodeError as exc:
                raise RowError(reader.line_num + 1, "the file is not UTF-8 (saved as GBK/ANSI?); "
                               "save it as 'CSV UTF-8'") from None
            row_number += 1
            yield reader.line_num, cells


def _decoded_lines(raw, decoder) -> Iterator[str]:
    for line in raw:
        if len(line) > MAX_CELL_CHARS * 4:
            raise csv.Error(f"a line of {len(line):,} bytes is longer than any bundle row can be")
        yield decoder.decode(line)
    tail = decoder.decode(b"", final=True)
    if tail:
        yield tail


def _workbook_tables(book: Path) -> tuple[list[Table], list[Problem]]:
    import openpyxl

    try:
        workbook = openpyxl.load_workbook(book, read_only=True, data_only=False)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        return [], [Problem(book.name, None, None, f"not a readable .xlsx workbook: {exc}")]
    tables, problems = [], []
    for sheet in workbook.sheetnames:
        kinded = _classify(sheet)
        display = f"{book.name}[{sheet}]"
        if kinded is None:
            problems.append(Problem(display, None, None,
                                    "unknown sheet: its name must be a label or a relationship type"))
            continue
        tables.append(Table(kinded[0], kinded[1], display,
                            lambda ws=workbook[sheet]: _sheet_rows(ws)))
    return tables, problems


def _sheet_rows(worksheet) -> Iterator[tuple[int, list]]:
    for number, values in enumerate(worksheet.iter_rows(values_only=True), start=1):
        cells = list(values)
        while cells and cells[-1] is None:
            cells.pop()
        if number > 1 and not cells:
            continue  # Excel keeps formatted empty rows around
        yield number, cells


def display_problems(problems: list[Problem], stream=sys.stderr) -> None:
    for problem in problems:
        print(problem, file=stream)
