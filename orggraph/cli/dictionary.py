"""`orggraph dictionary`: the data dictionary (docs/DATA_MODEL.md), generated from the model."""
from __future__ import annotations

from pathlib import Path

import click

from .. import datadict


@click.command("dictionary")
@click.option("-o", "--output", "path", type=click.Path(dir_okay=False, path_type=Path),
              help="Write it to this file (docs/DATA_MODEL.md in the repository); else print it.")
def command(path: Path | None) -> None:
    """The data dictionary: every label, relationship, column, type and enum with its Chinese
    name, an example row and the derived notions (Markdown).

    \b
    Example:
      orggraph dictionary -o docs/DATA_MODEL.md
    """
    text = datadict.render()
    if path is None:
        click.echo(text, nl=False)
        return
    path.write_text(text, encoding="utf-8")
    click.echo(f"已写入数据字典：{path}")
