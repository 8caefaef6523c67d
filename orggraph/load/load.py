"""Loading a bundle: check it whole, then apply it whole."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .. import model
from ..store import Store
from ..store.base import Progress
from . import fast_check
from .bundle import BundleError, open_bundle
from .validate import check, records

DEFAULT_BATCH_SIZE = 5_000


@dataclass(frozen=True)
class LoadReport:
    nodes: int
    relationships: int


def load_bundle(store: Store, path: str | Path, *, batch_size: int = DEFAULT_BATCH_SIZE,
                progress: Progress | None = None) -> LoadReport:
    """Load the bundle at `path` into `store`, or raise BundleError and write nothing."""
    tables, problems = open_bundle(path)
    batches = None
    if not problems and Path(path).is_dir():
        # Column by column first: it accepts only a clean bundle; otherwise the row path
        # below finds and reports every problem.
        batches = fast_check.batches(path, tables, _labels_lookup(store), batch_size,
                                     as_arrow=store.engine == "embedded")
    if batches is None:
        labels, problems = check(tables, store.labels_of, problems)
        if problems:
            raise BundleError(problems)
        batches = records(tables, labels, batch_size)
    counted = {"nodes": 0, "relationships": 0}

    def count(what: str, rows: int) -> None:
        counted["nodes" if what in model.LABEL_BY_NAME else "relationships"] += rows
        if progress:
            progress(what, rows)

    store.load(batches, count)
    return LoadReport(counted["nodes"], counted["relationships"])


def _labels_lookup(store: Store):
    """store.labels_of, skipped while the graph is empty (a first load of a big bundle)."""
    if not any(store.counts()["nodes"].values()):
        return lambda ids: {}
    return store.labels_of
