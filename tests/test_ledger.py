"""Importing 台账 as departments keep them: workbooks built here with openpyxl, messy on purpose
(title and unit rows, merged two-level headers, towns merged down, 小计/合计, blank and 注： rows,
variant column names, 四星/★★★★/√/2024年/Excel dates, namesakes in two towns)."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from orggraph import model
from orggraph.load.bundle import open_bundle
from orggraph.cli import main
from orggraph.ledger import (LedgerError, make_plan, mapping_text, read_mapping, suggest,
                             write_bundle)
from orggraph.ledger.header import Grid
from orggraph.ledger.mapping import Mapping
from orggraph.ledger.sheet import view
from orggraph.ledger.values import convert
from orggraph.load.load import load_bundle
from orggraph.store import open_store
from orggraph.load.validate import check

UNIT = "填报单位：XX镇党委　　截至2026年6月30日"


def _titled(ws, title: str, width: int) -> None:
    ws.append([title])
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
    ws.append([UNIT])
    ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=width)


def _two_level(ws, columns: list[tuple[str, str | None]]) -> None:
    """Rows 3–4: parents merged across their children, single columns merged down."""
    ws.append([parent or name for name, parent in columns])
    ws.append([name if parent else None for name, parent in columns])
    col = 1
    while col <= len(columns):
        parent = columns[col - 1][1]
        if parent is None:
            ws.merge_cells(start_row=3, start_column=col, end_row=4, end_column=col)
            col += 1
            continue
        end = col
        while end < len(columns) and columns[end][1] == parent:
            end += 1
        ws.merge_cells(start_row=3, start_column=col, end_row=3, end_column=end)
        col = end + 1


def messy_book(path: Path, *, secretary_of_taoyuan: str = "王五") -> Path:
    """Two towns, each with a 新华村; a secretary 张三 in each town; two 李四 in 云峰镇."""
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "乡镇"
    _titled(ws, "青溪县乡镇基本情况", 3)
    ws.append(["序号", "乡镇名称", "区划代码"])
    ws.append([1, "云峰镇", "520328101000"])
    ws.append([2, "金竹镇", "520328102000"])

    ws = book.create_sheet("村情")
    columns = [("序号", None), ("所属乡镇", None), ("行政村", None), ("户数", "基本情况"),
               ("总人口", "基本情况"), ("集体经济收入", None), ("联建意愿", None)]
    _titled(ws, "青溪县村级基本情况统计表", len(columns))
    _two_level(ws, columns)
    ws.append([1, "云峰镇", "新华村", "1,234户", 3810, "12.5万", "是"])      # row 5
    ws.append([2, None, "桃园村", 456, 1500, 8, "√"])                       # row 6
    ws.merge_cells("B5:B6")
    ws.append(["云峰镇小计", None, None, 1690, 5310, None, None])            # row 7
    ws.append([])                                                           # row 8
    ws.append([3, "金竹镇", "新华村", 800, 2600, "125000元", "否"])          # row 9
    ws.append([4, "金竹镇", "石桥村", 300, 900, None, "不愿意"])             # row 10
    ws.append(["合计", None, None, 2790, 8810, None, None])                  # row 11
    ws.append(["注：集体经济收入单位为万元。"])                               # row 12
    ws.append(["填表人：李**"])                                               # row 13

    ws = book.create_sheet("村党组织")
    columns = [("序号", None), ("乡镇", None), ("党组织名称", None), ("所在村", None),
               ("星级评定", None), ("是否软弱涣散", None), ("成立时间", None),
               ("姓名", "党组织书记"), ("性别", "党组织书记")]
    _titled(ws, "村级党组织基本情况统计表", len(columns))
    _two_level(ws, columns)
    ws.append([1, "云峰镇", "新华村党支部", "新华村", "四星", "否", dt.datetime(2019, 7, 1), "张三", "男"])
    ws.append([2, "云峰镇", "桃园村党支部", "桃园村", "★★", "√", "2024.6", secretary_of_taoyuan, "男"])
    ws.append([3, "金竹镇", "新华村党支部", "新华村", 3, None, "2018年3月5日", "张三", "女"])
    ws.append([4, "金竹镇", "石桥村党支部", "石桥村", "五星级", "否", "20200101", None, None])
    ws.append(["小计", None, None, None, None, None, None, None, None])

    ws = book.create_sheet("党员花名册")
    columns = [("序号", None), ("乡镇", None), ("姓名", None), ("性别", None), ("出生年月", None),
               ("所在党组织", None)]
    _titled(ws, "党员花名册", len(columns))
    ws.append([c for c, _ in columns])
    ws.append([1, "云峰镇", "张三", "男", "1975.06", "新华村党支部"])
    ws.append([2, "金竹镇", "张三", "女", "1980年", "新华村党支部"])
    ws.append([3, "云峰镇", "李四", "男", 198203, "新华村党支部"])
    ws.append([4, "云峰镇", "李四", "男", dt.datetime(1990, 1, 2), "桃园村党支部"])
    ws.append([5, "云峰镇", "王五", "男", "1970", "桃园村党支部"])
    ws.append(["序号", "乡镇", "姓名", "性别", "出生年月", "所在党组织"])   # the header again (page 2)
    book.save(path)
    return path


@pytest.fixture
def book(tmp_path) -> Path:
    return messy_book(tmp_path / "台账.xlsx")


def _grid(path: Path, sheet: str) -> Grid:
    from orggraph.ledger.workbook import read_workbook

    return next(g for g in read_workbook(path) if g.name == sheet)


def test_header_band_under_title_rows_and_flattened_two_level_names(book):
    shown = view(_grid(book, "村情"))
    assert shown.header.rows == (3, 4)
    assert list(shown.columns) == ["序号", "所属乡镇", "行政村", "基本情况/户数", "基本情况/总人口",
                                   "集体经济收入", "联建意愿"]
    assert shown.rows.data == [5, 6, 9, 10]
    assert shown.rows.dropped == {"total": [7, 11], "blank": [8], "note": [12, 13]}
    # the town written once and merged down counts for the row below it
    assert shown.cell(6, "所属乡镇") == "云峰镇"
    assert shown.as_of == dt.date(2026, 6, 30)      # from 截至2026年6月30日 in the unit line


def test_repeated_header_row_is_dropped_and_reported(book):
    shown = view(_grid(book, "党员花名册"))
    assert shown.header.rows == (3,)
    assert shown.rows.dropped == {"repeated_header": [9]}


@pytest.mark.parametrize("owner,prop,cell,expected", [
    ("OrgUnit", "stars", "四星", 4), ("OrgUnit", "stars", "★★★★", 4), ("OrgUnit", "stars", "五星级", 5),
    ("OrgUnit", "stars", 3, 3), ("OrgUnit", "stars", "无星", 0), ("OrgUnit", "weak", "√", True),
    ("OrgUnit", "weak", "否", False), ("OrgUnit", "weak", "已整顿转化", False),
    ("OrgUnit", "weak", "是（书记出缺超过3个月）", True),
    ("Region", "willing_to_join", "不愿意", False), ("Region", "households", "1,234户", 1234),
    ("Region", "collective_income", "125000元", 12.5), ("Region", "collective_income", "12.5万", 12.5),
    ("Region", "tags", "脱贫村、易地扶贫搬迁村", ["脱贫村", "易地扶贫搬迁村"]),
    ("Region", "kind", "社区", "community"), ("OrgUnit", "kind", "联合党支部", "joint_branch"),
    ("CO_BUILDS", "since", "2024年", 2024), ("CO_BUILDS", "since", "2024.6", 2024),
    ("CO_BUILDS", "since", 2024.6, 2024), ("CO_BUILDS", "since", dt.datetime(2023, 7, 1), 2023),
    ("CO_BUILDS", "since", 45444, 2024), ("Person", "birth_year", "197506", 1975),
    ("OrgUnit", "founded", "2024年6月1日", dt.date(2024, 6, 1)),
    ("OrgUnit", "founded", 45444, dt.date(2024, 6, 1)),
    ("Person", "party_member", "中共预备党员", True), ("Person", "specialty", "经济干部", "economy"),
    ("STATIONED_IN", "role", "第一书记", "first_secretary"),
])
def test_values_as_ledgers_write_them(owner, prop, cell, expected):
    schema = model.LABEL_BY_NAME.get(owner) or model.REL_BY_NAME[owner]
    assert convert(owner, schema.prop(prop), cell) == expected


def test_every_official_name_of_an_enum_is_read():
    """The names vocabulary.py gives (the template's dropdowns, the tables' cells), full and
    short, are read back as their enum value."""
    from orggraph import vocabulary
    from orggraph.ledger.values import ENUM_WORDS

    for key in ENUM_WORDS:
        owner, name = key.split(".")
        prop = vocabulary.schema_of(owner).prop(name)
        for value in prop.enum:
            for spelling in (vocabulary.enum_zh(owner, name, value),
                             vocabulary.enum_short_zh(owner, name, value)):
                assert convert(owner, prop, spelling) == value, (key, spelling)


@pytest.mark.parametrize("owner,prop,cell", [
    ("OrgUnit", "stars", "优秀"), ("OrgUnit", "stars", "六星"), ("OrgUnit", "weak", "待定"),
    ("CO_BUILDS", "since", "去年"), ("Region", "kind", "自然村"), ("OrgUnit", "founded", "2024.13"),
])
def test_unreadable_values_are_refused_with_a_reason(owner, prop, cell):
    schema = model.LABEL_BY_NAME.get(owner) or model.REL_BY_NAME[owner]
    with pytest.raises(ValueError, match="“"):
        convert(owner, schema.prop(prop), cell)


def test_suggest_reads_variant_names_and_lists_unmapped_columns(book, tmp_path):
    ws = openpyxl.load_workbook(book)["村情"]
    ws["H3"] = "村名称"          # a second name column: only one may map to name
    ws["I3"] = "联系人QQ"        # nothing in the table: listed, never dropped
    ws.parent.save(book)
    mapping, unmapped = suggest(book)
    villages = mapping.sheet("村情")
    assert villages.label == "Region"
    columns = villages.columns
    assert columns["行政村"].prop == "name" and columns["行政村"].confidence == 0.95
    assert columns["基本情况/户数"].prop == "households"
    assert columns["所属乡镇"].rel == "PART_OF" and columns["所属乡镇"].labels == ("Region",)
    assert columns["序号"].kind == "skip"
    assert ("村情", "联系人QQ") in unmapped
    assert columns["联系人QQ"].kind == "unmapped"
    orgs = mapping.sheet("村党组织")
    assert orgs.label == "OrgUnit"
    assert orgs.columns["乡镇"].kind == "town"
    assert orgs.columns["党组织书记/姓名"].rel == "LEADS"
    assert orgs.columns["党组织书记/姓名"].rel_props == {"role": "secretary"}
    assert orgs.columns["星级评定"].prop == "stars"
    assert ("村党组织", "党组织书记/性别") in unmapped
    # what is written reads back as the same mapping
    again = tmp_path / "again.toml"
    again.write_text(mapping_text(mapping), encoding="utf-8")
    assert mapping_text(read_mapping(again)) == mapping_text(mapping)
    assert [(p.sheet, p.column) for p in make_plan(book, read_mapping(again)).problems
            if "未映射的列" in p.message] == [("村情", "H（村名称）"), ("村情", "I（联系人QQ）"),
                                             ("村党组织", "I（党组织书记/性别）")]


def _edited(book: Path, tmp_path: Path) -> Path:
    """The suggested mapping with the documented edit: the secretary's sex is not imported."""
    mapping, unmapped = suggest(book)
    assert unmapped == [("村党组织", "党组织书记/性别")]
    text = mapping_text(mapping).replace('"党组织书记/性别" = "?"', '"党组织书记/性别" = "skip"')
    path = tmp_path / "映射.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_messy_book_imports_to_a_bundle_that_load_accepts(book, tmp_path, db):
    plan = make_plan(book, read_mapping(_edited(book, tmp_path)))
    assert plan.problems == []
    assert [str(n) for n in plan.notices] == [
        "工作表“村党组织”，第6行，G（成立时间）列：“2024.6”只写到月，按当月1日计"]
    out = tmp_path / "bundle"
    write_bundle(plan, out)
    assert (out / "meta.csv").read_text(encoding="utf-8") == "as_of\n2026-06-30\n"   # 截至…
    tables, problems = open_bundle(out)
    assert problems == []
    assert check(tables, lambda ids: {}, [])[1] == []
    with open_store(db) as store:
        load_bundle(store, out)
        rows = store.query(
            "MATCH (p:Person)-[l:LEADS]->(o:OrgUnit)-[:BASED_IN]->(v:Region)-[:PART_OF]->(t:Region) "
            "RETURN t.name AS town, v.name AS village, o.stars AS stars, o.weak AS weak, "
            "p.name AS secretary, p.gender AS gender, p.birth_year AS born, l.role AS role "
            "ORDER BY town, village")
        villages = store.query("MATCH (v:Region {kind: 'village'}) RETURN v.name AS name, "
                               "v.households AS households, v.collective_income AS income, "
                               "v.willing_to_join AS willing ORDER BY v.households")
        founded = store.query("MATCH (o:OrgUnit) RETURN o.name AS name, o.founded AS founded, "
                              "o.kind AS kind ORDER BY founded")
    assert rows == [
        {"town": "云峰镇", "village": "新华村", "stars": 4, "weak": False, "secretary": "张三",
         "gender": "男", "born": 1975, "role": "secretary"},
        {"town": "云峰镇", "village": "桃园村", "stars": 2, "weak": True, "secretary": "王五",
         "gender": "男", "born": 1970, "role": "secretary"},
        {"town": "金竹镇", "village": "新华村", "stars": 3, "weak": None, "secretary": "张三",
         "gender": "女", "born": 1980, "role": "secretary"},
    ]
    assert villages == [
        {"name": "石桥村", "households": 300, "income": None, "willing": False},
        {"name": "桃园村", "households": 456, "income": 8.0, "willing": True},
        {"name": "新华村", "households": 800, "income": 12.5, "willing": False},
        {"name": "新华村", "households": 1234, "income": 12.5, "willing": True},
    ]
    assert [(r["founded"], r["kind"]) for r in founded] == [
        (dt.date(2018, 3, 5), "village_branch"), (dt.date(2019, 7, 1), "village_branch"),
        (dt.date(2020, 1, 1), "village_branch"), (dt.date(2024, 6, 1), "village_branch")]


def test_a_name_two_people_share_in_the_town_is_an_error_not_a_guess(tmp_path):
    # two 李四 in 云峰镇, and neither is a member of 桃园村党支部 whose secretary is "李四"
    book = messy_book(tmp_path / "台账.xlsx", secretary_of_taoyuan="李四")
    ws = openpyxl.load_workbook(book)
    ws["党员花名册"]["F7"] = "新华村党支部"   # the second 李四 moves: neither is in 桃园村党支部
    ws.save(book)
    problems = make_plan(book, read_mapping(_edited(book, tmp_path))).problems
    assert len(problems) == 1
    problem = problems[0]
    assert (problem.sheet, problem.row, problem.column) == ("村党组织", 6, "H（党组织书记/姓名）")
    assert "“李四”对应2个同名人员" in problem.message and "云峰镇" in problem.message
    assert "李四（P-" in problem.message


def test_a_member_of_the_branch_wins_over_a_namesake_in_the_town(tmp_path):
    book = messy_book(tmp_path / "台账.xlsx", secretary_of_taoyuan="李四")
    plan = make_plan(book, read_mapping(_edited(book, tmp_path)))
    assert plan.problems == []
    people = {n.id: n for n in plan.nodes["Person"]}
    branch = next(n for n in plan.nodes["OrgUnit"] if n.name == "桃园村党支部")
    leaders = [people[a] for (a, b), props in plan.rels["LEADS"].items() if b == branch.id]
    assert [(p.name, p.props["birth_year"]) for p in leaders] == [("李四", 1990)]


def test_a_name_with_its_id_settles_a_namesake(tmp_path):
    book = messy_book(tmp_path / "台账.xlsx", secretary_of_taoyuan="李四")
    ws = openpyxl.load_workbook(book)
    ws["党员花名册"]["F7"] = "新华村党支部"
    ws.save(book)
    mapping = _edited(book, tmp_path)
    problem = make_plan(book, read_mapping(mapping)).problems[0]
    chosen = problem.message.split("请写成“")[1].split("”")[0]     # 李四（P-…）
    ws = openpyxl.load_workbook(book)
    ws["村党组织"]["H6"] = chosen
    ws.save(book)
    plan = make_plan(book, read_mapping(mapping))
    assert plan.problems == []


def test_a_column_can_say_what_its_own_words_name(tmp_path):
    book = messy_book(tmp_path / "台账.xlsx", secretary_of_taoyuan="老王")
    path = _edited(book, tmp_path)
    path.write_text(path.read_text(encoding="utf-8").replace(
        '"党组织书记/姓名" = { relationship = "LEADS", from = "Person", role = "secretary"',
        '"党组织书记/姓名" = { relationship = "LEADS", from = "Person", role = "secretary", '
        'values = { "老王" = "王五" }'), encoding="utf-8")
    plan = make_plan(book, read_mapping(path))
    assert plan.problems == []
    assert len(plan.rels["LEADS"]) == 3


def test_unknown_names_and_bad_values_name_sheet_row_and_column(tmp_path):
    book = messy_book(tmp_path / "台账.xlsx", secretary_of_taoyuan="赵六")
    ws = openpyxl.load_workbook(book)
    ws["村党组织"]["E7"] = "优秀"
    ws.save(book)
    problems = [str(p) for p in make_plan(book, read_mapping(_edited(book, tmp_path))).problems]
    assert problems == [
        "工作表“村党组织”，第7行，E（星级评定）列：“优秀”不是星级（可写四星、四星级、★★★★、4）",
        "工作表“村党组织”，第6行，H（党组织书记/姓名）列：找不到名为“赵六”的人员",
    ]


def test_import_refuses_unmapped_columns_and_unknown_sheets(book, tmp_path):
    mapping, _ = suggest(book)
    path = tmp_path / "映射.toml"
    path.write_text(mapping_text(mapping), encoding="utf-8")
    problems = make_plan(book, read_mapping(path)).problems
    assert [str(p) for p in problems] == [
        "工作表“村党组织”，I（党组织书记/性别）列：未映射的列：请在映射文件中写明属性、关系或 \"skip\""]
    trimmed = Mapping([s for s in read_mapping(_edited(book, tmp_path)).sheets if s.sheet != "乡镇"])
    messages = [p.message for p in make_plan(book, trimmed).problems]
    assert "映射文件没有这张工作表：请加上它，或写 skip = true" in messages


def test_bad_mapping_files_are_reported(tmp_path, book):
    path = tmp_path / "映射.toml"
    path.write_text('[[sheet]]\nsheet = "村情"\nlabel = "Village"\n', encoding="utf-8")
    with pytest.raises(LedgerError, match="不是节点类型"):
        read_mapping(path)
    path.write_text('[[sheet]]\nsheet = "村情"\nlabel = "Region"\n[sheet.columns]\n'
                    '"行政村" = "title"\n', encoding="utf-8")
    with pytest.raises(LedgerError, match="“title”不是 Region 的属性"):
        read_mapping(path)
    path.write_text('[[sheet]\n', encoding="utf-8")
    with pytest.raises(LedgerError, match="格式有误"):
        read_mapping(path)


def test_command_suggest_preview_import(book, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    done = runner.invoke(main, ["import", str(book), "--suggest", "--mapping", "映射.toml"])
    assert done.exit_code == 0, done.output
    assert "未识别的列（1个" in done.output and "工作表“村党组织”：党组织书记/性别" in done.output
    again = runner.invoke(main, ["import", str(book), "--suggest", "--mapping", "映射.toml"])
    assert again.exit_code != 0 and "已存在" in again.output

    preview = runner.invoke(main, ["import", str(book), "--mapping", "映射.toml", "--preview",
                                   "-o", "bundle"])
    assert preview.exit_code == 1
    assert "未映射的列" in preview.output and "预览未写入任何文件" in preview.output
    assert "未导入合计/小计行2行：第7、11行" in preview.output
    assert not (tmp_path / "bundle").exists()

    mapping = tmp_path / "映射.toml"
    mapping.write_text(mapping.read_text(encoding="utf-8").replace(
        '"党组织书记/性别" = "?"', '"党组织书记/性别" = "skip"'), encoding="utf-8")
    preview = runner.invoke(main, ["import", str(book), "--mapping", "映射.toml", "--preview"])
    assert preview.exit_code == 0, preview.output
    assert "节点 党组织（OrgUnit）：4个" in preview.output and "预览完成" in preview.output
    assert not (tmp_path / "bundle").exists()

    done = runner.invoke(main, ["import", str(book), "--mapping", "映射.toml", "-o", "bundle"])
    assert done.exit_code == 0, done.output
    first = {p.relative_to(tmp_path): p.read_bytes() for p in (tmp_path / "bundle").rglob("*.csv")}
    done = runner.invoke(main, ["import", str(book), "--mapping", "映射.toml", "-o", "bundle"])
    assert done.exit_code == 0, done.output
    assert {p.relative_to(tmp_path): p.read_bytes()
            for p in (tmp_path / "bundle").rglob("*.csv")} == first
    assert "Traceback" not in done.output

    (tmp_path / "other").mkdir()
    (tmp_path / "other" / "x.txt").write_text("x")
    refused = runner.invoke(main, ["import", str(book), "--mapping", "映射.toml", "-o", "other"])
    assert refused.exit_code == 1 and "已有其他文件" in refused.output
    missing = runner.invoke(main, ["import", "nothere.xlsx", "--mapping", "映射.toml", "--preview"])
    assert missing.exit_code == 1 and "找不到台账文件" in missing.output


def test_a_plain_sheet_with_its_total_first_reads_too(tmp_path):
    """Header on row 1 (`单位名称` is a header, not a unit line), the 总 计 row above the data."""
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "两新组织"
    ws.append(["单位名称", "单位性质", "党员人数"])
    ws.append(["总 计", None, 7])
    ws.append(["青溪恒达食品有限公司", "私营企业", "5名"])
    ws.append(["青溪县鸿运社会工作服务中心", "民办非企业单位", 2])
    book.save(tmp_path / "b.xlsx")
    shown = view(_grid(tmp_path / "b.xlsx", "两新组织"))
    assert (shown.header.rows, shown.rows.data, shown.rows.dropped) == ((1,), [3, 4], {"total": [2]})
    mapping, unmapped = suggest(tmp_path / "b.xlsx")
    assert unmapped == [] and mapping.sheets[0].label == "Enterprise"
    plan = make_plan(tmp_path / "b.xlsx", mapping)
    assert plan.problems == []
    assert sorted((n.name, n.props["kind"], n.props["party_members"])
                  for n in plan.nodes["Enterprise"]) == [
        ("青溪县鸿运社会工作服务中心", "social_organization", 2),
        ("青溪恒达食品有限公司", "private", 5)]
