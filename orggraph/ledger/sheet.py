"""One sheet made ready for mapping: its header, its named columns and its data rows."""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from ..load.bundle import column_letter
from .header import Grid, Header, find_header
from .rows import SheetRows, classify


_AS_OF = re.compile(r"截[至止]\s*(\d{4})\s*[年.\-/]\s*(\d{1,2})\s*[月.\-/]\s*(\d{1,2})")


@dataclass(frozen=True)
class SheetView:
    grid: Grid
    header: Header
    columns: dict[str, int]    # column name (unique in the sheet) → column number
    rows: SheetRows

    @property
    def name(self) -> str:
        return self.grid.name

    def where(self, column: str) -> str:
        """How a problem names a column: its letter and header, e.g. D（村名称）."""
        return f"{column_letter(self.columns[column] - 1)}（{column}）"

    def cell(self, row: int, column: str):
        # merged data cells (a town written once over its villages) count for every row they cover
        return self.grid.value(row, self.columns[column])

    @property
    def as_of(self) -> dt.date | None:
        """The date the title or unit lines give: 截至2026年6月30日, 截止2026-06-30."""
        for cells in self.grid.rows[:self.header.rows[0] - 1]:
            for cell in cells:
                match = _AS_OF.search(str(cell or ""))
                if match:
                    try:
                        return dt.date(*(int(g) for g in match.groups()))
                    except ValueError:
                        return None
        return None

    def samples(self, column: str, limit: int = 30) -> list:
        out = []
        for row in self.rows.data:
            value = self.cell(row, column)
            if value is not None and str(value).strip():
                out.append(value)
                if len(out) >= limit:
                    break
        return out


def view(grid: Grid, header_rows: tuple[int, ...] | None = None) -> SheetView | None:
    header = find_header(grid, header_rows[0] if header_rows else None)
    if header is None:
        return None
    if header_rows and tuple(header_rows) != header.rows:
        header = _forced(grid, header_rows)
    columns: dict[str, int] = {}
    for col, name in sorted(header.names.items()):
        if name in columns:
            name = f"{name}（{column_letter(col - 1)}列）"
        columns[name] = col
    return SheetView(grid, header, columns, classify(grid, header))


def _forced(grid: Grid, rows: tuple[int, ...]) -> Header:
    from .header import clean

    names = {}
    for col in range(1, grid.width + 1):
        parts: list[str] = []
        for row in rows:
            part = clean(grid.value(row, col))
            if part and part not in parts:
                parts.append(part)
        if parts:
            names[col] = "/".join(parts)
    return Header(tuple(rows), names)
