"""Opening a 台账 workbook: every sheet as a grid of cell values with its merged ranges."""
from __future__ import annotations

from pathlib import Path

from .header import Grid
from .problems import LedgerError, LedgerProblem


def read_workbook(path: str | Path) -> list[Grid]:
    import openpyxl

    path = Path(path)
    if not path.is_file():
        raise LedgerError([LedgerProblem("", None, None, f"找不到台账文件 {path}")])
    if path.suffix.lower() not in (".xlsx", ".xlsm"):
        raise LedgerError([LedgerProblem("", None, None,
                                         f"{path.name} 不是 .xlsx 工作簿（.xls 请先用 Excel 另存为 .xlsx）")])
    try:
        # data_only: a 合计 row's =SUM(...) reads as its value; normal mode keeps merged ranges
        book = openpyxl.load_workbook(path, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise LedgerError([LedgerProblem("", None, None,
                                         f"{path.name} 无法读取（文件损坏或不是 Excel 工作簿）：{exc}")]) \
            from None
    grids = []
    for sheet in book.worksheets:
        rows = [list(values) for values in sheet.iter_rows(values_only=True)]
        for cells in rows:
            while cells and cells[-1] is None:
                cells.pop()
        while rows and not rows[-1]:
            rows.pop()
        merged = [(m.min_row, m.min_col, m.max_row, m.max_col) for m in sheet.merged_cells.ranges]
        grids.append(Grid(sheet.title, rows, merged))
    return grids
