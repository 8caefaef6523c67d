"""`orggraph template`: an empty bundle workbook to fill in, with Chinese headers and dropdowns."""
from __future__ import annotations

from pathlib import Path

import click

from ..load.template import write_template


@click.command("template")
@click.option("-o", "--output", "path", required=True, type=click.Path(dir_okay=False, path_type=Path),
              metavar="文件", help="要生成的 .xlsx 工作簿，如 台账模板.xlsx。")
def command(path: Path) -> None:
    """生成待填写的空白台账包工作簿：每个标签、每种关系一张工作表，中文表头带填写说明，
    每个选项都有下拉列表，另有一张“说明”工作表。

    \b
    示例：
      orggraph template -o 台账模板.xlsx
    """
    if path.suffix.lower() != ".xlsx":
        raise click.UsageError("模板是 Excel 工作簿，请给出以 .xlsx 结尾的文件名")
    write_template(path)
    click.echo(f"已生成空白台账模板：{path}（填好后执行 orggraph load {path}）")
