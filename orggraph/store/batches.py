"""What a store is given to write: batches of node rows or relationship rows, typed by the model.

The loader makes them (load/validate.py row by row, load/fast_check.py column by column); every
store takes them. Rows are dicts, or `ArrowRows` for a store that `takes_arrow`.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Iterable

import pyarrow as pa

from .. import model

NODE_KEYS = ("id",)
REL_KEYS = ("from", "to")
ARROW_TYPES = {model.STR: pa.string(), model.INT: pa.int64(), model.FLOAT: pa.float64(),
               model.BOOL: pa.bool_(), model.DATE: pa.date32(), model.LIST: pa.list_(pa.string())}


@dataclass(frozen=True)
class NodeBatch:
    label: str
    columns: tuple[str, ...]  # "id" first
    rows: Sequence[dict]


@dataclass(frozen=True)
class RelBatch:
    type: str
    from_label: str
    to_label: str
    columns: tuple[str, ...]  # "from", "to" first
    rows: Sequence[dict]


class ArrowRows(Sequence):
    """A batch's rows held as an Arrow table; dicts are made only if someone iterates them."""

    def __init__(self, table: pa.Table):
        self.table = table
        self._rows: list[dict] | None = None

    def _materialised(self) -> list[dict]:
        if self._rows is None:
            self._rows = self.table.to_pylist()
        return self._rows

    def __len__(self) -> int:
        return self.table.num_rows

    def __getitem__(self, index):
        return self._materialised()[index]

    def __iter__(self):
        return iter(self._materialised())


def arrow_schema(schema: model.Label | model.RelType, columns: Iterable[str]) -> pa.Schema:
    """The Arrow schema of a batch with these columns (id / from / to are strings)."""
    return pa.schema([(c, pa.string()) if c in NODE_KEYS + REL_KEYS
                      else (c, ARROW_TYPES[schema.prop(c).type]) for c in columns])
