"""Checking a bundle against the model, and turning its rows into typed records.

`check` reads every table once and reports every problem with file, row and column; nothing is
written. `records` reads a checked bundle again and yields batches ready for a store: the same
conversion, so what was checked is exactly what is loaded.
"""
from __future__ import annotations

from collections import defaultdict
from typing import Callable, Iterable, Iterator

from .. import model, values, vocabulary
from ..store.batches import NODE_KEYS, REL_KEYS, NodeBatch, RelBatch
from .bundle import BadRow, Problem, RowError, Table, column_letter, column_name

# How many problems to collect before giving up: a wholly wrong file would otherwise list millions.
MAX_PROBLEMS = 1000


class _Collector:
    def __init__(self) -> None:
        self.problems: list[Problem] = []
        self.unreadable: list[str] = []  # files that could not be read to the end

    def add(self, file: str, row: int | None, column: str | None, message: str) -> None:
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append(Problem(file, row, column, message))

    @property
    def full(self) -> bool:
        return len(self.problems) >= MAX_PROBLEMS


def _header(table: Table, cells: list, out: _Collector) -> tuple[list[str | None], bool]:
    keys = NODE_KEYS if table.kind == "node" else REL_KEYS
    header = [values.cell_text(c) if not values.is_empty(c) else "" for c in cells]
    # The bundle template writes Chinese headers; each stands for its column id.
    header = [vocabulary.header_id(table.name, name) for name in header]
    problems_before = len(out.problems)
    if tuple(header[:len(keys)]) != keys:
        found = [column_name(name) for name in header[:len(keys)]]
        out.add(table.display, 1, None, f"表头应以 {'、'.join(keys)} 开头；实为 "
                f"{'、'.join(found) or '空'}")
    known = table.schema.prop_names
    seen: set[str] = set()
    for index, name in enumerate(header[len(keys):], start=len(keys)):
        letter = column_letter(index)
        if name in seen:
            out.add(table.display, 1, f"{letter} ({name})", "该列重复出现")
        elif name not in known or name in keys:
            out.add(table.display, 1, f"{letter} ({column_name(name, '不是列名') if name else '空'})",
                    f"{table.name} 没有这一列；可用的列：{'、'.join(p for p in known if p not in keys)}")
        seen.add(name)
    if table.kind == "node":
        for prop in table.schema.props:
            if prop.required and prop.name not in header:
                out.add(table.display, 1, prop.name, "缺少这一必填列")
    usable = len(out.problems) == problems_before
    # Rows of a file with a bad header are still read for their ids, so one header typo does
    # not cascade into a "no node has id" for every relationship pointing at that file.
    return [name if name in keys or name in known else None for name in header], usable


def _convert(table: Table, header: list[str | None], number: int, cells: list,
             out: _Collector | None) -> tuple[dict, bool]:
    """The typed record of one row and whether it is wholly right (problems go to `out`).
    A wrong row's record still holds its good cells, so its id is known to later checks."""
    if len(cells) > len(header) and any(not values.is_empty(c) for c in cells[len(header):]):
        if out:
            out.add(table.display, number, column_letter(len(header)),
                    f"该行有{len(cells)}个单元格，表头只有{len(header)}列")
        return {}, False
    record, ok = {}, True
    for index, name in enumerate(header):
        if name is None:
            continue  # an unknown column, reported with the header
        cell = cells[index] if index < len(cells) else None
        where = f"{column_letter(index)} ({name})"
        if control := values.control_character(cell):
            ok = False
            if out:
                out.add(table.display, number, where, f"含控制字符 {control}，电子表格无法保存，"
                        "请删除")
            continue
        if name in ("id", "from", "to"):
            if values.is_empty(cell):
                ok = False
                if out:
                    out.add(table.display, number, where, "为空：每行都必须填写")
            else:
                record[name] = values.cell_text(cell)
            continue
        prop = table.schema.prop(name)
        if values.is_empty(cell):
            if prop.required:
                ok = False
                if out:
                    out.add(table.display, number, where, "为空：这一项必填")
            record[name] = None
            continue
        if isinstance(cell, str) and cell.lstrip().startswith("="):
            ok = False
            if out:
                out.add(table.display, number, where,
                        "像是电子表格公式：数据单元格不能以“=”开头")
            continue
        try:
            record[name] = values.parse(prop, cell)
        except ValueError as exc:
            ok = False
            if out:
                out.add(table.display, number, where, str(exc))
    return record, ok


def _rows(table: Table, out: _Collector) -> Iterator[tuple[int, tuple[str, ...], dict, bool]]:
    """(row number, columns, record, whether the row is right) of every row; problems go to `out`."""
    header = None
    try:
        for number, cells in table.rows():
            if header is None:
                header, usable = _header(table, cells, out)
                columns = tuple(name for name in header if name is not None)
                continue
            if out.full:
                return
            if isinstance(cells, BadRow):
                out.add(table.display, number, None, cells.message)
                continue
            record, ok = _convert(table, header, number, cells, out)
            yield number, columns, record, ok and usable
    except RowError as exc:
        out.add(table.display, exc.row, exc.column, exc.message)
        out.unreadable.append(table.display)
        return
    if header is None:
        out.add(table.display, 1, None, "文件为空：至少要有表头行")


def check(tables: list[Table], existing_labels: Callable[[Iterable[str]], dict[str, str]],
          problems: list[Problem] | None = None) -> tuple[dict[str, str], list[Problem]]:
    """Check every table; return {id: label} of every node the bundle names (its own and
    those it points to in the store) and every problem found."""
    out = _Collector()
    out.problems.extend(problems or [])
    ids: dict[str, str] = {}
    first_seen: dict[str, tuple[str, int]] = {}
    for table in (t for t in tables if t.kind == "node"):
        for number, _, record, _ in _rows(table, out):
            node_id = record.get("id")
            if node_id is None:
                continue
            if node_id in ids:
                display, row = first_seen[node_id]
                out.add(table.display, number, "A (id)",
                        f"编号 {node_id!r} 重复：{display} 第{row}行已使用")
                continue
            ids[node_id] = table.name
            first_seen[node_id] = (table.display, number)
    stored = existing_labels(list(ids)) if ids else {}
    for node_id, stored_label in stored.items():
        if stored_label != ids[node_id]:
            out.add(*first_seen[node_id], "A (id)", f"编号 {node_id!r} 在数据库中已是"
                    f"{vocabulary.table_zh(stored_label)}（{stored_label}）；编号在整个图中必须唯一")
    dangling: dict[str, list[tuple[str, int, str]]] = defaultdict(list)
    pending: list[tuple[Table, int, dict]] = []
    for table in (t for t in tables if t.kind == "rel"):
        for number, _, record, ok in _rows(table, out):
            if not ok or "from" not in record or "to" not in record:
                continue
            if record["from"] == record["to"] and not table.schema.allow_self:
                out.add(table.display, number, "A (from)",
                        f"{table.name} 关系不能从 {record['from']!r} 指向自身")
                continue
            present = {k: v for k, v in record.items() if v is not None}
            missing = [end for end in REL_KEYS if record[end] not in ids]
            if not missing:
                _check_endpoints(table, number, present, ids, out)
                continue
            # Only rows that point outside the bundle wait for the database lookup.
            for end in missing:
                dangling[record[end]].append((table.display, number, end))
            pending.append((table, number, present))
    known_elsewhere = existing_labels(list(dangling)) if dangling else {}
    if out.unreadable:
        # The missing ids are likely in the unreadable file: listing each would bury its error.
        dangling = {}
    for node_id, places in dangling.items():
        if node_id not in known_elsewhere:
            for display, number, end in places[:20]:
                column = "A (from)" if end == "from" else "B (to)"
                out.add(display, number, column,
                        f"没有编号为 {node_id!r} 的节点（台账包和数据库中都没有）")
    resolve = {**known_elsewhere, **ids}
    for table, number, record in pending:
        _check_endpoints(table, number, record, resolve, out)
    return resolve, out.problems


def _check_endpoints(table: Table, number: int, record: dict, resolve: dict[str, str],
                     out: _Collector) -> None:
    rel: model.RelType = table.schema
    pair = (resolve.get(record["from"]), resolve.get(record["to"]))
    if None in pair:
        return  # reported as dangling already
    if pair not in rel.endpoints:
        from_fits = any(a == pair[0] for a, _ in rel.endpoints)
        out.add(table.display, number, "B (to)" if from_fits else "A (from)",
                f"{rel.name} 关系不能从{_zh(pair[0])}{record['from']} 指向{_zh(pair[1])}"
                f"{record['to']}；允许：{_pairs(rel.endpoints)}")
        return
    for name in record:
        prop = rel.prop(name)
        if prop is not None and prop.only_on and pair not in prop.only_on:
            out.add(table.display, number, name, f"{name} 只用于{_pairs(prop.only_on)}")


def _zh(label: str) -> str:
    return f"{vocabulary.table_zh(label)}（{label}）"


def _pairs(pairs) -> str:
    """[("Person", "OrgUnit"), ...] → "人员 → 党组织；..." (the allowed ends, in words)."""
    return "；".join(f"{vocabulary.table_zh(a)} → {vocabulary.table_zh(b)}" for a, b in pairs)


def records(tables: list[Table], labels: dict[str, str], batch_size: int
            ) -> Iterator[NodeBatch | RelBatch]:
    """Batches of typed records of a checked bundle: all nodes first, then relationships."""
    out = _Collector()
    for table in (t for t in tables if t.kind == "node"):
        batch: list[dict] = []
        columns: tuple[str, ...] = ()
        for _, columns, record, _ in _rows(table, out):
            batch.append(record)
            if len(batch) >= batch_size:
                yield NodeBatch(table.name, columns, batch)
                batch = []
        if batch:
            yield NodeBatch(table.name, columns, batch)
    for table in (t for t in tables if t.kind == "rel"):
        groups: dict[tuple[str, str], list[dict]] = defaultdict(list)
        columns = ()
        for _, columns, record, _ in _rows(table, out):
            pair = (labels[record["from"]], labels[record["to"]])
            group = groups[pair]
            group.append(_with_defaults(table.schema, record))
            if len(group) >= batch_size:
                yield RelBatch(table.name, *pair, _rel_columns(table.schema, columns), group)
                groups[pair] = []
        for pair, group in groups.items():
            if group:
                yield RelBatch(table.name, *pair, _rel_columns(table.schema, columns), group)
    if out.problems:  # the bundle changed on disk between check and load
        from .bundle import BundleError
        raise BundleError(out.problems)


def _rel_columns(rel: model.RelType, columns: tuple[str, ...]) -> tuple[str, ...]:
    defaults = tuple(p.name for p in rel.props if p.default is not None and p.name not in columns)
    return columns + defaults


def _with_defaults(rel: model.RelType, record: dict) -> dict:
    for prop in rel.props:
        if prop.default is not None and record.get(prop.name) is None:
            record[prop.name] = prop.default
    return record
