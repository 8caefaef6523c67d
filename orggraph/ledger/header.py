"""Finding the header block of a 台账 sheet under its title and unit rows, and flattening it.

A sheet is read as a grid of raw cell values plus its merged ranges. The header is the first row
with at least two filled cells none of which reads like a unit line (`填报单位：…`). A parent cell
merged across several columns pulls the row below into the header; each column's name joins its
distinct parts top to bottom: `党组织书记` over `姓名` → `党组织书记/姓名`.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

MAX_HEADER_SEARCH = 30
_UNIT_LINE = re.compile(r"[：:]|^(填报|制表|截至|截止)")


@dataclass(frozen=True)
class Grid:
    """A sheet's cells (rows[i][j] is row i+1, column j+1) and merged ranges (1-based, inclusive)."""
    name: str
    rows: list[list]
    merged: list[tuple[int, int, int, int]]  # min_row, min_col, max_row, max_col
    _anchor: dict = field(default_factory=dict, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        for r1, c1, r2, c2 in self.merged:
            for row in range(r1, r2 + 1):
                for col in range(c1, c2 + 1):
                    self._anchor[(row, col)] = (r1, c1)

    @property
    def width(self) -> int:
        return max((len(r) for r in self.rows), default=0)

    def raw(self, row: int, col: int):
        cells = self.rows[row - 1] if row - 1 < len(self.rows) else []
        return cells[col - 1] if col - 1 < len(cells) else None

    def value(self, row: int, col: int):
        """The cell's value, or the value of the merged range it lies in."""
        return self.raw(*self._anchor.get((row, col), (row, col)))


@dataclass(frozen=True)
class Header:
    rows: tuple[int, ...]           # the header band's row numbers
    names: dict[int, str]           # column number → flattened name (filled columns only)


def filled(value) -> bool:
    return value is not None and str(value).strip() != ""


def clean(value) -> str:
    return re.sub(r"\s+", "", str(value)) if filled(value) else ""


def find_header(grid: Grid, start: int | None = None) -> Header | None:
    first = start or _first_header_row(grid)
    if first is None:
        return None
    band = [first]
    while len(band) < 3:
        last = band[-1]
        spans = [m for m in grid.merged if m[0] <= last <= m[2] and m[3] > m[1] and m[2] == last]
        below = last + 1
        if not spans or not any(filled(grid.raw(below, c)) for m in spans
                                for c in range(m[1], m[3] + 1)):
            break
        band.append(below)
    # a cell merged down from the band's first row reaches further than the parents' children
    deepest = max((m[2] for m in grid.merged if m[0] in band), default=band[-1])
    band.extend(range(band[-1] + 1, min(deepest, band[0] + 2) + 1))
    names: dict[int, str] = {}
    for col in range(1, grid.width + 1):
        parts: list[str] = []
        for row in band:
            part = clean(grid.value(row, col))
            if part and part not in parts:
                parts.append(part)
        if parts:
            names[col] = "/".join(parts)
    return Header(tuple(band), names)


def _first_header_row(grid: Grid) -> int | None:
    for row in range(1, min(len(grid.rows), MAX_HEADER_SEARCH) + 1):
        cells = [clean(v) for v in grid.rows[row - 1] if filled(v)]
        if len(cells) >= 2 and not any(_UNIT_LINE.search(c) for c in cells) \
                and sum(not _numeric(c) for c in cells) >= len(cells) * 0.6:
            return row
    return None


def _numeric(text: str) -> bool:
    return bool(re.fullmatch(r"[\d.,%-]+", text))
