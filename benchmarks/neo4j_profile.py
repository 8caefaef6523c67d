"""Where a Neo4j load's time goes: client (reading + checking + row dicts), Bolt encoding,
the server's work per statement, the network and waiting in between, and the commit.

    python benchmarks/neo4j_profile.py BUNDLE_DIR bolt://HOST:PORT [--batch-size N] [--pure-python]

The graph is emptied first. The load is the store's own (`Neo4jStore.load`) with its statements
instrumented: for each batch the rows are also packed once more with the driver's own PackStream
packer (the Rust one when `neo4j-rust-ext` is installed, unless `--pure-python`), off the clock of
the load, to time encoding alone; the server's time per statement is what the server reports
(`result_available_after` + `result_consumed_after`). Network and driver overhead is the rest of
each statement's wall time. Prints one JSON object.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import time


def block_rust() -> None:
    """Make the driver fall back to its pure-Python PackStream (the extension's module is
    imported lazily by the driver; a None entry makes that import fail)."""
    sys.modules["neo4j._rust"] = None  # type: ignore[assignment]
    sys.modules["neo4j._rust.codec"] = None  # type: ignore[assignment]
    sys.modules["neo4j._rust.codec.packstream"] = None  # type: ignore[assignment]
    sys.modules["neo4j._rust.codec.packstream.v1"] = None  # type: ignore[assignment]


def encoder() -> str:
    from neo4j._codec.packstream import v1
    return "rust" if v1._rust_pack else "python"


def pack_seconds(rows: list[dict]) -> float:
    from neo4j._codec.hydration.bolt.v2.hydration_handler import HydrationHandler
    from neo4j._codec.packstream.v1 import Packer

    hooks = HydrationHandler().new_hydration_scope().dehydration_hooks

    class Sink:
        def write(self, data):
            pass

    started = time.perf_counter()
    Packer(Sink()).pack({"rows": rows}, hooks)
    return time.perf_counter() - started


def cpu_seconds(pid: int | None) -> float:
    """CPU seconds (user + system) a process has used: steadier than wall time on a shared
    machine."""
    if not pid:
        return 0.0
    fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def profile(bundle: str, uri: str, batch_size: int, server_pid: int | None = None,
            merge_only: bool = False) -> dict:
    from orggraph.load import fast_check as columnar
    from orggraph.load.bundle import open_bundle
    from orggraph.store import neo4j as store_module
    from orggraph.store.neo4j import Neo4jStore

    split = {"client_s": 0.0, "encode_s": 0.0, "server_s": 0.0, "statements": 0,
             "statement_wall_s": 0.0, "commit_s": 0.0,
             "commit_server_cpu_s": 0.0, "by_kind": {}}
    with Neo4jStore(uri) as store:
        store.delete_all()
        store.ensure_schema()
        started = time.perf_counter()
        tables, problems = open_bundle(bundle)
        assert not problems
        made = columnar.batches(bundle, tables, lambda ids: {}, batch_size, as_arrow=False)
        split["check_s"] = time.perf_counter() - started

        def timed_batches():
            it = iter(made)
            while True:
                t0 = time.perf_counter()
                try:
                    batch = next(it)
                except StopIteration:
                    return
                split["client_s"] += time.perf_counter() - t0
                encode = pack_seconds(batch.rows)
                split["encode_s"] += encode
                yield batch

        real_run = store_module._run_statement

        def run(tx, cypher, params, kind, **more):
            t0 = time.perf_counter()
            summary = real_run(tx, cypher, params, kind, **more)
            wall = time.perf_counter() - t0
            server = ((summary.result_available_after or 0)
                      + (summary.result_consumed_after or 0)) / 1000
            split["server_s"] += server
            split["statement_wall_s"] += wall
            split["statements"] += 1
            entry = split["by_kind"].setdefault(kind, {"server_s": 0.0, "wall_s": 0.0,
                                                        "rows": 0})
            entry["server_s"] += server
            entry["wall_s"] += wall
            entry["rows"] += len(params.get("rows") or params.get("ids") or ())
            return summary

        real_commit = store_module._commit

        import neo4j
        watcher = neo4j.GraphDatabase.driver(uri, auth=None)

        def commit(tx):
            peak = watcher.execute_query(  # the transaction's state is largest just before
                "SHOW TRANSACTIONS YIELD estimatedUsedHeapMemory AS used "
                "RETURN max(used) AS used").records[0]["used"] or 0
            split["tx_memory_mib"] = max(split.get("tx_memory_mib", 0), peak / 2**20)
            t0, cpu = time.perf_counter(), cpu_seconds(server_pid)
            real_commit(tx)
            split["commit_s"] += time.perf_counter() - t0
            split["commit_server_cpu_s"] += cpu_seconds(server_pid) - cpu

        store_module._run_statement, store_module._commit = run, commit
        from orggraph.store import statements
        real_create = statements.create_nodes, statements.create_rels
        if merge_only:  # the statements before issue 21: MERGE for every row
            statements.create_nodes, statements.create_rels = (statements.merge_nodes,
                                                               statements.merge_rels)
        try:
            rows = 0
            server_cpu = cpu_seconds(server_pid)
            client_cpu = time.process_time()
            t0 = time.perf_counter()

            def count(what, n):
                nonlocal rows
                rows += n
            store.load(timed_batches(), count)
            total = time.perf_counter() - t0
            split["server_cpu_s"] = cpu_seconds(server_pid) - server_cpu
            split["client_cpu_s"] = time.process_time() - client_cpu - split["encode_s"]
        finally:
            store_module._run_statement, store_module._commit = real_run, real_commit
            watcher.close()
            statements.create_nodes, statements.create_rels = real_create
    # The encoding measured off the clock is also paid inside each statement's wall time.
    split["network_and_driver_s"] = split["statement_wall_s"] - split["server_s"] \
        - split["encode_s"]
    total -= split["encode_s"]  # the extra packing for the measurement is not the load's
    split.update(rows=rows, load_s=total + split["check_s"], store_load_s=total,
                 rows_per_s=rows / (total + split["check_s"]), encoder=encoder(),
                 statements_text="MERGE only" if merge_only else "CREATE for new")
    return split


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("bundle")
    parser.add_argument("uri")
    parser.add_argument("--batch-size", type=int, default=5000)
    parser.add_argument("--pure-python", action="store_true")
    parser.add_argument("--merge-only", action="store_true",
                        help="MERGE every row (the statements before CREATE for new rows)")
    parser.add_argument("--server-pid", type=int, help="the Neo4j JVM, to count its CPU time")
    args = parser.parse_args()
    if args.pure_python:
        block_rust()
    result = profile(args.bundle, args.uri, args.batch_size, args.server_pid, args.merge_only)
    print(json.dumps(result, indent=1, default=lambda x: round(x, 3)))


if __name__ == "__main__":
    main()
