"""`orggraph dictionary`: the data dictionary (docs/DATA_MODEL.md), generated from the model."""
from __future__ import annotations

from pathlib import Path

import click

from .. import datadict


@click.command("dictionary")
@click.option("-o", "--output", "path", type=click.Path(dir_okay=False, path_type=Path),
              metavar="文件", help="写入这个文件（仓库中为 docs/DATA_MODEL.md）；不给则直接显示。")
def command(path: Path | None) -> None:
    """数据字典：每个标签、关系、列、类型和枚举值及其中文名称，附示例行和派生概念（Markdown 格式）。

    \b
    示例：
      orggraph dictionary -o docs/DATA_MODEL.md
    """
    text = datadict.render()
    if path is None:
        click.echo(text, nl=False)
        return
    path.write_text(text, encoding="utf-8")
    click.echo(f"已写入数据字典：{path}")
