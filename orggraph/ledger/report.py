"""What an import would write and every problem, as the user reads it (Chinese, TERMS.md)."""
from __future__ import annotations

from .. import model
from .plan import Plan
from .problems import LedgerProblem
from .rows import DROPPED_ZH

LABEL_ZH = {"Region": "区域", "OrgUnit": "党组织", "Person": "人员", "Enterprise": "企业",
            "IndustryChain": "产业链"}
REL_ZH = {"PART_OF": "所属", "MEMBER_OF": "隶属（所在党组织、链上企业）", "LEADS": "任职（书记、链主、牵头）",
          "CO_BUILDS": "结对共建", "BASED_IN": "依托建立", "LOCATED_IN": "所在地",
          "SUPPLIES": "供应配套", "STATIONED_IN": "选派（驻村、驻企）", "REPORTS_TO": "到社区报到",
          "CONTACTS": "党员联系户", "WORKS_AT": "工作单位"}
MAX_SHOWN = 200


def rows_text(rows: list[int]) -> str:
    """[5, 6, 7, 12] → 第5–7、12行"""
    parts, start = [], None
    for i, row in enumerate(rows):
        if start is None:
            start = row
        if i + 1 == len(rows) or rows[i + 1] != row + 1:
            parts.append(str(start) if start == row else f"{start}–{row}")
            start = None
    return f"第{'、'.join(parts)}行"


def owner_zh(owner: str) -> str:
    zh = LABEL_ZH.get(owner) or REL_ZH.get(owner, owner)
    return f"{zh}（{owner}）"


def summary(plan: Plan) -> list[str]:
    lines = [f"台账：{plan.source}"]
    if plan.as_of:
        lines.append(f"截至日期：{plan.as_of:%Y年%-m月%-d日}")
    for sheet in plan.sheets:
        if sheet.owner is None:
            lines.append(f"工作表“{sheet.sheet}”：跳过")
            continue
        band = sheet.header_rows
        header = f"第{band[0]}行" if len(band) == 1 else f"第{band[0]}–{band[-1]}行"
        lines.append(f"工作表“{sheet.sheet}” → {owner_zh(sheet.owner)}：表头{header}，数据{sheet.data_rows}行")
        for kind, rows in sheet.dropped.items():
            lines.append(f"    未导入{DROPPED_ZH[kind]}{len(rows)}行：{rows_text(rows)}")
    lines.append("将写入：")
    for label in model.LABELS:
        n = len(plan.nodes.get(label.name, ()))
        if n:
            lines.append(f"    节点 {owner_zh(label.name)}：{n}个")
    for rel in model.REL_TYPES:
        n = len(plan.rels.get(rel.name, ()))
        if n:
            lines.append(f"    关系 {owner_zh(rel.name)}：{n}条")
    return lines


def listed(title: str, items: list[LedgerProblem], limit: int = MAX_SHOWN) -> list[str]:
    if not items:
        return []
    lines = [f"{title}（{len(items)}条）："]
    lines += [f"    {item}" for item in items[:limit]]
    if len(items) > limit:
        lines.append(f"    ……另有{len(items) - limit}条未列出")
    return lines
