"""`orggraph stats`: what the database holds, counted."""
from __future__ import annotations

import click

from ..output import Result
from .emit import emit
from .options import Session, pass_session


@click.command("stats")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table",
              show_default=True)
@pass_session
def command(session: Session, fmt: str) -> None:
    """Node counts per label and relationship counts per type.

    Example: orggraph stats --format json
    """
    with session.store() as store:
        counts = store.counts()
    rows = [{"kind": "node", "name": k, "count": v} for k, v in counts["nodes"].items()]
    rows += [{"kind": "relationship", "name": k, "count": v}
             for k, v in counts["relationships"].items()]
    emit(Result(rows, json=lambda: counts), fmt, None)
