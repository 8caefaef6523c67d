"""Writing batches into LadybugDB with its bulk path, inside the caller's transaction.

Batches of one label (or one relationship type) arrive one after another; they are gathered and
written together when the next label or type starts, so each table gets one `COPY` per
endpoint pair and duplicates are settled across the whole file:
- rows new to the graph: `COPY <table> FROM $arrow` (the engine's bulk path; it rolls back with
  the transaction);
- rows whose node, or relationship (from, type, to), is already in the graph: compared in Arrow
  with what is stored, and only those that change are written, with `LOAD FROM $arrow MATCH …
  SET` of the bundle's columns. So loading twice changes nothing, and costs a read, not a write;
- duplicate relationship rows: the last wins, as successive `MERGE … SET` would leave it.

What is stored is read whole per table (`MATCH … RETURN` as Arrow): one scan instead of a
per-row probe, which on LadybugDB 0.22 was both slower and, with many batches, crashed.
"""
from __future__ import annotations

import pyarrow as pa
import pyarrow.compute as pc

from .. import model
from .batches import ArrowRows, NodeBatch, RelBatch, arrow_schema
from .changes import Changes, ReplaceScope, Seen, missing_ids, missing_rels

SEP = "\x1f"  # joins from and to into one key; no id contains it (ids are stripped text)


def _table(schema, batch) -> pa.Table:
    if isinstance(batch.rows, ArrowRows):
        return batch.rows.table
    return pa.Table.from_pylist(list(batch.rows), schema=arrow_schema(schema, batch.columns))


def _typed_nulls(schema, name: str, n: int) -> pa.Array:
    return pa.nulls(n, arrow_schema(schema, [name])[0].type)


class BulkWriter:
    def __init__(self, conn):
        self._conn = conn
        self._run: tuple | None = None  # (kind, name) of the batches gathered
        self._batches: list = []
        self.changes = Changes()  # created / changed / unchanged per label and type

    # -- gathering ---------------------------------------------------------------------------

    def add(self, batch: NodeBatch | RelBatch) -> None:
        key = ("node", batch.label) if isinstance(batch, NodeBatch) else ("rel", batch.type)
        if key != self._run:
            self.flush()
            self._run = key
        self._batches.append(batch)

    def flush(self) -> None:
        batches, self._batches, run = self._batches, [], self._run
        self._run = None
        if not batches:
            return
        if run[0] == "node":
            self._nodes(batches)
        else:
            pairs: dict[tuple[str, str], list[RelBatch]] = {}
            for batch in batches:
                pairs.setdefault((batch.from_label, batch.to_label), []).append(batch)
            for group in pairs.values():
                self._rels(group)

    def _tally(self, name: str, created: int, unchanged: int, changed: int) -> None:
        self.changes.add(name, "created", created)
        self.changes.add(name, "unchanged", unchanged)
        self.changes.add(name, "changed", changed)

    # -- reading what is stored ------------------------------------------------------------

    def _stored(self, cypher: str) -> pa.Table:
        return self._conn.execute(cypher).get_as_arrow(0)

    def labels_of(self, ids: list[str]) -> dict[str, str]:
        found: dict[str, str] = {}
        if not ids:
            return found
        wanted = pa.array(ids, pa.string())
        for label in model.LABEL_BY_NAME:
            stored = self._stored(f"MATCH (n:{label}) RETURN n.id AS id").column("id")
            hits = pc.filter(wanted, pc.is_in(wanted, value_set=stored))
            found.update((i, label) for i in hits.to_pylist())
        return found

    # -- removing what a replace load no longer holds ------------------------------------------

    def remove_missing(self, scope: ReplaceScope, seen: Seen) -> None:
        """Delete the nodes of `scope.labels` and relationships of `scope.types` that the bundle
        (`seen`) does not hold; relationships go with their nodes and are counted as removed."""
        before = self._rel_counts()
        for name in sorted(scope.types):
            rel = model.rel_type(name)
            status = ", e.status AS status" if "status" in rel.prop_names else ""
            for a, b in rel.endpoints:
                stored = self._stored(f"MATCH (a:{a})-[e:{name}]->(b:{b}) "
                                      f"RETURN a.id AS src, b.id AS dst{status}")
                stored = stored.rename_columns(["from", "to", *stored.column_names[2:]])
                gone = missing_rels(stored, seen.keys(name), seen.settled(name))
                if gone:
                    self._conn.execute(
                        f"LOAD FROM $rows MATCH (a:{a} {{id: c_from}})-[e:{name}]->"
                        f"(b:{b} {{id: c_to}}) DELETE e",
                        {"rows": pa.table({"c_from": [g["from"] for g in gone],
                                           "c_to": [g["to"] for g in gone]},
                                          schema=pa.schema([("c_from", pa.string()),
                                                            ("c_to", pa.string())]))})
        for label in sorted(scope.labels):
            stored = self._stored(f"MATCH (n:{label}) RETURN n.id AS id").column("id")
            gone = missing_ids(stored, seen.ids(label))
            self.changes.add(label, "removed", len(gone))
            if gone:
                self._conn.execute(f"LOAD FROM $rows MATCH (n:{label} {{id: c_id}}) DETACH DELETE n",
                                   {"rows": pa.table({"c_id": pa.array(gone, pa.string())})})
        after = self._rel_counts()
        for name, count in before.items():
            self.changes.add(name, "removed", count - after[name])

    def _rel_counts(self) -> dict[str, int]:
        return {name: self._conn.execute(f"MATCH ()-[e:{name}]->() RETURN count(e)").get_next()[0]
                for name in model.REL_BY_NAME}

    # -- nodes -------------------------------------------------------------------------------

    def _nodes(self, batches: list[NodeBatch]) -> None:
        label = model.label(batches[0].label)
        columns = [c for c in dict.fromkeys(c for b in batches for c in b.columns)]
        data = pa.concat_tables([_table(label, b) for b in batches], promote_options="default")
        if not data.num_rows:
            return
        props = [c for c in columns if c != "id"]
        stored = self._stored(f"MATCH (n:{label.name}) RETURN "
                              + ", ".join(f"n.{c} AS {c}" for c in ["id", *props]))
        known = pc.is_in(data.column("id"), value_set=stored.column("id"))
        old, new = data.filter(known), data.filter(pc.invert(known))
        self._tally(label.name, new.num_rows, old.num_rows, 0)
        if old.num_rows and props:
            changed = _changed(old, stored, ["id"], props)
            self._tally(label.name, 0, -changed.num_rows, changed.num_rows)
            if changed.num_rows:
                sets = ", ".join(f"n.{p} = c_{p}" for p in props)
                self._conn.execute(
                    f"LOAD FROM $rows MATCH (n:{label.name} {{id: c_id}}) SET {sets}",
                    {"rows": pa.table({f"c_{c}": changed.column(c) for c in ("id", *props)})})
        if new.num_rows:
            full = {p.name: new.column(p.name) if p.name in new.column_names
                    else _typed_nulls(label, p.name, new.num_rows) for p in label.props}
            self._conn.execute(f"COPY {label.name} FROM $rows", {"rows": pa.table(full)})

    # -- relationships -----------------------------------------------------------------------

    def _rels(self, batches: list[RelBatch]) -> None:
        rel = model.rel_type(batches[0].type)
        a, b = batches[0].from_label, batches[0].to_label
        data = _last_per_pair(pa.concat_tables([_table(rel, x) for x in batches],
                                               promote_options="default"))
        if not data.num_rows:
            return
        props = [c for c in dict.fromkeys(c for x in batches for c in x.columns)
                 if c not in ("from", "to")]
        stored = self._stored(
            f"MATCH (a:{a})-[e:{rel.name}]->(b:{b}) RETURN a.id AS src, b.id AS dst"
            + "".join(f", e.{p} AS {p}" for p in props)).rename_columns(["from", "to", *props])
        new = data
        if stored.num_rows:
            key = _key(data)
            known = pc.is_in(key, value_set=_key(stored))
            old, new = data.filter(known), data.filter(pc.invert(known))
            self._tally(rel.name, 0, old.num_rows, 0)
            if old.num_rows and props:
                changed = _changed(old, stored, ["from", "to"], props)
                self._tally(rel.name, 0, -changed.num_rows, changed.num_rows)
                if changed.num_rows:
                    sets = ", ".join(f"e.{p} = c_{p}" for p in props)
                    self._conn.execute(
                        f"LOAD FROM $rows MATCH (a:{a} {{id: c_from}})-[e:{rel.name}]->"
                        f"(b:{b} {{id: c_to}}) SET {sets}",
                        {"rows": pa.table({f"c_{c}": changed.column(c)
                                           for c in ("from", "to", *props)})})
        self._tally(rel.name, new.num_rows, 0, 0)
        if new.num_rows:
            full = {"from": new.column("from"), "to": new.column("to")}
            for p in rel.props:
                full[p.name] = new.column(p.name) if p.name in new.column_names \
                    else _typed_nulls(rel, p.name, new.num_rows)
            self._conn.execute(f"COPY {rel.name} FROM $rows (from='{a}', to='{b}')",
                               {"rows": pa.table(full)})


def _key(data: pa.Table) -> pa.ChunkedArray:
    return pc.binary_join_element_wise(data.column("from"), data.column("to"), SEP)


def _last_per_pair(data: pa.Table) -> pa.Table:
    """One row per (from, to): the last."""
    numbered = data.append_column("__row", pa.array(range(data.num_rows), pa.int64()))
    last = numbered.group_by(["from", "to"], use_threads=False).aggregate([("__row", "max")])
    if last.num_rows == data.num_rows:
        return data
    rows = last.column("__row_max")
    return data.take(pc.take(rows, pc.sort_indices(rows)))


def _changed(rows: pa.Table, stored: pa.Table, keys: list[str], props: list[str]) -> pa.Table:
    """The rows whose properties differ from what is stored under the same key (null equals
    null). Every row's key is in `stored`."""
    mine_key = rows.column(keys[0]) if len(keys) == 1 else _key(rows)
    their_key = stored.column(keys[0]) if len(keys) == 1 else _key(stored)
    theirs = stored.take(pc.index_in(mine_key, value_set=their_key))
    differs = pa.array([False] * rows.num_rows)
    for p in props:
        mine, other = rows.column(p), theirs.column(p)
        if pa.types.is_list(mine.type):
            same = pa.array([x == y for x, y in zip(mine.to_pylist(), other.to_pylist())])
        else:
            if other.type != mine.type:
                other = other.cast(mine.type)
            same = pc.or_kleene(pc.and_kleene(pc.is_null(mine), pc.is_null(other)),
                                pc.fill_null(pc.equal(mine, other), False))
        differs = pc.or_(differs, pc.invert(same))
    return rows.filter(differs)
