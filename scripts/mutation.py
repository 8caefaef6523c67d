"""Mutation testing of the analyses: does some test fail when the rule, the score or the plan is wrong?

Not part of CI (it takes long on two shared cores). Two halves, one table in docs/TESTING.md:

python   mutmut (PyPI, the `mutation` extra) over one analysis module at a time, in a scratch copy of
         the tree (build/mutation/<module>/), with only the test files that concern that module and
         only the embedded store (`-k "not neo4j"`). A per-module time budget stops the run; the
         mutants it did not reach are counted as "not checked", never as killed.
cypher   no tool mutates Cypher, so this script does: for each query file it flips each comparison
         operator, changes each threshold (a numeric `$parameter` + 1, a compared integer literal + 1,
         a header default + 1), removes each NOT, negates each EXISTS and each IS NULL, and reverses
         each directed relationship, one change at a time. The mutated text replaces the query in
         the library inside a forked pytest run of the tests that read that query (found by a
         recording run), embedded store only. A mutant is killed when that run fails.

Results go to docs/mutation-results.json (kept, so the table can be rewritten without rerunning)
and the table between the markers in docs/TESTING.md.

    scripts/mutation python --module notions --budget 900
    scripts/mutation cypher --dir coverage --budget 1200
    scripts/mutation table
"""
from __future__ import annotations

import argparse
import contextlib
import dataclasses
import datetime as dt
import hashlib
import json
import os
import random
import re
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "build" / "mutation"
RESULTS = ROOT / "docs" / "mutation-results.json"
TESTING = ROOT / "docs" / "TESTING.md"
BEGIN, END = "<!-- mutation-table:begin -->", "<!-- mutation-table:end -->"
EMBEDDED_ONLY = ["-k", "not neo4j"]
# The Python half on a machine too busy for the store tests: only the tests that need no store
# (no `store`/`db`/`engine` parameter, no demo county, no killed process): `--without-store`.
# A test that compares both stores (`neo4j_uri`, no "neo4j" in its name) is left out too: it
# would start a Neo4j server for every run.
WITHOUT_STORE = ["-k", "not neo4j and not both_stores and not embedded and not demo "
                       "and not sigkill"]
PY_EMBEDDED = ["-k", "not neo4j and not both_stores"]

# module -> (the files mutated, the test files that concern them). Order: small and central first.
# tests/test_pinned_<module>.py hold the tests written against a module's survivors.
PIN = "tests/test_pinned_{}.py".format
MODULES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "notions": (("orggraph/notions.py",),
                (PIN("notions"), "tests/test_rule_boundaries.py", "tests/test_cadres.py",
                 "tests/test_pairing_tiers.py")),
    "coverage": (("orggraph/analyses/coverage.py",), (PIN("coverage"), "tests/test_coverage.py")),
    "pairing.score": (("orggraph/analyses/pairing/score.py",),
                      ("tests/test_rule_boundaries.py", "tests/test_pairing_tiers.py")),
    "cadres.needs": (("orggraph/analyses/cadres/needs.py",),
                     (PIN("cadres"), "tests/test_rule_boundaries.py", "tests/test_cadres.py")),
    "influence": (("orggraph/analyses/influence.py",), (PIN("influence"), "tests/test_influence.py")),
    "places": (("orggraph/analyses/places.py",), (PIN("places"), "tests/test_coverage.py")),
    "rates": (("orggraph/analyses/rates.py",), (PIN("rates"), "tests/test_history.py")),
    "cadres": (("orggraph/analyses/cadres/match.py", "orggraph/analyses/cadres/plan.py",
                "orggraph/analyses/cadres/settings.py"), (PIN("cadres"), "tests/test_cadres.py")),
    "cadres.teams": (("orggraph/analyses/cadres/teams.py",), (PIN("cadres"), "tests/test_cadre_teams.py")),
    "pairing": (tuple(f"orggraph/analyses/pairing/{m}.py" for m in (
                    "candidates", "data", "greedy", "instance", "plan", "reasons", "settings",
                    "solve", "tables", "tiers")),
                (PIN("pairing"), "tests/test_pairing.py", "tests/test_pairing_tiers.py",
                 "tests/test_pairing_branch.py")),
    "pairing.apply": (("orggraph/analyses/pairing/apply.py",),
                      (PIN("pairing"), "tests/test_pairing_branch.py", "tests/test_pairing.py")),
    # test_bulk_load.py left out: its comparisons take 4-13 s each (the demo county, hypothesis)
    # and let a run check only 29 mutants in 240 s; tests/test_pinned_validate.py runs check and
    # records on tables built in memory in about a second (docs/TESTING.md, session 7).
    # test_load.py and test_bad_bundles.py need a store (--with-store).
    "load.validate": (("orggraph/load/validate.py",),
                      (PIN("validate"), "tests/test_load.py", "tests/test_bad_bundles.py")),
}

# cypher/<dir> -> the test files that may read its queries (a recording run narrows it per query).
CYPHER_TESTS: dict[str, tuple[str, ...]] = {
    "coverage": ("tests/test_rule_boundaries.py", "tests/test_coverage.py",
                 "tests/test_notions.py"),
    "pairing": ("tests/test_rule_boundaries.py", "tests/test_pairing.py",
                "tests/test_pairing_tiers.py", "tests/test_pairing_branch.py"),
    "cadres": ("tests/test_rule_boundaries.py", "tests/test_cadres.py"),
    "influence": ("tests/test_rule_boundaries.py", "tests/test_influence.py"),
    "places": ("tests/test_rule_boundaries.py", "tests/test_coverage.py"),
    # test_history.py also reads them, but its SIGKILL and demo-county tests take minutes for
    # every surviving mutant: a mutant these kill is killed for the suite too.
    "rates": ("tests/test_rule_boundaries.py", "tests/test_trend_report.py"),
    "graph": ("tests/test_rule_boundaries.py", "tests/test_cli.py"),
    "maps": ("tests/test_maps.py", "tests/test_map_views.py"),
    # the rules on persons among given persons: read by the coverage of one region where the
    # store follows keys (Neo4j); the tests force that path on the embedded store too.
    "within": ("tests/test_rule_boundaries.py", "tests/test_coverage.py"),
}
# cypher/<dir> -> words of the test names left out of its runs (`-k "not WORD"`), each with why.
CYPHER_LEAVE_OUT: dict[str, dict[str, str]] = {
    "maps": {"city_scale": "renders a generated city: minutes a run; the other tests read the "
                           "same queries on the maps bundle and the demo county",
             "5000_node": "draws a graph built in memory: reads no query"},
}


# ---------------------------------------------------------------------------------- results file

def load_results() -> dict:
    if RESULTS.exists():
        return json.loads(RESULTS.read_text(encoding="utf-8"))
    return {"python": {}, "cypher": {}}


def save_results(results: dict) -> None:
    RESULTS.write_text(json.dumps(results, ensure_ascii=False, indent=1, sort_keys=True) + "\n",
                       encoding="utf-8")


def now() -> str:
    return dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")


# ---------------------------------------------------------------------------------- python (mutmut)

def scratch_copy(dest: Path, keep: tuple[str, ...] = ()) -> None:
    """The tree as git sees it (tracked and new files, not ignored ones) copied to `dest`; the
    entries of `dest` named in `keep` (mutmut's cache, `mutants/`) stay."""
    if dest.exists():
        for entry in dest.iterdir():
            if entry.name in keep:
                continue
            if entry.is_dir() and not entry.is_symlink():
                shutil.rmtree(entry)
            else:
                entry.unlink()
    dest.mkdir(parents=True, exist_ok=True)
    listed = subprocess.run(["git", "ls-files", "-co", "--exclude-standard", "-z"], cwd=ROOT,
                            check=True, capture_output=True).stdout.decode().split("\0")
    for name in filter(None, listed):
        source = ROOT / name
        if source.is_file() and not name.startswith("build/"):
            target = dest / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)


def mutmut_config(files: tuple[str, ...], tests: tuple[str, ...], top: list[str],
                  deselect: list[str], selection: list[str] = EMBEDDED_ONLY) -> str:
    def listed(values) -> str:
        return "".join(f"\n    {v}" for v in values)
    deselected = [arg for test in deselect for arg in ("--deselect", test)]
    return ("[mutmut]\nsource_paths=orggraph\n"
            f"only_mutate={listed(files)}\n"
            f"also_copy={listed(top)}\n"
            f"pytest_add_cli_args_test_selection={listed([*tests, *selection])}\n"
            f"pytest_add_cli_args={listed(['-p', 'no:cacheprovider', '-x', '-q', *deselected])}\n"
            )


def _mutmut_run(work: Path, log: Path, args: list[str], budget: float) -> tuple[int | None, bool]:
    """`mutmut run ARGS` in `work` for at most `budget` seconds: (exit code, stopped by the budget)."""
    with open(log, "a", encoding="utf-8") as out:
        proc = subprocess.Popen([sys.executable, "-m", "mutmut", "run", *args], cwd=work,
                                stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
        try:
            proc.wait(timeout=max(budget, 1))
            return proc.returncode, False
        except subprocess.TimeoutExpired:
            # mutmut saves each result as it comes: what was checked is kept.
            for sig, grace in ((signal.SIGINT, 20), (signal.SIGTERM, 10), (signal.SIGKILL, None)):
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(proc.pid, sig)
                try:
                    proc.wait(timeout=grace)
                    break
                except subprocess.TimeoutExpired:
                    continue
            return proc.returncode, True


def _mutmut_statuses(work: Path) -> dict[str, str]:
    listed = subprocess.run([sys.executable, "-m", "mutmut", "results", "--all", "true"], cwd=work,
                            capture_output=True, text=True)
    statuses: dict[str, str] = {}
    for line in listed.stdout.splitlines():
        match = re.match(r"\s+(\S+): (.+)$", line)
        if match:
            statuses[match.group(1)] = match.group(2).strip()
    return statuses


_DIFFS = """
import json, sys
from mutmut.mutation.diff_apply import find_mutant, get_diff_for_mutant
out = {}
for name in json.load(sys.stdin):
    try:
        out[name] = get_diff_for_mutant(name, path=find_mutant(name).path)
    except Exception as exc:  # a mutant mutmut cannot show: its name stays, without the line
        out[name] = ""
print(json.dumps(out))
"""


def _mutmut_diffs(work: Path, names: list[str]) -> dict[str, str]:
    """Each mutant's diff (what `mutmut show` prints), all read in one process."""
    if not names:
        return {}
    done = subprocess.run([sys.executable, "-c", _DIFFS], cwd=work, input=json.dumps(names),
                          capture_output=True, text=True)
    try:
        return json.loads(done.stdout.strip().splitlines()[-1])
    except (json.JSONDecodeError, IndexError):
        return {}


def run_python(module: str, budget: float, children: int, deselect: list[str], fresh: bool = False,
               recheck: bool = False, previous: dict | None = None,
               without_store: bool = False) -> dict:
    """One module through mutmut. mutmut's cache (build/mutation/<module>/mutants/) is kept between
    runs unless `fresh`: a run stopped by its budget goes on where it stopped, and with `recheck`
    the survivors are checked again first (against the tests added since)."""
    files, tests = MODULES[module]
    work = WORK / module
    cached = not fresh and (work / "mutants").is_dir()
    scratch_copy(work, keep=() if fresh else ("mutants",))
    top = sorted(p.name for p in work.iterdir() if p.name not in ("orggraph", "mutants"))
    deselect = [d for d in deselect if d.split("::")[0] in tests]
    selection = WITHOUT_STORE if without_store else PY_EMBEDDED
    (work / "setup.cfg").write_text(mutmut_config(files, tests, top, deselect, selection),
                                    encoding="utf-8")
    log = work / "mutmut.log"
    log.write_text("", encoding="utf-8")
    started = time.monotonic()
    left = lambda: budget - (time.monotonic() - started)   # noqa: E731
    rechecked = 0
    stopped = False
    code: int | None = 0
    if recheck and cached:
        again = sorted(n for n, s in _mutmut_statuses(work).items()
                       if s in ("survived", "suspicious", "no tests"))
        if again:
            rechecked = len(again)
            code, stopped = _mutmut_run(work, log, ["--max-children", str(children), *again], left())
    if not stopped:
        code, stopped = _mutmut_run(work, log, ["--max-children", str(children)], left())
    seconds = round(time.monotonic() - started)
    statuses = _mutmut_statuses(work)
    counts: dict[str, int] = {}
    for status in statuses.values():
        counts[status] = counts.get(status, 0) + 1
    left = sorted((n, s) for n, s in statuses.items() if s in ("survived", "no tests", "suspicious"))
    shown = _mutmut_diffs(work, [n for n, _ in left])
    survivors = []
    for name, status in left:
        changed = [ln[1:].strip() for ln in shown.get(name, "").splitlines()
                   if ln.startswith("+") and not ln.startswith("+++")]
        survivors.append({"mutant": name, "status": status, "line": " / ".join(changed)[:200]})
    runs = 1
    if cached and previous and previous.get("counts"):
        runs = previous.get("runs", 1) + 1
        seconds += previous.get("seconds", 0)
    notes = []
    if not statuses:
        tail = log.read_text(encoding="utf-8", errors="replace")[-600:]
        notes.append(f"no results (exit {code}): "
                     f"{tail.strip().splitlines()[-1] if tail.strip() else ''}")
    elif stopped:
        notes.append(f"stopped by the {round(budget)} s budget")
    if runs > 1:
        notes.append(f"{runs} runs (each goes on from the last"
                     + (f"; {rechecked} survivors checked again" if rechecked else "") + ")")
    if deselect:
        notes.append(f"left out (failing before any mutation): {', '.join(deselect)}")
    if without_store:
        notes.insert(0, "tests without a store only")
    return {"files": list(files), "tests": list(tests), "selection": selection,
            "when": now(), "seconds": seconds,
            "runs": runs, "counts": counts, "survivors": survivors, "note": "; ".join(notes)}


def recheck_with_store(module: str, budget: float, children: int, entry: dict) -> dict:
    """The survivors of a run `--without-store` checked again with the module's store tests too
    (embedded), in a scratch copy of their own (build/mutation/<module>.store/); those killed
    count as killed. `entry` is the module's result, returned updated."""
    survivors = [s for s in entry.get("survivors", []) if s["status"] in ("survived", "no tests")]
    if not survivors:
        return entry
    files, tests = MODULES[module]
    work = WORK / f"{module}.store"
    scratch_copy(work, keep=("mutants",))
    top = sorted(p.name for p in work.iterdir() if p.name not in ("orggraph", "mutants"))
    (work / "setup.cfg").write_text(mutmut_config(files, tests, top, [], PY_EMBEDDED),
                                    encoding="utf-8")
    log = work / "mutmut.log"
    log.write_text("", encoding="utf-8")
    started = time.monotonic()
    names = [s["mutant"] for s in survivors]
    _, stopped = _mutmut_run(work, log, ["--max-children", str(children), *names], budget)
    statuses = _mutmut_statuses(work)
    killed = {n for n in names if statuses.get(n) in ("killed", "timeout")}
    checked = {n for n in names if statuses.get(n) not in (None, "not checked",
                                                            "check was interrupted by user")}
    counts = dict(entry["counts"])
    for s in survivors:
        if s["mutant"] in killed:
            counts[s["status"]] -= 1
            counts["killed"] = counts.get("killed", 0) + 1
    counts = {k: v for k, v in counts.items() if v}
    note = (f"{len(checked)} of {len(survivors)} left checked again with the store tests "
            f"(embedded): {len(killed)} killed" + (", stopped by the budget" if stopped else ""))
    return {**entry, "counts": counts, "seconds": entry.get("seconds", 0)
            + round(time.monotonic() - started),
            "survivors": [s for s in entry["survivors"] if s["mutant"] not in killed],
            "note": "; ".join(filter(None, [entry.get("note", ""), note])), "when": now()}


# ---------------------------------------------------------------------------------- cypher

_NOT_CODE = re.compile(r"//[^\n]*|/\*.*?\*/|'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"|`[^`]*`", re.DOTALL)
_CLAUSE = re.compile(r"\b(SET|WHERE|WITH|RETURN|AND|OR|WHEN|THEN|ELSE|MATCH|MERGE|ON|CASE|UNWIND)\b",
                     re.IGNORECASE)


def _code_mask(text: str) -> list[bool]:
    mask = [True] * len(text)
    for match in _NOT_CODE.finditer(text):
        for i in range(match.start(), match.end()):
            mask[i] = False
    return mask


def cypher_mutants(text: str) -> list[tuple[str, str]]:
    """(what changed, the mutated text) for every single change this script makes to one query."""
    mask = _code_mask(text)
    edits: list[tuple[int, int, str, str]] = []   # start, end, replacement, label

    def code(match) -> bool:
        return mask[match.start()]

    line_of = lambda i: text.count("\n", 0, i) + 1  # noqa: E731
    numeric = set()
    for match in re.finditer(r"^//\s*param:\s*(\w+)\s+(int|float)\s*=\s*(-?[\d.]+)", text, re.M):
        name, kind, default = match.groups()
        numeric.add(name)
        value = int(default) + 1 if kind == "int" else float(default) + 1.0
        edits.append((match.start(3), match.end(3), str(value),
                      f"header default of ${name} {default} -> {value}"))
    for match in re.finditer(r"//\s*param:\s*(\w+)\s+(int|float)\b", text):
        numeric.add(match.group(1))
    flips = {"<": "<=", "<=": "<", ">": ">=", ">=": ">", "=": "<>", "<>": "="}
    for match in re.finditer(r"<>|<=|>=|=~|<|>|=", text):
        op, start = match.group(), match.start()
        if not code(match) or op == "=~":
            continue
        before, after = text[start - 1] if start else "", text[match.end():match.end() + 1]
        if (op == "<" and after == "-") or (op == ">" and before == "-") or before in "+!":
            continue
        if op == "=":
            clauses = list(_CLAUSE.finditer(text, 0, start))
            if clauses and clauses[-1].group(1).upper() in ("SET", "ON"):
                continue
        edits.append((start, match.end(), flips[op], f"line {line_of(start)}: {op} -> {flips[op]}"))
        literal = re.match(r"\s*(-?\d+)(?![\d.])", text[match.end():])
        if literal:
            s = match.end() + literal.start(1)
            value = int(literal.group(1)) + 1
            edits.append((s, s + len(literal.group(1)), str(value),
                          f"line {line_of(s)}: {op} {literal.group(1)} -> {op} {value}"))
    for match in re.finditer(r"\$(\w+)", text):
        if code(match) and match.group(1) in numeric and match.group(1) != "year":
            edits.append((match.start(), match.end(), f"({match.group()} + 1)",
                          f"line {line_of(match.start())}: {match.group()} -> {match.group()} + 1"))
    for match in re.finditer(r"\bNOT\s+", text):
        if code(match):
            edits.append((match.start(), match.end(), "", f"line {line_of(match.start())}: NOT removed"))
    for match in re.finditer(r"\bIS\s+NULL\b", text):
        if code(match):
            edits.append((match.start(), match.end(), "IS NOT NULL",
                          f"line {line_of(match.start())}: IS NULL -> IS NOT NULL"))
    for match in re.finditer(r"\bEXISTS\s*\{", text):
        if code(match) and not re.search(r"\bNOT\s*$", text[:match.start()]):
            edits.append((match.start(), match.start(), "NOT ",
                          f"line {line_of(match.start())}: EXISTS negated"))
    for match in re.finditer(r"<-(\[[^\]]*\])-(?!>)", text):
        if code(match):
            edits.append((match.start(), match.end(), f"-{match.group(1)}->",
                          f"line {line_of(match.start())}: <-{match.group(1)}- reversed"))
    for match in re.finditer(r"(?<!<)-(\[[^\]]*\])->", text):
        if code(match):
            edits.append((match.start(), match.end(), f"<-{match.group(1)}-",
                          f"line {line_of(match.start())}: -{match.group(1)}-> reversed"))
    return [(label, text[:s] + new + text[e:]) for s, e, new, label in sorted(edits)]


def _quiet_child(log: Path) -> None:
    fd = os.open(log, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
    os.dup2(fd, 1)
    os.dup2(fd, 2)


def _forked(func, log: Path, cpu_seconds: int | None = None, wall_seconds: float | None = None) -> int:
    """Run func() (returning an exit code) in a forked child; its exit code, or -9 on a timeout."""
    pid = os.fork()
    if pid == 0:
        try:
            _quiet_child(log)
            if cpu_seconds:
                resource.setrlimit(resource.RLIMIT_CPU, (cpu_seconds, cpu_seconds + 1))
            code = int(func())
        except BaseException:   # noqa: BLE001 - a child must never return into the parent's loop
            code = 99
        os._exit(code)
    deadline = time.monotonic() + wall_seconds if wall_seconds else None
    while True:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            return os.waitstatus_to_exitcode(status)
        if deadline and time.monotonic() > deadline:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
            return -9
        time.sleep(0.2)


def mutant_key(name: str, label: str, text: str) -> str:
    """What a Cypher mutant's verdict is kept under between runs: the query, the change, and the
    mutated query's code without its comments (a changed comment keeps the verdict, a changed
    query does not: its mutants are checked again)."""
    code = re.sub(r"//[^\n]*", "", text)
    return f"{name} | {label} | {hashlib.sha1(code.encode()).hexdigest()[:12]}"


def run_cypher(dirs: list[str], budget: float, results: dict, fresh: bool = False,
               recheck: bool = False) -> None:
    """Each folder's mutants until the budget runs out. The verdicts are kept in the results
    (`verdicts`, by mutant_key): the next run goes on with the mutants not checked yet (`fresh`
    forgets them; `recheck` checks the survivors again first, after tests were added)."""
    os.chdir(ROOT)
    sys.path.insert(0, str(ROOT))
    sys.path.insert(0, str(ROOT / "tests"))
    import pytest
    from orggraph import queries

    library = queries.library()
    logs = WORK / "cypher"
    logs.mkdir(parents=True, exist_ok=True)
    base_args = ["-p", "no:cacheprovider", "-q", *EMBEDDED_ONLY]

    class EmbeddedOnly:
        """`-k "not neo4j"` misses a test that asks for the `neo4j_uri` fixture without the word
        in its name (it would start a Neo4j server in every run that reaches it): left out."""
        @pytest.hookimpl(trylast=True)
        def pytest_collection_modifyitems(self, config, items):
            kept = [i for i in items if "neo4j_uri" not in getattr(i, "fixturenames", ())]
            if len(kept) != len(items):
                config.hook.pytest_deselected(items=[i for i in items if i not in kept])
                items[:] = kept
    # Import the tests and what they import once, here: every forked run then starts warm.
    every = sorted({f for d in dirs for f in CYPHER_TESTS[d]})
    with open(logs / "collect.log", "w", encoding="utf-8") as out, \
            contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
        pytest.main([*every, *base_args, "--collect-only"])

    for folder in dirs:
        started = time.monotonic()
        test_files = list(CYPHER_TESTS[folder])
        left_out = CYPHER_LEAVE_OUT.get(folder, {})
        args = base_args if not left_out else [
            *base_args[:-1], " and ".join([base_args[-1], *(f"not {w}" for w in left_out)])]
        record_file = logs / f"{folder}.uses.json"
        record_file.unlink(missing_ok=True)

        def record() -> int:
            uses: dict[str, dict[str, float]] = {}
            current: dict[str, str] = {}
            durations: dict[str, float] = {}

            class Recording(dict):
                def __getitem__(self, key):
                    if current.get("test"):
                        uses.setdefault(key, {})[current["test"]] = 0.0
                    return super().__getitem__(key)

                def _every(self):   # a test that walks the whole library reads every query
                    for key in dict.keys(self):
                        self[key]

                def values(self):
                    self._every()
                    return super().values()

                def items(self):
                    self._every()
                    return super().items()

            recording = Recording(library)
            queries.library = lambda: recording

            failed: set[str] = set()

            class Plugin:
                @pytest.hookimpl(hookwrapper=True)
                def pytest_runtest_protocol(self, item, nextitem):
                    current["test"] = item.nodeid
                    t0 = time.monotonic()
                    yield
                    durations[item.nodeid] = time.monotonic() - t0
                    current["test"] = ""

                def pytest_runtest_logreport(self, report):
                    if report.failed:
                        failed.add(report.nodeid)

            code = pytest.main([*test_files, *args], plugins=[Plugin(), EmbeddedOnly()])
            # A test that fails on the unmutated queries cannot tell a mutant: left out, named.
            uses = {name: {t: durations.get(t, 0.0) for t in tests if t not in failed}
                    for name, tests in uses.items()}
            record_file.write_text(json.dumps({"exit": int(code), "uses": uses,
                                               "failed": sorted(failed)}), encoding="utf-8")
            return 0

        clean = _forked(record, logs / f"{folder}.clean.log")
        if clean != 0 or not record_file.exists():
            results["cypher"][folder] = {"when": now(), "note": f"clean run failed (exit {clean})",
                                         "counts": {}, "survivors": [], "tests": test_files}
            save_results(results)
            continue
        recorded = json.loads(record_file.read_text(encoding="utf-8"))
        uses, failing = recorded["uses"], recorded["failed"]
        counts = {"killed": 0, "survived": 0, "no tests": 0, "timeout": 0, "not checked": 0}
        survivors = []
        previous = results["cypher"].get(folder) or {}
        known = {} if fresh else dict(previous.get("verdicts", {}))
        verdicts: dict[str, str] = {}
        reused = rechecked = 0
        names = sorted(n for n in library if n.startswith(folder + "/"))
        planned = [(n, label, text) for n in names
                   for label, text in cypher_mutants(library[n].text)]
        # In a seeded random order: when the budget stops the run, what was checked is a fair
        # sample of every query's mutants, not the first files' alone.
        random.Random(24).shuffle(planned)
        if recheck:   # the last run's survivors first, against the tests added since
            planned.sort(key=lambda m: known.get(mutant_key(*m)) != "survived")
        for name, label, text in planned:
            key = mutant_key(name, label, text)
            tests = sorted(uses.get(name, {}), key=lambda t: uses[name][t])
            if not tests:
                counts["no tests"] += 1
                survivors.append({"mutant": name, "status": "no tests", "line": label})
                continue
            if key in known and not (recheck and known[key] == "survived"):
                status = verdicts[key] = known[key]
                counts[status] += 1
                reused += 1
                if status == "survived":
                    survivors.append({"mutant": name, "status": status, "line": label})
                continue
            rechecked += key in known
            if time.monotonic() - started > budget:
                counts["not checked"] += 1
                continue
            estimate = sum(uses[name].values())

            def mutant(name=name, text=text, tests=tests) -> int:
                with tempfile.TemporaryDirectory() as tmp:
                    path = Path(tmp) / "q.cypher"
                    path.write_text(text, encoding="utf-8")
                    changed = dataclasses.replace(queries.parse_file(path),
                                                  path=library[name].path)
                mutated = dict(library)
                mutated[name] = changed
                queries.library = lambda: mutated
                return pytest.main([*tests, *args, "-x"], plugins=[EmbeddedOnly()])

            code = _forked(mutant, logs / f"{folder}.mutants.log", cpu_seconds=int(30 + 10 * estimate),
                           wall_seconds=120 + 20 * estimate)
            status = ("survived" if code == 0 else "timeout" if code in (-9, -24, 152)
                      else "killed")
            counts[status] += 1
            verdicts[key] = status
            if status == "survived":
                survivors.append({"mutant": name, "status": status, "line": label})
            print(f"{status:9} {name}: {label}", flush=True)
        seconds = round(time.monotonic() - started)
        runs = 1
        if reused:
            runs = previous.get("runs", 1) + 1
            seconds += previous.get("seconds", 0)
        note = "; ".join(filter(None, [
            f"stopped by the {round(budget)} s budget (mutants checked in a seeded random order)"
            if counts["not checked"] else "",
            f"{runs} runs (each goes on from the last"
            + (f"; {rechecked} survivors checked again" if rechecked else "") + ")"
            if runs > 1 else "",
            f"left out, failing before any mutation: {', '.join(failing)}" if failing else "",
            "left out: " + "; ".join(f"tests named *{w}* ({why})" for w, why in left_out.items())
            if left_out else ""]))
        results["cypher"][folder] = {"when": now(), "seconds": seconds, "runs": runs,
                                     "counts": {k: v for k, v in counts.items() if v},
                                     "survivors": survivors, "tests": test_files, "note": note,
                                     "verdicts": dict(sorted(verdicts.items()))}
        save_results(results)


# ---------------------------------------------------------------------------------- the table

def _row(kind: str, name: str, entry: dict) -> str:
    counts = entry.get("counts", {})
    killed = counts.get("killed", 0) + counts.get("timeout", 0) + counts.get("caught by type check", 0)
    survived = counts.get("survived", 0) + counts.get("suspicious", 0)
    no_tests = counts.get("no tests", 0)
    unchecked = counts.get("not checked", 0) + counts.get("check was interrupted by user", 0)
    total = sum(counts.values())
    checked = killed + survived + no_tests
    score = f"{100 * killed / checked:.0f}%" if checked else "–"
    note = entry.get("note", "") or ("complete" if total else "")
    return (f"| {kind} | {name} | {total} | {killed} | {survived} | {no_tests} | {unchecked} | "
            f"{score} | {entry.get('when', '')}, {entry.get('seconds', '?')} s; {note} |")


def write_table(results: dict) -> None:
    lines = ["| kind | module | mutants | killed | survived | no test | not checked | killed of checked | run |",
             "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |"]
    for name in MODULES:
        entry = results["python"].get(name)
        lines.append(_row("python", name, entry) if entry else
                     f"| python | {name} | | | | | | | not run |")
    for name in CYPHER_TESTS:
        entry = results["cypher"].get(name)
        lines.append(_row("cypher", f"cypher/{name}", entry) if entry else
                     f"| cypher | cypher/{name} | | | | | | | not run |")
    lines += ["", "Survivors as the last run left them (the reasons are in the section below):", ""]
    for kind in ("python", "cypher"):
        for name, entry in results[kind].items():
            untested: dict[str, int] = {}
            for s in entry.get("survivors", []):
                if kind == "python" and s["status"] == "no tests":
                    # one line per function: which mutants no selected test reaches
                    function = s["mutant"].rsplit("__mutmut_", 1)[0].rsplit(".", 1)[-1]
                    untested[function] = untested.get(function, 0) + 1
                    continue
                lines.append(f"- {kind} {name}: `{s['mutant']}` ({s['status']}): `{s['line']}`")
            if untested:
                lines.append(f"- {kind} {name}: no selected test reaches "
                             + ", ".join(f"`{f}` ({n})" for f, n in sorted(untested.items())))
    text = TESTING.read_text(encoding="utf-8")
    head, _, rest = text.partition(BEGIN)
    _, _, tail = rest.partition(END)
    TESTING.write_text(head + BEGIN + "\n" + "\n".join(lines) + "\n" + END + tail, encoding="utf-8")


# ---------------------------------------------------------------------------------- command line

def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="what", required=True)
    py = sub.add_parser("python", help="mutmut over the analysis modules, one at a time")
    py.add_argument("--module", action="append", choices=list(MODULES),
                    help="a module to run (repeatable); default all, in the table's order")
    py.add_argument("--budget", type=float, default=900, help="seconds per module (default 900)")
    py.add_argument("--children", type=int, default=1, help="mutmut workers (default 1)")
    py.add_argument("--deselect", action="append", default=[],
                    help="a test id to leave out (one that fails before any mutation); noted")
    py.add_argument("--fresh", action="store_true",
                    help="forget mutmut's cache of this module (default: go on from the last run)")
    py.add_argument("--without-store", action="store_true",
                    help="only the tests that need no store (a busy machine); noted in the table")
    py.add_argument("--with-store", action="store_true",
                    help="check the survivors of a --without-store run again with the store tests")
    py.add_argument("--recheck", action="store_true",
                    help="check the last run's survivors again first (after adding tests)")
    cy = sub.add_parser("cypher", help="mutate the Cypher queries, one change at a time")
    cy.add_argument("--dir", action="append", choices=list(CYPHER_TESTS),
                    help="a folder of cypher/ (repeatable); default all")
    cy.add_argument("--budget", type=float, default=900, help="seconds per folder (default 900)")
    cy.add_argument("--fresh", action="store_true",
                    help="forget the last runs' verdicts (default: go on with the mutants not "
                         "checked yet)")
    cy.add_argument("--recheck", action="store_true",
                    help="check the last runs' survivors again first (after adding tests)")
    sub.add_parser("table", help="rewrite docs/TESTING.md's table from docs/mutation-results.json")
    sub.add_parser("list", help="the modules, their files and their tests")
    args = parser.parse_args(argv)

    results = load_results()
    if args.what == "list":
        for name, (files, tests) in MODULES.items():
            print(f"{name}: {' '.join(files)}  <- {' '.join(tests)}")
        for name, tests in CYPHER_TESTS.items():
            print(f"cypher/{name}: <- {' '.join(tests)}")
        return 0
    if args.what == "python" and args.with_store:
        for module in args.module or list(MODULES):
            entry = results["python"].get(module)
            if not entry:
                continue
            print(f"{module}: survivors again with the store tests, budget {args.budget:.0f} s",
                  flush=True)
            results["python"][module] = recheck_with_store(module, args.budget, args.children,
                                                           entry)
            save_results(results)
            write_table(results)
            print(f"{module}: {results['python'][module]['note']}", flush=True)
    elif args.what == "python":
        for module in args.module or list(MODULES):
            print(f"{module}: mutmut, budget {args.budget:.0f} s", flush=True)
            results["python"][module] = run_python(module, args.budget, args.children,
                                                   args.deselect, fresh=args.fresh,
                                                   recheck=args.recheck,
                                                   previous=results["python"].get(module),
                                                   without_store=args.without_store)
            save_results(results)
            write_table(results)
            print(f"{module}: {results['python'][module]['counts']} "
                  f"{results['python'][module]['note']}", flush=True)
    elif args.what == "cypher":
        run_cypher(args.dir or list(CYPHER_TESTS), args.budget, results, fresh=args.fresh,
                   recheck=args.recheck)
    write_table(results)
    return 0


if __name__ == "__main__":
    sys.exit(main())
