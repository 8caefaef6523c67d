"""The corpus of broken bundles: each is refused with file, row and column, nothing written."""
from __future__ import annotations

import openpyxl
import pytest

from orggraph.load.bundle import BundleError
from orggraph.load.load import load_bundle
from support.broken_bundles import CORPUS
from support.cli import run
from support.files import bundle_to_xlsx, copy_bundle, snapshot


@pytest.mark.parametrize("case", sorted(CORPUS))
def test_each_broken_bundle_is_refused_with_its_place(case, store, tiny_bundle, tmp_path):
    load_bundle(store, tiny_bundle)
    before = snapshot(store)
    breaker, file, row, column = CORPUS[case]
    bundle = breaker(copy_bundle(tiny_bundle, tmp_path / "b"))
    with pytest.raises(BundleError) as caught:
        load_bundle(store, bundle)
    places = [(p.file, p.row, p.column) for p in caught.value.problems]
    assert any(f == file and (row is None or r == row) and (column is None or c == column)
               for f, r, c in places), places
    assert snapshot(store) == before


def test_the_cli_exits_non_zero_on_the_corpus(db, tiny_bundle, tmp_path):
    bundle = CORPUS["gbk encoding"][0](copy_bundle(tiny_bundle, tmp_path / "b"))
    result = run("--db", db, "load", bundle, ok=False)
    assert "nodes/Person.csv，第2行，B列：文件不是 UTF-8 编码" in result.output


def test_a_workbook_with_an_unknown_sheet(store, tiny_bundle, tmp_path):
    book = bundle_to_xlsx(tiny_bundle, tmp_path / "b.xlsx")
    workbook = openpyxl.load_workbook(book)
    workbook.create_sheet("村庄").append(["id", "name"])
    workbook.save(book)
    with pytest.raises(BundleError) as caught:
        load_bundle(store, book)
    assert [str(p) for p in caught.value.problems] == [
        "b.xlsx[村庄]：不认识的工作表：表名应为标签或关系类型（或其中文名称，见 orggraph template）"]
    assert sum(store.counts()["nodes"].values()) == 0


def test_a_formula_typed_into_a_workbook_is_refused(store, tiny_bundle, tmp_path):
    book = bundle_to_xlsx(tiny_bundle, tmp_path / "b.xlsx")
    workbook = openpyxl.load_workbook(book)
    workbook["Enterprise"]["B2"] = '=HYPERLINK("http://evil.example","x")'
    workbook.save(book)
    with pytest.raises(BundleError) as caught:
        load_bundle(store, book)
    assert "b.xlsx[Enterprise]，第2行，B列（name）：像是电子表格公式" in str(
        caught.value)
