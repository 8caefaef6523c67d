"""The engine's raw bulk limit: LadybugDB `COPY … FROM '<file>.csv'` of a bundle into an empty schema.

No checking, no conversion in Python, no merge: what the engine does with the same CSVs on its
own. Two things LadybugDB's CSV reader needs are prepared before the clock starts (and are not
timed): a relationship file that mixes endpoint pairs (MEMBER_OF: Person→OrgUnit, OrgUnit→OrgUnit,
Enterprise→IndustryChain) is split per pair, because `COPY` of a multi-pair table takes one
pair per file; and `;`-joined lists are rewritten in its `[a,b]` list syntax.

    python benchmarks/raw.py BUNDLE_DIR [DB_PATH]
"""
from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

import ladybug
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pcsv

from orggraph import model
from orggraph.store.embedded import schema_ddl

PREFIX = {"R-": "Region", "O-": "OrgUnit", "P-": "Person", "E-": "Enterprise", "C-": "IndustryChain"}


def _label_of(column: pa.ChunkedArray) -> pa.ChunkedArray:
    """Generated ids carry their label in the prefix (R- O- P- E- C-)."""
    return pc.utf8_slice_codeunits(column, 0, 2)


def prepare(bundle: Path, work: Path) -> list[tuple[str, Path, str]]:
    """(table, csv file, COPY options) in load order: nodes, then relationships per pair."""
    plan = []
    for label in model.LABELS:
        source = bundle / "nodes" / f"{label.name}.csv"
        if not source.exists():
            continue
        lists = [p.name for p in label.props if p.type == model.LIST]
        names = [p.name for p in label.props]
        header = source.open(encoding="utf-8-sig").readline().strip().split(",")
        if lists or header != names:
            # A bundle may leave out optional columns (e.g. OrgUnit.status); COPY needs every
            # column of the table, in the table's order.
            data = pcsv.read_csv(source, convert_options=pcsv.ConvertOptions(
                column_types={c: pa.string() for c in lists}))
            for p in label.props:
                if p.name not in data.column_names:
                    data = data.append_column(p.name, pa.nulls(len(data), pa.string()))
            data = data.select(names)
            for name in lists:
                column = data.column(name)
                fixed = pc.if_else(pc.is_null(column), None, pc.binary_join_element_wise(
                    "[", pc.replace_substring(column, ";", ","), "]", ""))
                data = data.set_column(data.column_names.index(name), name, fixed)
            source = work / f"{label.name}.csv"
            pcsv.write_csv(data, source)
        plan.append((label.name, source, "header=true"))
    for rel in model.REL_TYPES:
        source = bundle / "rels" / f"{rel.name}.csv"
        data = pcsv.read_csv(source, convert_options=pcsv.ConvertOptions(
            column_types={"from": pa.string(), "to": pa.string()}))
        columns = ["from", "to", *rel.prop_names]
        for p in rel.props:
            if p.name not in data.column_names:
                data = data.append_column(p.name, pa.nulls(len(data), pa.string()))
        data = data.select(columns)
        ends = pc.binary_join_element_wise(_label_of(data.column("from")),
                                           _label_of(data.column("to")), "|")
        for a, b in rel.endpoints:
            key = f"{_prefix(a)}|{_prefix(b)}"
            part = data.filter(pc.equal(ends, key))
            if len(rel.endpoints) == 1:
                plan.append((rel.name, source, "header=true"))
                break
            if part.num_rows:
                target = work / f"{rel.name}-{a}-{b}.csv"
                pcsv.write_csv(part, target)
                plan.append((rel.name, target, f"header=true, from='{a}', to='{b}'"))
    return plan


def _prefix(label: str) -> str:
    return next(p for p, name in PREFIX.items() if name == label)


def rows_in(plan) -> int:
    return sum(pcsv.read_csv(path).num_rows for _, path, _ in plan)


def raw_copy(bundle: Path, db_path: Path) -> dict:
    """Seconds and rows/s of COPY of every file into a fresh database, one transaction."""
    with tempfile.TemporaryDirectory() as tmp:
        plan = prepare(Path(bundle), Path(tmp))
        rows = rows_in(plan)
        db = ladybug.Database(str(db_path))
        conn = ladybug.Connection(db)
        for statement in schema_ddl():
            conn.execute(statement)
        started = time.perf_counter()
        conn.execute("BEGIN TRANSACTION")
        for table, path, options in plan:
            conn.execute(f"COPY {table} FROM '{path}' ({options})")
        conn.execute("COMMIT")
        seconds = time.perf_counter() - started
        conn.close()
        db.close()
    return {"rows": rows, "seconds": seconds, "rows_per_s": rows / seconds}


if __name__ == "__main__":
    target = Path(sys.argv[2]) if len(sys.argv) > 2 else Path(tempfile.mkdtemp()) / "raw.lbug"
    print(raw_copy(Path(sys.argv[1]), target))
