"""The embedded store: LadybugDB (the maintained fork of Kùzu), in-process and on disk."""
from __future__ import annotations

import gc
from decimal import Decimal
from pathlib import Path
from typing import Callable, Iterable

import ladybug

from .. import model
from ..queries import WRITE_NEEDED, QueryError
from .bulk_embedded import BulkWriter as _BulkWriter
from .base import ID_LOOKUP_CHUNK, Progress, ReadOnly, Store, StoreError
from .batches import NodeBatch, RelBatch
from .changes import Changes, ReplaceScope, Seen

# Up to this many ids, labels_of looks each up by key (measured at province scale: 1 id
# 0.08 s instead of 0.75 s for the scans; about even at 2,000 ids).
FEW_IDS = 2_000
# What LadybugDB says when a read-only database is asked to write.
_REFUSED_WRITE = "read-only database"

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


def _missing(conn) -> list[tuple[str, str | None, str | None]]:
    """The model's tables (column None) and columns that the database lacks."""
    tables = {row[0] for row in conn.execute("CALL show_tables() RETURN name").get_all()}
    missing = []
    for name, props in [*((l.name, l.props) for l in model.STORED_LABELS),
                        *((r.name, r.props) for r in model.REL_TYPES)]:
        if name not in tables:
            missing.append((name, None, None))
            continue
        have = {row[1] for row in conn.execute(f"CALL table_info('{name}') RETURN *").get_all()}
        missing += [(name, p.name, _TYPES[p.type]) for p in props if p.name not in have]
    return missing


def _from_ladybug(value: object) -> object:
    # LadybugDB sums integers into Decimal; Neo4j (and every caller) expects int or float.
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


class EmbeddedStore(Store):
    engine = "embedded"
    takes_arrow = True
    in_list_max = 64
    follows_keys = False

    def __init__(self, path: str | Path, *, read_only: bool = False):
        self.location = str(path)
        self.read_only = read_only
        try:
            self._db = ladybug.Database(str(path), read_only=read_only)
        except RuntimeError as exc:
            if "lock" in str(exc).lower():
                raise StoreError(f"{path} 正被另一个 orggraph 进程使用（内置数据库同一时间只能"
                                 "由一个进程写入），请等它结束后再试") from None
            cause = _disk_cause(str(exc))
            if cause:
                raise StoreError(f"无法以写入方式打开数据库 {path}：{cause}") from None
            raise StoreError(f"无法打开数据库 {path}：{exc}") from None
        self._conn = ladybug.Connection(self._db)
        if not read_only:
            self.ensure_schema()
        elif _missing(self._conn):
            self._upgrade()

    def ensure_schema(self) -> None:
        """Every table of the model, and every column a database made by an earlier orggraph
        lacks (added empty: the data stay as they were)."""
        if self.read_only:
            raise ReadOnly(self.location)
        for statement in schema_ddl():
            self._conn.execute(statement)
        for table, column, kind in _missing(self._conn):  # tables: created above
            self._conn.execute(f"ALTER TABLE {table} ADD IF NOT EXISTS {column} {kind}")

    def _upgrade(self) -> None:
        """A reading command on a database made by an earlier orggraph: its queries name columns
        the file lacks, so the schema is brought up to date once (a write of the schema only),
        then the database is opened for reading again."""
        self.close()
        try:
            EmbeddedStore(self.location).close()
        except StoreError as exc:
            raise StoreError(f"{self.location} 由较早版本的 orggraph 建立，须先升级才能读取，"
                             f"升级失败：{exc}") from None
        self._db = ladybug.Database(self.location, read_only=True)
        self._conn = ladybug.Connection(self._db)

    def query(self, cypher: str, params: dict | None = None, *, write: bool = False) -> list[dict]:
        if write and self.read_only:
            raise ReadOnly(self.location)
        try:
            result = self._conn.execute(cypher, params or {})
        except RuntimeError as exc:
            if self.read_only and _REFUSED_WRITE in str(exc):
                raise QueryError(WRITE_NEEDED) from None
            raise QueryError(f"内置数据库拒绝执行该查询：{exc}") from None
        if not result.has_next():
            return []
        return [{k: _from_ladybug(v) for k, v in row.items()} for row in result.rows_as_dict().get_all()]

    def links_touching(self, ids_by_label: dict[str, list[str]], *,
                       among: bool = False) -> list[dict]:
        """The rows of `maps/links_touching` (Store.links_touching). LadybugDB plans every
        branch of the library queries as a scan (`IN`) or a hash join (by key) over whole
        tables, and fetching the other end's id joins its whole table too (1.4M people at
        province scale). So: a few ids are read with one label-agnostic query per label and
        direction; the links among many ids (`among`) by their target's id, naming the source
        by LadybugDB's internal node id (looked up once per id), which reads no table whole;
        more ids otherwise by the library queries."""
        if among:
            return self._links_among(ids_by_label)
        if sum(len(ids) for ids in ids_by_label.values()) > self.in_list_max:
            return super().links_touching(ids_by_label)
        return [row for label, ids in ids_by_label.items() if ids
                for query in _links_of(label) for row in self.query(query, {"ids": ids})]

    def _links_among(self, ids_by_label: dict[str, list[str]]) -> list[dict]:
        node: dict[tuple, tuple[str, str]] = {}  # internal id -> (id, label)
        for label, ids in ids_by_label.items():
            model.label(label)  # a label of the model: the only text put into the query
            for start in range(0, len(ids), ID_LOOKUP_CHUNK):
                for row in self.query(f"UNWIND $ids AS wanted MATCH (n:{label} {{id: wanted}}) "
                                      "RETURN n.id AS id, id(n) AS node",
                                      {"ids": ids[start:start + ID_LOOKUP_CHUNK]}):
                    node[_internal(row["node"])] = (row["id"], label)
        rows = []
        for label, ids in ids_by_label.items():
            for start in range(0, len(ids), ID_LOOKUP_CHUNK):
                for row in self.query(_links_into(label),
                                      {"ids": ids[start:start + ID_LOOKUP_CHUNK]}):
                    source = node.get(_internal(row.pop("node")))
                    if source is not None:
                        rows.append({"source": source[0], "source_label": source[1], **row})
        return rows

    def write_all(self, statements: list[tuple[str, dict]]) -> list[list[dict]]:
        if self.read_only:
            raise ReadOnly(self.location)
        self._conn.execute("BEGIN TRANSACTION")
        try:
            out = [self.query(cypher, params, write=True) for cypher, params in statements]
        except BaseException:
            try:
                self._conn.execute("ROLLBACK")
            except RuntimeError:
                pass  # the engine rolled back itself
            raise
        self._conn.execute("COMMIT")
        return out

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
        if self.read_only:
            raise ReadOnly(self.location)
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
        except BaseException as exc:
            try:
                self._conn.execute("ROLLBACK")
            except RuntimeError:
                pass  # the engine rolled back itself (e.g. out of buffer memory): keep its error
            del writer
            self._raise_if_disk(exc)
            raise
        changes = writer.changes
        del writer
        try:
            self._conn.execute("COMMIT")
        except RuntimeError as exc:
            self._raise_if_disk(exc)
            raise
        return changes

    def _raise_if_disk(self, exc: BaseException) -> None:
        """A load that failed for want of disk (full, read-only, over the file size limit)
        leaves the database as it was: LadybugDB says the commit is "durable and will be
        recovered", but the WAL never reached the disk and reopening shows the graph before
        the load. Reopen it so the engine recovers, drop the checkpoint's shadow file it
        leaves behind (with no WAL there is no checkpoint to finish), and say what happened."""
        cause = _disk_cause(str(exc)) if isinstance(exc, RuntimeError) else None
        if cause is None:
            return
        # The engine refuses further writes on this handle. Its frames (and their references
        # to the connection) go first: the engine checkpoints when the last reference goes.
        message = str(exc)
        exc.__traceback__ = None
        self.close()
        gc.collect()
        shadow, wal = Path(self.location + ".shadow"), Path(self.location + ".wal")
        if "checkpoint failed" in message:
            # The WAL holds the transaction's logged statements (the Meta row) but not its
            # COPYs, which were in the checkpoint that failed: replayed, it would give the old
            # graph the new date. The load failed, so none of it stays. A shadow file the
            # checkpoint could not finish writing was never applied to the main file.
            wal.unlink(missing_ok=True)
            if shadow.exists() and (message.count(".shadow") or shadow.stat().st_size == 0):
                shadow.unlink()
        try:
            ladybug.Database(self.location).close()
        except RuntimeError:
            pass  # still no room to recover: the shadow file is discarded below all the same
        if shadow.exists() and not wal.exists():
            shadow.unlink(missing_ok=True)
        raise StoreError(f"台账包未导入：{cause}（{self.location}）；"
                         "数据库保持导入前的状态") from None

    def close(self) -> None:
        if self._db is not None:
            self._conn.close()
            self._db.close()
            self._conn = self._db = None


_LINK_PROPS = ("coalesce(r.mode, '') AS mode, coalesce(r.role, '') AS role, "
               "coalesce(r.status, '') AS status, coalesce(r.tier, '') AS tier")


def _links_of(label: str) -> tuple[str, str]:
    """The relationships of the model out of and into nodes of `label` with these ids (`IN`),
    as the rows of `maps/links_touching`; `label()` names the type and the other end's label
    (a property the type does not have is null, hence '')."""
    model.label(label)  # a label of the model: the only text put into the query
    types = "|".join(model.REL_BY_NAME)
    return (f"MATCH (a:{label})-[r:{types}]->(b) WHERE a.id IN $ids "
            f"RETURN a.id AS source, '{label}' AS source_label, b.id AS target, "
            f"label(b) AS target_label, label(r) AS type, {_LINK_PROPS}",
            f"MATCH (a)-[r:{types}]->(b:{label}) WHERE b.id IN $ids "
            f"RETURN a.id AS source, label(a) AS source_label, b.id AS target, "
            f"'{label}' AS target_label, label(r) AS type, {_LINK_PROPS}")


def _links_into(label: str) -> str:
    """The relationships of the model into nodes of `label` with these ids (by key), their
    source named by its internal id only: no table is read whole for it."""
    types = "|".join(model.REL_BY_NAME)
    return (f"UNWIND $ids AS wanted MATCH (a)-[r:{types}]->(b:{label} {{id: wanted}}) "
            f"RETURN id(a) AS node, b.id AS target, '{label}' AS target_label, "
            f"label(r) AS type, {_LINK_PROPS}")


def _internal(node) -> tuple:
    """LadybugDB's internal node id as a dict key."""
    return (node["table"], node["offset"]) if isinstance(node, dict) else tuple(node)


def _disk_cause(message: str) -> str | None:
    """What a LadybugDB I/O error means for the user, if it is about the disk."""
    text = message.lower()
    if "no space left" in text:
        return "磁盘空间已满"
    if "read-only file system" in text:
        return "所在文件夹位于只读文件系统"
    if "permission denied" in text:
        return "没有写入数据库文件或其文件夹的权限"
    if "file too large" in text:
        return "文件超过系统允许的大小上限（ulimit -f）"
    return None
