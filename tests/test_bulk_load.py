"""The bulk load path: Arrow column checks (orggraph/load/fast_check.py) and the embedded COPY writer.

The bulk path must give the graph the row path (check + records + MERGE) gives, accept only what
`check` accepts, load twice without change, and be all-or-nothing.
"""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import textwrap
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

from orggraph.load import fast_check
from orggraph.load.bundle import open_bundle
from orggraph.load.load import load_bundle
from orggraph.load.validate import check, records
from orggraph.resources import demo_bundle
from orggraph.store import bulk_embedded
from orggraph.store import open_store
from support.broken_bundles import CORPUS
from support.files import copy_bundle, read_csv, snapshot, write_csv
from support.fuzz import CLEAN_SHARE, bundles, write_files

ROOT = Path(__file__).resolve().parent.parent
HEADER = {
    "Region": ["id", "name", "kind", "code", "households", "population", "lat", "lon",
               "collective_income", "main_industry", "score_leadership", "willing_to_join", "tags"],
    "OrgUnit": ["id", "name", "kind", "stars", "weak", "founded"],
}


def typed_bundle(folder: Path) -> Path:
    """Every property type, blanks, spaces around cells, Chinese booleans, lists, defaults,
    a property only some endpoint pairs may have, and a repeated relationship row."""
    write_csv(folder / "nodes" / "Region.csv", [
        HEADER["Region"],
        ["R-1", " 清溪县 ", "county", "330100", "", "", "30.1", "120.25", "", "", "", "", ""],
        ["R-2", "青山镇", "town", "", "1200", "4000", "30.2", "120.2", "-1.5e2", "茶叶", "88.5",
         "是", "茶叶; 旅游;;"],
        ["R-3", "西坡村", "village", "", "300", "", "", "", "12.0", "", "0", "否", ";"],
    ])
    write_csv(folder / "nodes" / "OrgUnit.csv", [
        HEADER["OrgUnit"],
        ["O-1", "西坡村党支部", "village_branch", "3", "TRUE", "2001-07-01"],
        ["O-2", "青山镇党委", "town_committee", "", "", ""],
    ])
    write_csv(folder / "nodes" / "Person.csv", [
        ["id", "name", "birth_year", "party_member"],
        ["P-1", "张三丰", "+1970", "1"], ["P-2", "李四", "1985", "n"]])
    write_csv(folder / "nodes" / "Enterprise.csv", [
        ["id", "name", "kind", "employees"], ["E-1", "茶厂", "private", "40"]])
    write_csv(folder / "nodes" / "IndustryChain.csv", [["id", "name"], ["C-1", "茶产业链"]])
    write_csv(folder / "rels" / "PART_OF.csv", [["from", "to"], ["R-3", "R-2"], ["R-2", "R-1"]])
    write_csv(folder / "rels" / "MEMBER_OF.csv", [
        ["from", "to", "tier"], ["P-1", "O-1", ""], ["O-1", "O-2", ""], ["E-1", "C-1", "upstream"],
        ["P-2", "O-1", ""], ["E-1", "C-1", "midstream"]])
    write_csv(folder / "rels" / "CO_BUILDS.csv", [
        ["from", "to", "mode", "since"], ["O-1", "O-2", "strong_weak", "2023"]])
    write_csv(folder / "rels" / "BASED_IN.csv", [["from", "to"], ["O-1", "R-3"], ["O-2", "R-2"]])
    write_csv(folder / "rels" / "SUPPLIES.csv", [["from", "to", "weight"]])
    return folder


def row_path_batches(path: Path, lookup=lambda ids: {}):
    tables, problems = open_bundle(path)
    labels, problems = check(tables, lookup, problems)
    return problems, (list(records(tables, labels, 10 ** 9)) if not problems else None)


def bulk_batches(path: Path, lookup=lambda ids: {}):
    tables, problems = open_bundle(path)
    assert not problems
    return fast_check.batches(path, tables, lookup, 10 ** 9, as_arrow=False)


def grouped(batches) -> dict:
    out = {}
    for b in batches:
        key = (b.label,) if hasattr(b, "label") else (b.type, b.from_label, b.to_label)
        columns, rows = out.setdefault(key, (b.columns, []))
        assert columns == b.columns
        rows.extend(b.rows)
    return out


@pytest.fixture
def typed(tmp_path) -> Path:
    return typed_bundle(tmp_path / "typed")


def _bundles(tiny_bundle, typed):
    return [tiny_bundle, typed, ROOT / "tests" / "bundles" / "maps", demo_bundle()]


def test_the_columns_give_the_rows_the_row_path_gives(tiny_bundle, typed):
    for bundle in _bundles(tiny_bundle, typed):
        problems, expected = row_path_batches(bundle)
        assert not problems, bundle
        got = bulk_batches(bundle)
        assert got is not None, f"the bulk path refused the clean bundle {bundle}"
        assert grouped(got) == grouped(expected), bundle


# ("unknown file" is reported by open_bundle; the loader does not try the bulk path then.)
@pytest.mark.parametrize("case", sorted(c for c in CORPUS if c != "unknown file"))
def test_the_columns_refuse_every_broken_bundle(case, tiny_bundle, tmp_path):
    bundle = CORPUS[case][0](copy_bundle(tiny_bundle, tmp_path / "b"))
    assert row_path_batches(bundle)[0], "the corpus case should be broken"
    assert bulk_batches(bundle) is None


@pytest.mark.parametrize("cell,prop", [
    ("1_000", "households"), ("１２", "households"), ("inf", "lat"), ("1e999", "lon"),
    ("2024-02-30", None), ("yes please", "willing_to_join"), ("=1+1", "main_industry"),
    ("town ", None)])
def test_cells_the_columns_cannot_vouch_for_go_to_the_row_path(cell, prop, typed):
    """Either both paths refuse the cell, or the row path reads it and the bulk path defers."""
    rows = read_csv(typed / "nodes" / "Region.csv")
    if prop:
        rows[2][HEADER["Region"].index(prop)] = cell
    elif cell.startswith("2024"):
        rows = read_csv(typed / "nodes" / "OrgUnit.csv")
        rows[1][5] = cell
        write_csv(typed / "nodes" / "OrgUnit.csv", rows)
    else:
        rows[2][2] = cell  # an enum with a trailing space: the same value once stripped
    if not cell.startswith("2024"):
        write_csv(typed / "nodes" / "Region.csv", rows)
    problems, expected = row_path_batches(typed)
    got = bulk_batches(typed)
    if problems:
        assert got is None
    elif got is not None:
        assert grouped(got) == grouped(expected)


CSV_QUIRKS = {
    "text after a closing quote": b'id,name\nP-1,"a"b\n',
    "space after a closing quote": b'id,name\nP-1,"a" \n',
    "quote inside a bare cell": b'id,name\nP-1,a"b\n',
    "doubled quote": b'id,name\nP-1,"a""b"\n',
    "CRLF line ends": b'id,name\r\nP-1,a\r\n',
    "lone CR line ends": b'id,name\rP-1,a\r',
    "line break in a quoted cell": b'id,name\nP-1,"a\nb"\n',
    "NUL in a cell": b'id,name\nP-1,a\x00b\n',
    "no final newline": b'id,name\nP-1,a',
    "header only": b'id,name\n',
    "a line of spaces": b'id,name\n  \nP-1,a\n',
    "a line of commas": b'id,name\n,\nP-1,a\n',
    "two BOMs": b'\xef\xbb\xbf\xef\xbb\xbfid,name\nP-1,a\n',
    "quoted header": b'"id","name"\nP-1,a\n',
    "duplicate id": b'id,name\nP-1,a\nP-1,b\n',
    "unicode spaces": 'id,name\n\u00a0P-1,a\u2028\u3000\n'.encode(),
    "ASCII separators": b'id,name\nP-1,a\x1c\n',
}


@pytest.mark.parametrize("case", sorted(CSV_QUIRKS))
def test_csv_quirks_read_as_the_row_path_reads_them(case, tmp_path):
    write = tmp_path / "nodes" / "Person.csv"
    write.parent.mkdir(parents=True)
    write.write_bytes(CSV_QUIRKS[case])
    problems, expected = row_path_batches(tmp_path)
    got = bulk_batches(tmp_path)
    if problems:
        assert got is None
    elif got is not None:
        assert grouped(got) == grouped(expected)
    if case in ("text after a closing quote", "lone CR line ends"):
        assert problems  # the cases Arrow alone would have read differently


def test_what_the_columns_accept_the_row_path_accepts_with_the_same_values():
    seen = Counter()

    @settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(bundles())
    def same(files):
        seen["all"] += 1
        with tempfile.TemporaryDirectory() as folder:
            root = write_files(Path(folder), files)
            tables, problems = open_bundle(root)
            if problems:
                return
            got = fast_check.batches(root, tables, lambda ids: {}, 10 ** 9, as_arrow=False)
            if got is None:
                return
            problems, expected = row_path_batches(root)
            assert not problems
            assert grouped(got) == grouped(expected)
            seen["compared"] += 1

    same()
    assert seen["compared"] >= CLEAN_SHARE * seen["all"], seen


def _load_both_ways(db_bulk: str, db_rows: str, bundles_in_order, monkeypatch):
    for bundle in bundles_in_order:
        with open_store(db_bulk) as store:
            load_bundle(store, bundle)
        with monkeypatch.context() as patched:
            patched.setattr("orggraph.load.fast_check.batches", lambda *a, **k: None)
            with open_store(db_rows) as store:
                load_bundle(store, bundle)
    with open_store(db_bulk) as bulk, open_store(db_rows) as rows:
        return snapshot(bulk), snapshot(rows)


def update_bundle(folder: Path) -> Path:
    """Changes some properties of existing nodes (other columns absent: left alone), adds a
    node pointing at existing ones, repeats a relationship with a new property value twice."""
    write_csv(folder / "nodes" / "Region.csv", [
        ["id", "name", "kind", "households", "tags"], ["R-3", "西坡村", "village", "310", "茶叶"],
        ["R-4", "东坡村", "village", "", ""]])
    write_csv(folder / "nodes" / "Person.csv", [["id", "name"], ["P-3", "王五"]])
    write_csv(folder / "rels" / "PART_OF.csv", [["from", "to"], ["R-4", "R-2"], ["R-3", "R-2"]])
    write_csv(folder / "rels" / "MEMBER_OF.csv", [["from", "to", "tier"], ["P-3", "O-1", ""],
                                                  ["E-1", "C-1", "downstream"],
                                                  ["P-1", "O-1", ""]])
    write_csv(folder / "rels" / "CO_BUILDS.csv", [["from", "to", "status"],
                                                  ["O-1", "O-2", "proposed"]])
    return folder


def without_repeats(bundle: Path) -> Path:
    """The bundle without its repeated MEMBER_OF row. Which of two rows for one relationship
    wins differs on the row path: LadybugDB's `UNWIND … MERGE … SET` keeps the first row of a
    batch, Neo4j the last; the bulk path keeps the last on both."""
    rows = read_csv(bundle / "rels" / "MEMBER_OF.csv")
    write_csv(bundle / "rels" / "MEMBER_OF.csv", rows[:-1])
    return bundle


def test_bulk_and_row_paths_give_the_same_graph_embedded(tmp_path, typed, tiny_bundle,
                                                         monkeypatch):
    for bundles_in_order in ([tiny_bundle], [without_repeats(typed),
                                             update_bundle(tmp_path / "upd")],
                             [demo_bundle()]):
        tag = str(len(list(tmp_path.iterdir())))
        bulk, rows = _load_both_ways(str(tmp_path / f"bulk{tag}.lbug"),
                                     str(tmp_path / f"rows{tag}.lbug"), bundles_in_order,
                                     monkeypatch)
        assert bulk == rows


def test_bulk_and_row_paths_give_the_same_graph(db, engine, tmp_path, typed, monkeypatch):
    """On either engine: the bulk-checked bundle and the row-checked one load the same graph."""
    typed = without_repeats(typed)
    with open_store(db) as store:
        load_bundle(store, typed)
        load_bundle(store, update_bundle(tmp_path / "upd"))
        bulk = snapshot(store)
        store.delete_all()
    with monkeypatch.context() as patched:
        patched.setattr("orggraph.load.fast_check.batches", lambda *a, **k: None)
        with open_store(db) as store:
            load_bundle(store, typed)
            load_bundle(store, tmp_path / "upd")
            assert snapshot(store) == bulk
    nodes, edges, _ = bulk
    co_builds = [e for e in edges if e[2] == "CO_BUILDS"]
    assert co_builds == [("O-1", "O-2", "CO_BUILDS", (("mode", "strong_weak"), ("since", 2023),
                                                      ("status", "proposed"), ("type", "CO_BUILDS")))]
    region = dict(next(attrs for n, attrs in nodes if n == "R-3"))
    assert (region["households"], region["tags"], region["collective_income"]) == (310, ("茶叶",),
                                                                                   12.0)


def test_loading_twice_changes_nothing(store, typed):
    load_bundle(store, typed)
    first = snapshot(store), store.counts()
    load_bundle(store, typed)
    assert (snapshot(store), store.counts()) == first


def test_a_repeated_relationship_row_is_one_relationship_with_the_last_values(store, typed,
                                                                           tmp_path):
    load_bundle(store, typed)
    rows = store.query("MATCH (:Enterprise {id: 'E-1'})-[r:MEMBER_OF]->(:IndustryChain) "
                       "RETURN r.tier AS tier")
    assert rows == [{"tier": "midstream"}]
    again = tmp_path / "again"  # and over a relationship already in the graph
    write_csv(again / "rels" / "CO_BUILDS.csv", [["from", "to", "status"],
                                                 ["O-1", "O-2", "proposed"],
                                                 ["O-1", "O-2", "active"],
                                                 ["O-1", "O-2", "proposed"]])
    load_bundle(store, again)
    assert store.query("MATCH (:OrgUnit)-[r:CO_BUILDS]->(:OrgUnit) RETURN r.status AS s, "
                       "r.mode AS m") == [{"s": "proposed", "m": "strong_weak"}]


def test_a_failure_in_the_bulk_writer_rolls_back_everything(tmp_path, typed, tiny_bundle,
                                                            monkeypatch):
    db = str(tmp_path / "g.lbug")
    with open_store(db) as store:
        load_bundle(store, tiny_bundle)
        before = snapshot(store)
    calls = []
    real = bulk_embedded.BulkWriter._rels

    def failing(self, batches):
        calls.append(batches[0].type)
        if len(calls) == 3:
            raise RuntimeError("disk on fire")
        return real(self, batches)

    monkeypatch.setattr(bulk_embedded.BulkWriter, "_rels", failing)
    with open_store(db) as store:
        with pytest.raises(RuntimeError, match="disk on fire"):
            load_bundle(store, typed)
        assert snapshot(store) == before
    monkeypatch.undo()
    with open_store(db) as store:  # and the store takes the bundle afterwards
        load_bundle(store, typed)
        assert store.counts()["nodes"]["OrgUnit"] > 0


KILLED_LOADER = textwrap.dedent("""
    import sys
    from orggraph.load.load import load_bundle
    from orggraph.store import open_store
    store = open_store(sys.argv[1])
    def progress(what, rows):
        print(what, rows, flush=True)
    load_bundle(store, sys.argv[2], batch_size=5000, progress=progress)
    print("DONE", flush=True)
""")


def test_sigkill_after_a_copy_inside_the_transaction_leaves_the_graph_as_before(
        tmp_path, tiny_bundle):
    """The first MEMBER_OF batch is taken after Person's COPY ran inside the open transaction."""
    db = str(tmp_path / "g.lbug")
    with open_store(db) as store:
        load_bundle(store, tiny_bundle)
        before = snapshot(store)
    big = tmp_path / "big"
    people = 200_000
    write_csv(big / "nodes" / "Person.csv", [["id", "name", "birth_year"]] + [
        [f"P-big-{i}", f"党员{i}", str(1950 + i % 50)] for i in range(people)])
    write_csv(big / "rels" / "MEMBER_OF.csv",
              [["from", "to"]] + [[f"P-big-{i}", "O-V1"] for i in range(people)])
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    loader = subprocess.Popen([sys.executable, "-c", KILLED_LOADER, db, str(big)],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    for line in loader.stdout:
        if line.startswith("MEMBER_OF"):
            loader.send_signal(signal.SIGKILL)
            break
    loader.wait(timeout=60)
    assert loader.returncode == -signal.SIGKILL, loader.stderr.read()
    with open_store(db) as store:
        assert snapshot(store) == before
