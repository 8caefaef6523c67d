"""`orggraph demo`: the demo county loaded into a fresh embedded database, then every analysis.

Each analysis adds a section: a function (store, echo) that prints its part. Sections run in order.
"""
from __future__ import annotations

import shutil
from pathlib import Path
from typing import Callable

from . import output
from .load import load_bundle
from .resources import demo_bundle
from .store import Store, open_store

Echo = Callable[[str], None]
DEFAULT_DEMO_DB = "orggraph-demo.lbug"


def _stats_section(store: Store, echo: Echo) -> None:
    counts = store.counts()
    rows = [{"kind": "node", "name": k, "count": v} for k, v in counts["nodes"].items()]
    rows += [{"kind": "relationship", "name": k, "count": v} for k, v in counts["relationships"].items()]
    echo(output.to_table(rows, title="What the demo county holds"))


SECTIONS: list[Callable[[Store, Echo], None]] = [_stats_section]


def _influence_section(store: Store, echo: Echo) -> None:
    from . import influence

    results = influence.analyse_chains(store)
    echo(output.to_table(influence.summary_rows(results),
                         title="Chain leaders ranked by influence (orggraph influence)"))


SECTIONS.append(_influence_section)


def fresh_embedded(path: str | Path) -> Store:
    path = Path(path)
    for leftover in (path, Path(f"{path}.wal"), Path(f"{path}.lock")):
        if leftover.is_dir():
            shutil.rmtree(leftover)
        elif leftover.exists():
            leftover.unlink()
    return open_store(str(path))


def run_demo(db: str | Path, echo: Echo, bundle: Path | None = None) -> None:
    bundle = bundle or demo_bundle()
    with fresh_embedded(db) as store:
        report = load_bundle(store, bundle)
        echo(f"Loaded the demo county from {bundle}: {report.nodes} nodes, "
             f"{report.relationships} relationships into {db}\n")
        for section in SECTIONS:
            section(store, echo)
    echo(f"Explore it further with: orggraph --db {db} stats  (or query, coverage, …)")
