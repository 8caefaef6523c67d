"""`orggraph template`: an empty bundle workbook to fill in, with Chinese headers and dropdowns."""
from __future__ import annotations

from pathlib import Path

import click

from ..load.template import write_template


@click.command("template")
@click.option("-o", "--output", "path", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="The .xlsx workbook to write, e.g. 台账模板.xlsx.")
def command(path: Path) -> None:
    """Write an empty bundle workbook to fill in: a sheet per label and relationship type,
    Chinese headers with notes, dropdowns for every choice, and a 说明 sheet.

    \b
    Example:
      orggraph template -o 台账模板.xlsx
    """
    if path.suffix.lower() != ".xlsx":
        raise click.UsageError("模板是 Excel 工作簿，请给出以 .xlsx 结尾的文件名")
    write_template(path)
    click.echo(f"已生成空白台账模板：{path}（填好后执行 orggraph load {path}）")
