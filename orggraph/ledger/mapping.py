"""The mapping file (映射.toml): per sheet, which label or relationship it holds and what each column is.

    [[sheet]]
    sheet = "村（社区）"            # the sheet's name in the workbook
    label = "Region"                # or: relationship = "CO_BUILDS"
    header = [3, 4]                 # the header rows (found automatically; change if wrong)
    fixed = { kind = "village" }    # properties every row shares
    [sheet.columns]
    "序号" = "skip"
    "村名称" = "name"
    "星级" = { property = "stars", values = { "优秀" = 5 } }
    "所属乡镇" = { relationship = "PART_OF", to = "Region" }
    "党组织书记/姓名" = { relationship = "LEADS", from = "Person", role = "secretary" }
    "链上位置" = { property = "tier", of = "所属产业链" }   # a property of that column's relationship
    "乡镇" = { town = true }        # names the row's town: names in the row are looked up there

In a relationship sheet a column gives one end: `{ from = "OrgUnit" }`, `{ to = ["Region", "Enterprise"] }`.
A reference may hold several names (`split = true`, separated by 、，；) and match ids instead of
names (`by = "id"`). "?" marks a column not yet mapped: import refuses until it is mapped or "skip".
"""
from __future__ import annotations

import json
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from .. import model
from .problems import LedgerError, LedgerProblem

SKIP, UNMAPPED = "skip", "?"
_KEYS = {"property", "relationship", "from", "to", "split", "by", "confidence", "values", "of",
         "town", "note"}


@dataclass
class Column:
    header: str
    kind: str                      # "property", "reference", "town", "skip" or "unmapped"
    prop: str | None = None
    rel: str | None = None
    end: str | None = None         # the end the referenced node takes: "from" or "to"
    labels: tuple[str, ...] = ()
    rel_props: dict = field(default_factory=dict)
    of: str | None = None
    split: bool = False
    by: str = "name"
    values: dict = field(default_factory=dict)
    confidence: float | None = None
    note: str | None = None


@dataclass
class SheetMap:
    sheet: str
    label: str | None = None
    relationship: str | None = None
    header: tuple[int, ...] | None = None
    fixed: dict = field(default_factory=dict)
    columns: dict[str, Column] = field(default_factory=dict)
    skip: bool = False
    note: str | None = None

    @property
    def owner(self) -> str | None:
        return self.label or self.relationship


@dataclass
class Mapping:
    sheets: list[SheetMap]

    def sheet(self, name: str) -> SheetMap | None:
        return next((s for s in self.sheets if s.sheet == name), None)


# ---------------------------------------------------------------- reading

def read_mapping(path: str | Path) -> Mapping:
    path = Path(path)
    where = path.name
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise LedgerError([LedgerProblem("", None, None, f"找不到映射文件 {path}")]) from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise LedgerError([LedgerProblem("", None, None, f"映射文件 {where} 格式有误：{exc}")]) \
            from None
    problems: list[LedgerProblem] = []
    sheets = []
    for entry in data.get("sheet", []):
        sheet = _sheet(entry, where, problems)
        if sheet is not None:
            sheets.append(sheet)
    unknown = sorted(set(data) - {"sheet", "version"})
    if unknown:
        problems.append(LedgerProblem("", None, None,
                                      f"映射文件 {where} 有未知的项：{'、'.join(unknown)}"))
    if problems:
        raise LedgerError(problems)
    return Mapping(sheets)


def _bad(problems, sheet, message, column=None):
    problems.append(LedgerProblem(sheet, None, column, f"映射文件有误：{message}"))


def _sheet(entry: dict, where: str, problems: list) -> SheetMap | None:
    name = entry.get("sheet")
    if not isinstance(name, str):
        _bad(problems, "", "每个 [[sheet]] 须有 sheet = \"工作表名\"")
        return None
    out = SheetMap(name, skip=bool(entry.get("skip", False)), note=entry.get("note"))
    if out.skip:
        return out
    label, rel = entry.get("label"), entry.get("relationship")
    if label == UNMAPPED or (label is None and rel is None):
        _bad(problems, name, "未指定本表对应的节点类型（label）或关系类型（relationship），"
                             "或写 skip = true 跳过本表")
        return out
    if label is not None and label not in model.LABEL_BY_NAME:
        _bad(problems, name, f"label “{label}”不是节点类型（{'、'.join(model.LABEL_BY_NAME)}）")
        return out
    if rel is not None and rel not in model.REL_BY_NAME:
        _bad(problems, name, f"relationship “{rel}”不是关系类型（{'、'.join(model.REL_BY_NAME)}）")
        return out
    out.label, out.relationship = label, rel
    header = entry.get("header")
    if header is not None:
        if not (isinstance(header, list) and header and all(isinstance(h, int) and h > 0
                                                            for h in header)):
            _bad(problems, name, "header 须是行号列表，如 [3, 4]")
        else:
            out.header = tuple(header)
    owner = model.LABEL_BY_NAME.get(label) or model.REL_BY_NAME.get(rel)
    for key, value in (entry.get("fixed") or {}).items():
        prop = owner.prop(key)
        if prop is None:
            _bad(problems, name, f"fixed 中的 “{key}” 不是 {out.owner} 的属性")
        else:
            out.fixed[key] = value
    for header_name, spec in (entry.get("columns") or {}).items():
        column = _column(out, header_name, spec, problems)
        if column is not None:
            out.columns[header_name] = column
    return out


def _labels(value) -> tuple[str, ...]:
    return tuple(value) if isinstance(value, list) else (value,)


def _column(sheet: SheetMap, header: str, spec, problems: list) -> Column | None:
    name = sheet.sheet
    owner_label = model.LABEL_BY_NAME.get(sheet.label) if sheet.label else None
    owner_rel = model.REL_BY_NAME.get(sheet.relationship) if sheet.relationship else None
    owner = owner_label or owner_rel
    if isinstance(spec, str):
        spec = {"property": spec}
    if not isinstance(spec, dict):
        _bad(problems, name, f"列“{header}”的写法不对", header)
        return None
    extra = {k: v for k, v in spec.items() if k not in _KEYS}
    common = dict(confidence=spec.get("confidence"), note=spec.get("note"),
                  values=dict(spec.get("values") or {}))
    prop = spec.get("property")
    if prop == SKIP:
        return Column(header, "skip", **common)
    if prop == UNMAPPED:
        return Column(header, "unmapped", **common)
    if spec.get("town"):
        return Column(header, "town", **common)
    if prop is not None:
        if spec.get("of"):
            return Column(header, "property", prop=prop, of=spec["of"], **common)
        if owner.prop(prop) is None:
            _bad(problems, name, f"列“{header}”：“{prop}”不是 {sheet.owner} 的属性"
                                 f"（可用：{'、'.join(owner.prop_names)}）", header)
            return None
        return Column(header, "property", prop=prop, **common)
    rel_name = spec.get("relationship") or sheet.relationship
    ends = [e for e in ("from", "to") if e in spec]
    if rel_name not in model.REL_BY_NAME or len(ends) != 1:
        _bad(problems, name, f"列“{header}”须写 property、town = true、或关系（relationship 与 "
                             f"from/to 之一）", header)
        return None
    if owner_label is not None and spec.get("relationship") is None:
        _bad(problems, name, f"列“{header}”：节点表中的关系列须写 relationship", header)
        return None
    rel = model.REL_BY_NAME[rel_name]
    labels = _labels(spec[ends[0]])
    unknown = [lab for lab in labels if lab not in model.LABEL_BY_NAME]
    if unknown:
        _bad(problems, name, f"列“{header}”：{'、'.join(map(str, unknown))} 不是节点类型", header)
        return None
    for key in extra:
        if rel.prop(key) is None:
            _bad(problems, name, f"列“{header}”：“{key}”不是 {rel_name} 的属性", header)
            return None
    by = spec.get("by", "name")
    if by not in ("name", "id"):
        _bad(problems, name, f"列“{header}”：by 只能是 \"name\" 或 \"id\"", header)
        return None
    return Column(header, "reference", rel=rel_name, end=ends[0], labels=labels,
                  rel_props=extra, split=bool(spec.get("split", False)), by=by, **common)


# ---------------------------------------------------------------- writing

def _toml(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_toml(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{_key(k)} = {_toml(v)}" for k, v in value.items()) + " }"
    return json.dumps(str(value), ensure_ascii=False)


def _key(key: str) -> str:
    return key if re.fullmatch(r"[A-Za-z0-9_-]+", key) else _toml(key)


def column_spec(column: Column, in_rel_sheet: bool = False) -> object:
    if column.kind == "skip":
        spec: dict = {"property": SKIP}
    elif column.kind == "unmapped":
        spec = {"property": UNMAPPED}
    elif column.kind == "town":
        spec = {"town": True}
    elif column.kind == "property":
        spec = {"property": column.prop}
        if column.of:
            spec["of"] = column.of
    else:
        spec = {} if in_rel_sheet else {"relationship": column.rel}
        spec[column.end] = column.labels[0] if len(column.labels) == 1 else list(column.labels)
        spec.update(column.rel_props)
        if column.split:
            spec["split"] = True
        if column.by != "name":
            spec["by"] = column.by
    if column.values:
        spec["values"] = column.values
    if column.confidence is not None:
        spec["confidence"] = column.confidence
    if list(spec) == ["property"]:
        return spec["property"]
    return spec


def mapping_text(mapping: Mapping, title: str = "") -> str:
    lines = ["# orggraph 台账映射文件" + (f"（{title}）" if title else ""),
             "# 每张工作表一节 [[sheet]]：label 为节点类型，或 relationship 为关系类型；",
             "# [sheet.columns] 中每列写属性名、\"skip\"（不导入）或关系；\"?\" 为未识别的列，须改写后才能导入。",
             "# confidence 为自动识别的把握（0–1），仅供核对，导入时不用。",
             "version = 1", ""]
    for sheet in mapping.sheets:
        lines.append("[[sheet]]")
        lines.append(f"sheet = {_toml(sheet.sheet)}")
        if sheet.note:
            lines.append(f"# {sheet.note}")
        if sheet.skip:
            lines += ["skip = true", ""]
            continue
        if sheet.relationship:
            lines.append(f"relationship = {_toml(sheet.relationship)}")
        else:
            lines.append(f"label = {_toml(sheet.label or UNMAPPED)}")
        if sheet.header:
            lines.append(f"header = {_toml(list(sheet.header))}")
        if sheet.fixed:
            lines.append(f"fixed = {_toml(sheet.fixed)}")
        lines.append("[sheet.columns]")
        unmapped = [c for c in sheet.columns.values() if c.kind == "unmapped"]
        for column in sheet.columns.values():
            if column.kind != "unmapped":
                note = f"  # {column.note}" if column.note else ""
                lines.append(f"{_toml(column.header)} = "
                             f"{_toml(column_spec(column, bool(sheet.relationship)))}{note}")
        if unmapped:
            lines.append("# 未识别的列（请写属性名、关系或 \"skip\"）：")
            for column in unmapped:
                lines.append(f"{_toml(column.header)} = {_toml(UNMAPPED)}")
        lines.append("")
    return "\n".join(lines)
