"""What a load did, said in Chinese for the person who ran it, and as rows for a table."""
from __future__ import annotations

from .. import model
from ..store.changes import KINDS, Changes

KIND_ZH = {"created": "新增", "changed": "变更", "removed": "删除", "unchanged": "未变"}


def _name_zh(name: str) -> str:
    item = model.LABEL_BY_NAME.get(name) or model.REL_BY_NAME.get(name)
    return f"{item.zh}（{name}）" if item and item.zh else name


def summary_line(changes: Changes, bundle: str, *, replace: bool) -> str:
    """One sentence: what the load created, changed, removed and left unchanged."""
    how = "替换载入" if replace else "载入"
    if changes.nothing_changed:
        nodes = changes.total("nodes", "unchanged")
        rels = changes.total("relationships", "unchanged")
        return (f"{how} {bundle}：没有任何变化，数据库与台账一致"
                f"（节点 {nodes:,} 个、关系 {rels:,} 条均未变）。")
    parts = []
    for part, unit, what in (("nodes", "个", "节点"), ("relationships", "条", "关系")):
        counts = "、".join(f"{KIND_ZH[k]} {changes.total(part, k):,} {unit}" for k in KINDS
                          if k != "removed" or replace or changes.total(part, k))
        parts.append(f"{what}{counts}")
    return f"{how} {bundle}：" + "；".join(parts) + "。"


def rows(changes: Changes) -> list[dict]:
    """One row per label and type that the load touched with a change."""
    out = []
    for part, kind_zh in (("nodes", "节点"), ("relationships", "关系")):
        for name, counts in sorted(getattr(changes, part).items()):
            if any(counts[k] for k in ("created", "changed", "removed")):
                out.append({"类别": kind_zh, "名称": _name_zh(name),
                            **{KIND_ZH[k]: counts[k] for k in KINDS}})
    return out
