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
              show_default=True, help="输出格式：table 表格，json 供程序读取。")
@pass_session
def command(session: Session, fmt: str) -> None:
    """列出每次 orggraph load 记录的快照：数据截至日期、导入时间、台账包（及其内容校验值）、
    节点数、关系数、覆盖问题数，以及该次导入新增、变更、删除了什么。快照编号或日期可用于
    coverage --since。

    示例：orggraph history --format json
    """
    with session.store() as store:
        rows = [s.row() for s in history(store)]

    def table(lang: str = "zh") -> str:
        if not rows:
            return "数据库中还没有快照：每次 orggraph load 会记录一个快照。\n"
        shown = [{COLUMNS_ZH[k]: (MODE_ZH[v] if k == "mode" else v[:12] if k == "bundle_hash"
                                  else v) for k, v in row.items()} for row in rows]
        return output.to_table(shown, title="历次载入快照", whole=(COLUMNS_ZH["bundle"],))

    emit(Result(rows, table=table), fmt, None)
