"""Sorting a sheet's rows under its header: data, or dropped as blank, total, note or repeated header.

Dropped rows are kept by kind with their row numbers, so the report says exactly what was left out.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from .header import Grid, Header, clean, filled

BLANK, TOTAL, NOTE, REPEATED, NUMBERING = "blank", "total", "note", "repeated_header", "numbering"
DROPPED_ZH = {BLANK: "空行", TOTAL: "合计/小计行", NOTE: "注释、落款行", REPEATED: "重复的表头行",
              NUMBERING: "栏次行"}
_TOTAL = re.compile(r".{0,16}(合计|小计|总计|共计|总 计)")
_NOTE = re.compile(r"^(注|备注|说明|填表说明|填表人|填报人|审核人|负责人|制表人?|联系人|联系电话|"
                   r"填报日期|报出日期|（?\(?签名|（?\(?盖章|单位负责人)")


@dataclass
class SheetRows:
    data: list[int] = field(default_factory=list)
    dropped: dict[str, list[int]] = field(default_factory=dict)

    def drop(self, kind: str, row: int) -> None:
        self.dropped.setdefault(kind, []).append(row)


def classify(grid: Grid, header: Header) -> SheetRows:
    out = SheetRows()
    header_cells = [header.names[c].split("/")[-1] for c in sorted(header.names)]
    in_notes = False
    for row in range(header.rows[-1] + 1, len(grid.rows) + 1):
        cells = [clean(v) for v in grid.rows[row - 1] if filled(v)]
        if not cells:
            out.drop(BLANK, row)
            continue
        if in_notes and len(cells) <= 2:
            out.drop(NOTE, row)
            continue
        in_notes = False
        if _NOTE.match(cells[0]) and len(cells) <= 2:
            out.drop(NOTE, row)
            in_notes = True
        elif any(_TOTAL.fullmatch(c) for c in cells[:3]):
            out.drop(TOTAL, row)
        elif cells[0] == "序号" or cells == header_cells:
            out.drop(REPEATED, row)
        elif row == header.rows[-1] + 1 and _numbering(cells):
            out.drop(NUMBERING, row)
        else:
            out.data.append(row)
    return out


def _numbering(cells: list[str]) -> bool:
    """The 栏次 row some statistics tables put under the header: 甲 乙 1 2 3 … or ① ② ③ …"""
    marks = [c for c in cells if c not in ("甲", "乙", "丙")]
    if len(cells) < 3 or not all(re.fullmatch(r"\d{1,2}|[①-⑳]", c) for c in marks):
        return False
    digits = [int(c) for c in marks if c.isdigit()]
    return digits == list(range(digits[0], digits[0] + len(digits))) if digits else True
