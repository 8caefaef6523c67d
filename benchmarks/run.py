"""Benchmark table: load and analyses of a generated county, city or province, per store.

    python benchmarks/run.py --scale city                    # embedded store (~2 min)
    python benchmarks/run.py --scale province --store both   # ~15 min on 2 cores
    python benchmarks/run.py --scale county --write          # also rewrite BENCHMARKS.md

Each step runs in its own Python process, so its peak memory (ru_maxrss) is its own. Results
are kept per scale and store in benchmarks/results/<scale>-<store>.json; the printed table and
the BENCHMARKS.md section show every scale measured so far, so cost growth is visible.

Steps: generate the bundle (orggraph.generate); load it with the project's loader (Arrow checks
+ COPY on LadybugDB, UNWIND batches on Neo4j) into an empty graph, then load it again
(idempotent: nothing changes); the naive peer (benchmarks/naive.py: one MERGE per row, on a
fixed sample, rows/s extrapolated); the engine's raw bulk limit (benchmarks/raw.py: COPY FROM
the same CSVs, LadybugDB only); every coverage rule and the whole catalogue; influence over all
chains; the pairing plan (optimal solver, with the nearest-centre greedy on the same instance);
each map view of the first county, and a 5,000-node map opened in headless Chromium.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import os
import platform
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import hardware  # benchmarks/hardware.py (this folder is on the path when run as a script)

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results"
HEADING = "## Scale: load and analyses"
SCALES = ("county", "city", "province")
NAIVE_SAMPLE = 2000
MAP_VIEWS = (("hierarchy", {"within": "R-01"}), ("coverage", {"within": "R-01"}),
             ("pairing", {"within": "R-01"}), ("chain", {}),
             ("neighbourhood", {"focus": "R-01", "depth": 2}))
sys.path.insert(0, str(ROOT / "benchmarks"))
sys.path.insert(0, str(ROOT / "tests"))


# -- steps (each runs in a child process: python run.py --step NAME ...) ----------------------

def _peak_mb() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)


def _timed(fn, *args, **kwargs):
    started = time.perf_counter()
    value = fn(*args, **kwargs)
    return value, time.perf_counter() - started


def step_generate(bundle: str, scale: str, seed: int) -> list[dict]:
    from orggraph.generate import write_bundle
    counts, seconds = _timed(write_bundle, bundle, scale, seed)
    return [{"step": "generate bundle", "size": sum(counts.values()), "unit": "rows",
             "seconds": seconds, "peak_mb": _peak_mb()}]


class _Neo4jWatch:
    """What a Neo4j load costs where: the server's CPU seconds (its JVM, from /proc), the
    client's, the commit's wall time, and the load transaction's peak memory on the server
    (`SHOW TRANSACTIONS … estimatedUsedHeapMemory`, polled every 0.2 s from another connection)."""

    def __init__(self, uri: str, server_pid: int | None):
        import threading

        import neo4j
        import neo4j_profile
        from orggraph.store import neo4j as store_module
        self.cpu = lambda: neo4j_profile.cpu_seconds(server_pid)
        self.module, self.threading = store_module, threading
        self.driver = neo4j.GraphDatabase.driver(uri, auth=None)
        self.peak_tx_bytes = 0
        self.commit_s = self.commit_cpu_s = 0.0
        self._stop = threading.Event()

    def _poll(self) -> None:
        while not self._stop.wait(0.2):
            try:
                found = self.driver.execute_query(
                    "SHOW TRANSACTIONS YIELD currentQuery, estimatedUsedHeapMemory "
                    "RETURN max(estimatedUsedHeapMemory) AS peak").records
            except Exception:  # noqa: BLE001 - a missed sample is not a failed load
                continue
            self.peak_tx_bytes = max(self.peak_tx_bytes, found[0]["peak"] or 0)

    def __enter__(self):
        real = self.real_commit = self.module._commit

        def commit(tx):
            started, cpu = time.perf_counter(), self.cpu()
            real(tx)
            self.commit_s += time.perf_counter() - started
            self.commit_cpu_s += self.cpu() - cpu
        self.module._commit = commit
        self.thread = self.threading.Thread(target=self._poll, daemon=True)
        self.thread.start()
        self.server_cpu, self.client_cpu = self.cpu(), time.process_time()
        return self

    def __exit__(self, *exc):
        self.server_cpu_s = self.cpu() - self.server_cpu
        self.client_cpu_s = time.process_time() - self.client_cpu
        self._stop.set()
        self.thread.join()
        self.module._commit = self.real_commit
        self.driver.close()

    def note(self) -> str:
        return (f"server CPU {self.server_cpu_s:.1f} s (commit {self.commit_cpu_s:.1f} s), "
                f"client CPU {self.client_cpu_s:.1f} s, commit wall {self.commit_s:.1f} s; "
                f"transaction peak {self.peak_tx_bytes / 2**20:,.0f} MiB")


def step_load(bundle: str, db: str, batch_size: int, commit_every: int | None,
              server_pid: int | None = None, pure_python: bool = False) -> list[dict]:
    """The bundle loaded into an empty graph by the project's loader. On Neo4j also with the
    costs split (_Neo4jWatch); `pure_python`: with the driver's pure-Python Bolt encoder, as an
    install without neo4j-rust-ext has."""
    import neo4j_profile
    if pure_python:
        neo4j_profile.block_rust()
    from orggraph.load.load import load_bundle
    from orggraph.store import open_store
    options = {"commit_every": commit_every} if commit_every else {}
    watch = None
    with open_store(db, **options) as store:
        store.delete_all()
        if store.engine == "neo4j":
            with _Neo4jWatch(db, server_pid) as watch:
                report, first = _timed(load_bundle, store, bundle, batch_size=batch_size)
        else:
            report, first = _timed(load_bundle, store, bundle, batch_size=batch_size)
        rows = report.nodes + report.relationships
        server = ""
        if store.engine == "neo4j":
            found = store.query("CALL dbms.components() YIELD name, versions "
                                "RETURN name, versions[0] AS version")
            server = "; server " + ", ".join(f"{r['name']} {r['version']}" for r in found)
    note = f"batches of {batch_size:,} rows" + (
        f"; committed every {commit_every:,} rows (not all-or-nothing)" if commit_every
        else ("; one transaction" if watch else "")) + server
    step = "load (orggraph)"
    if watch:
        note += f"; Bolt encoder {neo4j_profile.encoder()}; " + watch.note()
        if pure_python:
            step = "load (orggraph, pure-Python driver)"
    return [{"step": step, "size": rows, "unit": "rows", "seconds": first,
             "rate": rows / first, "peak_mb": _peak_mb(), "note": note}]


def step_load_again(bundle: str, db: str, batch_size: int, commit_every: int | None) -> list[dict]:
    """The same bundle loaded again by a new process, as a user re-running `orggraph load`."""
    from orggraph.load.load import load_bundle
    from orggraph.store import open_store
    options = {"commit_every": commit_every} if commit_every else {}
    with open_store(db, **options) as store:
        before = store.counts()
        report, again = _timed(load_bundle, store, bundle, batch_size=batch_size)
        assert store.counts() == before, "loading twice changed the graph"
    rows = report.nodes + report.relationships
    return [{"step": "load again (no change)", "size": rows, "unit": "rows", "seconds": again,
             "rate": rows / again, "peak_mb": _peak_mb()}]


def step_naive(bundle: str, db: str, sample: int) -> list[dict]:
    import naive
    result = naive.run(Path(bundle), db, sample)
    return [{"step": "load (naive MERGE per row)", "size": result["rows"], "unit": "rows",
             "seconds": result["seconds"], "rate": result["rows_per_s"], "peak_mb": _peak_mb(),
             "note": (f"sample of {result['rows']:,} rows; whole bundle ≈ "
                      f"{result['extrapolated_s']:,.0f} s" if result["sampled"] else "")}]


def step_raw(bundle: str, db: str) -> list[dict]:
    import raw
    result = raw.raw_copy(Path(bundle), Path(db))
    return [{"step": "raw COPY FROM csv (engine limit)", "size": result["rows"], "unit": "rows",
             "seconds": result["seconds"], "rate": result["rows_per_s"], "peak_mb": _peak_mb()}]


def step_coverage(db: str) -> list[dict]:
    from orggraph.analyses.coverage import RULES, find_gaps
    from orggraph.analyses.places import Places
    from orggraph.store import open_store

    class TimedPlaces(Places):  # the catalogue's walk up from its findings, timed on its own
        def prefetch(self, walked=(), seen=()):
            self.prefetch_s = _timed(super().prefetch, walked, seen)[1]

    rows = []
    with open_store(db) as store:
        places = TimedPlaces(store)
        findings, total = _timed(find_gaps, store, places=places)
        rows.append({"step": "coverage: whole catalogue", "size": len(findings),
                     "unit": "findings", "seconds": total, "peak_mb": _peak_mb()})
        rows.append({"step": "coverage: places read around the findings",
                     "size": len(places.nodes), "unit": f"nodes, {places.queries} queries",
                     "seconds": places.prefetch_s})
        for rule in RULES:  # each with its own places, read around its own findings
            found, seconds = _timed(find_gaps, store, [rule.id])
            rows.append({"step": f"coverage: {rule.id}", "size": len(found),
                         "unit": "findings", "seconds": seconds})
    return rows


def step_influence(db: str) -> list[dict]:
    from orggraph.analyses.influence import analyse_chains
    from orggraph.store import open_store
    with open_store(db) as store:
        results, seconds = _timed(analyse_chains, store)
    return [{"step": "influence: all chains", "size": len(results), "unit": "chains",
             "seconds": seconds, "peak_mb": _peak_mb()}]


def step_pair(db: str) -> list[dict]:
    import pairing as pairing_bench
    from orggraph.analyses.pairing import PairingSettings, plan_pairs
    from orggraph.analyses.pairing.data import read_existing, read_villages
    from orggraph.store import open_store
    with open_store(db) as store:
        plan, seconds = _timed(plan_pairs, store)
        peak = _peak_mb()
        row = pairing_bench.measure("", read_villages(store), read_existing(store),
                                    PairingSettings())
    note = (f"solver {row['solver_paired']:,} paired, score {row['solver_score']:,} "
            f"({row['status']}); greedy {row['greedy_paired']:,} paired, score "
            f"{row['greedy_score']:,}")
    return [{"step": "pair: optimal plan (plan_pairs)", "size": row["weak"],
             "unit": "weak villages", "seconds": seconds, "peak_mb": peak, "note": note},
            {"step": "pair: solver alone", "size": row["pairs_allowed"], "unit": "allowed pairs",
             "seconds": row["solver_s"]},
            {"step": "pair: greedy baseline", "size": row["pairs_allowed"],
             "unit": "allowed pairs", "seconds": row["greedy_s"]}]


def step_map(db: str, view: str, options: dict) -> list[dict]:
    """One map built and rendered by a new process, as a user's `orggraph render`."""
    from orggraph.maps import MapSettings, render_map
    from orggraph.maps.views import build_view
    from orggraph.store import open_store
    with open_store(db) as store:
        seconds = []
        for _ in range(2):  # the second: with the plans the first made (Neo4j keeps them)
            started = time.perf_counter()
            graph, meta = build_view(store, view, **options)
            render_map(graph, meta, MapSettings())
            seconds.append(time.perf_counter() - started)
    return [{"step": f"map: {view}" + (" of county R-01" if options else ""),
             "size": graph.number_of_nodes(), "unit": "nodes", "seconds": seconds[0],
             "peak_mb": _peak_mb(), "note": f"again: {seconds[1]:.2f} s"}]


def step_browser() -> list[dict]:
    from support import browser
    import maps as maps_bench
    from orggraph.maps import MapMeta, MapSettings, render_map, write_map
    graph = maps_bench.county(5000)
    html = render_map(graph, MapMeta(title="5000", command="benchmarks/run.py",
                                     layout="physics", roots=["N0"]), MapSettings())
    with tempfile.TemporaryDirectory() as tmp, browser.browser() as context:
        path = write_map(Path(tmp) / "m.html", html)
        m = maps_bench.measure(context, "5000", path, graph.number_of_nodes(),
                               graph.number_of_edges(), 0, False)
    return [{"step": "map: 5,000 nodes usable in Chromium", "size": m["nodes"],
             "unit": "nodes", "seconds": m["usable_s"],
             "note": f"first drawing {m['ready_s']} s + search/focus {m['focus_ms']} ms"}]


STEPS = {"generate": step_generate, "load": step_load, "load_again": step_load_again,
         "naive": step_naive, "raw": step_raw, "coverage": step_coverage,
         "influence": step_influence, "pair": step_pair, "map": step_map, "browser": step_browser}


# -- the parent: run steps in children, keep results, print and write the table -------------

def _child(name: str, **kwargs) -> list[dict]:
    command = [sys.executable, __file__, "--step", name, "--args", json.dumps(kwargs)]
    load = os.getloadavg()[0]  # the machine is shared: what else ran beside this step
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})
    if done.returncode != 0:
        tail = (done.stderr.strip().splitlines() or ["?"])[-1]
        print(f"  {name}: failed ({tail})", file=sys.stderr)
        return [{"step": name, "note": f"FAILED: {tail[:200]}"}]
    rows = json.loads(done.stdout.strip().splitlines()[-1])
    load = max(load, os.getloadavg()[0])
    print(f"  {name}: {time.perf_counter() - started:.1f} s (load average {load:.1f})",
          file=sys.stderr)
    return [{**row, "load": round(load, 1)} for row in rows]


def _saved_naive(scale: str, store: str) -> list[dict]:
    path = RESULTS / f"{scale}-{store}.json"
    if not path.exists():
        sys.exit(f"--keep-naive: no saved results at {path}")
    data = json.loads(path.read_text(encoding="utf-8"))
    rows = [row for row in data["rows"] if row.get("step", "").startswith("load (naive")]
    if not rows:
        sys.exit(f"--keep-naive: no naive load in {path}")
    for row in rows:
        if "run of" not in row.get("note", ""):
            row["note"] = f"{row.get('note', '')}; run of {data['date']}".lstrip("; ")
    return rows


def measure_scale(scale: str, store: str, seed: int, work: Path, uri: str | None,
                  batch_size: int, commit_every: int | None = None,
                  server_pid: int | None = None, keep_naive: bool = False) -> list[dict]:
    bundle = str(work / f"{scale}-bundle")
    rows = []
    if not Path(bundle, "nodes").is_dir():
        rows += _child("generate", bundle=bundle, scale=scale, seed=seed)
    for old in work.glob(f"{scale}*.lbug*"):  # every embedded database starts empty
        old.unlink()
    db = uri if store == "neo4j" else str(work / f"{scale}.lbug")
    naive_db = uri if store == "neo4j" else str(work / f"{scale}-naive.lbug")
    if keep_naive:  # the naive sample takes minutes: reuse the last run's rows, marked as such
        naive = _saved_naive(scale, store)
    else:
        naive = _child("naive", bundle=bundle, db=naive_db, sample=NAIVE_SAMPLE)  # empties Neo4j
    loading = {"bundle": bundle, "db": db, "batch_size": batch_size,
               "commit_every": commit_every if store == "neo4j" else None}
    if store == "neo4j":  # the pure-Python driver first, then the default, in the same run
        pure = _child("load", **loading, server_pid=server_pid, pure_python=True)
        rows += _child("load", **loading, server_pid=server_pid) + pure
    else:
        rows += _child("load", **loading)
    rows += _child("load_again", **loading)
    rows += naive
    if store == "embedded":
        rows += _child("raw", bundle=bundle, db=str(work / f"{scale}-raw.lbug"))
    for name in ("coverage", "influence", "pair"):
        rows += _child(name, db=db)
    for view, options in MAP_VIEWS:
        rows += _child("map", db=db, view=view, options=options)
    if store == "embedded":
        rows += _child("browser")
    return rows


def versions(store: str) -> str:
    from importlib.metadata import PackageNotFoundError, version
    parts = [f"Python {platform.python_version()}"]
    for package in ("ladybug", "neo4j", "neo4j-rust-ext", "pyarrow", "networkx", "scipy"):
        try:
            parts.append(f"{package} {version(package)}")
        except PackageNotFoundError:
            parts.append(f"{package} absent")
    return ", ".join(parts)


def machine() -> str:
    memory = next((int(line.split()[1]) // 1024 // 1024 for line in
                   Path("/proc/meminfo").read_text().splitlines()
                   if line.startswith("MemTotal")), "?")
    return f"{hardware.cpu()}, {memory} GB RAM; {hardware.system()}"


def _with_ratios(rows: list[dict]) -> list[dict]:
    """Ratios of the project's load to the naive peer and to the raw bulk limit."""
    rows = [dict(r) for r in rows]
    by_step = {r["step"]: r for r in rows}
    load = by_step.get("load (orggraph)")
    for name, word in (("load (naive MERGE per row)", "naive"),
                       ("raw COPY FROM csv (engine limit)", "raw COPY")):
        other = by_step.get(name)
        if load and other and other.get("rate") and load.get("rate"):
            load["vs"] = load.get("vs", []) + [f"{load['rate'] / other['rate']:,.1f}× {word}"]
    return rows


def saved() -> dict[tuple[str, str], dict]:
    out = {}
    for path in sorted(RESULTS.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        out[(data["scale"], data["store"])] = data
    return out


def _fmt(value, digits=2) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, float):
        return f"{value:,.{digits}f}" if value < 100 else f"{value:,.0f}"
    return f"{value:,}" if isinstance(value, int) else str(value)


COLUMNS = ("scale", "store", "step", "size", "seconds", "rows/s", "vs", "peak MB", "note")


def table_rows(results: dict) -> list[list[str]]:
    lines = []
    for scale in SCALES:
        for store in ("embedded", "neo4j"):
            data = results.get((scale, store))
            if not data:
                continue
            for r in _with_ratios(data["rows"]):
                size = f"{_fmt(r.get('size'))} {r.get('unit', '')}".strip()
                lines.append([scale, store, r["step"], size, _fmt(r.get("seconds")),
                              _fmt(r.get("rate"), 0), "; ".join(r.get("vs", [])),
                              _fmt(r.get("peak_mb")), r.get("note", "")])
    return lines


def growth(results: dict) -> list[list[str]]:
    """Seconds per step at each scale, and the exponent k of time ∝ rows^k county→province."""
    out = []
    for store in ("embedded", "neo4j"):
        have = {s: results[(s, store)] for s in SCALES if (s, store) in results}
        if len(have) < 2:
            continue
        sizes = {s: next((r["size"] for r in d["rows"] if r["step"] == "load (orggraph)"), None)
                 for s, d in have.items()}
        steps = [r["step"] for r in have[next(iter(have))]["rows"]
                 if r.get("seconds") and "naive" not in r["step"]  # naive: a fixed sample
                 and "Chromium" not in r["step"]]  # the same synthetic map at every scale
        for step in steps:
            secs = {s: next((r.get("seconds") for r in d["rows"] if r["step"] == step), None)
                    for s, d in have.items()}
            known = [s for s in SCALES if secs.get(s) and sizes.get(s)]
            k = ""
            if len(known) >= 2 and secs[known[-2]] > 0.05:
                a, b = known[-2], known[-1]  # the two largest: past the fixed costs
                k = f"{math.log(secs[b] / secs[a]) / math.log(sizes[b] / sizes[a]):.2f}"
            out.append([store, step, *(_fmt(secs.get(s)) for s in SCALES), k])
    return out


def markdown(head, lines) -> str:
    return "\n".join(["| " + " | ".join(head) + " |", "|" + "---|" * len(head),
                      *("| " + " | ".join(x.replace("|", "/") for x in line) + " |"
                        for line in lines)])


NOTES = Path(__file__).with_name("run_notes.md")


def section(results: dict) -> str:
    stamps = sorted({(d["scale"], d["store"], d["date"]) for d in results.values()})
    meta = next(iter(results.values()))
    text = [HEADING, "",
            "`python benchmarks/run.py --scale county|city|province [--store embedded|neo4j|both] "
            "--write` — generated bundles (`orggraph generate`, seed 7), every step in its own "
            "process, as a user's command would run it (the second load and each map too); "
            "`peak MB` is that process's peak RSS (for Neo4j, the Python client only: "
            "the server is a separate JVM). Seconds are wall clock on a shared 2-core machine; "
            "repeated runs vary by up to ±40%.", "",
            f"Machine: {meta['machine']}. Versions: {meta['versions']}.", "",
            "Measured (with the machine's 1-minute load average over the run's steps, "
            "where it was recorded): " + "; ".join(
                f"{s} {st} {d}{_load_range(results[(s, st)])}" for s, st, d in stamps) + ".", "",
            markdown(COLUMNS, table_rows(results)), ""]
    grow = growth(results)
    if grow:
        text += ["### Cost growth", "",
                 "Seconds per step at each scale; `k` is the exponent in time ∝ rows^k between "
                 "the two largest scales measured (city → province: 37× the rows), where fixed "
                 "costs no longer dominate; 1 = linear. (The naive peer is left out: it is "
                 "timed on a fixed sample.)",
                 "", markdown(("store", "step", *SCALES, "k"), grow), ""]
    if NOTES.exists():
        text += [NOTES.read_text(encoding="utf-8").strip(), ""]
    return "\n".join(text)


def _load_range(data: dict) -> str:
    loads = [r["load"] for r in data["rows"] if r.get("load") is not None]
    return f" (load {min(loads):.0f}–{max(loads):.0f})" if loads else ""


def write_section(results: dict) -> None:
    path = ROOT / "BENCHMARKS.md"
    text = path.read_text(encoding="utf-8") if path.exists() else "# Benchmarks\n"
    body = section(results)
    pattern = re.compile(rf"^{re.escape(HEADING)}\n.*?(?=^## |\Z)", re.S | re.M)
    if pattern.search(text):
        text = pattern.sub(lambda _: body + "\n", text)
    else:  # the main section goes first, before the per-area ones
        first = re.search(r"^## ", text, re.M)
        at = first.start() if first else len(text)
        text = text[:at].rstrip("\n") + "\n\n" + body + "\n\n" + text[at:]
    path.write_text(text.rstrip("\n") + "\n", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", choices=SCALES, default="city")
    parser.add_argument("--store", choices=("embedded", "neo4j", "both"), default="embedded")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--batch-size", type=int, default=5000)
    parser.add_argument("--work", type=Path, help="keep bundles and databases here")
    parser.add_argument("--neo4j-heap", default="3g")
    parser.add_argument("--neo4j-pagecache", default="1g")
    parser.add_argument("--neo4j-commit-every", type=int, default=None,
                        help="commit Neo4j loads every N rows (a province needs ~6 GB of "
                             "transaction memory in one transaction)")
    parser.add_argument("--keep-naive", action="store_true",
                        help="reuse the saved naive-load rows instead of measuring them again")
    parser.add_argument("--write", action="store_true", help="rewrite BENCHMARKS.md's section")
    parser.add_argument("--saved", action="store_true",
                        help="measure nothing: print (and --write) the results kept so far")
    parser.add_argument("--step", help=argparse.SUPPRESS)
    parser.add_argument("--args", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.step:
        print(json.dumps(STEPS[args.step](**json.loads(args.args)), default=str))
        return
    if args.saved:
        results = saved()
        print(markdown(COLUMNS, table_rows(results)))
        if args.write:
            write_section(results)
        return
    work = args.work or Path(tempfile.mkdtemp(prefix="orggraph-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    stores = ("embedded", "neo4j") if args.store == "both" else (args.store,)
    RESULTS.mkdir(parents=True, exist_ok=True)
    for store in stores:
        print(f"{args.scale} on {store} (work folder {work})", file=sys.stderr)
        if store == "neo4j":
            sys.path.insert(0, str(ROOT / "scripts"))
            import neo4j_local
            uri, handle = neo4j_local.start(heap=args.neo4j_heap,
                                            pagecache=args.neo4j_pagecache)
            try:
                rows = measure_scale(args.scale, store, args.seed, work, uri, args.batch_size,
                                     args.neo4j_commit_every, handle.pid, args.keep_naive)
            finally:
                neo4j_local.stop(handle)
        else:
            rows = measure_scale(args.scale, store, args.seed, work, None, args.batch_size,
                                 keep_naive=args.keep_naive)
        data = {"scale": args.scale, "store": store, "date": dt.date.today().isoformat(),
                "machine": machine(), "versions": versions(store), "rows": rows}
        (RESULTS / f"{args.scale}-{store}.json").write_text(
            json.dumps(data, indent=1, ensure_ascii=False), encoding="utf-8")
    results = saved()
    print(markdown(COLUMNS, table_rows(results)))
    if args.write:
        write_section(results)


if __name__ == "__main__":
    main()
