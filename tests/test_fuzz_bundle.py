"""Fuzzing the bundle reader: any bytes either load or come back as problems, never a crash.

Half the generated bundles are clean by construction (support/fuzz.py), so the "clean bundle"
branches run; each test asserts the share of examples that reached them.
"""
from __future__ import annotations

import tempfile
from collections import Counter
from pathlib import Path

from hypothesis import HealthCheck, given, settings

from orggraph.load.bundle import BundleError, Problem, open_bundle
from orggraph.load.load import load_bundle
from orggraph.load.validate import check, records
from support.files import snapshot
from support.fuzz import CLEAN_SHARE, bundles, write_files


def test_the_reader_either_accepts_or_reports():
    seen = Counter()

    @settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(bundles())
    def reader(files):
        with tempfile.TemporaryDirectory() as folder:
            root = write_files(Path(folder), files)
            tables, problems = open_bundle(root)
            labels, problems = check(tables, lambda ids: {}, problems)
            assert all(isinstance(p, Problem) and p.file for p in problems)
            if not problems:
                seen["clean"] += 1
                batches = list(records(tables, labels, 100))
                assert batches and all(batch.rows for batch in batches)
            seen["all"] += 1

    reader()
    assert seen["clean"] >= CLEAN_SHARE * seen["all"], seen


def test_loading_fuzzed_bundles(store):
    """On both stores: a fuzzed bundle loads whole, or is refused and the store stays empty."""
    seen = Counter()

    @settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(files=bundles())
    def loading(files):
        store.delete_all()  # one store for every example of one engine
        with tempfile.TemporaryDirectory() as folder:
            root = write_files(Path(folder) / "bundle", files)
            try:
                load_bundle(store, root)
            except BundleError as exc:
                assert exc.problems
                assert sum(store.counts()["nodes"].values()) == 0
            else:  # it loaded: loading it again changes nothing
                seen["loaded"] += 1
                loaded = snapshot(store)
                assert sum(store.counts()["nodes"].values()) > 0
                load_bundle(store, root)
                assert snapshot(store) == loaded
            seen["all"] += 1

    loading()
    assert seen["loaded"] >= CLEAN_SHARE * seen["all"], seen
