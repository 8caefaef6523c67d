"""`orggraph template`: an empty workbook with Chinese headers and dropdowns that loads once filled."""
from __future__ import annotations

import openpyxl
import pytest

from orggraph import model, vocabulary
from orggraph.load.bundle import BundleError
from orggraph.load.load import load_bundle
from orggraph.load.template import write_template


def _fill(path, rows_by_sheet: dict[str, list[dict]]):
    """Fill the template as a person would: by the Chinese header of each column."""
    book = openpyxl.load_workbook(path)
    for title, rows in rows_by_sheet.items():
        sheet = book[title]
        headers = [cell.value for cell in sheet[1]]
        for row in rows:
            sheet.append([row.get(header) for header in headers])
    book.save(path)


_FILLED = {
    "区域": [
        {"编号": "R-T", "名称": "和平镇", "区域类别": "乡镇"},
        {"编号": "R-V", "名称": "杨柳村", "区域类别": "村（行政村）", "户数": 412,
         "联建意愿": "是", "村类别标识": "脱贫村;信访重点村", "区划代码": "0101"},
    ],
    "区域所属": [{"起点编号": "R-V", "终点编号": "R-T"}],
    "党组织": [
        {"编号": "O-T", "党组织名称": "和平镇党委", "党组织类别": "乡镇党委", "星级": 5},
        {"编号": "O-V", "党组织名称": "杨柳村党支部", "党组织类别": "村党组织", "星级": 1,
         "是否软弱涣散": "否", "成立时间": "2019-07-01", "组建状态": "已组建"},
    ],
    "人员": [{"编号": "P-1", "姓名": "张三", "是否党员": "是", "干部类别": "政法干部"}],
    "隶属与成员": [{"起点编号": "O-V", "终点编号": "O-T"}, {"起点编号": "P-1", "终点编号": "O-V"}],
    "任职与牵头": [{"起点编号": "P-1", "终点编号": "O-V", "职务": "书记"}],
    "依托建立": [{"起点编号": "O-V", "终点编号": "R-V"}],
    "选派": [{"起点编号": "P-1", "终点编号": "R-V", "选派类别": "驻村第一书记", "选派年份": 2024,
            "选派状态": "在岗"}],
}


def test_template_has_a_sheet_per_label_and_type_with_chinese_headers_and_dropdowns(tmp_path):
    path = write_template(tmp_path / "台账模板.xlsx")
    book = openpyxl.load_workbook(path)
    names = [*(l.name for l in model.LABELS), *(r.name for r in model.REL_TYPES)]
    assert book.sheetnames == [vocabulary.README_SHEET, *(vocabulary.table_zh(n) for n in names)]
    org = book["党组织"]
    assert [c.value for c in org[1]] == ["编号", "党组织名称", "党组织类别", "星级", "是否软弱涣散", "成立时间",
                                    "组建状态"]
    assert "必填" in org["C1"].comment.text and org.freeze_panes == "A2"
    lists = {str(v.sqref).split(":")[0][:1]: v.formula1 for v in org.data_validations.dataValidation}
    assert "村党组织" in lists["C"] and "联村党总支" in lists["C"]  # kind: every OrgUnit kind in Chinese
    assert lists["E"] == '"是,否"'  # weak: a yes/no column
    assert all(len(v.formula1) <= 255 for s in book.worksheets for v in s.data_validations.dataValidation)


def test_a_filled_template_loads_with_no_edits(store, tmp_path):
    path = write_template(tmp_path / "台账模板.xlsx")
    _fill(path, _FILLED)
    report = load_bundle(store, path)
    assert (report.nodes, report.relationships) == (5, 6)
    village = store.query("MATCH (r:Region {id: 'R-V'}) RETURN r.kind AS kind, r.tags AS tags, "
                          "r.willing_to_join AS w, r.code AS code")
    assert village == [{"kind": "village", "tags": ["脱贫村", "信访重点村"], "w": True, "code": "0101"}]
    assert store.query("MATCH (o:OrgUnit {id: 'O-V'}) RETURN o.kind AS k, o.weak AS weak, "
                       "o.status AS status") == \
        [{"k": "village_branch", "weak": False, "status": "active"}]
    assert store.query("MATCH (p:Person {id: 'P-1'}) RETURN p.specialty AS s") == [{"s": "law"}]
    assert store.query("MATCH ()-[l:LEADS]->() RETURN l.role AS r") == [{"r": "secretary"}]
    assert store.query("MATCH ()-[s:STATIONED_IN]->() RETURN s.role AS r, s.status AS st") == \
        [{"r": "first_secretary", "st": "active"}]


def test_an_unknown_chinese_header_is_refused_with_sheet_row_and_column(store, tmp_path):
    path = write_template(tmp_path / "台账模板.xlsx")
    book = openpyxl.load_workbook(path)
    book["党组织"]["D1"] = "星级评定"  # not a header the loader knows
    book["党组织"].append(["O-V", "杨柳村党支部", "村党组织", 3])
    book.save(path)
    with pytest.raises(BundleError) as error:
        load_bundle(store, path)
    assert "台账模板.xlsx[党组织]，第1行，D列（星级评定）" in str(error.value)
    assert store.query("MATCH (n) RETURN count(n) AS n") == [{"n": 0}], "nothing is loaded"


def test_an_unknown_chinese_dropdown_value_is_refused(store, tmp_path):
    path = write_template(tmp_path / "台账模板.xlsx")
    _fill(path, {"党组织": [{"编号": "O-V", "党组织名称": "杨柳村党支部", "党组织类别": "村支部"}]})
    with pytest.raises(BundleError) as error:
        load_bundle(store, path)
    assert "第2行，C列（kind）" in str(error.value) and "'村支部'" in str(error.value)


def test_every_column_and_enum_value_has_a_chinese_name():
    for schema in (*model.LABELS, *model.REL_TYPES):
        for column in vocabulary.columns(schema.name):
            assert vocabulary.term(schema.name, column).zh
        for prop in schema.props:
            for value in prop.enum:
                assert vocabulary.enum_zh(schema.name, prop.name, value) != value, (schema.name, value)
    headers = [vocabulary.term(s.name, c).zh for s in (*model.LABELS, *model.REL_TYPES)
               for c in vocabulary.columns(s.name)]
    for schema in (*model.LABELS, *model.REL_TYPES):  # a header names one column within its table
        own = [vocabulary.term(schema.name, c).zh for c in vocabulary.columns(schema.name)]
        assert len(own) == len(set(own)), schema.name
    assert headers


def test_template_command_writes_a_workbook_that_loads_through_the_cli(db, tmp_path):
    from click.testing import CliRunner

    from orggraph.cli import main

    path = tmp_path / "台账模板.xlsx"
    made = CliRunner().invoke(main, ["template", "-o", str(path)])
    assert made.exit_code == 0 and "台账模板.xlsx" in made.output
    _fill(path, _FILLED)
    loaded = CliRunner().invoke(main, ["--db", db, "load", str(path)])
    assert loaded.exit_code == 0, loaded.output
    stats = CliRunner().invoke(main, ["--db", db, "stats", "--format", "json"])
    assert '"OrgUnit": 2' in stats.output and '"STATIONED_IN": 1' in stats.output


def test_dictionary_command_prints_or_writes_the_generated_dictionary(tmp_path):
    from click.testing import CliRunner

    from orggraph import datadict
    from orggraph.cli import main

    printed = CliRunner().invoke(main, ["dictionary"])
    assert printed.exit_code == 0 and printed.output == datadict.render()
    target = tmp_path / "DATA_MODEL.md"
    assert CliRunner().invoke(main, ["dictionary", "-o", str(target)]).exit_code == 0
    assert target.read_text(encoding="utf-8") == datadict.render()
