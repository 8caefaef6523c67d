"""The demo county kept as a messy 台账 (seeds/demo-ledger/) comes back as the demo bundle exactly.

The mapping is the one `orggraph import --suggest` proposes for the workbook, unedited; the
imported bundle and seeds/demo are loaded into the same store one after the other and compared
node by node and relationship by relationship, properties included, on both stores.
"""
from __future__ import annotations

from pathlib import Path

import pytest
from support.files import snapshot

from orggraph.ledger import make_plan, mapping_text, read_mapping, suggest, write_bundle
from orggraph.load.load import load_bundle
from orggraph.store import open_store

ROOT = Path(__file__).resolve().parent.parent
LEDGER = ROOT / "seeds" / "demo-ledger" / "青溪县党建台账.xlsx"
DEMO = ROOT / "seeds" / "demo"


@pytest.fixture(scope="module")
def imported(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("demo-ledger")
    mapping, unmapped = suggest(LEDGER)
    assert unmapped == []
    path = folder / "映射.toml"
    path.write_text(mapping_text(mapping), encoding="utf-8")
    plan = make_plan(LEDGER, read_mapping(path))
    assert plan.problems == []
    write_bundle(plan, folder / "bundle")
    return folder / "bundle"


def test_the_committed_mapping_is_what_suggest_proposes():
    committed = (LEDGER.parent / "映射.toml").read_text(encoding="utf-8")
    mapping, _ = suggest(LEDGER)
    assert committed == mapping_text(mapping, LEDGER.name)


def test_the_demo_ledger_imports_back_into_the_demo_county(imported, db):
    with open_store(db) as store:
        load_bundle(store, DEMO)
        expected = snapshot(store)
        store.delete_all()
        store.ensure_schema()
        load_bundle(store, imported)
        got = snapshot(store)
    assert got[2] == expected[2]          # counts per label and type
    assert got[0] == expected[0]          # every node with every property
    assert got[1] == expected[1]          # every relationship with every property


def test_the_committed_workbook_is_what_the_script_writes(tmp_path):
    """seeds/demo-ledger follows seeds/demo: regenerate it with scripts/make_demo_ledger.py."""
    import make_demo_ledger
    import openpyxl

    fresh = tmp_path / "fresh.xlsx"
    make_demo_ledger.main([str(fresh)])
    committed, written = openpyxl.load_workbook(LEDGER), openpyxl.load_workbook(fresh)
    assert committed.sheetnames == written.sheetnames
    for name in committed.sheetnames:
        a, b = committed[name], written[name]
        assert list(a.iter_rows(values_only=True)) == list(b.iter_rows(values_only=True)), name
        assert sorted(map(str, a.merged_cells.ranges)) == sorted(map(str, b.merged_cells.ranges))
