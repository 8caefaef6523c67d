"""Checking and converting a CSV bundle column by column (Arrow), for loads at the engine's speed.

`check` + `records` (validate.py) look at every cell in Python: exact messages, ~30k rows/s. Here
the same rules run as vectorised Arrow kernels. This path only ever *accepts*: it proves a bundle
clean and returns its typed tables, or returns None at the first doubt (any rule broken, any
cell it does not parse exactly as values.py would, an unreadable file, a workbook) and the
loader falls back to the row path, which then names every problem by file, row and column. So a
bundle this path accepts is one `check` accepts, with the same values (tests/test_bulk_load.py
compares the two on good and broken bundles).
"""
from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pcsv

from .. import model, values
from ..store.batches import ARROW_TYPES, NODE_KEYS, REL_KEYS, ArrowRows, NodeBatch, RelBatch
from .bundle import BadRow, RowError, Table
from .workbook_check import MAX_CELL_CHARS

# Exactly the characters Python's str.strip() removes (values.cell_text strips every cell).
_SPACE = "".join(chr(c) for c in range(0x3001) if chr(c).isspace())
# Number shapes that int()/float() read the same way Arrow's cast does; anything else (digit
# grouping with "_", full-width digits, "inf") is left to the row path.
_INT = r"^[+-]?[0-9]+$"
_FLOAT = r"^[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?$"
_DATE = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"


class Doubt(Exception):
    """This path cannot vouch for the bundle; the row path decides (and explains)."""


@dataclass
class _Checked:
    table: Table
    columns: tuple[str, ...]
    data: pa.Table


def read(folder: Path, table: Table) -> tuple[pa.Table, list[str]]:
    """Every cell as text, stripped as values.cell_text strips it, blank cells null; and the header."""
    path = folder / table.display
    try:
        quoted = _same_reading(path, table)
        with open(path, encoding="utf-8-sig", newline="") as handle:
            header = next(csv.reader([handle.readline()]), [])
        if not header or not any(cell.strip() for cell in header):
            raise Doubt(table.display)  # empty file or a blank first line
        slots = [f"c{i}" for i in range(len(header))]
        raw = pcsv.read_csv(path, read_options=pcsv.ReadOptions(
            column_names=slots, skip_rows=1, block_size=16 << 20),
            parse_options=pcsv.ParseOptions(newlines_in_values=quoted), convert_options=pcsv.ConvertOptions(
            column_types={s: pa.string() for s in slots}, strings_can_be_null=False,
            quoted_strings_can_be_null=False))
    except (pa.ArrowInvalid, OSError, UnicodeDecodeError, csv.Error):
        raise Doubt(table.display) from None
    columns = []
    for column in raw.columns:
        # Arrow reads cells up to its block size; the row path's limit holds here too
        if len(column) and pc.max(pc.utf8_length(column)).as_py() > MAX_CELL_CHARS:
            raise Doubt(table.display)
        if pc.any(pc.match_substring_regex(column, values.CONTROL_CHARACTERS)).as_py():
            raise Doubt(table.display)  # refused by the row path, which names the cell
        column = pc.utf8_trim(column, characters=_SPACE)
        columns.append(pc.if_else(pc.equal(column, ""), None, column))
    names = [cell.strip() for cell in header]
    return pa.table(columns, names=slots), names


def _same_reading(path: Path, table: Table) -> bool:
    """Arrow's CSV parser is laxer than the row path's strict `csv` reader about text after a
    closing quote, and takes a lone CR as a line end. A file with neither a quote nor a CR reads
    the same in both; one with them is first read through the row path's reader (bundle.py),
    and any row it would refuse or report makes this path step aside."""
    with open(path, "rb") as handle:
        data = handle.read()
    if b'"' not in data and b"\r" not in data:
        return False
    del data
    try:
        for _, cells in table.rows():
            if isinstance(cells, BadRow):
                raise Doubt(table.display)
    except RowError:
        raise Doubt(table.display) from None
    return True  # quotes: a value may hold a line break


def _header(table: Table, names: list[str]) -> tuple[str, ...]:
    keys = NODE_KEYS if table.kind == "node" else REL_KEYS
    known = table.schema.prop_names
    if tuple(names[:len(keys)]) != keys or len(set(names)) != len(names):
        raise Doubt(table.display)
    if any(n not in known or n in keys for n in names[len(keys):]):
        raise Doubt(table.display)
    if table.kind == "node" and any(p.required and p.name not in names
                                    for p in table.schema.props):
        raise Doubt(table.display)
    return tuple(names)


def _convert(prop: model.Prop, text: pa.ChunkedArray) -> pa.ChunkedArray:
    """The typed column of one property, as values.parse would give it, or Doubt."""
    present = text.drop_null()
    if prop.required and text.null_count:
        raise Doubt(prop.name)
    if len(present) and pc.any(pc.starts_with(present, "=")).as_py():
        raise Doubt(prop.name)  # a formula: the row path explains why it is refused
    kind = prop.type
    try:
        if kind == model.STR:
            typed = text
        elif kind == model.LIST:
            typed = pa.chunked_array([pa.array(
                [None if s is None else [p.strip() for p in s.split(values.LIST_SEPARATOR)
                                         if p.strip()] for s in text.to_pylist()],
                pa.list_(pa.string()))])
        elif kind == model.BOOL:
            lowered = pc.utf8_lower(text)
            known = pc.is_in(lowered, pa.array(sorted(values.TRUE_WORDS | values.FALSE_WORDS)))
            if not pc.all(pc.or_kleene(known, pc.is_null(text))).as_py():
                raise Doubt(prop.name)
            typed = pc.is_in(lowered, pa.array(sorted(values.TRUE_WORDS)))
            typed = pc.if_else(pc.is_null(text), None, typed)
        else:
            pattern = {model.INT: _INT, model.FLOAT: _FLOAT, model.DATE: _DATE}[kind]
            if len(present) and not pc.all(pc.match_substring_regex(present, pattern)).as_py():
                raise Doubt(prop.name)
            # int("+5") and float("+5") read a leading plus; Arrow's cast does not
            typed = pc.replace_substring_regex(text, r"^\+", "").cast(ARROW_TYPES[kind])
            if kind == model.FLOAT and len(present) and not pc.all(
                    pc.is_finite(typed.drop_null())).as_py():
                raise Doubt(prop.name)
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError, ValueError):
        raise Doubt(prop.name) from None
    checked = typed.drop_null()
    if prop.enum and len(checked) and not pc.all(pc.is_in(checked, pa.array(prop.enum))).as_py():
        raise Doubt(prop.name)
    if (prop.min is not None or prop.max is not None) and len(checked):
        bounds = pc.min_max(checked)
        low, high = bounds["min"].as_py(), bounds["max"].as_py()
        if (prop.min is not None and low < prop.min) or (prop.max is not None and high > prop.max):
            raise Doubt(prop.name)
    return typed


def _typed(folder: Path, table: Table) -> _Checked:
    text, names = read(folder, table)
    columns = _header(table, names)
    arrays = []
    for index, name in enumerate(columns):
        column = text.column(index)
        if name in NODE_KEYS + REL_KEYS:
            if column.null_count:
                raise Doubt(f"{table.display}: {name}")
            arrays.append(column)
        else:
            arrays.append(_convert(table.schema.prop(name), column))
    return _Checked(table, columns, pa.table(arrays, names=list(columns)))


def _chunks(data: pa.Table, size: int) -> Iterator[pa.Table]:
    for start in range(0, data.num_rows, size):
        yield data.slice(start, size)


def batches(folder: str | Path, tables: list[Table],
            existing_labels: Callable[[list[str]], dict[str, str]], batch_size: int,
            as_arrow: bool) -> Iterator[NodeBatch | RelBatch] | None:
    """Every batch of a clean CSV bundle (nodes first), or None when the row path must decide.
    The whole bundle is checked before the first batch is given. `as_arrow`: rows as ArrowRows
    (for a store that bulk-loads Arrow) rather than dicts."""
    folder = Path(folder)
    try:
        nodes = [_typed(folder, t) for t in tables if t.kind == "node"]
        ids = pa.chunked_array([chunk for c in nodes for chunk in c.data.column("id").chunks],
                               type=pa.string())
        codes = pa.chunked_array([pa.array([i] * c.data.num_rows, pa.int8())
                                  for i, c in enumerate(nodes)], type=pa.int8())
        if pc.count_distinct(ids).as_py() != len(ids):
            raise Doubt("duplicate id")
        names = [c.table.name for c in nodes]
        lookup = _Lookup(ids, codes, names, existing_labels)
        stored = existing_labels(ids.to_pylist()) if len(ids) else {}
        for checked in nodes:  # an id may not change its label
            other = [i for i, label in stored.items() if label != checked.table.name]
            if other and pc.any(pc.is_in(checked.data.column("id"), pa.array(other))).as_py():
                raise Doubt(f"an id of {checked.table.display} has another label in the store")
        out: list[tuple] = []  # (batch class, leading fields, Arrow part): rows made when given
        for checked in nodes:
            for part in _chunks(checked.data, batch_size):
                out.append((NodeBatch, (checked.table.name, checked.columns), part))
        del ids, codes
        rels = [_typed(folder, t) for t in tables if t.kind == "rel"]
        # One hash lookup over every endpoint of every file (building the set of 1.4M ids
        # costs more than probing it, so it is built once).
        ends = pa.chunked_array([chunk for c in rels for end in REL_KEYS
                                 for chunk in c.data.column(end).chunks],
                                type=pa.string())
        labels = lookup.labels(ends) if len(ends) else pa.array([], pa.int8())
        offset = 0
        for checked in rels:
            n = checked.data.num_rows
            source, target = labels.slice(offset, n), labels.slice(offset + n, n)
            offset += 2 * n
            out.extend(_rel_batches(checked, source, target, lookup.names, batch_size))
        del nodes, rels, lookup
        return _drain(out, as_arrow)
    except Doubt:
        return None


class _Lookup:
    """Label of each endpoint id: the bundle's own nodes, else the store's."""

    def __init__(self, ids, codes, names, existing_labels):
        self.ids, self.codes, self.names = ids.combine_chunks(), codes.combine_chunks(), list(names)
        self.existing_labels = existing_labels

    def labels(self, column: pa.ChunkedArray) -> pa.Array:
        found = pc.take(self.codes, pc.index_in(column, value_set=self.ids))
        missing = pc.unique(pc.filter(column, pc.is_null(found))).to_pylist()
        if not missing:
            return found.combine_chunks() if isinstance(found, pa.ChunkedArray) else found
        stored = self.existing_labels(missing)
        if len(stored) != len(missing):
            raise Doubt("dangling endpoint")
        for label in set(stored.values()):
            if label not in self.names:
                self.names.append(label)
        extra_ids = pa.array(list(stored))
        extra_codes = pa.array([self.names.index(stored[i]) for i in stored], pa.int8())
        self.ids = pa.concat_arrays([self.ids, extra_ids])
        self.codes = pa.concat_arrays([self.codes, extra_codes])
        return self.labels(column)


def _rel_batches(checked: _Checked, source: pa.Array, target: pa.Array, names: list[str],
                 batch_size: int) -> Iterator[tuple]:
    rel: model.RelType = checked.table.schema
    data = checked.data
    if not rel.allow_self and len(data) and pc.any(
            pc.equal(data.column("from"), data.column("to"))).as_py():
        raise Doubt("self loop")
    width = len(names) + 1
    pair_code = pc.add(pc.multiply(source.cast(pa.int32()), width), target.cast(pa.int32()))
    columns = list(checked.columns)
    for prop in rel.props:  # defaults, as validate._rel_columns / _with_defaults fill them
        if prop.default is not None:
            if prop.name in columns:
                data = data.set_column(columns.index(prop.name), prop.name,
                                       pc.fill_null(data.column(prop.name), prop.default))
            else:
                data = data.append_column(prop.name, pa.array([prop.default] * len(data),
                                                              ARROW_TYPES[prop.type]))
                columns.append(prop.name)
    for code in pc.unique(pair_code).to_pylist():
        pair = (names[code // width], names[code % width])
        if pair not in rel.endpoints:
            raise Doubt(f"{rel.name} {pair}")
        rows = data.filter(pc.equal(pair_code, code))
        for prop in rel.props:
            if prop.only_on and pair not in prop.only_on and prop.name in checked.columns \
                    and rows.column(prop.name).null_count != len(rows):
                raise Doubt(f"{prop.name} on {pair}")
        for part in _chunks(rows, batch_size):
            yield RelBatch, (rel.name, *pair, tuple(columns)), part


def _drain(batches: list[tuple], as_arrow: bool) -> Iterator[NodeBatch | RelBatch]:
    """Hand the batches over one by one, keeping no reference, and make a batch's row dicts
    (for Neo4j) only when it is given: a store that has written a batch lets its memory go."""
    batches.reverse()
    while batches:
        kind, fields, part = batches.pop()
        yield kind(*fields, ArrowRows(part) if as_arrow else part.to_pylist())
