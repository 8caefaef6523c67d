"""Benchmark: a quarter over quarter on the embedded store — replace loads and `coverage --since`.

    python benchmarks/history.py --scale province [--write]

Generates the bundle (orggraph.generate, seed 7), then each step in its own process, as a
user's command runs: a first load (recording snapshot S1, as `orggraph load` does); the same
bundle loaded again plainly (no snapshot: the project's "load again" step); the same bundle
loaded again with --replace (no snapshot), then with --replace and the snapshot (as `orggraph
load --replace` runs); a second quarter (a change set: 1 % of the people gone, 1 % new) loaded
with --replace and its snapshot; and `coverage --since S1` (findings of now against S1).
--write puts the rows in BENCHMARKS.md under "## Quarter over quarter".
"""
from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HEADING = "## Quarter over quarter (replace loads, --since)"
sys.path.insert(0, str(ROOT / "benchmarks"))


def _peak_mb() -> int:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)


def step(name: str, db: str, bundle: str) -> dict:
    from orggraph.load.load import load_bundle
    from orggraph.store import open_store

    started = time.perf_counter()
    with open_store(db) as store:
        if name in ("first", "replace+snapshot", "quarter2"):
            from orggraph.history.record import load_and_record
            report, snap = load_and_record(store, bundle, replace=name != "first")
            note = _said(report, snap)
        elif name in ("again", "replace"):
            report = load_bundle(store, bundle, replace=name == "replace")
            note = _said(report, None)
        elif name == "since":
            from orggraph.analyses import coverage
            from orggraph.history import since
            from orggraph.history.snapshots import find, history
            findings = coverage.find_gaps(store)
            snapshots = history(store)
            compared = since.compare(findings, snapshots, find(snapshots, "S1"))
            counts = {s: sum(r["state"] == s for r in compared) for s in since.STATES}
            note = ", ".join(f"{k} {v:,}" for k, v in counts.items())
        else:
            raise SystemExit(f"unknown step {name}")
    return {"seconds": round(time.perf_counter() - started, 2), "peak_mb": _peak_mb(),
            "note": note}


def _said(report, snap) -> str:
    totals = report.changes.as_dict()["totals"]
    parts = [f"{kind} {totals['nodes'][kind] + totals['relationships'][kind]:,}"
             for kind in ("created", "changed", "removed", "unchanged")]
    if snap:
        parts.append(f"snapshot {snap.id}: {len(snap.findings):,} findings")
    return ", ".join(parts)


def _second_quarter(first: Path, target: Path) -> Path:
    """1 % of the people leave the 台账 (and their relationships), as many new ones come."""
    shutil.copytree(first, target)
    people = target / "nodes" / "Person.csv"
    with open(people, encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    header, body = rows[0], rows[1:]
    gone = {r[0] for r in body[::100]}
    kept = [r for r in body if r[0] not in gone]
    new = [[f"{r[0]}-Q2"] + r[1:] for r in body[1::100]]
    with open(people, "w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([header, *kept, *new])
    for file in (target / "rels").glob("*.csv"):
        with open(file, encoding="utf-8", newline="") as handle:
            rows = list(csv.reader(handle))
        with open(file, "w", encoding="utf-8", newline="") as handle:
            csv.writer(handle).writerows([rows[0]] + [r for r in rows[1:]
                                                      if r[0] not in gone and r[1] not in gone])
    return target


def _run(name: str, db: str, bundle: str) -> dict:
    out = subprocess.run([sys.executable, __file__, "--step", name, "--db", db,
                          "--bundle", bundle], capture_output=True, text=True, check=False)
    if out.returncode:
        raise SystemExit(f"step {name} failed:\n{out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", default="province", choices=("county", "city", "province"))
    parser.add_argument("--write", action="store_true")
    parser.add_argument("--step")
    parser.add_argument("--db")
    parser.add_argument("--bundle")
    args = parser.parse_args()
    if args.step:
        print(json.dumps(step(args.step, args.db, args.bundle)))
        return
    import hardware

    with tempfile.TemporaryDirectory(prefix="orggraph-history-") as tmp:
        tmp = Path(tmp)
        bundle, db = tmp / "bundle", str(tmp / f"graph-{args.scale}.lbug")
        from orggraph.generate import write_bundle
        started = time.perf_counter()
        counts = write_bundle(bundle, args.scale, 7)
        rows_total = sum(counts.values()) if isinstance(counts, dict) else None
        print(f"generated in {time.perf_counter() - started:.1f} s", file=sys.stderr)
        results = []
        for name, label, source in (
                ("first", "load + snapshot S1 (orggraph load)", bundle),
                ("again", "load again, unchanged (plain)", bundle),
                ("replace", "load --replace, unchanged (no snapshot)", bundle),
                ("replace+snapshot", "load --replace, unchanged + snapshot (orggraph load "
                                     "--replace)", bundle),
                ("quarter2", "load --replace, second quarter (1 % people out, 1 % in) + snapshot",
                 _second_quarter(bundle, tmp / "q2")),
                ("since", "coverage --since S1", bundle)):
            result = _run(name, db, str(source))
            results.append({"step": label, **result})
            print(f"{label}: {result}", file=sys.stderr)
    lines = ["| scale | store | step | seconds | peak MB | note |", "|---|---|---|---|---|---|"]
    lines += [f"| {args.scale} | embedded | {r['step']} | {r['seconds']:.2f} | {r['peak_mb']:,} | "
              f"{r['note']} |" for r in results]
    plain = next(r for r in results if r["step"].startswith("load again"))["seconds"]
    replace = next(r for r in results if r["step"].startswith("load --replace, unchanged ("))
    text = (f"{HEADING}\n\n`python benchmarks/history.py --scale {args.scale} --write` — "
            f"generated bundle ({rows_total or '?'} rows, seed 7), each step in its own process "
            f"on the embedded store, measured {dt.date.today()} on {hardware.cpu()}, {hardware.system()}. "
            f"A replace load of the unchanged bundle took {replace['seconds'] / plain:.2f}× a plain "
            f"load of it (target ≤ 2×).\n\n" + "\n".join(lines) + "\n")
    print(text)
    if args.write:
        target = ROOT / "BENCHMARKS.md"
        current = target.read_text(encoding="utf-8")
        if HEADING in current:
            start = current.index(HEADING)
            end = current.find("\n## ", start + len(HEADING))
            current = current[:start] + text + (current[end + 1:] if end != -1 else "")
        else:
            current = current.rstrip() + "\n\n" + text
        target.write_text(current, encoding="utf-8")


if __name__ == "__main__":
    main()
