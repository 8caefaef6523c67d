"""Checking an .xlsx workbook before openpyxl parses it (spreadsheet bombs, SECURITY.md).

An .xlsx file is a zip archive of XML parts. A few kilobytes on disk can unpack to gigabytes
(a sheet of hundreds of millions of empty rows, one shared string of 300 MiB) or declare a
sheet of 16,384 × 1,048,576 cells that openpyxl then walks cell by cell. So, before parsing:
the uncompressed size of every part and of all of them (the zip reader refuses to unpack more
than a part declares, so the declared sizes are the real bounds), how much a large part is
compressed, each sheet's declared dimensions, and the length of every shared string, read as
a stream (a string longer than a cell may be is refused without being held in memory).
Rows, columns and cells met while reading are checked against the same limits (bundle.py).
"""
from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from pathlib import PurePosixPath
from xml.parsers import expat

from defusedxml import ElementTree

# Cells of a few hundred kB are legitimate (long descriptions); anything larger is a broken
# file. The same limit holds for CSV cells, on both reading paths.
MAX_CELL_CHARS = 1_000_000
EXCEL_MAX_ROWS = 1_048_576
_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_DIMENSION = re.compile(rb"<(?:\w+:)?dimension\s+ref=\"([^\"]*)\"")
_CELL_REF = re.compile(r"^\$?([A-Z]{1,3})?\$?([0-9]{1,7})?$")
_STREAM_CHUNK = 1 << 20
_HEAD_BYTES = 64 << 10  # the <dimension> element comes before <sheetData>


@dataclass(frozen=True)
class WorkbookLimits:
    """What a workbook may hold. A full Excel sheet (1,048,576 rows of 20 text columns) is
    about 0.7 GB of XML; a province's bundle does not fit in one workbook at all (more rows
    than a sheet holds), so these sit well above any real bundle."""
    part_bytes: int = 1 << 30         # uncompressed size of one part (a sheet, the strings)
    total_bytes: int = 4 << 30        # uncompressed size of all parts together
    ratio: int = 100                  # uncompressed : compressed, for parts over ratio_from
    ratio_from: int = 1 << 20
    columns: int = 1_000              # declared or met in a row (a bundle sheet has < 30)
    rows: int = EXCEL_MAX_ROWS        # rows of one sheet: more than Excel can hold is forged
    cell_chars: int = MAX_CELL_CHARS  # characters in one cell, as for CSV


DEFAULT_LIMITS = WorkbookLimits()


class WorkbookRefused(Exception):
    """The workbook may not be parsed; `where` names the sheet (or part) at fault."""

    def __init__(self, where: str, message: str):
        self.where, self.message = where, message
        super().__init__(f"{where}：{message}")


def check_workbook(path, limits: WorkbookLimits = DEFAULT_LIMITS) -> None:
    """Raise WorkbookRefused unless the workbook at `path` is safe to give to openpyxl.
    A file that is not a zip archive at all is left to openpyxl to report."""
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError):
        return
    with archive:
        names = _sheet_names(archive, limits)
        book = PurePosixPath(str(path)).name
        total = 0
        for info in archive.infolist():
            where = _where(book, info.filename, names)
            size = info.file_size
            total += size
            if size > limits.part_bytes:
                raise WorkbookRefused(where, f"解压后为{_mb(size)}，超过单个部件"
                                      f"{_mb(limits.part_bytes)}的上限")
            if size > limits.ratio_from and size > limits.ratio * max(info.compress_size, 1):
                raise WorkbookRefused(where, f"由{_mb(info.compress_size)}解压为{_mb(size)}"
                                      f"（压缩比超过{limits.ratio}:1），不是真实的工作表"
                                      "（压缩炸弹？）")
        if total > limits.total_bytes:
            raise WorkbookRefused(book, f"解压后共{_mb(total)}，超过工作簿"
                                  f"{_mb(limits.total_bytes)}的上限")
        for member, sheet in names.items():
            if member in archive.NameToInfo:
                _check_dimension(archive, member, f"{book}[{sheet}]", limits)
        for member in archive.namelist():
            if member.lower().endswith("sharedstrings.xml"):
                _check_shared_strings(archive, member, f"{book}（共享字符串）", limits)


def _mb(size: int) -> str:
    return f"{size / (1 << 20):,.1f} MiB"


def _where(book: str, member: str, names: dict[str, str]) -> str:
    return f"{book}[{names[member]}]" if member in names else f"{book}（{member}）"


def _sheet_names(archive: zipfile.ZipFile, limits: WorkbookLimits) -> dict[str, str]:
    """{part name: sheet name}, from xl/workbook.xml and its relationships."""
    try:
        book = _small_xml(archive, "xl/workbook.xml", limits)
        rels = _small_xml(archive, "xl/_rels/workbook.xml.rels", limits)
    except (KeyError, ElementTree.ParseError, ValueError):
        return {}  # not a workbook openpyxl can read either: it reports that
    targets = {}
    for rel in rels.iter(f"{_PKG_REL}Relationship"):
        target = rel.get("Target", "")
        target = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
        targets[rel.get("Id")] = str(PurePosixPath(target))
    names = {}
    for sheet in book.iter(f"{_MAIN}sheet"):
        member = targets.get(sheet.get(f"{_REL}id"))
        if member:
            names[member] = sheet.get("name", "?")
    return names


def _small_xml(archive: zipfile.ZipFile, member: str, limits: WorkbookLimits):
    info = archive.getinfo(member)
    if info.file_size > min(limits.part_bytes, 64 << 20):
        raise ValueError(member)  # reported as a part that is too large, or by openpyxl
    return ElementTree.fromstring(archive.read(member))


def _check_dimension(archive: zipfile.ZipFile, member: str, where: str,
                     limits: WorkbookLimits) -> None:
    try:
        with archive.open(member) as part:
            head = part.read(_HEAD_BYTES)
    except (zipfile.BadZipFile, OSError):
        return  # a damaged part: openpyxl reports the workbook as unreadable
    found = _DIMENSION.search(head)
    if not found:
        return
    last = found.group(1).decode("ascii", "replace").split(":")[-1].upper()
    match = _CELL_REF.match(last)
    if not match:
        raise WorkbookRefused(where, f"声明的范围 {found.group(1)[:40]!r} 不是单元格范围")
    letters, digits = match.groups()
    columns = _column_number(letters) if letters else 0
    rows = int(digits) if digits else 0
    if columns > limits.columns:
        raise WorkbookRefused(where, f"声明有{columns:,}列（至 {last}），台账包工作表"
                              f"最多{limits.columns:,}列")
    if rows > limits.rows:
        raise WorkbookRefused(where, f"声明有{rows:,}行，工作表最多{limits.rows:,}行")


def _column_number(letters: str) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - 64
    return number


def _check_shared_strings(archive: zipfile.ZipFile, member: str, where: str,
                          limits: WorkbookLimits) -> None:
    """Stream the shared strings and refuse one longer than a cell may be; nothing but
    counts is kept, so a 300 MiB string costs no more memory than a short one."""
    state = {"index": -1, "chars": 0}

    def start(name, _attrs):
        if name.rsplit(":", 1)[-1] == "si":
            state["index"] += 1
            state["chars"] = 0

    def text(data):
        state["chars"] += len(data)
        if state["chars"] > limits.cell_chars:
            raise WorkbookRefused(where, f"第{state['index'] + 1:,}个共享字符串超过每格"
                                  f"{limits.cell_chars:,}个字符的上限")

    def forbidden(*_args):
        raise WorkbookRefused(where, "声明了 DTD 或实体，正常的工作簿不会这样（XML 实体攻击？）")

    parser = expat.ParserCreate()
    parser.StartElementHandler = start
    parser.CharacterDataHandler = text
    parser.StartDoctypeDeclHandler = forbidden
    parser.EntityDeclHandler = forbidden
    with archive.open(member) as part:
        try:
            while chunk := part.read(_STREAM_CHUNK):
                parser.Parse(chunk, False)
            parser.Parse(b"", True)
        except (expat.ExpatError, zipfile.BadZipFile):
            return  # malformed: openpyxl reports the workbook as unreadable
