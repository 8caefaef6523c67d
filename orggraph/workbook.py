"""Writing an Excel workbook: for people, in the style of an official 台账 (a title row, who it is
from, the rule it applies, a frozen header, columns wide enough for Chinese); with --lang en, the
plain table a program reads (the header in row 1)."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Sequence

from . import display

_NOT_IN_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_NOT_IN_TITLE = re.compile(r"[\\/?*:\[\]]")
# A cell starting with one of these is run as a formula by Excel / LibreOffice / WPS.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Column widths in Excel's units (about one Latin character; a Chinese character takes 2).
NARROWEST, WIDEST = 6, 60
UNIT_PLACEHOLDER = "生成单位：__________（盖章）"


@dataclass
class Book:
    """What a workbook for people says above each sheet's table."""

    title: str                                  # what it is: 覆盖问题清单, 跨村联建方案, …
    region: str = ""                            # the region it covers
    as_of: str = ""                             # the data's date
    notes: dict[str, str] = field(default_factory=dict)   # sheet → the rule's text and source


def neutralise(cell: object) -> object:
    """Make a text cell that a spreadsheet would run as a formula inert (OWASP CSV injection)."""
    if isinstance(cell, str) and cell.startswith(_FORMULA_STARTS):
        return "'" + cell
    return cell


def sheet_title(title: str, taken: set[str] | frozenset = frozenset()) -> str:
    """A valid, unique sheet title: Excel refuses \\ / ? * : [ ] and more than 31 characters."""
    clean = _NOT_IN_TITLE.sub("_", _NOT_IN_XML.sub("", title)).strip("'") or "sheet"
    clean = clean[:31]
    candidate, n = clean, 2
    while candidate.lower() in {t.lower() for t in taken}:
        suffix = f" ({n})"
        candidate, n = clean[:31 - len(suffix)] + suffix, n + 1
    return candidate


def cell(value: object) -> object:
    """A cell as an .xlsx file can hold it: control characters (which a load refuses, but a
    graph written otherwise may hold) are dropped rather than failing the whole export."""
    value = neutralise(display.program_value(value))
    if isinstance(value, str):
        return _NOT_IN_XML.sub("", value)
    return value


def columns_of(rows: Sequence[dict]) -> list[str]:
    seen: dict[str, None] = {}
    for row in rows:
        seen.update(dict.fromkeys(row))
    return list(seen)


def build(sheets: dict[str, Sequence[dict]], *, context: str | None = None,
          lang: str = display.DEFAULT_LANG, book: Book | None = None):
    """The workbook (openpyxl) of `sheets`: for people unless lang is "en"."""
    import openpyxl

    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for title, rows in sheets.items():
        sheet = workbook.create_sheet(sheet_title(title, set(workbook.sheetnames)))
        columns = columns_of(rows)
        if lang == "en" or book is None:
            _plain(sheet, rows, columns, context, lang)
        else:
            heading = book.title if len(sheets) == 1 else f"{book.title}：{sheet.title}"
            _official(sheet, rows, columns, context, lang, book, heading,
                      book.notes.get(title, ""))
    return workbook


def _plain(sheet, rows, columns, context, lang) -> None:
    sheet.append([cell(display.header(c, context, lang)) for c in columns])
    for row in rows:
        sheet.append([cell(display.value(c, row.get(c), context, lang, row)) for c in columns])


def _official(sheet, rows, columns, context, lang, book: Book, heading: str, note: str) -> None:
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

    span = max(len(columns), 1)
    wrap = Alignment(wrap_text=True, vertical="top")
    lines = [(heading, Font(bold=True, size=14), Alignment(horizontal="center", vertical="center")),
             ("　".join(part for part in (f"区域：{book.region}" if book.region else "",
                                          f"数据截至：{book.as_of}" if book.as_of else "",
                                          UNIT_PLACEHOLDER) if part), Font(size=10), wrap)]
    if note:
        lines.append((f"说明：{note}", Font(size=10), wrap))
    for number, (text, font, alignment) in enumerate(lines, 1):
        sheet.cell(row=number, column=1, value=cell(text)).font = font
        sheet.cell(row=number, column=1).alignment = alignment
        if span > 1:
            sheet.merge_cells(start_row=number, start_column=1, end_row=number, end_column=span)
    header_row = len(lines) + 1
    thin = Side(style="thin", color="999999")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    fill = PatternFill("solid", fgColor="DDEBF7")
    for number, column in enumerate(columns, 1):
        header = sheet.cell(row=header_row, column=number,
                            value=cell(display.header(column, context, lang)))
        header.font, header.fill, header.border = Font(bold=True), fill, border
        header.alignment = Alignment(wrap_text=True, horizontal="center", vertical="center")
    for offset, row in enumerate(rows, 1):
        for number, column in enumerate(columns, 1):
            value = cell(display.value(column, row.get(column), context, lang, row))
            target = sheet.cell(row=header_row + offset, column=number, value=value)
            target.border, target.alignment = border, wrap
            if isinstance(value, float):
                target.number_format = display.number_format(column)
    widths = _widths(sheet, columns, header_row, len(rows))
    total = sum(widths)
    for number, width in enumerate(widths, 1):
        sheet.column_dimensions[_letter(number)].width = width
    # The title lines wrap across the merged width: make their rows tall enough.
    for number, (text, _, _) in enumerate(lines[1:], 2):
        sheet.row_dimensions[number].height = 15 * max(1, -(-_text_width(text) // max(total, 1)))
    sheet.row_dimensions[1].height = 24
    sheet.freeze_panes = sheet.cell(row=header_row + 1, column=1)
    sheet.print_title_rows = f"{header_row}:{header_row}"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True


def _widths(sheet, columns, header_row: int, count: int) -> list[int]:
    """Each column as wide as its widest cell (the header may wrap to two lines), within
    NARROWEST and WIDEST; longer text wraps."""
    widths = []
    for number, _ in enumerate(columns, 1):
        header = _text_width(str(sheet.cell(row=header_row, column=number).value or ""))
        cells = [_text_width(str(sheet.cell(row=header_row + i, column=number).value or ""))
                 for i in range(1, count + 1)]
        # A short header stays on one line; a long one may take two.
        widest = max([header if header <= 16 else -(-header // 2), *cells], default=0)
        widths.append(min(max(widest + 2, NARROWEST), WIDEST))
    return widths


def _text_width(text: str) -> int:
    """Width in Excel's units: a Chinese (wide) character counts 2."""
    import unicodedata

    return max((sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in line)
                for line in text.splitlines() or [""]), default=0)


def _letter(number: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(number)


def write(path: Path, sheets: dict[str, Sequence[dict]], **options) -> None:
    """Build the workbook and save it at `path` (OSError as the system raises it)."""
    build(sheets, **options).save(path)
