"""`orggraph load`: check a bundle whole, then write it to the database, with a snapshot."""
from __future__ import annotations

import sys

import click

from .. import output
from ..history import changes_text
from ..history.record import load_and_record
from .options import Session, pass_session


@click.command("load")
@click.argument("bundle", type=click.Path(exists=True), metavar="台账包")
@click.option("--batch-size", default=5000, show_default=True, help="Rows per write batch.")
@click.option("--replace", is_flag=True,
              help="The bundle is the whole truth for every file it has: nodes of those labels "
                   "and relationships of those types that it no longer holds are removed "
                   "(proposals from pair/cadres --apply are kept unless an active relationship "
                   "between the same ends settles them). In the load's one transaction.")
@pass_session
def command(session: Session, bundle: str, batch_size: int, replace: bool) -> None:
    """Load BUNDLE (a folder with nodes/ and rels/ CSVs, or an .xlsx workbook).

    The whole bundle is checked first; any problem is reported with file, row and column and
    nothing is written. Loading the same bundle twice changes nothing. Says how many nodes and
    relationships were created, changed, removed and left unchanged, and records a snapshot
    (orggraph history) in the same transaction.

    Example: orggraph load --replace 台账-2025Q3/
    """
    from rich.progress import Progress, SpinnerColumn, TextColumn

    with session.store(writes=True, creates=True) as store, Progress(SpinnerColumn(), TextColumn("{task.description}"),
                                            transient=True, disable=not sys.stderr.isatty()) as bar:
        task = bar.add_task("checking…")
        done: dict[str, int] = {}

        def progress(what: str, rows: int) -> None:
            done[what] = done.get(what, 0) + rows
            bar.update(task, description=f"writing {what}: {done[what]:,} rows")

        report, snapshot = load_and_record(store, bundle, replace=replace,
                                           settings=session.settings,
                                           batch_size=batch_size, progress=progress)
    click.echo(changes_text.summary_line(report.changes, bundle, replace=replace))
    click.echo(f"已记录快照 {snapshot.id}（数据截至 {snapshot.as_of}，覆盖问题 "
               f"{len(snapshot.findings)} 条）；orggraph history 查看历次载入。")
    changed = changes_text.rows(report.changes)
    if changed:
        click.echo(output.to_table(changed), nl=False)
