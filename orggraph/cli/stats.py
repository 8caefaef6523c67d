"""`orggraph stats`: what the database holds, counted."""
from __future__ import annotations

import click

from .. import output
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
    if fmt == "json":
        click.echo(output.to_json(counts))
        return
    rows = [{"kind": "node", "name": k, "count": v} for k, v in counts["nodes"].items()]
    rows += [{"kind": "relationship", "name": k, "count": v}
             for k, v in counts["relationships"].items()]
    click.echo(output.to_table(rows), nl=False)
