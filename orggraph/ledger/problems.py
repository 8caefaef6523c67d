"""Problems found while reading a 台账, each with the sheet, row and column it concerns."""
from __future__ import annotations

from dataclasses import dataclass

from ..load.bundle import BundleError as _Base  # the project's error base until orggraph/errors.py lands


@dataclass(frozen=True)
class LedgerProblem:
    sheet: str
    row: int | None
    column: str | None  # the column's letter and header, e.g. "D（村名称）"
    message: str

    def __str__(self) -> str:
        where = [f"工作表“{self.sheet}”"] if self.sheet else []
        if self.row is not None:
            where.append(f"第{self.row}行")
        if self.column:
            where.append(f"{self.column}列")
        return f"{'，'.join(where)}：{self.message}" if where else self.message


class LedgerError(_Base):
    """A 台账 that cannot be imported; `problems` lists every reason (nothing was written)."""

    def __init__(self, problems: list[LedgerProblem]):
        self.problems = problems
        Exception.__init__(self, "\n".join(str(p) for p in problems[:200]))
