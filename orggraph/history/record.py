"""`orggraph load` as the department runs it each quarter: load the bundle (replacing, or
merging) and leave a snapshot of the result in the same transaction."""
from __future__ import annotations

import dataclasses
from pathlib import Path

from .. import notions
from ..analyses import coverage
from ..load.load import DEFAULT_BATCH_SIZE, LoadReport, load_bundle
from ..store import Store
from ..store.base import Progress
from ..store.changes import Changes
from . import snapshots


def settings_record(settings) -> dict:
    """What a snapshot keeps of the settings its findings were made with."""
    return {"coverage": dataclasses.asdict(settings.coverage),
            "villages": dataclasses.asdict(settings.villages)}


def load_and_record(store: Store, path: str | Path, *, replace: bool = False, settings=None,
                    batch_size: int = DEFAULT_BATCH_SIZE, progress: Progress | None = None
                    ) -> tuple[LoadReport, snapshots.Snapshot]:
    """Load `path` and record a snapshot of the loaded graph: its coverage findings and rates per
    town with `settings` (orggraph.settings.Settings; default: the defaults), as of the data's
    date (the bundle's meta as_of, else the load date: notions.as_of)."""
    if settings is None:
        from ..settings import Settings
        settings = Settings()
    digest = snapshots.bundle_hash(path)  # before the load: a bad path fails before writing
    made: list[snapshots.Snapshot] = []

    def snapshot(changes: Changes) -> None:  # inside the load's transaction, after Meta
        from ..analyses.places import Places
        from ..analyses.rates import town_rates

        as_of = notions.as_of(store)
        places = Places(store)  # one reading of places for the findings and the rates
        findings = coverage.find_gaps(store, settings=settings.coverage,
                                      villages=settings.villages, as_of=as_of, places=places)
        rates = town_rates(store, findings, settings.coverage, places,
                           villages=settings.villages, as_of=as_of)
        made.append(snapshots.record(
            store, bundle=path, changes=changes, as_of=as_of, findings=findings, rates=rates,
            settings=settings_record(settings), replace=replace, digest=digest))

    report = load_bundle(store, path, batch_size=batch_size, progress=progress, replace=replace,
                         before_commit=snapshot)
    return report, made[0]
