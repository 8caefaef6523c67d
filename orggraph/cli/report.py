"""`orggraph report`: index.html with the analyses' tables, linking every map, all offline."""
from __future__ import annotations

import shlex

import click

from .options import Session, as_of_option, pass_session, show_names_option, within_option
from ..maps.views import REGISTRY
from ..report import write_pdf, write_report

HELP = """Write an HTML report: the coverage summary, the chain ranking and the pairing plan as
tables in index.html, with a page per map beside it ({maps}). Each analysis runs once and feeds
both the tables and the maps.

Everything is inlined: copy the folder to a machine without internet and open index.html.
It prints on A4 (each section on a page of its own; a map prints its current view); --pdf
also writes report.pdf (the index, then every map) with the installed headless Chromium
(or Chrome, or Edge; ORGGRAPH_CHROMIUM names another).

Example: orggraph report -o report/ && xdg-open report/index.html
""".format(maps=", ".join(v.name for v in REGISTRY.values() if v.report))


@click.command("report", help=HELP)
@click.option("-o", "--output", "out", required=True, type=click.Path(file_okay=False),
              help="The folder to write index.html and the maps into (created if missing).")
@within_option("Only what lies at or below this region (and its neighbourhood map).")
@show_names_option("Show people's full names (masked by default).")
@click.option("--pdf", "as_pdf", is_flag=True,
              help="Also write report.pdf (the index, then every map, as they print on A4) with "
                   "the installed headless Chromium.")
@as_of_option
@pass_session
def command(session: Session, out, within, show_names, as_pdf, as_of) -> None:
    parts = ["orggraph", "report", "-o", out] + (["--within", within] if within else []) \
        + (["--show-names"] if show_names else []) + (["--as-of", str(as_of)] if as_of else []) \
        + (["--pdf"] if as_pdf else [])
    with session.store() as store:
        report = write_report(store, out, cfg=session.config(), within=within,
                              show_names=show_names, command=shlex.join(parts), as_of=as_of)
    click.echo(f"已写出报告 {report.index} 和 {len(report.maps)} 张网络图")
    if as_pdf:
        click.echo(f"已写出 PDF：{write_pdf(report)}")
