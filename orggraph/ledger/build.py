"""Reading mapped rows: a node per row of a label's sheet, a reference per name in a relationship column.

Nothing is resolved here: references keep the names as written, with the sheet, row and column
they came from, for `resolve` to turn into ids once every node of the workbook is known.
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field

from .. import model
from . import values
from .mapping import Column, SheetMap
from .problems import LedgerProblem
from .sheet import SheetView

PREFIX = {"Region": "R", "OrgUnit": "O", "Person": "P", "Enterprise": "E", "IndustryChain": "C"}
# 后缀定类别 (TERMS.md §4): a region whose kind is not given is known by its name's ending.
KIND_SUFFIXES = (("街道办事处", "street"), ("街道", "street"), ("居委会", "community"),
                 ("社区", "community"), ("网格", "grid"), ("号楼", "building"), ("栋", "building"),
                 ("幢", "building"), ("小区", "compound"), ("村委会", "village"), ("村", "village"),
                 ("镇", "town"), ("乡", "town"), ("县", "county"), ("区", "county"), ("市", "city"),
                 ("省", "province"))

# an organisation's kind from its name (TERMS.md §1.3 规范全称式样), longest endings first
ORG_KIND_SUFFIXES = (("联村党总支", "joint_village_branch"), ("联合党委", "joint_village_branch"),
                     ("产业链党委", "chain_committee"), ("联合党支部", "joint_branch"),
                     ("临时党支部", "temporary_branch"), ("网格党支部", "grid_branch"),
                     ("党小组", "building_group"), ("社区党委", "community_committee"),
                     ("社区党总支", "community_committee"), ("村党支部", "village_branch"),
                     ("村党总支", "village_branch"), ("村党委", "village_branch"),
                     ("村支部委员会", "village_branch"), ("机关党支部", "agency_branch"),
                     ("机关党委", "agency_branch"), ("局党支部", "agency_branch"),
                     ("街道工作委员会", "street_committee"), ("街道党工委", "street_committee"),
                     ("园区党工委", "park_committee"), ("镇委员会", "town_committee"),
                     ("乡委员会", "town_committee"), ("镇党委", "town_committee"),
                     ("乡党委", "town_committee"), ("县委员会", "county_committee"),
                     ("县委", "county_committee"), ("公司党支部", "enterprise_branch"),
                     ("公司党委", "enterprise_branch"), ("合作社党支部", "enterprise_branch"))
# what places a row (its name's context), as opposed to who leads it, which changes
PLACING = ("PART_OF", "BASED_IN", "LOCATED_IN", "MEMBER_OF")
INFERRED = {"Region": KIND_SUFFIXES, "OrgUnit": ORG_KIND_SUFFIXES}


@dataclass
class Node:
    label: str
    id: str
    name: str
    props: dict
    sheet: str
    row: int
    town_text: str | None = None


@dataclass
class Ref:
    """One name (or id) in a cell, naming one end of a relationship."""
    sheet: str
    row: int
    column: str            # as shown in problems: D（村名称）
    rel: str
    end: str               # the end the named node takes
    labels: tuple[str, ...]
    text: str
    by: str = "name"


@dataclass
class Link:
    """A relationship to be: ends known (a Node) or named (a Ref), with its properties."""
    rel: str
    ends: dict             # "from"/"to" → Node or Ref
    props: dict
    sheet: str
    row: int
    town_text: str | None = None


@dataclass
class Built:
    nodes: list[Node] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    problems: list[LedgerProblem] = field(default_factory=list)
    notices: list[LedgerProblem] = field(default_factory=list)


def read_sheet(view: SheetView, sheet: SheetMap, out: Built) -> None:
    owner = sheet.owner
    schema = model.LABEL_BY_NAME.get(owner) or model.REL_BY_NAME[owner]
    columns = {name: sheet.columns.get(name) for name in view.columns}
    for name, column in columns.items():
        if column is None or column.kind == "unmapped":
            out.problems.append(LedgerProblem(view.name, None, view.where(name),
                                              "未映射的列：请在映射文件中写明属性、关系或 \"skip\""))
    for name in sheet.columns:
        if name not in view.columns:
            out.problems.append(LedgerProblem(view.name, None, None,
                                              f"映射文件中的列“{name}”在表头中找不到"))
    for name, column in columns.items():
        if column is not None and column.of and columns.get(column.of) is None:
            out.problems.append(LedgerProblem(view.name, None, view.where(name),
                                              f"of = “{column.of}” 不是本表的关系列"))
            return
    fixed = _fixed(sheet, schema, out)
    for row in view.rows.data:
        if sheet.label:
            _node_row(view, sheet, schema, columns, row, dict(fixed), out)
        else:
            _link_row(view, sheet, schema, columns, row, dict(fixed), out)


def _value(view, owner, prop, column: Column, row, out):
    cell = view.cell(row, column.header)
    if values.is_empty(cell, prop):
        return None
    try:
        value = values.convert(owner, prop, cell, column.values)
    except ValueError as exc:
        out.problems.append(LedgerProblem(view.name, row, view.where(column.header), str(exc)))
        return None
    if isinstance(value, values.Noted):
        out.notices.append(LedgerProblem(view.name, row, view.where(column.header), value.remark))
        return value.value
    return value


def _fixed(sheet: SheetMap, schema, out: Built) -> dict:
    fixed = {}
    for key, raw in sheet.fixed.items():
        try:
            fixed[key] = values.convert(sheet.owner, schema.prop(key), raw)
        except ValueError as exc:
            out.problems.append(LedgerProblem(sheet.sheet, None, None, f"fixed 中的 {key}：{exc}"))
    return fixed


def _names(view, column: Column, row) -> list[str]:
    cell = view.cell(row, column.header)
    if values.is_empty(cell):
        return []
    text = values.text(cell)
    names = [text] if not column.split else \
        [part.strip() for part in values.LIST_SEPARATORS.split(text) if part.strip()]
    # values = { "县委" = "中共青溪县委员会" }: a column's own words for names
    return [str(column.values.get(name, name)) for name in names]


def _node_row(view, sheet: SheetMap, label: model.Label, columns, row, props: dict,
              out: Built) -> None:
    town_text = None
    rel_props: dict[str, dict] = {}
    refs: list[tuple[Column, str]] = []
    for name, column in columns.items():
        if column is None or column.kind in ("skip", "unmapped"):
            continue
        if column.kind == "town":
            cell = view.cell(row, name)
            town_text = None if values.is_empty(cell) else values.text(cell)
        elif column.kind == "reference":
            refs += [(column, text) for text in _names(view, column, row)]
        elif column.of:
            rel = model.REL_BY_NAME[columns[column.of].rel]
            prop = rel.prop(column.prop)
            value = _value(view, rel.name, prop, column, row, out) if prop else None
            if prop is None:
                out.problems.append(LedgerProblem(view.name, row, view.where(name),
                                                  f"“{column.prop}”不是 {rel.name} 的属性"))
            elif value is not None:
                rel_props.setdefault(column.of, {})[column.prop] = value
        else:
            value = _value(view, label.name, label.prop(column.prop), column, row, out)
            if value is not None:
                props[column.prop] = value
    name = props.get("name")
    if not name:
        if any(props.get(k) is not None for k in props if k != "kind") or refs:
            where = next((view.where(n) for n, c in columns.items()
                          if c is not None and c.prop == "name"), None)
            out.problems.append(LedgerProblem(view.name, row, where, "缺少名称"))
        return
    if label.name in INFERRED and "kind" not in props:
        kind = next((k for suffix, k in INFERRED[label.name] if name.endswith(suffix)), None)
        if kind is None:
            out.problems.append(LedgerProblem(
                view.name, row, None, f"无法从名称“{name}”看出类别：请加类别列，"
                                      f"或在映射文件中为本表写 fixed = {{ kind = \"…\" }}"))
            return
        props["kind"] = kind
    missing = [p.name for p in label.props if p.required and p.name not in props and p.name != "id"]
    if missing:
        out.problems.append(LedgerProblem(view.name, row, None,
                                          f"缺少必填属性 {'、'.join(missing)}"))
        return
    node_id = props.pop("id", None) or _generated_id(label.name, props, town_text,
                                                     [t for c, t in refs if c.rel in PLACING])
    node = Node(label.name, str(node_id), name, props, view.name, row, town_text)
    out.nodes.append(node)
    for column, text in refs:
        ref = Ref(view.name, row, view.where(column.header), column.rel, column.end,
                  column.labels, text, column.by)
        ends = {column.end: ref, ("to" if column.end == "from" else "from"): node}
        out.links.append(Link(column.rel, ends, {**column.rel_props,
                                                 **rel_props.get(column.header, {})},
                              view.name, row, town_text))


def _generated_id(label: str, props: dict, town_text: str | None, refs: list[str]) -> str:
    """An id for a row without one: the region code, else a digest of what names the row —
    its name, town and the places and parents it names (a person: also the birth year) — so a namesake
    elsewhere gets another id and the next quarter's 台账 gets the same one."""
    if label == "Region" and props.get("code"):
        return f"R-{props['code']}"
    parts = [label, town_text or "", props["name"], *sorted(refs)]
    if label == "Person":
        parts.append(str(props.get("birth_year", "")))
    key = "|".join(parts)
    return f"{PREFIX[label]}-{hashlib.sha1(key.encode()).hexdigest()[:10]}"


def _link_row(view, sheet: SheetMap, rel: model.RelType, columns, row, props: dict,
              out: Built) -> None:
    ends: dict = {}
    town_text = None
    for name, column in columns.items():
        if column is None or column.kind in ("skip", "unmapped"):
            continue
        if column.kind == "town":
            cell = view.cell(row, name)
            town_text = None if values.is_empty(cell) else values.text(cell)
        elif column.kind == "reference":
            names = _names(view, column, row)
            if len(names) > 1:
                out.problems.append(LedgerProblem(view.name, row, view.where(name),
                                                  "关系表中每格只能写一个名称"))
            elif names:
                ends[column.end] = Ref(view.name, row, view.where(name), rel.name, column.end,
                                       column.labels, names[0], column.by)
        else:
            value = _value(view, rel.name, rel.prop(column.prop), column, row, out)
            if value is not None:
                props[column.prop] = value
    if len(ends) == 2:
        out.links.append(Link(rel.name, ends, props, view.name, row, town_text))
    elif ends or props:
        missing = "、".join(e for e in ("from", "to") if e not in ends)
        out.problems.append(LedgerProblem(view.name, row, None,
                                          f"缺少关系的{'起点' if missing == 'from' else '终点' if missing == 'to' else '两端'}"
                                          f"（{missing}）"))


def strip_annotation(text: str) -> tuple[str, str | None]:
    """'王珍（P-01-00012）' → ('王珍', 'P-01-00012'); '张三（兼）' → ('张三', '兼')."""
    match = re.fullmatch(r"(.+?)\s*[（(]([^（）()]+)[)）]", text)
    return (match.group(1).strip(), match.group(2).strip()) if match else (text, None)
