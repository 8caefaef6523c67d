"""The embedded store: LadybugDB (the maintained fork of Kùzu), in-process and on disk."""
from __future__ import annotations

from pathlib import Path
from typing import Iterable

import ladybug

from .. import model
from ..queries import QueryError
from ..validate import NodeBatch, RelBatch
from . import statements
from .base import Progress, Store, StoreError

_TYPES = {model.STR: "STRING", model.INT: "INT64", model.FLOAT: "DOUBLE", model.BOOL: "BOOLEAN",
          model.DATE: "DATE", model.LIST: "STRING[]"}


def schema_ddl() -> list[str]:
    """LadybugDB needs every table declared before use: one per label, one per relationship type."""
    ddl = []
    for label in model.LABELS:
        columns = ", ".join(f"{p.name} {_TYPES[p.type]}" for p in label.props)
        ddl.append(f"CREATE NODE TABLE IF NOT EXISTS {label.name}({columns}, PRIMARY KEY(id))")
    for rel in model.REL_TYPES:
        pairs = ", ".join(f"FROM {a} TO {b}" for a, b in rel.endpoints)
        columns = "".join(f", {p.name} {_TYPES[p.type]}" for p in rel.props)
        ddl.append(f"CREATE REL TABLE IF NOT EXISTS {rel.name}({pairs}{columns})")
    return ddl


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
        return list(result.rows_as_dict().get_all()) if result.has_next() else []

    def load(self, batches: Iterable[NodeBatch | RelBatch], progress: Progress | None = None) -> None:
        self._conn.execute("BEGIN TRANSACTION")
        try:
            for batch in batches:
                if isinstance(batch, NodeBatch):
                    cypher, what = statements.merge_nodes(batch.label, batch.columns), batch.label
                else:
                    cypher = statements.merge_rels(batch.type, batch.from_label, batch.to_label,
                                                   batch.columns)
                    what = batch.type
                self._conn.execute(cypher, {"rows": batch.rows})
                if progress:
                    progress(what, len(batch.rows))
        except BaseException:
            self._conn.execute("ROLLBACK")
            raise
        self._conn.execute("COMMIT")

    def close(self) -> None:
        self._conn.close()
        self._db.close()
