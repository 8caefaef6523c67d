"""Loading a bundle: check it whole, then apply it whole."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from .. import model, notions
from ..store import Store
from ..store.base import Progress
from ..store.changes import Changes, ReplaceScope
from . import fast_check
from .bundle import BundleError, open_bundle, read_meta
from .validate import check, records

DEFAULT_BATCH_SIZE = 5_000


@dataclass(frozen=True)
class LoadReport:
    nodes: int          # rows read from the bundle's node files
    relationships: int  # rows read from its relationship files
    changes: Changes = field(default_factory=Changes)  # what that did to the graph
    replaced: ReplaceScope | None = None  # with --replace: the labels and types it covered


def load_bundle(store: Store, path: str | Path, *, batch_size: int = DEFAULT_BATCH_SIZE,
                progress: Progress | None = None, replace: bool = False,
                before_commit: Callable[[Changes], None] | None = None) -> LoadReport:
    """Load the bundle at `path` into `store`, or raise BundleError and write nothing.

    With `replace`, the bundle is the whole truth for the labels and types it has a file for:
    their nodes and relationships that it no longer holds are removed (proposals written by
    `pair --apply` / `cadres --apply` are kept unless an active relationship between the same
    ends settles them), in the load's transaction. `before_commit` runs inside that transaction
    once the graph is loaded (see Store.load)."""
    tables, problems = open_bundle(path)
    scope = ReplaceScope(frozenset(t.name for t in tables if t.kind == "node"),
                         frozenset(t.name for t in tables if t.kind == "rel")) if replace else None
    meta, meta_problems = read_meta(path)
    problems = problems + meta_problems
    batches = None
    if not problems and Path(path).is_dir():
        # Column by column first: it accepts only a clean bundle; otherwise the row path
        # below finds and reports every problem.
        batches = fast_check.batches(path, tables, _labels_lookup(store), batch_size,
                                     as_arrow=store.takes_arrow)
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

    def finish(changes: Changes) -> None:  # inside the load's transaction
        _write_meta(store, meta.get("as_of"))
        if before_commit:
            before_commit(changes)

    changes = store.load(batches, count, replace=scope, before_commit=finish)
    return LoadReport(counted["nodes"], counted["relationships"], changes, scope)


def _write_meta(store: Store, as_of: str | None) -> None:
    """Record the data's date: the bundle's as_of where it declares one (else the date already
    recorded), and the load date."""
    store.query("MERGE (m:Meta {id: $id}) SET m.loaded = $loaded, "
                "m.as_of = coalesce($as_of, m.as_of)",
                {"id": notions.META_ID, "loaded": dt.date.today().isoformat(), "as_of": as_of},
                write=True)


def _labels_lookup(store: Store):
    """store.labels_of, skipped while the graph is empty (a first load of a big bundle)."""
    if not any(store.counts()["nodes"].values()):
        return lambda ids: {}
    return store.labels_of
