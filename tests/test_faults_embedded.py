"""Faults on the embedded store: a killed load leaves the graph as it was; a second writer is told."""
from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from orggraph.load.load import load_bundle
from orggraph.store import StoreError, open_store
from support.files import snapshot, write_csv
from support.processes import python, sigkill_after_lines

LOADER = textwrap.dedent("""
    import sys
    from orggraph.load.load import load_bundle
    from orggraph.store import open_store
    store = open_store(sys.argv[1])
    def progress(what, rows):
        print(what, rows, flush=True)
    load_bundle(store, sys.argv[2], batch_size=2000, progress=progress)
    print("DONE", flush=True)
""")

HOLDER = textwrap.dedent("""
    import sys, time
    from orggraph.store import open_store
    store = open_store(sys.argv[1])
    print("OPEN", flush=True)
    time.sleep(60)
""")


def _big_bundle(folder: Path, people: int) -> Path:
    rows = [["id", "name", "birth_year", "party_member"]]
    rows += [[f"P-big-{i}", f"党员{i}", str(1950 + i % 50), "true"] for i in range(people)]
    write_csv(folder / "nodes" / "Person.csv", rows)
    write_csv(folder / "rels" / "MEMBER_OF.csv",
              [["from", "to"]] + [[f"P-big-{i}", "O-V1"] for i in range(people)])
    return folder


def test_sigkill_in_the_middle_of_a_load_leaves_the_graph_as_before(tmp_path, tiny_bundle):
    db = str(tmp_path / "g.lbug")
    with open_store(db) as store:
        load_bundle(store, tiny_bundle)
        before = snapshot(store)
    loader = python(LOADER, db, str(_big_bundle(tmp_path / "big", 60_000)))
    sigkill_after_lines(loader, 5, timeout=30)
    with open_store(db) as store:
        assert snapshot(store) == before


def test_a_second_process_gets_a_clear_message(tmp_path, tiny_bundle):
    db = str(tmp_path / "g.lbug")
    with open_store(db) as store:
        load_bundle(store, tiny_bundle)
    holder = python(HOLDER, db)
    try:
        assert holder.stdout.readline().strip() == "OPEN"
        with pytest.raises(StoreError, match="正被另一个 orggraph 进程使用"):
            open_store(db)
    finally:
        holder.kill()
        holder.wait()
    with open_store(db) as store:  # usable again once the other process is gone
        assert store.counts()["nodes"]["Region"] == 5
