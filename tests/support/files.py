"""Small tools the tests share: copying and editing bundles, snapshots of a whole graph."""
from __future__ import annotations

import csv
import shutil
from pathlib import Path

import openpyxl

from orggraph.store import Store


def copy_bundle(source: Path, target: Path) -> Path:
    shutil.copytree(source, target)
    return target


def read_csv(path: Path) -> list[list[str]]:
    with open(path, encoding="utf-8-sig", newline="") as handle:
        return list(csv.reader(handle))


def write_csv(path: Path, rows: list[list[str]], bom: bool = False) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8-sig" if bom else "utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)


def bundle_to_xlsx(folder: Path, book: Path) -> Path:
    """The same data as one workbook: a sheet per file, every cell as text, as users type them."""
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for file in sorted(folder.glob("*/*.csv")):
        sheet = workbook.create_sheet(file.stem)
        for row in read_csv(file):
            sheet.append([cell if cell != "" else None for cell in row])
    workbook.save(book)
    return book


def snapshot(store: Store) -> tuple[frozenset, frozenset, tuple]:
    """Every node with its properties and every relationship with its properties, as sets, and
    the counts per label and type: the projection keys edges by type, so a second relationship
    of one type between the same pair would hide there but shows in the counts."""
    graph = store.project()
    nodes = frozenset((n, tuple(sorted((k, _hashable(v)) for k, v in attrs.items())))
                      for n, attrs in graph.nodes(data=True))
    edges = frozenset((a, b, key, tuple(sorted((k, _hashable(v)) for k, v in attrs.items())))
                      for a, b, key, attrs in graph.edges(keys=True, data=True))
    counts = tuple((kind, tuple(sorted(n.items()))) for kind, n in sorted(store.counts().items()))
    return nodes, edges, counts


def _hashable(value):
    return tuple(value) if isinstance(value, list) else value
