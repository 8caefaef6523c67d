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


def column_name(name: str, instead: str = "（不是列名）") -> str:
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
            where += f"，第{self.row}行"
        if self.column:
            where += f"，{_column_zh(self.column)}"
        return f"{where}：{self.message}"


def _column_zh(column: str) -> str:
    """"F (party_members)" → "F列（party_members）"; "F" → "F列"; "stars" → "stars 列"."""
    if found := re.fullmatch(r"([A-Z]+) \((.*)\)", column):
        return f"{found[1]}列（{found[2]}）"
    return f"{column}列" if re.fullmatch(r"[A-Z]+", column) else f"{column} 列"


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
        return [], [Problem(str(path), None, None, "文件或文件夹不存在")]
    return [], [Problem(str(path), None, None, "台账包应为 CSV 文件的文件夹或 .xlsx 工作簿")]


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
        return "是指向台账包文件夹以外的符号链接，请把文件本身复制到台账包中"
    if path.parent != root and not real.is_file():
        return "不是普通文件"
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
                expected = "标签" if kind == "node" else "关系类型"
                problems.append(Problem(display, None, None,
                                        f"不认识的文件：应为 <{expected}>.csv，可用："
                                        f"{'、'.join(known)}"))
                continue
            tables.append(Table(kind, file.stem, display, lambda f=file, d=display: _csv_rows(f, d)))
    for extra in sorted(root.iterdir()):
        if extra.name not in ("nodes", "rels", META_FILE) and not extra.name.startswith("."):
            problems.append(Problem(extra.name, None, None,
                                    f"不认识的内容：台账包文件夹只含 nodes/、rels/ "
                                    f"和 {META_FILE}"))
    if not tables and not problems:
        problems.append(Problem(str(root), None, None, "没有找到 nodes/ 或 rels/ 中的 CSV 文件"))
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
        return {}, [Problem(display, None, None, "meta 应有一行表头和一行取值"
                            f"（{'、'.join(META_COLUMNS)}）")]
    header = [str(c or "").strip() for c in found[0][1]]
    values = [c for c in found[1][1]] + [None] * len(header)
    meta, problems = {}, []
    for index, name in enumerate(header):
        if name not in META_COLUMNS:
            problems.append(Problem(display, 1, column_letter(index),
                                    f"不认识的列 {column_name(name)}；可用："
                                    f"{'、'.join(META_COLUMNS)}"))
            continue
        value = values[index]
        text = value.isoformat()[:10] if hasattr(value, "isoformat") else str(value or "").strip()
        try:
            meta[name] = dt.date.fromisoformat(text).isoformat()
        except ValueError:
            problems.append(Problem(display, found[1][0], column_letter(index),
                                    f"{name}：{text[:40]!r} 不是日期（应写作 年-月-日）"))
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
                    raise RowError(reader.line_num or 1, f"有单元格超过每格"
                                   f"{MAX_CELL_CHARS:,}个字符的上限") from None
                raise RowError(reader.line_num or 1, f"无法读取的 CSV：{_csv_reason(exc)}") from None
            if not any(cell.strip() for cell in cells):
                continue  # blank lines
            if width is None:
                width = len(cells)
            elif len(cells) != width:
                yield reader.line_num, BadRow(f"该行有{len(cells)}个单元格，表头有{width}列："
                                              "是否被截断或引号不配对？")
                continue
            yield reader.line_num, cells


# What Python's csv reader says of a broken file, in Chinese.
_CSV_REASONS = {"unexpected end of data": "文件意外结束（引号未闭合？文件被截断？）",
                "line contains NUL": "行中含 NUL 字符（不是文本文件？）"}


def _csv_reason(exc: csv.Error) -> str:
    text = str(exc)
    if "expected after" in text:
        return "引号之后应为逗号或换行（引号不配对？）"
    return _CSV_REASONS.get(text, text)


def _decoded_lines(raw) -> Iterator[str]:
    # Decode line by line so a GBK file is reported at its first bad line and cell.
    for number, line in enumerate(raw, start=1):
        if len(line) > MAX_CELL_CHARS * 4:
            raise RowError(number, f"一行有{len(line):,}字节，超出台账包一行可能的长度"
                           "（文件损坏？）")
        if number == 1 and line.startswith(codecs.BOM_UTF8):
            line = line[len(codecs.BOM_UTF8):]
        try:
            yield line.decode("utf-8")
        except UnicodeDecodeError as exc:
            column = line[:exc.start].count(b",")
            raise RowError(number, "文件不是 UTF-8 编码（是否存成了 GBK/ANSI？），请另存为"
                           "“CSV UTF-8”", column_letter(column)) from None


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
        return [], [Problem(exc.where, None, None, f"未读取即拒绝：{exc.message}")]
    try:
        workbook = openpyxl.load_workbook(book, read_only=True, data_only=False)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        return [], [Problem(book.name, None, None, f"不是可读取的 .xlsx 工作簿：{exc}")]
    tables, problems = [], []
    for sheet in workbook.sheetnames:
        if sheet in (META_SHEET, vocabulary.README_SHEET):
            continue  # the bundle's date (read apart) and the template's instructions
        kinded = _classify(sheet)
        display = f"{book.name}[{sheet}]"
        if kinded is None:
            problems.append(Problem(display, None, None,
                                    "不认识的工作表：表名应为标签或关系类型"
                                    "（或其中文名称，见 orggraph template）"))
            continue
        tables.append(Table(kinded[0], kinded[1], display,
                            lambda ws=workbook[sheet]: _sheet_rows(ws, limits)))
    return tables, problems


def _sheet_rows(worksheet, limits: WorkbookLimits = DEFAULT_LIMITS) -> Iterator[tuple[int, list]]:
    for number, values in enumerate(worksheet.iter_rows(values_only=True), start=1):
        if number > limits.rows:
            raise RowError(number, f"超过{limits.rows:,}行，超出一张工作表的上限")
        if len(values) > limits.columns:
            raise RowError(number, f"有{len(values):,}列，超过台账包工作表{limits.columns:,}列"
                           "的上限")
        cells = list(values)
        while cells and cells[-1] is None:
            cells.pop()
        if number > 1 and not cells:
            continue  # Excel keeps formatted empty rows around
        for index, cell in enumerate(cells):
            if isinstance(cell, str) and len(cell) > limits.cell_chars:
                raise RowError(number, f"有单元格长{len(cell):,}个字符，超过每格"
                               f"{limits.cell_chars:,}个字符的上限", column_letter(index))
        yield number, cells
