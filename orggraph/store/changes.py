"""What a load did to the graph (created / changed / unchanged / removed per label and type), and
what a replace load removes: the rows of the bundle's files that the bundle no longer holds.

Both stores use these: they gather the bundle's keys as its batches go by (`Seen`), read what is
stored, and ask `missing_ids` / `missing_rels` what to delete, inside the load's transaction.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import pyarrow as pa
import pyarrow.compute as pc

from .. import model

SEP = "\x1f"  # joins from and to into one key; no id contains it (ids are stripped text)
KINDS = ("created", "changed", "unchanged", "removed")
PROPOSED = "proposed"


@dataclass
class Changes:
    """Counts per label (`nodes`) and relationship type (`relationships`), each
    {"created", "changed", "unchanged", "removed"}."""
    nodes: dict[str, dict[str, int]] = field(default_factory=dict)
    relationships: dict[str, dict[str, int]] = field(default_factory=dict)

    def add(self, name: str, kind: str, count: int) -> None:
        part = self.nodes if name in model.LABEL_BY_NAME else self.relationships
        counts = part.setdefault(name, dict.fromkeys(KINDS, 0))
        counts[kind] += int(count)

    def total(self, part: str, kind: str) -> int:
        return sum(c[kind] for c in getattr(self, part).values())

    @property
    def nothing_changed(self) -> bool:
        return not any(self.total(part, kind) for part in ("nodes", "relationships")
                       for kind in ("created", "changed", "removed"))

    def as_dict(self) -> dict:
        return {"nodes": self.nodes, "relationships": self.relationships,
                "totals": {part: {kind: self.total(part, kind) for kind in KINDS}
                           for part in ("nodes", "relationships")}}


@dataclass(frozen=True)
class ReplaceScope:
    """The labels and types whose file the bundle has: for those, the bundle is the whole truth."""
    labels: frozenset[str]
    types: frozenset[str]


class Seen:
    """The node ids and relationship keys of the bundle, gathered from its batches."""

    def __init__(self) -> None:
        self._ids: dict[str, list] = {}
        self._keys: dict[str, list] = {}
        self._settled: dict[str, list] = {}

    def add(self, batch) -> None:
        table = _as_table(batch)
        if hasattr(batch, "label"):
            self._ids.setdefault(batch.label, []).append(table.column("id"))
            return
        key = rel_key(table.column("from"), table.column("to"))
        self._keys.setdefault(batch.type, []).append(key)
        if "status" not in model.rel_type(batch.type).prop_names:
            return  # no proposals of this type: nothing to settle
        settling = table
        if "status" in table.column_names:
            settling = table.filter(pc.fill_null(pc.not_equal(table.column("status"), PROPOSED),
                                                 True))
        # An active relationship settles a proposal between the same ends, either way round.
        self._settled.setdefault(batch.type, []).extend([
            rel_key(settling.column("from"), settling.column("to")),
            rel_key(settling.column("to"), settling.column("from"))])

    def ids(self, label: str) -> pa.Array:
        return _joined(self._ids.get(label, []))

    def keys(self, rel_type: str) -> pa.Array:
        return _joined(self._keys.get(rel_type, []))

    def settled(self, rel_type: str) -> pa.Array:
        return _joined(self._settled.get(rel_type, []))


def _as_table(batch) -> pa.Table:
    rows = batch.rows
    if hasattr(rows, "table"):  # columnar.ArrowRows
        return rows.table
    keys = ("id",) if hasattr(batch, "label") else ("from", "to", "status")
    columns = {k: pa.array([r.get(k) for r in rows], pa.string()) for k in keys
               if k in batch.columns or k == "id"}
    return pa.table(columns) if columns else pa.table({"id": pa.array([], pa.string())})


def _joined(parts: list) -> pa.Array:
    chunks = [c for part in parts
              for c in (part.chunks if isinstance(part, pa.ChunkedArray) else [part])]
    if not chunks:
        return pa.array([], pa.string())
    return pa.concat_arrays([c.cast(pa.string()) for c in chunks])


def rel_key(source, target) -> pa.Array:
    joined = pc.binary_join_element_wise(source, target, SEP)
    return joined.combine_chunks() if isinstance(joined, pa.ChunkedArray) else joined


def missing_ids(stored: pa.Array, seen: pa.Array) -> list[str]:
    """Stored ids that the bundle does not hold."""
    stored = stored.combine_chunks() if isinstance(stored, pa.ChunkedArray) else stored
    return pc.filter(stored, pc.invert(pc.is_in(stored, value_set=seen))).to_pylist()


def missing_rels(stored: pa.Table, seen: pa.Array, settled: pa.Array) -> list[dict]:
    """Stored relationships (columns from, to and, where the type has one, status) that the
    bundle does not hold, except proposals (status proposed) that no active relationship between
    the same ends settles: a plan written by `pair --apply` / `cadres --apply` outlives a load."""
    if not stored.num_rows:
        return []
    key = rel_key(stored.column("from"), stored.column("to"))
    gone = pc.invert(pc.is_in(key, value_set=seen))
    if "status" in stored.column_names:
        proposed = pc.fill_null(pc.equal(stored.column("status"), PROPOSED), False)
        unsettled = pc.invert(pc.is_in(key, value_set=settled))
        gone = pc.and_(gone, pc.invert(pc.and_(proposed, unsettled)))
    left = stored.filter(gone)
    return [{"from": a, "to": b} for a, b in zip(left.column("from").to_pylist(),
                                                 left.column("to").to_pylist())]
