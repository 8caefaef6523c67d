"""`orggraph history`: the snapshots that loads left in the database, oldest first."""
from __future__ import annotations

import click

from .. import output
from ..history.snapshots import COLUMNS_ZH, MODE_ZH, history
from ..output import Result
from .emit import emit
from .options import Session, pass_session


@click.command("history")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table",
              show_default=True, help="Output format.")
@pass_session
def command(session: Session, fmt: str) -> None:
    """List the snapshots each `orggraph load` recorded: as-of date, when, which bundle (and
    its content hash), how many nodes, relationships and coverage findings, and what the load
    created, changed and removed. Use a snapshot's id or date with `coverage --since`.

    Example: orggraph history --format json
    """
    with session.store() as store:
        rows = [s.row() for s in history(store)]

    def table() -> str:
        if not rows:
            return "数据库中还没有快照：每次 orggraph load 会记录一个快照。\n"
        shown = [{COLUMNS_ZH[k]: (MODE_ZH[v] if k == "mode" else v[:12] if k == "bundle_hash"
                                  else v) for k, v in row.items()} for row in rows]
        return output.to_table(shown, title="历次载入快照")

    emit(Result(rows, table=table), fmt, None)
