"""The data dictionary `docs/DATA_MODEL.md`, generated from the model and its Chinese catalogue.

`orggraph dictionary -o docs/DATA_MODEL.md` writes it; a test regenerates it and fails when the
file in the repository differs, so the dictionary can never drift from `orggraph/model.py`.
"""
from __future__ import annotations

from . import model, vocabulary

_TYPE_ZH = {model.STR: "文本 text", model.INT: "整数 int", model.FLOAT: "数值 float",
            model.BOOL: "是/否 bool", model.DATE: "日期 date (YYYY-MM-DD)",
            model.LIST: "列表 list（`;` 分隔）"}

_INTRO = """\
# 数据字典 · Data dictionary

> 本文件由 `orggraph dictionary -o docs/DATA_MODEL.md` 依据 `orggraph/model.py` 与
> `orggraph/vocabulary.py` 生成，请勿手改；测试会检查它与模型一致。
> Generated from `orggraph/model.py` and `orggraph/vocabulary.py`; do not edit by hand.

## 数据包格式 · Bundle format

- 文件夹：`nodes/<Label>.csv`（每类对象一个文件，首列 `id`）和 `rels/<TYPE>.csv`（每类关系一个文件，
  首两列 `from`、`to`）；或一个 `.xlsx` 工作簿，每张表对应一个文件，表名用英文名或下表的中文名。
  A folder of `nodes/<Label>.csv` and `rels/<TYPE>.csv`, or one workbook with a sheet per file
  (sheet titled by the English or the Chinese name below).
- 表头可用英文列名（`id`、`name`…）或下表的中文表头；枚举值可填英文取值或中文名称。
  Headers may be the column ids or the Chinese headers below; enum cells the value or its Chinese name.
- `orggraph template -o 台账模板.xlsx` 生成带中文表头、填写说明和下拉选项的空白模板。
- CSV 用 UTF-8 编码（可带 BOM）；空单元格表示该项未知；是/否：是/否、true/false、1/0、yes/no；
  列表用 `;` 分隔；以 `=` 开头的单元格（公式）会被拒绝。
- `id` 全库唯一（不只是同类对象内唯一）。Ids are unique across the whole graph.
- 可选的 `meta.csv`（或 `meta` 表）写明台账截至日期 `as_of`（YYYY-MM-DD）。
"""

_NOTIONS = """\
## 派生概念 · Derived notions

由 `orggraph/notions.py` 统一定义，覆盖排查、跨村联建、第一书记选派、链主带动与网络图共用同一定义；
阈值在 `orggraph.toml` 的 `[villages]` 等表中设置。
One definition each, in `orggraph/notions.py`, used by every analysis; thresholds in `orggraph.toml`.

| 概念 | 定义 | Notion |
|---|---|---|
| 村党组织 | `BASED_IN` 该村 `Region` 的 `OrgUnit {kind: village_branch}` | a village's branch |
| 弱村 | 村党组织 `weak = true`（软弱涣散）或星级在二星级及以下（阈值可设） | weak village: flagged weak, or stars ≤ 2 (a setting) |
| 应派第一书记的村 | 弱村、脱贫村、易地扶贫搬迁村（标识可设） | villages that must have a first secretary |
| 在岗（截至某日） | 选派年份 ≤ 该年，且任期届满年份 ≥ 该年；未填届满年份的按默认任期（2年）推算 | in office at the as-of date (term_years default 2) |
| 截至日期 | `--as-of`；否则台账 `meta` 的 `as_of`；否则导入日期 | the as-of date of every analysis |
| 区域内 | 沿 `PART_OF` 向上任意层级可达该区域 | inside a region: any depth of PART_OF |
| 产业链党建联盟内 | 企业党组织经 `MEMBER_OF` 纳入该链的产业链党委 | inside a chain's alliance |
| 企业党员数 | 企业的 `party_members`；未填时按 `WORKS_AT` 该企业的党员人数统计 | party members of an enterprise |
| 综合评分 | 村五项评估得分（班子建设、产业基础、区位优势、交通条件、为民服务）的加权平均 | composite score |
"""


def render() -> str:
    parts = [_INTRO, "## 对象 · Node labels\n"]
    for label in model.LABELS:
        parts.append(_label_section(label))
    parts.append("## 关系 · Relationship types\n")
    for rel in model.REL_TYPES:
        parts.append(_rel_section(rel))
    parts.append(_NOTIONS)
    return "\n".join(parts)


def _label_section(label: model.Label) -> str:
    lines = [f"### {vocabulary.table_zh(label.name)} · `{label.name}`", "",
             f"文件 `nodes/{label.name}.csv`，或工作簿中的“{vocabulary.table_zh(label.name)}”表。", "",
             *_columns_table(label.name, label.props, keys=("id",)), "",
             *_example(label.name, label.props, keys=("id",)), ""]
    return "\n".join(lines)


def _rel_section(rel: model.RelType) -> str:
    ends = "；".join(f"{vocabulary.table_zh(a)} → {vocabulary.table_zh(b)}（{a} → {b}）"
                    for a, b in rel.endpoints)
    lines = [f"### {vocabulary.table_zh(rel.name)} · `{rel.name}`", "",
             vocabulary.REL_NOTE.get(rel.name, ""), "",
             f"起止：{ends}。文件 `rels/{rel.name}.csv`，或工作簿中的“{vocabulary.table_zh(rel.name)}”表。",
             "", *_columns_table(rel.name, rel.props, keys=("from", "to")), "",
             *_example(rel.name, rel.props, keys=("from", "to")), ""]
    return "\n".join(lines)


def _columns_table(table: str, props: tuple[model.Prop, ...], keys: tuple[str, ...]) -> list[str]:
    rows = ["| 列名 column | 中文表头 | 类型 type | 必填 | 取值 values | 说明 |",
            "|---|---|---|---|---|---|"]
    for column in keys:
        term = vocabulary.term(table, column)
        rows.append(f"| `{column}` | {term.zh} | {_TYPE_ZH[model.STR]} | 是 | | {term.note} |")
    for prop in props:
        if prop.name in keys:
            continue
        term = vocabulary.term(table, prop.name)
        rows.append(f"| `{prop.name}` | {term.zh} | {_TYPE_ZH[prop.type]} | "
                    f"{'是' if prop.required else '否'} | {_values(table, prop)} | {_note(prop, term)} |")
    return rows


def _values(table: str, prop: model.Prop) -> str:
    if prop.enum:
        return "、".join(f"`{v}` {vocabulary.enum_zh(table, prop.name, v)}" for v in prop.enum)
    bounds = []
    if prop.min is not None:
        bounds.append(f"≥ {prop.min:g}")
    if prop.max is not None:
        bounds.append(f"≤ {prop.max:g}")
    return "，".join(bounds)


def _note(prop: model.Prop, term: vocabulary.Term) -> str:
    extra = []
    if prop.only_on:
        extra.append("仅用于 " + "、".join(f"{a} → {b}" for a, b in prop.only_on))
    if prop.default is not None:
        extra.append(f"默认 `{prop.default}`")
    return "；".join([term.note, *extra]) if extra else term.note


def _example(table: str, props: tuple[model.Prop, ...], keys: tuple[str, ...]) -> list[str]:
    columns = [*keys, *(p.name for p in props if p.name not in keys)]
    cells = [vocabulary.term(table, c).example for c in columns]
    if keys == ("from", "to"):
        cells[:2] = vocabulary.REL_EXAMPLE_ENDS[table]
    return ["示例行 example row:", "", "```csv", ",".join(columns),
            ",".join(_csv_cell(c) for c in cells), "```"]


def _csv_cell(text: str) -> str:
    return f'"{text}"' if any(ch in text for ch in ',"\n') else text
