"""`orggraph stats`: what the database holds, counted."""
from __future__ import annotations

import click

from ..output import Result
from .emit import emit
from .options import Session, lang_option, pass_session


@click.command("stats")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table",
              show_default=True, help="输出格式：table 表格，json 供程序读取。")
@lang_option
@pass_session
def command(session: Session, fmt: str, lang: str) -> None:
    """统计库中各类节点数（按标签）和各类关系数（按类型）。

    示例：orggraph stats --format json
    """
    with session.store() as store:
        counts = store.counts()
    rows = [{"kind": "node", "name": k, "count": v} for k, v in counts["nodes"].items()]
    rows += [{"kind": "relationship", "name": k, "count": v}
             for k, v in counts["relationships"].items()]
    emit(Result(rows, json=lambda: counts, context="stats"), fmt, None, lang=lang)
