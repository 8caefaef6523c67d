"""`orggraph demo`: the demo county loaded afresh, every analysis shown on it."""
from __future__ import annotations

import click


@click.command("demo")
@click.option("--db", "demo_db", default="orggraph-demo.lbug", show_default=True,
              help="The embedded database to create afresh for the demo.")
def command(demo_db: str) -> None:
    """Load the demo county into a fresh embedded database and show every analysis on it.

    Example: orggraph demo --db /tmp/demo.lbug
    """
    from ..demo import run_demo

    run_demo(demo_db, lambda text: click.echo(text))
