"""Building a bundle folder for a test, written by the package's own BundleWriter.

    write_bundle(folder, nodes=[("Region", {"id": "R-1", "name": "青山镇", "kind": "town"})],
                 rels=[("PART_OF", "R-2", "R-1"), ("LEADS", "P-1", "O-1", {"role": "secretary"})])

A file per label or type that has rows; its columns are the keys its rows use, in first-seen
order (a row without a key leaves the cell empty). Cells: None empty, booleans true/false,
lists ;-joined, anything else as str(). A column the model does not know is a ValueError: a test
that needs a broken bundle writes its files with support.files.write_csv.
"""
from __future__ import annotations

from pathlib import Path
from typing import Iterable

from orggraph.load.bundle_writer import BundleWriter

Node = tuple[str, dict]            # (label, properties with "id")
Rel = tuple                        # (type, from, to) or (type, from, to, properties)


def write_bundle(folder: Path, nodes: Iterable[Node] = (), rels: Iterable[Rel] = ()) -> Path:
    rows: dict[str, list[dict]] = {}
    for label, props in nodes:
        rows.setdefault(label, []).append(props)
    for rel in rels:
        rows.setdefault(rel[0], []).append({"from": rel[1], "to": rel[2],
                                            **(rel[3] if len(rel) > 3 else {})})
    columns = {name: list(dict.fromkeys(k for row in group for k in row))
               for name, group in rows.items()}
    with BundleWriter(folder, columns) as writer:
        for name, group in rows.items():
            writer.write(name, ([row.get(c) for c in columns[name]] for row in group))
    return Path(folder)
