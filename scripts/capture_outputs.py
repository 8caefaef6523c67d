"""Run every command on the demo county and keep what each prints and writes, to compare two trees.

    python scripts/capture_outputs.py --tree /path/to/old/checkout /tmp/before
    python scripts/capture_outputs.py --tree . /tmp/after
    diff -r /tmp/before /tmp/after && echo same

Each case runs `python -m orggraph` from the source tree given (PYTHONPATH) in the same scratch
folder, so paths in messages match; the tree's own path is written as <tree>, today's date as
<today>, wall-clock seconds as <s>. A case's file holds its command, exit status,
stdout and stderr, then every file it wrote: text as it is, .xlsx as its cells (the zip carries a
timestamp). A refactoring that changes no behaviour changes no byte here.
"""
from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import openpyxl

TOWN, VILLAGE, CHAIN = "R-01T01", "R-01T01V01", "C-01-1"
PARAM_VALUES = {  # a value for each query parameter, by name (then by type)
    "within": TOWN, "ids": f"{TOWN};{VILLAGE};E-01-0001;O-01;P-01-00001", "chains": CHAIN,
    "tags": "脱贫村", "top_kinds": "county_committee", "since": "2026",
    "village_branch": "O-01", "centre_branch": "O-01",
}
BY_TYPE = {"int": "3", "str": TOWN, "list": TOWN, "float": "1.5", "bool": "true", "date": "2026-01-01"}


def query_cases(tree: Path) -> list[list[str]]:
    cases = []
    for path in sorted((tree / "cypher").rglob("*.cypher")):
        name = path.relative_to(tree / "cypher").with_suffix("").as_posix()
        args = ["query", name, "--format", "json"]
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.startswith("// param:"):
                pname, ptype = line.split()[2:4]
                args += ["-p", f"{pname}={PARAM_VALUES.get(pname, BY_TYPE.get(ptype, '1'))}"]
        cases.append(args)
    return cases


def cases(tree: Path) -> list[tuple[list[str], list[str]]]:
    """(arguments, files the command writes) in the order they run; later ones see earlier writes."""
    commands = ["load", "stats", "query", "demo", "coverage", "influence", "pair", "cadres", "render",
                "report", "generate"]
    run: list[tuple[list[str], list[str]]] = [(["--help"], [])]
    run += [([c, "--help"], []) for c in commands]
    run += [
        (["query"], []),
        (["stats"], []),  # no database yet
        (["load", "bad"], []),
        (["load", "demo"], []),
        (["load", "demo"], []),  # twice changes nothing
        (["stats"], []), (["stats", "--format", "json"], []),
        (["query", "graph/villages"], []),
        (["query", "graph/villages", "-p", f"within={TOWN}", "--format", "csv"], []),
        (["query", "graph/villages", "--format", "xlsx", "-o", "villages.xlsx"], ["villages.xlsx"]),
        (["query", "no/such_query"], []),
        (["query", "q.cypher"], []),
        (["query", "w.cypher"], []),
    ]
    run += [(args, []) for args in query_cases(tree)]
    for fmt in ("table", "json", "csv"):
        run += [(["coverage", "--format", fmt], []), (["coverage", "--summary", "--format", fmt], [])]
        run += [(["influence", "--format", fmt], []), (["pair", "--format", fmt], []),
                (["cadres", "--format", fmt], [])]
    run += [
        (["coverage", "--within", TOWN, "--format", "xlsx", "-o", "cov.xlsx"], ["cov.xlsx"]),
        (["coverage", "--rule", "weak_village_unpaired", "--show-names"], []),
        (["coverage", "--rule", "no_such_rule"], []),
        (["coverage", "--weak-max-stars", "2", "--min-members", "5", "--format", "json"], []),
        (["coverage", "--format", "xlsx"], []),
        (["influence", "--chain", CHAIN, "--hops", "2", "--format", "xlsx", "-o", "inf.xlsx"],
         ["inf.xlsx"]),
        (["influence", "--chain", "C-nope"], []),
        (["pair", "--within", TOWN, "--format", "json"], []),
        (["pair", "--max-km", "5", "--same-town", "--format", "xlsx", "-o", "pair.xlsx"], ["pair.xlsx"]),
        (["pair", "--within", "R-nope"], []),
        (["cadres", "--within", TOWN, "--show-names", "--format", "json"], []),
        (["cadres", "--year", "2027", "--format", "xlsx", "-o", "cad.xlsx"], ["cad.xlsx"]),
        (["render", "hierarchy", "-o", "h.html"], ["h.html"]),
        (["render", "coverage", "--within", TOWN, "-o", "c.html"], ["c.html"]),
        (["render", "chain", "--chain", CHAIN, "-o", "ch.html"], ["ch.html"]),
        (["render", "pairing", "-o", "p.html"], ["p.html"]),
        (["render", "neighbourhood", "--focus", VILLAGE, "--depth", "2", "-o", "n.html"], ["n.html"]),
        (["render", "neighbourhood"], []),
        (["render", "nowhere"], []),
        (["report", "-o", "rep"], ["rep"]),
        (["report", "--within", TOWN, "--show-names", "-o", "rep2"], ["rep2"]),
        (["generate", "--scale", "county", "--seed", "7", "-o", "gen"], ["gen"]),
        (["pair", "--apply", "--since", "2026"], []),
        (["cadres", "--apply", "--year", "2026"], []),
        (["stats", "--format", "json"], []),
        (["coverage", "--summary"], []),
        (["--db", "other.lbug", "load", "tiny"], []),
        (["--db", "other.lbug", "stats"], []),
        (["demo", "--db", "demo.lbug"], []),
    ]
    return run


def normalised(text: str) -> str:
    """Wall-clock seconds vary: the pairing solver's (JSON, the workbook's objective row, the
    report's table) and the generator's."""
    text = re.sub(r'"seconds": [0-9.e-]+', '"seconds": <s>', text)
    text = re.sub(r", [0-9.e-]+, 'HiGHS", ", <s>, 'HiGHS", text)
    text = re.sub(r'<td class="num">[0-9.e-]+</td><td>HiGHS', '<td class="num"><s></td><td>HiGHS', text)
    return re.sub(r"relationships in [0-9.]+ s\.", "relationships in <s> s.", text)


def shown_file(path: Path) -> str:
    if path.suffix == ".xlsx":
        book = openpyxl.load_workbook(path)
        return "\n".join(f"[{sheet.title}]\n" + "\n".join(repr(row) for row in sheet.iter_rows(values_only=True))
                         for sheet in book.worksheets)
    data = path.read_bytes()
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return f"<{len(data)} bytes, sha256 {hashlib.sha256(data).hexdigest()}>"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tree", required=True, type=Path, help="the source tree to run")
    parser.add_argument("--work", type=Path, default=Path("/tmp/orggraph-capture-work"),
                        help="scratch folder (emptied first; the same for both runs)")
    parser.add_argument("out", type=Path, help="folder to write one file per case into")
    args = parser.parse_args()
    tree = args.tree.resolve()
    shutil.rmtree(args.work, ignore_errors=True)
    shutil.rmtree(args.out, ignore_errors=True)
    args.work.mkdir(parents=True)
    args.out.mkdir(parents=True)
    shutil.copytree(tree / "seeds" / "demo", args.work / "demo")
    shutil.copytree(tree / "tests" / "bundles" / "tiny", args.work / "tiny")
    shutil.copytree(tree / "seeds" / "demo", args.work / "bad")
    people = args.work / "bad" / "nodes" / "Person.csv"
    people.write_text(people.read_text(encoding="utf-8").replace(",1975,", ",19x5,", 1), encoding="utf-8")
    (args.work / "q.cypher").write_text("// name: mine\n// returns: n\nMATCH (r:Region) RETURN count(r) AS n\n",
                                        encoding="utf-8")
    (args.work / "w.cypher").write_text("MATCH (r:Region {id: 'R-01'}) SET r.name = 'x' RETURN r.id\n",
                                        encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ORGGRAPH_", "NEO4J_"))}
    env.update(PYTHONPATH=str(tree), COLUMNS="160", LINES="50", TZ="UTC", PYTHONHASHSEED="0")
    for n, (argv, written) in enumerate(cases(tree)):
        done = subprocess.run([sys.executable, "-m", "orggraph", *argv], cwd=args.work, env=env,
                              capture_output=True, text=True, timeout=600)
        parts = [f"$ orggraph {' '.join(argv)}", f"exit {done.returncode}", "--- stdout", done.stdout,
                 "--- stderr", done.stderr]
        for name in written:
            target = args.work / name
            files = sorted(p for p in target.rglob("*") if p.is_file()) if target.is_dir() else [target]
            for path in files:
                parts += [f"--- file {path.relative_to(args.work)}",
                          shown_file(path) if path.exists() else "<missing>"]
        # Maps carry the data date (the database file's day, else today): the runs may straddle midnight.
        text = "\n".join(parts).replace(str(tree), "<tree>").replace(dt.date.today().isoformat(), "<today>")
        text = normalised(text)
        slug = "_".join(a.replace("/", "-") for a in argv)[:80]
        (args.out / f"{n:03d}_{slug}.txt").write_text(text, encoding="utf-8")
        print(f"{n:03d} exit {done.returncode}  orggraph {' '.join(argv)}", flush=True)


if __name__ == "__main__":
    main()
