"""Proposing a mapping for a workbook from the synonym table, with a confidence for every guess.

Each sheet gets the label or relationship type whose usual column names its headers match best
(words in the sheet's name and title count too). Each header is matched whole, then without a
unit in brackets, then by the parts of a two-level header; a column nothing matches is written as
"?" and listed, never dropped. Sample values are tried against the guessed property, and a
column whose values do not read is flagged in the file.
"""
from __future__ import annotations

import re
from pathlib import Path

from .. import model
from . import values
from .header import clean
from .mapping import Column, Mapping, SheetMap
from .sheet import SheetView, view
from .synonyms import COLUMNS, COMMON, SHEET_WORDS, SKIP, TOWN, Target
from .workbook import read_workbook

_UNIT = re.compile(r"[（(][^（）()]*[)）]$")


def _match(header: str, owner: str) -> tuple[Target | None, float]:
    table = COMMON + COLUMNS[owner]
    parts = header.split("/")
    tries = [(header, 0.95), (_UNIT.sub("", header), 0.9)]
    if len(parts) > 1:
        child, parent = parts[-1], parts[0]
        if child in ("姓名", "名称"):
            tries.append((parent, 0.85))
        tries += [(child, 0.8), (_UNIT.sub("", child), 0.75)]
    for text, confidence in tries:
        for target, words in table:
            if text in words:
                return target, confidence
    best: tuple[Target | None, float] = (None, 0.0)
    for target, words in table:
        for word in words:
            if len(word) >= 2 and (word in header or (len(header) >= 2 and header in word)):
                score = 0.6 if word in header else 0.5
                if score > best[1]:
                    best = (target, score)
    return best


def _sheet_owners(shown: SheetView) -> set[str]:
    """What the sheet's name and title say it holds: the owners of the longest word found."""
    title = shown.name + "".join(clean(v) for r in shown.grid.rows[:shown.header.rows[0] - 1]
                                  for v in r if v is not None)
    found = {owner: max((len(w) for w in words if w in title), default=0)
             for owner, words in SHEET_WORDS.items()}
    longest = max(found.values(), default=0)
    return {owner for owner, n in found.items() if n and n == longest}


def _owner_score(shown: SheetView, owner: str) -> float:
    score = 0.0
    for name in shown.columns:
        target, confidence = _match(name, owner)
        if target is not None and target.kind not in ("skip", "town"):
            score += confidence
    if owner in _sheet_owners(shown):
        score += 1.5
    if owner in model.REL_BY_NAME:
        # a relationship sheet needs both its ends among the columns
        ends = {t.end for n in shown.columns if (t := _match(n, owner)[0]) and t.kind == "reference"}
        if ends != {"from", "to"}:
            return 0.0
    return score


def suggest_sheet(shown: SheetView) -> SheetMap:
    scores = {owner: _owner_score(shown, owner) for owner in COLUMNS}
    owner = max(scores, key=lambda o: scores[o])
    if scores[owner] < 1.0:
        return SheetMap(shown.name, header=shown.header.rows,
                        columns={n: Column(n, "unmapped") for n in shown.columns},
                        note="未能识别本表内容：请写 label 或 relationship，或 skip = true")
    is_label = owner in model.LABEL_BY_NAME
    sheet = SheetMap(shown.name, label=owner if is_label else None,
                     relationship=None if is_label else owner, header=shown.header.rows)
    chosen: dict[str, tuple[Target, float]] = {}
    for name in shown.columns:
        target, confidence = _match(name, owner)
        if target is not None:
            chosen[name] = (target, confidence)
    _town_or_parent(chosen)
    _one_per_target(chosen)
    refs = {t: n for n, (t, _) in chosen.items() if t.kind == "reference"}
    for name in shown.columns:
        if name not in chosen:
            sheet.columns[name] = Column(name, "unmapped")
            continue
        target, confidence = chosen[name]
        column = _column(name, target, round(confidence, 2), refs)
        _check_samples(shown, sheet, column)
        sheet.columns[name] = column
    return sheet


def _one_per_target(chosen: dict) -> None:
    """A target taken by two columns keeps the surer one; the other is left for the user."""
    best: dict[Target, str] = {}
    for name, (target, confidence) in chosen.items():
        if target.repeatable:
            continue
        other = best.get(target)
        if other is None or chosen[other][1] < confidence:
            best[target] = name
    for name in list(chosen):
        target = chosen[name][0]
        if not target.repeatable and best.get(target) != name:
            del chosen[name]


def _town_or_parent(chosen: dict) -> None:
    """With 所属乡镇 and a nearer parent both present, 所属乡镇 only says the row's town."""
    town_words = {"所属乡镇", "所属乡镇（街道）", "乡镇（街道）", "乡镇", "所在乡镇", "所在乡镇（街道）",
                  "乡镇名称", "街道"}
    parents = [n for n, (t, _) in chosen.items() if t.kind == "reference" and t.rel == "PART_OF"]
    if len(parents) > 1:
        for name in parents:
            if name in town_words:
                chosen[name] = (TOWN, chosen[name][1])


def _column(name: str, target: Target, confidence: float, refs: dict) -> Column:
    if target.kind == "skip":
        return Column(name, "skip", confidence=confidence)
    if target.kind == "town":
        return Column(name, "town", confidence=confidence)
    if target.kind == "property":
        if target.of:
            owner_ref = next((n for t, n in refs.items() if t.rel == target.of), None)
            if owner_ref is None:
                return Column(name, "unmapped", note=f"像是 {target.of} 关系的 {target.prop}，"
                                                     "但本表没有该关系列")
            return Column(name, "property", prop=target.prop, of=owner_ref, confidence=confidence)
        return Column(name, "property", prop=target.prop, confidence=confidence)
    return Column(name, "reference", rel=target.rel, end=target.end, labels=target.labels,
                  rel_props=dict(target.rel_props), split=target.split, confidence=confidence)


def _check_samples(shown: SheetView, sheet: SheetMap, column: Column) -> None:
    if column.kind != "property" or column.of:
        return
    owner = sheet.owner
    schema = model.LABEL_BY_NAME.get(owner) or model.REL_BY_NAME[owner]
    prop = schema.prop(column.prop)
    bad = []
    for cell in shown.samples(column.header, 200):
        if values.is_empty(cell, prop):
            continue
        try:
            values.convert(owner, prop, cell)
        except ValueError:
            text = values.text(cell)
            if text not in bad:
                bad.append(text)
    if bad:
        column.note = f"有无法识别的取值：{'、'.join(bad[:5])}（可用 values = {{ \"原值\" = 新值 }} 指定）"
        column.confidence = min(column.confidence or 0.5, 0.5)


def suggest(workbook: str | Path) -> tuple[Mapping, list[tuple[str, str]]]:
    """The proposed mapping, and the (sheet, column) pairs left unmapped."""
    sheets = []
    for grid in read_workbook(workbook):
        shown = view(grid)
        if shown is None:
            sheets.append(SheetMap(grid.name, skip=True, note="找不到表头，已设为跳过"))
            continue
        sheets.append(suggest_sheet(shown))
    unmapped = [(s.sheet, c.header) for s in sheets for c in s.columns.values()
                if c.kind == "unmapped"]
    return Mapping(sheets), unmapped
