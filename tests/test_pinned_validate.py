"""Pinned by tests written against the survivors of mutation testing (scripts/mutation,
docs/TESTING.md): load validation (orggraph/load/validate.py), on tables kept in memory."""
from __future__ import annotations

import pytest

from orggraph.load import validate
from orggraph.load.bundle import BadRow, BundleError, RowError, Table
from orggraph.store.batches import NodeBatch, RelBatch


# --- load.validate (orggraph/load/validate.py), on tables kept in memory ------------------------



def _table(kind, name, rows):
    def source():
        for number, cells in enumerate(rows, 1):
            if isinstance(cells, Exception):
                raise cells
            yield number, cells
    return Table(kind, name, f"{'nodes' if kind == 'node' else 'rels'}/{name}.csv", source)


def _stored(ids):
    return {i: "OrgUnit" if i == "O-9" else "Region" for i in ids if i in ("O-9", "X9")}


KNOWN_REGION = ("name、kind、code、households、population、lat、lon、collective_income、"
                "main_industry、score_leadership、score_industry、score_location、"
                "score_transport、score_service、willing_to_join、tags")


def test_every_problem_of_a_bundle_is_named_with_file_row_and_column():
    tables = [
        _table("node", "Region", [["id", "name", "kind", "households", "households", "colour", ""],
                                  ["R1", "东坪村", "village", "300", "", "", ""],
                                  ["R1", "又一个", "village", "", "", "", ""],
                                  ["R2", "", "village", "x", "", "", ""],
                                  ["R3", "西坡村", "village", " =1+1", "", "", ""],
                                  ["R4", "北山村", "village", "1\x07", "", "", ""],
                                  ["", "无号", "village", "", "", "", ""],
                                  ["R5", "南村", "village", "", "", "", "", "extra"],
                                  ["R6", "南村", "village", "", "", "", "", ""],
                                  BadRow("broken quoting")]),
        _table("node", "Enterprise", [["name", "id", "kind"], ["茶企", "E1", "private"]]),
        _table("node", "Person", [["id", "name"], ["P1", "王建华"], ["X9", "重复"]]),
        _table("node", "OrgUnit", []),
        _table("node", "IndustryChain", [["id"]]),
        _table("rel", "PART_OF", [["from", "to"], ["R1", "R1"], ["R1", "R9"], ["R1", "E1"],
                                  ["", "R1"]]),
        _table("rel", "MEMBER_OF", [["from", "to", "tier"], ["P1", "R1", ""],
                                    ["P1", "O-9", "upstream"], ["E1", "R1", ""]]),
        _table("rel", "STATIONED_IN", [["from", "to"], ["P1", "R1"],
                                       RowError(3, "the file is not UTF-8", "B")]),
    ]
    labels, problems = validate.check(tables, _stored)
    assert [str(p) for p in problems] == [
        "nodes/Region.csv，第1行，E列（households）：该列重复出现",
        f"nodes/Region.csv，第1行，F列（colour）：Region 没有这一列；可用的列：{KNOWN_REGION}",
        f"nodes/Region.csv，第1行，G列（空）：Region 没有这一列；可用的列：{KNOWN_REGION}",
        "nodes/Region.csv，第3行，A列（id）：编号 'R1' 重复：nodes/Region.csv 第2行已使用",
        "nodes/Region.csv，第4行，B列（name）：为空：这一项必填",
        "nodes/Region.csv，第4行，D列（households）：'x' 不是整数",
        "nodes/Region.csv，第5行，D列（households）：像是电子表格公式：数据单元格不能以“=”开头",
        "nodes/Region.csv，第6行，D列（households）：含控制字符 U+0007，电子表格无法保存，请删除",
        "nodes/Region.csv，第7行，A列（id）：为空：每行都必须填写",
        "nodes/Region.csv，第8行，H列：该行有8个单元格，表头只有7列",
        "nodes/Region.csv，第10行：broken quoting",
        "nodes/Enterprise.csv，第1行：表头应以 id 开头；实为 name",
        "nodes/Enterprise.csv，第1行，B列（id）：Enterprise 没有这一列；可用的列：name、kind、"
        "sector、employees、party_members",
        "nodes/OrgUnit.csv，第1行：文件为空：至少要有表头行",
        "nodes/IndustryChain.csv，第1行，name 列：缺少这一必填列",
        "nodes/Person.csv，第3行，A列（id）：编号 'X9' 在数据库中已是区域（Region）；编号在整个图中"
        "必须唯一",
        "rels/PART_OF.csv，第2行，A列（from）：PART_OF 关系不能从 'R1' 指向自身",
        "rels/PART_OF.csv，第4行，B列（to）：PART_OF 关系不能从区域（Region）R1 指向企业"
        "（Enterprise）E1；允许：区域 → 区域",
        "rels/PART_OF.csv，第5行，A列（from）：为空：每行都必须填写",
        "rels/MEMBER_OF.csv，第2行，B列（to）：MEMBER_OF 关系不能从人员（Person）P1 指向区域"
        "（Region）R1；允许：人员 → 党组织；党组织 → 党组织；企业 → 产业链",
        "rels/MEMBER_OF.csv，第4行，B列（to）：MEMBER_OF 关系不能从企业（Enterprise）E1 指向区域"
        "（Region）R1；允许：人员 → 党组织；党组织 → 党组织；企业 → 产业链",
        "rels/STATIONED_IN.csv，第3行，B列：the file is not UTF-8",
        "rels/MEMBER_OF.csv，第3行，tier 列：tier 只用于企业 → 产业链"]
    # R9 points nowhere, but a file was unreadable: the missing id is likely in it, not named
    assert labels == {"O-9": "OrgUnit", "R1": "Region", "R2": "Region", "R3": "Region",
                      "R4": "Region", "R6": "Region", "E1": "Enterprise", "P1": "Person",
                      "X9": "Person"}


def test_a_relationship_to_no_node_is_named_at_most_twenty_times_an_id():
    rows = [["from", "to"]] + [["R1", "R9"]] * 25 + [["R9", "R1"], ["O-9", "R1"]]
    tables = [_table("node", "Region", [["id", "name", "kind"], ["R1", "东坪村", "village"]]),
              _table("rel", "PART_OF", rows)]
    _, problems = validate.check(tables, _stored)
    missing = [str(p) for p in problems if "没有编号为" in p.message]
    assert len(missing) == 20          # of its 26 rows
    assert missing[0] == ("rels/PART_OF.csv，第2行，B列（to）：没有编号为 'R9' 的节点（台账包和"
                          "数据库中都没有）")
    assert missing[-1].startswith("rels/PART_OF.csv，第21行，B列（to）：没有编号为 'R9' 的节点")
    assert [str(p) for p in problems if "没有编号" not in p.message] == [
        "rels/PART_OF.csv，第28行，A列（from）：PART_OF 关系不能从党组织（OrgUnit）O-9 指向区域"
        "（Region）R1；允许：区域 → 区域"]
    _, problems = validate.check(tables[:1] + [_table("rel", "PART_OF", [["from", "to"],
                                                                         ["R9", "R1"]])], _stored)
    assert [str(p) for p in problems] == [
        "rels/PART_OF.csv，第2行，A列（from）：没有编号为 'R9' 的节点（台账包和数据库中都没有）"]
    assert validate.check([], _stored) == ({}, [])


def test_problems_stop_being_collected_at_the_limit(monkeypatch):
    monkeypatch.setattr(validate, "MAX_PROBLEMS", 3)
    rows = [["id", "name", "kind"]] + [[f"R{i}", "", "village"] for i in range(10)]
    _, problems = validate.check([_table("node", "Region", rows)], _stored)
    assert [p.row for p in problems] == [2, 3, 4]
    earlier = [validate.Problem("meta.csv", 2, None, "bad date")]
    _, problems = validate.check([_table("node", "Region", rows)], _stored, earlier)
    assert [p.row for p in problems] == [2, 2, 3]
    # a full list takes no more, from any later table either
    _, problems = validate.check([_table("node", "Region", rows), _table("node", "OrgUnit", [])],
                                 _stored)
    assert len(problems) == 3


def test_records_come_in_batches_nodes_first_and_relationships_with_their_defaults():
    tables = [_table("rel", "CO_BUILDS", [["from", "to", "mode"], ["O1", "O2", "strong_weak"],
                                          ["O2", "O3", ""]]),
              _table("node", "OrgUnit", [["id", "name", "kind", "stars"],
                                         ["O1", "一支部", "village_branch", "5"],
                                         ["O2", "二支部", "village_branch", ""],
                                         ["O3", "三支部", "village_branch", "2"]]),
              _table("rel", "MEMBER_OF", [["from", "to"], ["P1", "O1"], ["O2", "O1"],
                                          ["P2", "O1"], ["P3", "O1"]])]
    labels = {"O1": "OrgUnit", "O2": "OrgUnit", "O3": "OrgUnit", "P1": "Person", "P2": "Person",
              "P3": "Person"}
    batches = list(validate.records(tables, labels, 2))
    assert batches[0] == NodeBatch("OrgUnit", ("id", "name", "kind", "stars"), [
        {"id": "O1", "name": "一支部", "kind": "village_branch", "stars": 5},
        {"id": "O2", "name": "二支部", "kind": "village_branch", "stars": None}])
    assert batches[1] == NodeBatch("OrgUnit", ("id", "name", "kind", "stars"), [
        {"id": "O3", "name": "三支部", "kind": "village_branch", "stars": 2}])
    assert batches[2] == RelBatch("CO_BUILDS", "OrgUnit", "OrgUnit", ("from", "to", "mode", "status"), [
        {"from": "O1", "to": "O2", "mode": "strong_weak", "status": "active"},
        {"from": "O2", "to": "O3", "mode": None, "status": "active"}])
    assert batches[3:] == [
        RelBatch("MEMBER_OF", "Person", "OrgUnit", ("from", "to"), [
            {"from": "P1", "to": "O1"}, {"from": "P2", "to": "O1"}]),
        RelBatch("MEMBER_OF", "Person", "OrgUnit", ("from", "to"), [{"from": "P3", "to": "O1"}]),
        RelBatch("MEMBER_OF", "OrgUnit", "OrgUnit", ("from", "to"), [{"from": "O2", "to": "O1"}])]
    assert list(validate.records([], {}, 2)) == []
    changed = [_table("node", "OrgUnit", [["id", "name", "kind"], ["O1", "", "village_branch"]])]
    with pytest.raises(BundleError) as error:
        list(validate.records(changed, {}, 10))
    assert [str(p) for p in error.value.problems] == [
        "nodes/OrgUnit.csv，第2行，B列（name）：为空：这一项必填"]


def test_a_relationship_row_with_a_wrong_cell_is_named_for_its_cells_only():
    """A row with a wrong cell is not checked further (its ends would only add noise), every wrong
    cell of it is named, and the rows after it are still checked."""
    tables = [_table("node", "Person", [["id", "name"], ["P1", "王建华"]]),
              _table("node", "OrgUnit", [["id", "name", "kind"], ["O1", "一支部", "village_branch"]]),
              _table("rel", "CO_BUILDS", [["from", "to", "mode", "since", "status"],
                                          ["P1", "O1", "", "x", ""],
                                          ["P1", "O1", "=x", "2020x", ""],
                                          ["P1", "O1", "a\x07", "y", ""],
                                          ["P1", "O1", "=x", "", ""],
                                          ["P1", "O1", "a\x07", "", ""],
                                          ["P1", "O1", "", "", ""]])]
    _, problems = validate.check(tables, _stored)
    assert [str(p) for p in problems] == [
        "rels/CO_BUILDS.csv，第2行，D列（since）：'x' 不是整数",
        "rels/CO_BUILDS.csv，第3行，C列（mode）：像是电子表格公式：数据单元格不能以“=”开头",
        "rels/CO_BUILDS.csv，第3行，D列（since）：'2020x' 不是整数",
        "rels/CO_BUILDS.csv，第4行，C列（mode）：含控制字符 U+0007，电子表格无法保存，请删除",
        "rels/CO_BUILDS.csv，第4行，D列（since）：'y' 不是整数",
        "rels/CO_BUILDS.csv，第5行，C列（mode）：像是电子表格公式：数据单元格不能以“=”开头",
        "rels/CO_BUILDS.csv，第6行，C列（mode）：含控制字符 U+0007，电子表格无法保存，请删除",
        "rels/CO_BUILDS.csv，第7行，A列（from）：CO_BUILDS 关系不能从人员（Person）P1 指向党组织"
        "（OrgUnit）O1；允许：党组织 → 党组织"]


def test_a_relationship_file_with_a_wrong_header_checks_no_ends_of_its_rows():
    tables = [_table("node", "Person", [["id", "name"], ["P1", "王建华"]]),
              _table("node", "OrgUnit", [["id", "name", "kind"], ["O1", "一支部", "village_branch"]]),
              _table("rel", "PART_OF", [["from", "to", "colour"], ["P1", "O1", ""]])]
    _, problems = validate.check(tables, _stored)
    assert [str(p) for p in problems] == [
        "rels/PART_OF.csv，第1行，C列（colour）：PART_OF 没有这一列；可用的列："]


def test_cells_after_an_unknown_column_or_past_a_short_rows_end_are_still_read():
    tables = [_table("node", "Region", [["id", "colour", "name", "kind", None, "a/b"],
                                        ["R1", "红", "", "village"],
                                        ["R2", "红", "东村"],
                                        BadRow("broken quoting"),
                                        ["R3", "", "西村", ""]])]
    _, problems = validate.check(tables, _stored)
    assert [str(p) for p in problems] == [
        f"nodes/Region.csv，第1行，B列（colour）：Region 没有这一列；可用的列：{KNOWN_REGION}",
        f"nodes/Region.csv，第1行，E列（空）：Region 没有这一列；可用的列：{KNOWN_REGION}",
        f"nodes/Region.csv，第1行，F列（不是列名）：Region 没有这一列；可用的列：{KNOWN_REGION}",
        "nodes/Region.csv，第2行，C列（name）：为空：这一项必填",
        "nodes/Region.csv，第3行，D列（kind）：为空：这一项必填",
        "nodes/Region.csv，第4行：broken quoting",
        "nodes/Region.csv，第5行，D列（kind）：为空：这一项必填"]


def test_a_header_that_does_not_start_with_its_keys_names_what_it_found():
    tables = [_table("rel", "PART_OF", [["to", "from"]]),
              _table("node", "IndustryChain", [[]])]
    _, problems = validate.check(tables, _stored)
    assert [str(p) for p in problems] == [     # the nodes' files first
        "nodes/IndustryChain.csv，第1行：表头应以 id 开头；实为 空",
        "nodes/IndustryChain.csv，第1行，id 列：缺少这一必填列",
        "nodes/IndustryChain.csv，第1行，name 列：缺少这一必填列",
        "rels/PART_OF.csv，第1行：表头应以 from、to 开头；实为 to、from"]


def test_the_templates_chinese_headers_stand_for_their_columns():
    tables = [_table("node", "Region", [["编号", "名称", "区域类别", "户数"],
                                        ["R1", "东坪村", "village", "300"]])]
    labels, problems = validate.check(tables, _stored)
    assert (labels, problems) == ({"R1": "Region"}, [])
    assert list(validate.records(tables, labels, 10)) == [
        NodeBatch("Region", ("id", "name", "kind", "households"),
                  [{"id": "R1", "name": "东坪村", "kind": "village", "households": 300}])]


def test_a_default_fills_only_an_empty_cell():
    tables = [_table("rel", "CO_BUILDS", [["from", "to", "status"], ["O1", "O2", "proposed"],
                                          ["O2", "O1", ""]])]
    labels = {"O1": "OrgUnit", "O2": "OrgUnit"}
    assert list(validate.records(tables, labels, 10)) == [
        RelBatch("CO_BUILDS", "OrgUnit", "OrgUnit", ("from", "to", "status"), [
            {"from": "O1", "to": "O2", "status": "proposed"},
            {"from": "O2", "to": "O1", "status": "active"}])]


def test_the_store_is_asked_only_about_ids_and_only_when_there_are_some():
    asked = []

    def lookup(ids):
        asked.append(sorted(ids))
        return _stored(ids)
    person = _table("node", "Person", [["id", "name"], ["P1", "王建华"]])
    org = _table("node", "OrgUnit", [["id", "name", "kind"], ["O1", "一支部", "village_branch"]])
    member = _table("rel", "MEMBER_OF", [["from", "to"], ["P1", "O1"]])
    assert validate.check([person, org, member], lookup) == ({"P1": "Person", "O1": "OrgUnit"}, [])
    assert asked == [["O1", "P1"]]      # the bundle's own ids; no relationship points outside it
    asked.clear()
    outside = _table("rel", "MEMBER_OF", [["from", "to"], ["P1", "O-9"]])
    assert validate.check([person, outside], lookup) == ({"P1": "Person", "O-9": "OrgUnit"}, [])
    assert asked == [["P1"], ["O-9"]]
    asked.clear()
    assert validate.check([_table("rel", "MEMBER_OF", [["from", "to"]])], lookup) == ({}, [])
    assert asked == []
