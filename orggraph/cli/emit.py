"""`emit`: how every command shows its result — on the terminal or in the file of -o, as a
table, JSON, CSV or an Excel workbook. The one place that knows the formats' ways."""
from __future__ import annotations

from pathlib import Path

import click

from .. import output
from ..display import DEFAULT_LANG
from ..output import OutputError, Result

# Excel on a Chinese Windows PC reads a CSV without a byte-order mark in the system code page
# (GBK): files get one so that it detects UTF-8. Terminals and pipes get none unless --bom.
BOM = "\ufeff"


def emit(result: Result, fmt: str, out: str | None, *, bom: bool = False,
         lang: str = DEFAULT_LANG) -> None:
    """Show `result` as `fmt`: into the file `out`, else on standard output. Tables, CSV and
    workbooks read in `lang` (Chinese unless --lang en); JSON keeps its keys and values."""
    check_destination(fmt, out)
    if fmt == "xlsx":
        write_file(out, lambda path: output.write_xlsx(path, result.workbook(lang),
                                                       context=result.context, lang=lang,
                                                       book=result.book))
    elif out:
        if fmt == "csv":  # Excel's own line ends, and the mark that says UTF-8
            text = BOM + result.text(fmt, line_end="\r\n", lang=lang)
        else:
            text = result.text(fmt, lang=lang)
        write_file(out, lambda path: path.write_bytes(text.encode("utf-8")))
    else:
        click.echo((BOM if bom and fmt == "csv" else "") + result.text(fmt, lang=lang), nl=False)
    if out:
        click.echo(output.written(out), err=True)


def check_destination(fmt: str, out: str | None) -> None:
    """Refuse what cannot be written, before any work is done (`format_options` calls it first)."""
    if fmt == "xlsx" and not out:
        raise OutputError("--format xlsx 生成 Excel 工作簿，须用 -o 指定文件名（如 -o 结果.xlsx）")
    if out and Path(out).is_dir():
        raise OutputError(f"无法写入 {out}：这是文件夹，请给出文件名")


def write_file(out: str, write) -> None:
    """Run `write(path)`, turning what the system refuses into an error that names the file."""
    path = Path(out)
    try:
        write(path)
    except OSError as exc:
        raise OutputError(output.cannot_write(out, exc)) from None
