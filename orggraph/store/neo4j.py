"""The Neo4j store: a server reached over Bolt with the official driver (5.26 LTS or later).

One driver per store. Reads go out as reads (`routing_=READ`), writes as writes, and the database
name travels with every call. A bundle is loaded in `UNWIND $rows` batches inside one explicit
write transaction, so it is applied whole or not at all. Server notifications stay out of the
terminal unless `verbose` (or `ORGGRAPH_VERBOSE=1`) asks for them. Driver errors become
`StoreError` (cannot reach or use the server) or `QueryError` (the server refused a statement),
with messages that name the URI but never the credentials.
"""
from __future__ import annotations

import datetime as dt
import functools
import logging
import os
import re
from typing import Callable, Iterable

import pyarrow as pa

import neo4j
from neo4j import exceptions as ne
from neo4j import graph as ng
from neo4j import time as nt

from .. import model
from ..queries import WRITE_NEEDED, QueryError
from . import statements
from .base import ID_LOOKUP_CHUNK, Progress, ReadOnly, Store, StoreError, only_among
from .batches import NodeBatch, RelBatch
from .changes import Changes, ReplaceScope, Seen, missing_ids, missing_rels
from .credentials import Neo4jTarget, target, without_userinfo

# Managed reads and writes are retried on transient failures for this long; long enough for a
# cluster leader switch, short enough that a dead server is reported while the user still waits.
DEFAULT_RETRY_SECONDS = 5.0
DEFAULT_CONNECT_SECONDS = 10.0
DELETE_CHUNK = 10_000
# Index population after CREATE CONSTRAINT on a populated graph; MERGE needs it online.
SCHEMA_WAIT_SECONDS = 300

_LOST = (ne.ServiceUnavailable, ne.SessionExpired, ne.ConnectionAcquisitionTimeoutError)


def schema_statements() -> list[str]:
    """Neo4j DDL from the model: `id` unique per label, and an index on every other
    required property (name, kind), which the analyses filter on."""
    ddl = []
    for label in model.STORED_LABELS:
        base = f"orggraph_{label.name.lower()}"
        ddl.append(f"CREATE CONSTRAINT {base}_id IF NOT EXISTS "
                   f"FOR (n:{label.name}) REQUIRE n.id IS UNIQUE")
        for prop in label.props:
            if prop.required and prop.name != "id":
                ddl.append(f"CREATE INDEX {base}_{prop.name} IF NOT EXISTS "
                           f"FOR (n:{label.name}) ON (n.{prop.name})")
    return ddl


def verbose_from_env() -> bool:
    return os.environ.get("ORGGRAPH_VERBOSE", "").strip().lower() in ("1", "true", "yes", "on")


def _configure_logging(verbose: bool) -> None:
    """Quiet: the driver's own warnings (retries, notifications) go nowhere. Verbose: to stderr."""
    logger = logging.getLogger("neo4j")
    if getattr(logger, "_orggraph_verbose", None) == verbose:
        return
    for handler in [h for h in logger.handlers if getattr(h, "_orggraph", False)]:
        logger.removeHandler(handler)
    handler: logging.Handler
    if verbose:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("neo4j: %(message)s"))
        logger.setLevel(logging.INFO)
    else:
        handler = logging.NullHandler()
    handler._orggraph = True  # type: ignore[attr-defined]
    logger.addHandler(handler)
    logger._orggraph_verbose = verbose  # type: ignore[attr-defined]


class Neo4jStore(Store):
    engine = "neo4j"

    def __init__(self, uri: str, *, user: str | None = None, password: str | None = None,
                 database: str | None = None, verbose: bool | None = None,
                 retry_seconds: float = DEFAULT_RETRY_SECONDS,
                 connect_seconds: float = DEFAULT_CONNECT_SECONDS,
                 commit_every: int | None = None, read_only: bool = False):
        self.read_only = read_only
        if commit_every is not None and commit_every < 1:
            raise StoreError("commit_every 应为正整数（行数）")
        self.commit_every = commit_every
        self._load_tx = None  # the open load transaction, which `query` then runs in
        try:
            self._target: Neo4jTarget = target(uri, user=user, password=password,
                                               database=database)
        except ValueError as exc:
            raise StoreError(f"{without_userinfo(uri)} 不能用作 Neo4j 地址：{exc}") from None
        self.location = self._target.location
        verbose = verbose_from_env() if verbose is None else verbose
        _configure_logging(verbose)
        try:
            self._driver = neo4j.GraphDatabase.driver(
                self._target.uri, auth=self._target.auth,
                notifications_min_severity=None if verbose else "OFF",
                max_transaction_retry_time=retry_seconds,
                connection_timeout=connect_seconds,
                connection_acquisition_timeout=connect_seconds + retry_seconds,
                user_agent="orggraph")
        except (ne.ConfigurationError, ValueError) as exc:
            raise StoreError(f"{self.location} 不能用作 Neo4j 地址：{exc}") from None
        try:
            self._driver.verify_connectivity()
            # Resolve the home database once, so every later call names it explicitly.
            summary = self._driver.execute_query(
                "RETURN 1", routing_=neo4j.RoutingControl.READ,
                database_=self._target.database).summary
            self.database: str = self._target.database or summary.database or "neo4j"
        except (ne.Neo4jError, ne.DriverError) as exc:
            self._driver.close()
            raise self._error(exc, "连接") from None

    # -- errors ---------------------------------------------------------------------------

    def _error(self, exc: Exception, doing: str) -> StoreError:
        where = f"Neo4j（{self.location}）"
        if isinstance(exc, ne.AuthError):
            if self._target.password is None:
                return StoreError(f"{where}要求用户名和密码：请设置环境变量 NEO4J_USERNAME 和 "
                                  "NEO4J_PASSWORD")
            who = self._target.user or "neo4j"
            return StoreError(f"{where}拒绝了用户 {who} 的密码，请检查 NEO4J_USERNAME 和 "
                              "NEO4J_PASSWORD")
        if isinstance(exc, _LOST):
            return StoreError(f"{where}无法连接（{doing}时：{_reason(exc)}），服务器是否在运行？")
        code = getattr(exc, "code", "") or ""
        if code.endswith("DatabaseNotFound"):
            return StoreError(f"{where}上没有数据库 {self._target.database}"
                              "（见 NEO4J_DATABASE、--neo4j-database）")
        if isinstance(exc, ne.DatabaseUnavailable):
            name = getattr(self, "database", None) or self._target.database or "（默认库）"
            return StoreError(f"{where}：数据库 {name} 暂不可用（{doing}时）：{_first_line(exc)}")
        return StoreError(f"{where}{doing}时出错：{_first_line(exc)}")

    # -- the interface ----------------------------------------------------------------------

    def ensure_schema(self) -> None:
        if self.read_only:
            raise ReadOnly(self.location)
        try:
            for statement in schema_statements():
                self._driver.execute_query(statement, routing_=neo4j.RoutingControl.WRITE,
                                           database_=self.database)
            self._driver.execute_query(f"CALL db.awaitIndexes({SCHEMA_WAIT_SECONDS})",
                                       routing_=neo4j.RoutingControl.WRITE,
                                       database_=self.database)
        except (ne.Neo4jError, ne.DriverError) as exc:
            raise self._error(exc, "建立约束和索引") from None

    def query(self, cypher: str, params: dict | None = None, *, write: bool = False) -> list[dict]:
        if write and self.read_only:
            raise ReadOnly(self.location)
        routing = neo4j.RoutingControl.WRITE if write else neo4j.RoutingControl.READ
        cypher, params = one_plan(_own_texts().get(cypher, cypher), params or {})
        if self._load_tx is not None:  # inside a load (before_commit): see what it wrote
            try:
                result = self._load_tx.run(cypher, params or {})
                keys = result.keys()
                return [dict(zip(keys, (_from_driver(v) for v in record.values())))
                        for record in result]
            except ne.Neo4jError as exc:
                raise QueryError(f"Neo4j 拒绝执行该查询：{_first_line(exc)}") from None
        try:
            records, _, keys = self._driver.execute_query(
                cypher, parameters_=params or {}, routing_=routing, database_=self.database)
        except _LOST as exc:
            raise self._error(exc, "执行查询") from None
        except ne.AuthError as exc:
            raise self._error(exc, "执行查询") from None
        except ne.Neo4jError as exc:
            if _is_access_mode(exc):
                raise QueryError(WRITE_NEEDED) from None
            if isinstance(exc, ne.DatabaseUnavailable) or (exc.code or "").endswith(
                    "DatabaseNotFound"):
                raise self._error(exc, "执行查询") from None
            raise QueryError(f"Neo4j 拒绝执行该查询：{_first_line(exc)}") from None
        except ne.DriverError as exc:
            raise self._error(exc, "执行查询") from None
        return [dict(zip(keys, (_from_driver(v) for v in record.values()))) for record in records]

    def labels_of(self, ids: list[str]) -> dict[str, str]:
        """As Store.labels_of, in one statement per chunk of ids (each label read by its
        index): one plan and one round trip instead of one per label."""
        found: dict[str, str] = {}
        for start in range(0, len(ids), ID_LOOKUP_CHUNK):
            for row in self.query(_LABELS_OF, {"ids": ids[start:start + ID_LOOKUP_CHUNK]}):
                found[row["id"]] = row["label"]
        return found

    def links_touching(self, ids_by_label: dict[str, list[str]], *,
                       among: bool = False) -> list[dict]:
        """The rows of `maps/links_touching` (Store.links_touching) in one statement for every
        label: each id read by the index of each label (`_ANY_NODE`), then every relationship
        of the model its node has, naming type and labels with Neo4j's own functions. The
        library's portable form is a union of 36 branches (one per type, end labels and end)
        that Neo4j plans for 7-30 s the first time (BENCHMARKS.md, "Maps on Neo4j"); one
        statement per label planned in 0.06-0.09 s of server CPU each (county, four of them
        for a neighbourhood); this one is planned once for all."""
        ids = [i for label_ids in ids_by_label.values() for i in label_ids]
        found = [row for start in range(0, len(ids), ID_LOOKUP_CHUNK)
                 for row in self.query(_LINKS_TOUCHING,
                                       {"ids": ids[start:start + ID_LOOKUP_CHUNK]})]
        return only_among(found, ids) if among else found

    def write_all(self, statements: list[tuple[str, dict]]) -> list[list[dict]]:
        """In one managed write transaction (retried whole on a transient failure)."""
        if self.read_only:
            raise ReadOnly(self.location)

        def work(tx) -> list[list[dict]]:
            out = []
            for cypher, params in statements:
                result = tx.run(cypher, params or {})
                keys = result.keys()
                out.append([dict(zip(keys, (_from_driver(v) for v in record.values())))
                            for record in result])
            return out

        try:
            with self._driver.session(database=self.database) as session:
                return session.execute_write(work)
        except (_LOST + (ne.AuthError,)) as exc:
            raise self._error(exc, "写入") from None
        except ne.Neo4jError as exc:
            raise QueryError(f"Neo4j 拒绝执行该语句：{_first_line(exc)}；未写入任何内容") from None
        except ne.DriverError as exc:
            raise self._error(exc, "写入") from None

    def load(self, batches: Iterable[NodeBatch | RelBatch], progress: Progress | None = None, *,
             replace: ReplaceScope | None = None,
             before_commit: Callable[[Changes], None] | None = None) -> Changes:
        """Every batch in one write transaction: Neo4j keeps nothing of it unless it commits.
        With `replace`, what the bundle no longer holds is removed at the end, in that same
        transaction; `before_commit` runs in it too (`query` runs inside the open transaction
        meanwhile), so a snapshot commits with the load or not at all.

        Nodes whose ids are not stored yet are written with `CREATE` and the rest with
        `MERGE … SET` (one lookup by key per batch tells them apart; none while the graph was
        empty when the load began); relationships with an end created by this load cannot exist
        yet and are written with `CREATE` too. `CREATE` skips MERGE's lookup and locking: about
        2× less server time for nodes (BENCHMARKS.md). A bundle's repeated relationship rows
        still end as one relationship, the last row's.

        With `commit_every` set, a transaction is committed after each that many rows instead:
        bundles larger than the server's transaction memory then load, but a failure leaves the
        rows committed so far (loading again completes them: MERGE is idempotent); a replace
        load then removes nothing until its last transaction, so a failure removes nothing.
        Not retried (the batches are a stream that cannot be replayed): a failure is reported
        and loading again is safe."""
        if self.read_only:
            raise ReadOnly(self.location)
        self.ensure_schema()
        session = self._driver.session(database=self.database,
                                       default_access_mode=neo4j.WRITE_ACCESS)
        tx = None
        committed = pending = 0
        changes = Changes()
        seen = Seen() if replace else None
        try:
            state = _LoadState(fresh=_is_empty(session))
            tx = session.begin_transaction()
            for batch in batches:
                what = _write_batch(tx, batch, state, changes)
                if seen is not None:
                    seen.add(batch)
                pending += len(batch.rows)
                if self.commit_every and pending >= self.commit_every:
                    _commit(tx)
                    committed, pending = committed + pending, 0
                    tx = session.begin_transaction()
                if progress:
                    progress(what, len(batch.rows))
            if replace:
                self._remove_missing(tx, replace, seen, changes)
            if before_commit:
                self._load_tx = tx
                try:
                    before_commit(changes)
                finally:
                    self._load_tx = None
            _commit(tx)
        except ne.IncompleteCommit:
            raise StoreError(f"提交台账包时与 Neo4j（{self.location}）的连接中断，最后一部分"
                             "可能已写入也可能未写入；请重新导入（重复导入结果不变）") from None
        except (ne.Neo4jError, ne.DriverError) as exc:
            raise self._load_error(exc, committed) from None
        finally:
            if tx is not None and not tx.closed():
                _quietly(tx.close)
            _quietly(session.close)
        return changes

    @staticmethod
    def _remove_missing(tx, scope: ReplaceScope, seen: Seen, changes: Changes) -> None:
        def counts() -> dict[str, int]:
            return {name: tx.run(statements.count_rels(name)).single()["count"]
                    for name in model.REL_BY_NAME}

        before = counts()
        for name in sorted(scope.types):
            for a, b in model.rel_type(name).endpoints:
                found = [dict(r) for r in tx.run(statements.rel_ends(name, a, b))]
                columns = ["from", "to"] + (["status"] if found and "status" in found[0] else [])
                stored = pa.table({c: pa.array([r[c] for r in found], pa.string())
                                   for c in columns})
                gone = missing_rels(stored, seen.keys(name), seen.settled(name))
                for start in range(0, len(gone), DELETE_CHUNK):
                    tx.run(statements.delete_rels(name, a, b),
                           {"rows": gone[start:start + DELETE_CHUNK]}).consume()
        for label in sorted(scope.labels):
            stored = pa.array([r["id"] for r in tx.run(statements.node_ids(label))], pa.string())
            gone = missing_ids(stored, seen.ids(label))
            changes.add(label, "removed", len(gone))
            for start in range(0, len(gone), DELETE_CHUNK):
                tx.run(statements.delete_nodes(label),
                       {"ids": gone[start:start + DELETE_CHUNK]}).consume()
        after = counts()
        for name, count in before.items():
            changes.add(name, "removed", count - after[name])

    def _load_error(self, exc: Exception, committed: int) -> StoreError:
        if committed:
            kept = (f"前{committed:,}行已提交（--neo4j-commit-every），"
                    "重新导入该台账包即可补全")
        else:
            kept = "该台账包未写入任何内容"
        code = getattr(exc, "code", "") or ""
        if isinstance(exc, _LOST):
            return StoreError(f"导入时与 Neo4j（{self.location}）的连接中断（{_reason(exc)}）。"
                              f"Neo4j 会丢弃未完成的事务，因此{kept}；服务器恢复后请重新导入")
        if "MemoryPoolOutOfMemoryError" in code or "dbms.memory.transaction" in str(exc):
            return StoreError(f"台账包太大，Neo4j（{self.location}）一次事务容纳不下"
                              f"（{_first_line(exc)}）；{kept}。请给服务器更多堆内存"
                              "（server.memory.heap.max_size），或用 --neo4j-commit-every 行数 "
                              "分多次事务导入（中途失败时不能整体撤回）")
        return StoreError(f"{self._error(exc, '导入')}；{kept}")

    def delete_all(self) -> None:
        """Chunked, so a big graph does not need one huge transaction (not atomic)."""
        if self.read_only:
            raise ReadOnly(self.location)
        try:
            with self._driver.session(database=self.database) as session:
                session.run(f"MATCH (n) CALL (n) {{ DETACH DELETE n }} "
                            f"IN TRANSACTIONS OF {DELETE_CHUNK} ROWS").consume()
        except (ne.Neo4jError, ne.DriverError) as exc:
            raise self._error(exc, "删除图数据") from None

    def close(self) -> None:
        _quietly(self._driver.close)


class _LoadState:
    """What one load knows about what is new, so that new things are created, not merged.

    `fresh`: the graph had no node when the load began, so every node and relationship it
    writes is new. Otherwise `created` holds the ids this load created (a relationship with
    such an end is new). `node_keys` / `rel_keys`: hashes of the ids and (type, from, to) keys
    created so far, so a repeated id or relationship row goes to MERGE instead (a hash
    collision only sends a new row to MERGE, which is still right)."""

    def __init__(self, fresh: bool):
        self.fresh = fresh
        self.created: set[str] = set()
        self.node_keys: set[int] = set()
        self.rel_keys: set[int] = set()


# The node with id `wanted`, whatever its label: one branch per label, each an index seek (an
# unlabelled `{id: …}` would scan every node; Neo4j 5.26 seeks no index for a dynamic label).
_ANY_NODE = ("CALL (wanted) { "
             + " UNION ".join(f"MATCH (n:{label} {{id: wanted}}) RETURN n, '{label}' AS label"
                              for label in model.LABEL_BY_NAME) + " }")
_LABELS_OF = f"UNWIND $ids AS wanted {_ANY_NODE} RETURN wanted AS id, label"
# Every relationship of the model at these nodes, as the rows of `maps/links_touching` (a
# property the model gives the type, else '').
_LINKS_TOUCHING = (
    f"UNWIND $ids AS wanted {_ANY_NODE} MATCH (n)-[r:{'|'.join(model.REL_BY_NAME)}]-() "
    "WITH r, startNode(r) AS a, endNode(r) AS b "
    "RETURN a.id AS source, labels(a)[0] AS source_label, b.id AS target, "
    "labels(b)[0] AS target_label, type(r) AS type, coalesce(r.mode, '') AS mode, "
    "coalesce(r.role, '') AS role, coalesce(r.status, '') AS status, "
    "coalesce(r.tier, '') AS tier")
# Library queries Neo4j answers with a text of its own: the same rows (tests/test_parity.py runs
# every library query on both stores), planned in less than half the server time. The library's
# four-branch union of maps/org_links (one per direction and type) has two branches here, each
# naming both types (about 0.1 s of server CPU to plan instead of 0.24 s, county, measured
# 2026-12-02 at load 16-19).
OWN_TEXTS = {
    "maps/org_links": (
        "UNWIND coalesce($ids, ['']) AS wanted "
        "MATCH (a:OrgUnit {id: wanted})-[r:MEMBER_OF|LEADS]->(b:OrgUnit) "
        "RETURN a.id AS source, b.id AS target, type(r) AS type "
        "UNION ALL UNWIND coalesce($ids, ['']) AS wanted "
        "MATCH (a:OrgUnit)-[r:MEMBER_OF|LEADS]->(b:OrgUnit {id: wanted}) "
        "RETURN a.id AS source, b.id AS target, type(r) AS type"),
}


@functools.cache
def _own_texts() -> dict[str, str]:
    """{library text: Neo4j's own text}."""
    from .. import queries
    return {queries.find(name).text: text for name, text in OWN_TEXTS.items()}


# A `$name` parameter in a statement (names as the library and statements.py write them).
_PARAMETER = re.compile(r"\$([A-Za-z][A-Za-z0-9_]*)\b")
LISTS = "orggraph_lists"  # the one map parameter that carries a statement's lists


def one_plan(cypher: str, params: dict) -> tuple[str, dict]:
    """The statement with its list parameters carried in one map parameter: `$ids` becomes
    `$orggraph_lists.ids`. Neo4j caches a plan per statement text *and* per power of ten of
    the length of each list (or string) parameter (its SizeBucket: 0, 1, 10, 100, …), so the
    same query asked for 1, 7, 40 and 500 ids is planned four times, each costing as much as
    the first (0.02–0.4 s of server CPU per plan); a map's value has no length, so one plan
    serves every list. The rows are the same; the plans too, bar the estimated rows of an
    UNWIND."""
    lists = sorted(k for k, v in params.items() if isinstance(v, (list, tuple)))
    if not lists:
        return cypher, params
    moved = {k: params[k] for k in lists}
    kept = {k: v for k, v in params.items() if k not in moved}
    return _rewritten(cypher, tuple(lists)), {**kept, LISTS: moved}


@functools.lru_cache(maxsize=512)
def _rewritten(cypher: str, lists: tuple[str, ...]) -> str:
    return _PARAMETER.sub(lambda m: f"${LISTS}.{m[1]}" if m[1] in lists else m[0], cypher)


def _is_empty(session) -> bool:
    return session.run("MATCH (n) RETURN count(n) = 0 AS empty LIMIT 1").single()["empty"]


def _write_batch(tx, batch: NodeBatch | RelBatch, state: _LoadState,
                 changes: Changes | None = None) -> str:
    """Write one batch: new rows with CREATE, the others with MERGE (rows keep their order,
    and every CREATE of a batch runs before its MERGE, so the last of repeated rows wins).
    With `changes`, every row is counted: CREATEd rows as created, MERGEd ones as created,
    changed or unchanged compared with what was stored before."""
    rows = batch.rows
    new: list[dict] = []
    old: list[dict] = []
    if isinstance(batch, NodeBatch):
        what = batch.label
        stored: set = set()
        if not state.fresh:
            stored = {r["id"] for r in tx.run(statements.existing_ids(what),
                                              {"ids": [r["id"] for r in rows]})}
        for row in rows:
            key = hash(row["id"])
            if row["id"] in stored or key in state.node_keys:
                old.append(row)
            else:
                state.node_keys.add(key)
                new.append(row)
        if not state.fresh:
            state.created.update(r["id"] for r in new)
        create = statements.create_nodes(what, batch.columns)
        merge = statements.merge_nodes(what, batch.columns)
        counted = statements.merge_nodes_counted(what, batch.columns)
    else:
        what = batch.type
        created = state.created
        for row in rows:
            key = hash((what, row["from"], row["to"]))
            if key in state.rel_keys or not (
                    state.fresh or row["from"] in created or row["to"] in created):
                old.append(row)
            else:
                state.rel_keys.add(key)
                new.append(row)
        ends = (batch.type, batch.from_label, batch.to_label, batch.columns)
        create, merge = statements.create_rels(*ends), statements.merge_rels(*ends)
        counted = statements.merge_rels_counted(*ends)
    if len(new) == len(rows):
        new = rows  # the batch as given (e.g. Arrow-backed rows), not a copy
    if new:
        _run_statement(tx, create, {"rows": new}, what)
        if changes is not None:
            changes.add(what, "created", len(new))
    if old and changes is None:
        _run_statement(tx, merge, {"rows": old}, what)
    elif old:
        records: list = []
        _run_statement(tx, counted, {"rows": old}, what, records=records)
        for record in records:
            changes.add(what, record["what"], record["rows"])
    return what


def _run_statement(tx, cypher: str, params: dict, kind: str, records: list | None = None):
    """One statement of a load, run to its end; its summary (a seam for benchmarks/). Its
    records are appended to `records` where given (a counted MERGE's rows)."""
    result = tx.run(cypher, params)
    if records is not None:
        records.extend(result)
    return result.consume()


def _commit(tx) -> None:
    tx.commit()


def _from_driver(value):
    """Driver values as the embedded store returns them: Python dates, dicts, lists."""
    if isinstance(value, (nt.Date, nt.DateTime, nt.Time)):
        return value.to_native()
    if isinstance(value, nt.Duration) and not value.months:
        return dt.timedelta(days=value.days, seconds=value.seconds,
                            microseconds=value.nanoseconds // 1000)
    if isinstance(value, list):
        return [_from_driver(v) for v in value]
    if isinstance(value, dict):
        return {k: _from_driver(v) for k, v in value.items()}
    if isinstance(value, (ng.Node, ng.Relationship)):
        return {k: _from_driver(v) for k, v in value.items()}
    if isinstance(value, ng.Path):
        return [_from_driver(n) for n in value.nodes]
    return value


def _is_access_mode(exc: ne.Neo4jError) -> bool:
    return (exc.code or "").endswith(("AccessMode", "WriteOnReadOnlyAccessDbException")) \
        or isinstance(exc, ne.ForbiddenOnReadOnlyDatabase)


def _reason(exc: BaseException) -> str:
    """The root cause in a driver's connection error, e.g. "connection refused"."""
    texts, seen = [], set()
    stack = [exc]
    while stack:  # the error, its causes and (for routing) the grouped attempts
        item = stack.pop()
        if item is None or id(item) in seen:
            continue
        seen.add(id(item))
        texts.append(str(item))
        stack += [item.__cause__, item.__context__, *getattr(item, "exceptions", ())]
    for text in texts:
        found = re.findall(r"\[Errno -?\d+\] ([^)\n]+)", text)
        if found:
            return found[-1].strip().lower()
    return _first_line(exc)


def _first_line(exc: Exception) -> str:
    text = getattr(exc, "message", None) or str(exc) or type(exc).__name__
    line = text.strip().splitlines()[0] if text.strip() else type(exc).__name__
    return line if len(line) <= 300 else line[:297] + "…"


def _quietly(close) -> None:
    try:
        close()
    except Exception:  # noqa: BLE001 - closing after a failure must not hide that failure
        pass
