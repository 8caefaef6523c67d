"""Workbooks for people look like an official 台账: a title row (what, region, the data's date,
a 生成单位 placeholder), the rule's text and source where a rule applies, a frozen header,
columns wide enough for their Chinese text, Chinese sheet names within 31 characters. With
--lang en the header is row 1, as a program reads it. On both stores."""
from __future__ import annotations

import openpyxl
import pytest

from orggraph.analyses import coverage
from orggraph.workbook import UNIT_PLACEHOLDER, _text_width
from support.cli import run

COMMANDS = {
    "coverage": (["coverage"], "覆盖问题清单"),
    "summary": (["coverage", "--summary"], "覆盖问题汇总表"),
    "influence": (["influence"], "链主带动分析"),
    "pair": (["pair"], "跨村联建方案"),
    "cadres": (["cadres", "--year", "2026"], "年驻村第一书记和工作队选派方案"),
    "query": (["query", "graph/villages"], "查询结果"),
}


@pytest.fixture
def loaded(db, tiny_bundle):
    run("--db", db, "load", str(tiny_bundle))
    return db


def _header_row(sheet) -> int:
    """The row the frozen pane starts below."""
    return sheet[sheet.freeze_panes].row - 1


@pytest.mark.parametrize("name", COMMANDS)
def test_every_workbook_opens_with_its_title_region_date_and_unit(name, loaded, tmp_path):
    args, title = COMMANDS[name]
    book = tmp_path / f"{name}.xlsx"
    run("--db", loaded, *args, "--format", "xlsx", "-o", str(book))
    workbook = openpyxl.load_workbook(book)
    assert len(set(workbook.sheetnames)) == len(workbook.sheetnames)
    for sheet in workbook.worksheets:
        assert len(sheet.title) <= 31 and not sheet.title.isascii(), sheet.title
        assert title in sheet["A1"].value and sheet["A1"].font.bold
        assert "区域：清溪县" in sheet["A2"].value and UNIT_PLACEHOLDER in sheet["A2"].value
        assert "数据截至：" in sheet["A2"].value
        header = _header_row(sheet)
        assert header >= 3 and sheet.freeze_panes == f"A{header + 1}"
        if sheet.max_column > 1:
            assert any(f"A1:" in str(r) for r in sheet.merged_cells.ranges)
        for cell in sheet[header]:
            width = sheet.column_dimensions[cell.column_letter].width
            # The header fits on at most two lines of its column; short headers on one.
            text = _text_width(str(cell.value))
            assert width >= (text if text <= 16 else text / 2), (sheet.title, cell.value, width)


def test_each_rule_sheet_notes_the_rules_text_and_source(loaded, tmp_path):
    book = tmp_path / "gaps.xlsx"
    run("--db", loaded, "coverage", "--format", "xlsx", "-o", str(book))
    workbook = openpyxl.load_workbook(book)
    found = [r for r in coverage.RULES if r.title in workbook.sheetnames]
    assert found   # the tiny bundle has findings of several rules
    for rule in found:
        sheet = workbook[rule.title]
        note = sheet["A3"].value
        assert note.startswith("说明：" + rule.text()[0]) and rule.source in note
        assert [c.value for c in sheet[4]][:2] == ["编号", "对象类别"]


def test_numbers_keep_their_declared_decimals_as_numbers(loaded, tmp_path):
    book = tmp_path / "villages.xlsx"
    run("--db", loaded, "query", "graph/villages", "--format", "xlsx", "-o", str(book))
    sheet = openpyxl.load_workbook(book).active
    header = _header_row(sheet)
    columns = [c.value for c in sheet[header]]
    latitude = sheet.cell(row=header + 1, column=columns.index("纬度") + 1)
    assert isinstance(latitude.value, float) and latitude.number_format == "0.0000"
    weak = sheet.cell(row=header + 1, column=columns.index("是否软弱涣散") + 1)
    assert weak.value in ("是", "否", None)


def test_with_lang_en_the_header_is_the_first_row(loaded, tmp_path):
    book = tmp_path / "en.xlsx"
    run("--db", loaded, "coverage", "--format", "xlsx", "-o", str(book), "--lang", "en")
    workbook = openpyxl.load_workbook(book)
    assert workbook.sheetnames[:2] == ["summary", "rules"]
    assert [c.value for c in workbook["summary"][1]][0] == "rule"
    assert workbook["summary"].freeze_panes is None
