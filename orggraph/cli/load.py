"""`orggraph load`: check a bundle whole, then write it to the database."""
from __future__ import annotations

import sys

import click

from ..load.load import load_bundle
from .options import Session, pass_session


@click.command("load")
@click.argument("bundle", type=click.Path(exists=True))
@click.option("--batch-size", default=5000, show_default=True, help="Rows per write batch.")
@pass_session
def command(session: Session, bundle: str, batch_size: int) -> None:
    """Load BUNDLE (a folder with nodes/ and rels/ CSVs, or an .xlsx workbook).

    The whole bundle is checked first; any problem is reported with file, row and column and
    nothing is written. Loading the same bundle twice changes nothing.

    Example: orggraph load seeds/demo
    """
    from rich.progress import Progress, SpinnerColumn, TextColumn

    with session.store(writes=True, creates=True) as store, Progress(SpinnerColumn(), TextColumn("{task.description}"),
                                            transient=True, disable=not sys.stderr.isatty()) as bar:
        task = bar.add_task("checking…")
        done: dict[str, int] = {}

        def progress(what: str, rows: int) -> None:
            done[what] = done.get(what, 0) + rows
            bar.update(task, description=f"writing {what}: {done[what]:,} rows")

        report = load_bundle(store, bundle, batch_size=batch_size, progress=progress)
    click.echo(f"Loaded {report.nodes:,} nodes and {report.relationships:,} relationships "
               f"from {bundle}.")
