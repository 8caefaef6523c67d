"""Fuzzing the bundle reader: any bytes either load or come back as problems, never a crash."""
from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings, strategies as st

from orggraph import model
from orggraph.load.bundle import Problem, open_bundle
from orggraph.load.validate import check, records
from helpers import snapshot

NAMES = [*model.LABEL_BY_NAME, *model.REL_BY_NAME]
CELL = st.one_of(
    st.text(max_size=12),
    st.sampled_from(["", "是", "否", "true", "1", "3.5", "-1", "1e309", "nan", "2024-02-30",
                     "R-1", "R-2", "village", "=1+1", '"', '""', "\x00", "a;b;", "\ufeff"]),
)
COLUMNS = st.lists(st.sampled_from(["id", "from", "to", "name", "kind", "stars", "tags",
                                    "households", "lat", "weak", "founded", "tier", "x"]),
                   min_size=0, max_size=6)


def _csv_line(cells: list[str]) -> str:
    return ",".join('"' + c.replace('"', '""') + '"' if any(ch in c for ch in ',"\n') else c
                    for c in cells)


@st.composite
def bundles(draw):
    files = {}
    for _ in range(draw(st.integers(1, 3))):
        name = draw(st.sampled_from(NAMES))
        folder = "nodes" if name in model.LABEL_BY_NAME else "rels"
        header = draw(COLUMNS)
        rows = draw(st.lists(st.lists(CELL, min_size=len(header), max_size=len(header)),
                             max_size=5))
        text = "\n".join(_csv_line(r) for r in [header, *rows])
        raw = text.encode("utf-8")
        if draw(st.booleans()):
            raw = draw(st.binary(max_size=40)) + raw  # garbage, BOMs, bad encodings
        files[f"{folder}/{name}.csv"] = raw
    return files


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(bundles())
def test_the_reader_either_accepts_or_reports(files):
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        for relative, raw in files.items():
            (root / relative).parent.mkdir(parents=True, exist_ok=True)
            (root / relative).write_bytes(raw)
        tables, problems = open_bundle(root)
        labels, problems = check(tables, lambda ids: {}, problems)
        assert all(isinstance(p, Problem) and p.file for p in problems)
        if not problems:
            for batch in records(tables, labels, 100):
                assert batch.rows


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(files=bundles())
def test_loading_fuzzed_bundles(files, store):
    """On both stores: a fuzzed bundle loads whole, or is refused and the store stays empty."""
    from orggraph.load.bundle import BundleError
    from orggraph.load.load import load_bundle

    store.delete_all()  # the store fixture is shared by every example of one engine
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder) / "bundle"
        for relative, raw in files.items():
            (root / relative).parent.mkdir(parents=True, exist_ok=True)
            (root / relative).write_bytes(raw)
        try:
            load_bundle(store, root)
        except BundleError as exc:
            assert exc.problems
            assert sum(store.counts()["nodes"].values()) == 0
        else:  # whatever loaded, loading it again changes nothing
            loaded = snapshot(store)
            load_bundle(store, root)
            assert snapshot(store) == loaded
