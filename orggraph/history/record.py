"""`orggraph load` as the department runs it each quarter: load the bundle (replacing, or
merging) and leave a snapshot of the result in the same transaction."""
from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

from ..analyses import coverage
from ..load.load import DEFAULT_BATCH_SIZE, LoadReport, load_bundle
from ..store import Store
from ..store.base import Progress
from ..store.changes import Changes
from . import snapshots


def load_and_record(store: Store, path: str | Path, *, replace: bool = False,
                    settings: coverage.CoverageSettings | None = None,
                    as_of: dt.date | None = None, batch_size: int = DEFAULT_BATCH_SIZE,
                    progress: Progress | None = None
                    ) -> tuple[LoadReport, snapshots.Snapshot]:
    """Load `path` and record a snapshot of the loaded graph: its coverage findings (with
    `settings`) and rates per town. `as_of` is the date the data describe (default: today)."""
    settings = settings or coverage.CoverageSettings()
    digest = snapshots.bundle_hash(path)  # before the load: a bad path fails before writing
    made: list[snapshots.Snapshot] = []

    def snapshot(changes: Changes) -> None:
        from ..analyses.places import Places
        from ..analyses.rates import town_rates

        places = Places(store)  # one reading of places for the findings and the rates
        findings = coverage.find_gaps(store, settings=settings, places=places)
        made.append(snapshots.record(
            store, bundle=path, changes=changes, as_of=as_of or dt.date.today(),
            findings=findings, rates=town_rates(store, findings, settings, places),
            settings={"coverage": dataclasses.asdict(settings)}, replace=replace,
            digest=digest))

    report = load_bundle(store, path, batch_size=batch_size, progress=progress, replace=replace,
                         before_commit=snapshot)
    return report, made[0]
