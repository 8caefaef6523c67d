"""The embedded store: LadybugDB (the maintained fork of Kùzu), in-process and on disk."""
from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Callable, Iterable

import ladybug

from .. import model
from ..queries import QueryError
from ..load.validate import NodeBatch, RelBatch
from .bulk_embedded import BulkWriter as _BulkWriter
from .base import Progress, Store, StoreError
from .changes import Changes, ReplaceScope, Seen

# Up to this many ids, labels_of looks each up by key (measured at province scale: 1 id
# 0.08 s instead of 0.75 s for the scans; about even at 2,000 ids).
FEW_IDS = 2_000

_TYPES = {model.STR: "STRING", model.INT: "INT64", model.FLOAT: "DOUBLE", model.BOOL: "BOOLEAN",
          model.DATE: "DATE", model.LIST: "STRING[]"}


def schema_ddl() -> list[str]:
    """LadybugDB needs every table declared before use: one per label, one per relationship type."""
    ddl = []
    for label in model.STORED_LABELS:
        columns = ", ".join(f"{p.name} {_TYPES[p.type]}" for p in label.props)
        ddl.append(f"CREATE NODE TABLE IF NOT EXISTS {label.name}({columns}, PRIMARY KEY(id))")
    for rel in model.REL_TYPES:
        pairs = ", ".join(f"FROM {a} TO {b}" for a, b in rel.endpoints)
        columns = "".join(f", {p.name} {_TYPES[p.type]}" for p in rel.props)
        ddl.append(f"CREATE REL TABLE IF NOT EXISTS {rel.name}({pairs}{columns})")
    return ddl


def _plain(value: object) -> object:
    # LadybugDB sums integers into Decimal; Neo4j (and every caller) expects int or float.
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


class EmbeddedStore(Store):
    engine = "embedded"

    def __init__(self, path: str | Path, *, read_only: bool = False):
        self.location = str(path)
        try:
            self._db = ladybug.Database(str(path), read_only=read_only)
        except RuntimeError as exc:
            if "lock" in str(exc).lower():
                raise StoreError(f"{path} is in use by another orggraph process "
                                 "(one process may write an embedded database at a time); "
                                 "wait for it to finish") from None
            raise StoreError(f"cannot open the database {path}: {exc}") from None
        self._conn = ladybug.Connection(self._db)
        if not read_only:
            self.ensure_schema()

    def ensure_schema(self) -> None:
        for statement in schema_ddl():
            self._conn.execute(statement)

    def query(self, cypher: str, params: dict | None = None, *, write: bool = False) -> list[dict]:
        try:
            result = self._conn.execute(cypher, params or {})
        except RuntimeError as exc:
            raise QueryError(f"the embedded store refused the query: {exc}") from None
        if not result.has_next():
            return []
        return [{k: _plain(v) for k, v in row.items()} for row in result.rows_as_dict().get_all()]

    def labels_of(self, ids: list[str]) -> dict[str, str]:
        """As Store.labels_of; beyond a few thousand ids (a bundle's endpoints), matched in Arrow
        against each label's ids read once, which costs one scan per label however many ids
        there are (1.4M ids in about a second), where looking each up by key grows with them."""
        if len(ids) <= FEW_IDS:
            return super().labels_of(ids)
        return _BulkWriter(self._conn).labels_of(ids)

    def load(self, batches: Iterable[NodeBatch | RelBatch], progress: Progress | None = None, *,
             replace: ReplaceScope | None = None,
             before_commit: Callable[[Changes], None] | None = None) -> Changes:
        """All batches in one transaction (COPY runs inside it and is rolled back with it).
        See bulk_embedded.py: new rows by `COPY … FROM` Arrow, changed ones by `LOAD FROM … SET`;
        progress is reported as batches are taken, before each table's write. With `replace`,
        what the bundle no longer holds is removed in the same transaction; `before_commit`
        runs inside it too (its queries see the loaded graph), so a snapshot commits with it."""
        writer = _BulkWriter(self._conn)
        seen = Seen() if replace else None
        self._conn.execute("BEGIN TRANSACTION")
        try:
            for batch in batches:
                writer.add(batch)
                if seen is not None:
                    seen.add(batch)
                if progress:
                    progress(batch.label if isinstance(batch, NodeBatch) else batch.type,
                             len(batch.rows))
            writer.flush()
            if replace:
                writer.remove_missing(replace, seen)
            if before_commit:
                before_commit(writer.changes)
        except BaseException:
            try:
                self._conn.execute("ROLLBACK")
            except RuntimeError:
                pass  # the engine rolled back itself (e.g. out of buffer memory): keep its error
            raise
        self._conn.execute("COMMIT")
        return writer.changes

    def close(self) -> None:
        self._conn.close()
        self._db.close()
