"""Writing a bundle folder (DATA_MODEL.md, "Bundle"): nodes/<Label>.csv and rels/<TYPE>.csv.

UTF-8, comma-separated, one header row (`id,<props>` or `from,to,<props>`); an empty cell is an
absent property, booleans are true/false and lists are ;-joined. Rows are written as they come,
so a bundle of any size streams through in bounded memory. Every declared file is written, header
included, even when it gets no rows, so a rewrite leaves no stale file of ours behind.
"""
from __future__ import annotations

import csv
from pathlib import Path
from typing import Iterable, Mapping, Sequence

from .. import model


def cell(value: object) -> str:
    if value is None:
        return ""
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, (list, tuple)):
        return ";".join(str(v) for v in value)
    return str(value)


class BundleWriter:
    """with BundleWriter(folder, {"Region": ("id", "name", ...), ...}) as w: w.write(name, rows)"""

    def __init__(self, out_dir: str | Path, columns: Mapping[str, Sequence[str]]) -> None:
        self.root = Path(out_dir)
        self.columns = {name: tuple(cols) for name, cols in columns.items()}
        self.counts = {name: 0 for name in self.columns}
        self._files: dict = {}
        self._writers: dict = {}
        for name, cols in self.columns.items():
            _check(name, cols)

    def __enter__(self) -> "BundleWriter":
        for name, cols in self.columns.items():
            sub = "nodes" if name in model.LABEL_BY_NAME else "rels"
            folder = self.root / sub
            folder.mkdir(parents=True, exist_ok=True)
            # With a byte-order mark, so that Excel opens it as UTF-8 (not GBK) on a Chinese PC.
            f = open(folder / f"{name}.csv", "w", encoding="utf-8-sig", newline="")
            self._files[name] = f
            self._writers[name] = csv.writer(f, lineterminator="\n")
            self._writers[name].writerow(cols)
        return self

    def write(self, name: str, rows: Iterable[Sequence[object]]) -> None:
        width = len(self.columns[name])
        writer = self._writers[name]
        n = 0
        for row in rows:
            if len(row) != width:
                raise ValueError(f"{name}: a row of {len(row)} cells for {width} columns: {row!r}")
            writer.writerow([cell(v) for v in row])
            n += 1
        self.counts[name] += n

    def __exit__(self, *exc) -> None:
        for f in self._files.values():
            f.close()
        self._files.clear()


def _check(name: str, cols: Sequence[str]) -> None:
    if name in model.LABEL_BY_NAME:
        known, lead = model.LABEL_BY_NAME[name].prop_names, ("id",)
    elif name in model.REL_BY_NAME:
        known, lead = model.REL_BY_NAME[name].prop_names, ("from", "to")
    else:
        raise ValueError(f"{name!r} is neither a label nor a relationship type of orggraph.model")
    if tuple(cols[:len(lead)]) != lead:
        raise ValueError(f"{name}: the columns must start with {', '.join(lead)}")
    unknown = [c for c in cols[len(lead):] if c not in known]
    if unknown:
        raise ValueError(f"{name}: {', '.join(unknown)} not properties of {name} in orggraph.model")
