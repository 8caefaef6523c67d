"""Writing a worked-out import as an ordinary bundle, through the project's BundleWriter.

The bundle is written into a fresh folder beside the target and moved into place only when it
is complete, so a failed write leaves no half bundle behind.
"""
from __future__ import annotations

import datetime as dt
import shutil
import tempfile
from pathlib import Path

from ..load.bundle import META_FILE
from ..load.bundle_writer import BundleWriter
from .plan import Plan, bundle_columns
from .problems import LedgerError, LedgerProblem


def _cell(value):
    return value.isoformat() if isinstance(value, dt.date) else value


def write_bundle(plan: Plan, out_dir: str | Path) -> dict[str, int]:
    out = Path(out_dir)
    ours = ("nodes", "rels", META_FILE)
    if out.exists() and (not out.is_dir() or any(p.name not in ours for p in out.iterdir())):
        raise LedgerError([LedgerProblem("", None, None,
                                         f"{out} 已有其他文件：请指定新的或空的文件夹"
                                         "（包文件夹只放 nodes/、rels/ 和 meta.csv）")])
    columns = bundle_columns(plan)
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".import-", dir=out.parent))
    try:
        with BundleWriter(staging, columns) as writer:
            for label, nodes in plan.nodes.items():
                cols = columns[label]
                writer.write(label, ([node.id] + [_cell(node.props.get(c)) for c in cols[1:]]
                                     for node in sorted(nodes, key=lambda n: n.id)))
            for rel, pairs in plan.rels.items():
                cols = columns[rel]
                writer.write(rel, ([source, target] + [_cell(props.get(c)) for c in cols[2:]]
                                   for (source, target), props in sorted(pairs.items())))
            counts = dict(writer.counts)
        if plan.as_of:  # the 截至 date of the unit lines: the date the data describe
            (staging / META_FILE).write_text(f"as_of\n{plan.as_of.isoformat()}\n",
                                             encoding="utf-8")
        for name in ours:
            if (out / name).is_dir():
                shutil.rmtree(out / name)
            elif (out / name).exists():
                (out / name).unlink()
        out.mkdir(exist_ok=True)
        for name in ours:
            if (staging / name).exists():
                (staging / name).rename(out / name)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return counts
