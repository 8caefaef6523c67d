"""`orggraph demo`: the demo county loaded afresh, every analysis shown on it."""
from __future__ import annotations

import click

from ..demo import DEFAULT_DEMO_DB


@click.command("demo")
@click.option("--db", "demo_db", default=DEFAULT_DEMO_DB, show_default=True, metavar="文件",
              help="为示范新建的内置数据库（原有的示范数据库会被替换，其他文件不会被覆盖）。")
def command(demo_db: str) -> None:
    """把示范县导入新建的内置数据库，并逐项展示各项分析结果。

    其他命令默认使用 ./orggraph.lbug：示范结束时会说明如何让它们读示范县的数据库
    （环境变量 ORGGRAPH_DB，或 --db）。

    示例：orggraph demo
    """
    from ..demo import run_demo

    run_demo(demo_db, lambda text: click.echo(text))
