"""Where a map's build goes on either store: every statement the build sends, timed.

    python benchmarks/map_queries.py DB VIEW [--within R-01 | --focus R-01 --depth 2]
        [--server-pid PID] [--clear-plans] [--rounds 2] [--top 15]

The map is built and rendered `--rounds` times in this one process (a user's `orggraph render`
is the first round). For each round: wall and client CPU seconds, the server's CPU seconds (its
JVM, from /proc, with `--server-pid`), the number of statements and of distinct statement texts,
and on Neo4j the server's own time per statement (`result_available_after`, which holds the
planning of a text the server has not planned yet, and `result_consumed_after`). `--clear-plans`
empties the server's query caches first (`CALL db.clearQueryCaches()`), so that a measurement
starts where a user's first command after a server restart or a new orggraph version starts;
it is a measuring aid, never part of a build. Prints one JSON object per round; `--top` lists
the statements with the most server time.
"""
from __future__ import annotations

import argparse
import collections
import hashlib
import json
import math
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import neo4j_profile  # noqa: E402


def _bucket(size: int) -> int:
    """Neo4j's size bucket of a list or string parameter (SizeBucket.computeBucket): a plan
    is cached per text and per bucket of each such parameter."""
    return size if size < 2 else 10 ** math.ceil(math.log10(size))


def _buckets(params: dict) -> tuple:
    return tuple(sorted((k, _bucket(len(v))) for k, v in params.items()
                        if isinstance(v, (list, str))))


class Recorder:
    def __init__(self):
        self.calls: list[dict] = []
        self.plans: set = set()  # (text, size buckets of its parameters): Neo4j's plan cache keys

    def wrap_neo4j(self, store) -> None:
        driver = store._driver
        plans = self.plans
        real = driver.execute_query

        def execute_query(query, *args, **kwargs):
            plans.add((query, _buckets(kwargs.get("parameters_") or {})))
            started = time.perf_counter()
            result = real(query, *args, **kwargs)
            s = result.summary
            self.calls.append({"text": query, "wall": time.perf_counter() - started,
                               "available": (s.result_available_after or 0) / 1000,
                               "consumed": (s.result_consumed_after or 0) / 1000,
                               "rows": len(result.records)})
            return result
        driver.execute_query = execute_query

    def wrap_any(self, store) -> None:
        real = store.query

        def query(cypher, params=None, **kwargs):
            started = time.perf_counter()
            out = real(cypher, params, **kwargs)
            self.calls.append({"text": cypher, "wall": time.perf_counter() - started,
                               "available": 0.0, "consumed": 0.0, "rows": len(out)})
            return out
        store.query = query


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("db")
    parser.add_argument("view")
    parser.add_argument("--within")
    parser.add_argument("--focus")
    parser.add_argument("--depth", type=int)
    parser.add_argument("--server-pid", type=int)
    parser.add_argument("--clear-plans", action="store_true")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--top", type=int, default=0)
    args = parser.parse_args()
    options = {k: v for k, v in (("within", args.within), ("focus", args.focus),
                                 ("depth", args.depth)) if v is not None}
    if args.clear_plans:
        import neo4j
        with neo4j.GraphDatabase.driver(args.db, auth=None) as driver:
            driver.execute_query("CALL db.clearQueryCaches()")
    started_import = time.perf_counter()
    from orggraph.maps import MapSettings, render_map
    from orggraph.maps.views import build_view
    from orggraph.store import open_store
    imported = time.perf_counter() - started_import
    recorder = Recorder()
    opened = time.perf_counter()
    with open_store(args.db) as store:
        opened = time.perf_counter() - opened
        if store.engine == "neo4j":
            recorder.wrap_neo4j(store)
        else:
            recorder.wrap_any(store)
        for round_ in range(args.rounds):
            recorder.calls.clear()
            recorder.plans.clear()
            wall, cpu = time.perf_counter(), time.process_time()
            server = neo4j_profile.cpu_seconds(args.server_pid)
            graph, meta = build_view(store, args.view, **options)
            render_map(graph, meta, MapSettings())
            wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
            server = neo4j_profile.cpu_seconds(args.server_pid) - server
            calls = recorder.calls
            texts = collections.Counter(c["text"] for c in calls)
            out = {"view": args.view, "round": round_ + 1, "nodes": graph.number_of_nodes(),
                   "edges": graph.number_of_edges(), "wall": round(wall, 3),
                   "client_cpu": round(cpu, 3), "server_cpu": round(server, 3),
                   "statements": len(calls), "texts": len(texts),
                   "text_buckets": len(recorder.plans),
                   "statement_wall": round(sum(c["wall"] for c in calls), 3),
                   "server_available": round(sum(c["available"] for c in calls), 3),
                   "server_consumed": round(sum(c["consumed"] for c in calls), 3)}
            if round_ == 0:
                out["import_s"], out["open_s"] = round(imported, 3), round(opened, 3)
            print(json.dumps(out, ensure_ascii=False))
            if args.top:
                by_text = collections.defaultdict(lambda: [0, 0.0, 0.0, 0.0, 0, []])
                for c in calls:
                    entry = by_text[c["text"]]
                    entry[5].append(round(c["available"], 3))
                    entry[0] += 1
                    entry[1] += c["wall"]
                    entry[2] += c["available"]
                    entry[3] += c["consumed"]
                    entry[4] += c["rows"]
                ranked = sorted(by_text.items(), key=lambda kv: -kv[1][1])[:args.top]
                for text, (n, w, a, c, r, each) in ranked:
                    digest = hashlib.sha1(text.encode()).hexdigest()[:6]
                    print(f"   {digest} x{n:<3} wall {w:6.3f} avail {a:6.3f} cons {c:6.3f} "
                          f"rows {r:<6} {' '.join(text.split())[:110]}"
                          + (f" {each}" if n > 1 else ""))


if __name__ == "__main__":
    main()
