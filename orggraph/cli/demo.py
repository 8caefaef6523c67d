"""`orggraph demo`: the demo county loaded afresh, every analysis shown on it."""
from __future__ import annotations

import click

from ..demo import DEFAULT_DEMO_DB


@click.command("demo")
@click.option("--db", "demo_db", default=DEFAULT_DEMO_DB, show_default=True,
              help="The embedded database to create afresh for the demo (an earlier demo "
                   "database there is replaced; any other file is refused).")
def command(demo_db: str) -> None:
    """Load the demo county into a fresh embedded database and show every analysis on it.

    Later commands use ./orggraph.lbug unless told otherwise: the demo ends by showing how to
    point them at its database (ORGGRAPH_DB, or --db).

    Example: orggraph demo
    """
    from ..demo import run_demo

    run_demo(demo_db, lambda text: click.echo(text))
