"""The naive peer: one `MERGE` per row, each its own statement and transaction, as tutorials load.

    python benchmarks/naive.py BUNDLE_DIR DB [--sample ROWS]     # DB: a path or a bolt:// URI

The rows are the project's own typed rows of the same bundle (validate.check + records), so
only the writing differs: per node `MERGE (n:L {id: $id}) SET n.p = $p, …`, per relationship
`MATCH (a:A {id: $from}), (b:B {id: $to}) MERGE (a)-[e:T]->(b) SET …`, through
`Connection.execute` (LadybugDB) or `session.run` (the Neo4j driver, auto-commit), into an
empty graph (Neo4j with the same uniqueness constraints the project creates).

With `--sample N` only a fixed sample is written and rows/s is extrapolated from it: the first
rows of every node file in proportion to its size (about N node and relationship rows in all),
then the relationships of every file whose two ends are among the sampled nodes. The generated
bundles list a county at a time, so the sample is a county's worth of connected rows.
"""
from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from orggraph.load.bundle import open_bundle
from orggraph.load.validate import check, records
from orggraph.store import is_neo4j, open_store
from orggraph.store.batches import NodeBatch


def node_statement(label: str, columns) -> str:
    props = [c for c in columns if c != "id"]
    sets = ", ".join(f"n.{p} = ${p}" for p in props)
    return f"MERGE (n:{label} {{id: $id}})" + (f" SET {sets}" if sets else "")


def rel_statement(rel: str, a: str, b: str, columns) -> str:
    props = [c for c in columns if c not in ("from", "to")]
    sets = ", ".join(f"e.{p} = ${p}" for p in props)
    return (f"MATCH (a:{a} {{id: $from}}), (b:{b} {{id: $to}}) MERGE (a)-[e:{rel}]->(b)"
            + (f" SET {sets}" if sets else ""))


def sample_rows(bundle: Path, sample: int | None):
    """(statement, params) per row, in load order; the sample as the module docstring says."""
    tables, problems = open_bundle(bundle)
    labels, problems = check(tables, lambda ids: {}, problems)
    if problems:
        raise SystemExit(f"{bundle} is not a clean bundle: {problems[0]}")
    batches = list(records(tables, labels, 10 ** 9))
    total = sum(len(b.rows) for b in batches)
    share = 1.0 if not sample or sample >= total else sample / total
    kept: set[str] = set()
    out = []
    for batch in batches:
        if isinstance(batch, NodeBatch):
            rows = batch.rows[:max(1, round(len(batch.rows) * share))] if batch.rows else []
            kept.update(r["id"] for r in rows)
            statement = node_statement(batch.label, batch.columns)
        else:
            limit = max(1, round(len(batch.rows) * share))
            rows = [r for r in batch.rows if r["from"] in kept and r["to"] in kept][:limit]
            statement = rel_statement(batch.type, batch.from_label, batch.to_label, batch.columns)
        out.extend((statement, row) for row in rows)
    return out, total


def run(bundle: Path, db: str, sample: int | None) -> dict:
    rows, total = sample_rows(bundle, sample)
    with open_store(db) as store:
        store.delete_all()
        store.ensure_schema()
        if is_neo4j(db):
            session = store._driver.session(database=store.database)  # as tutorials: one session
            execute = lambda q, p: session.run(q, p).consume()  # noqa: E731
        else:
            execute = lambda q, p: store._conn.execute(q, p)  # noqa: E731
        started = time.perf_counter()
        for statement, params in rows:
            execute(statement, params)
        seconds = time.perf_counter() - started
        if is_neo4j(db):
            session.close()
        store.delete_all()
    return {"rows": len(rows), "bundle_rows": total, "seconds": seconds,
            "rows_per_s": len(rows) / seconds if seconds else None,
            "sampled": len(rows) < total,
            "extrapolated_s": total / (len(rows) / seconds) if rows and seconds else None}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("bundle", type=Path)
    parser.add_argument("db")
    parser.add_argument("--sample", type=int, default=None)
    args = parser.parse_args()
    print(json.dumps(run(args.bundle, args.db, args.sample)))


if __name__ == "__main__":
    main()
