"""`orggraph report`: index.html with the analyses' tables, linking every map, all offline."""
from __future__ import annotations

import shlex

import click

from .options import Session, as_of_option, pass_session, show_names_option, within_option
from ..maps.views import REGISTRY
from ..report import write_pdf, write_report

HELP = """生成 HTML 报告：覆盖问题汇总、链主带动排名和跨村联建方案作为表格写入 index.html，
旁边每幅地图一页（{maps}）。每项分析只运行一次，表格和地图共用结果。

所有内容都内嵌在文件中：把文件夹复制到不能上网的电脑上，打开 index.html 即可。可用 A4
纸打印（每部分另起一页；地图按当前视图打印）；--pdf 另用本机的无界面 Chromium（或 Chrome、
Edge；环境变量 ORGGRAPH_CHROMIUM 可另行指定）生成 report.pdf（先索引页，再逐幅地图）。

示例：orggraph report -o report/ && xdg-open report/index.html
""".format(maps="、".join(v.name for v in REGISTRY.values() if v.report))


@click.command("report", help=HELP)
@click.option("-o", "--output", "out", required=True, type=click.Path(file_okay=False),
              metavar="文件夹", help="写入 index.html 和地图的文件夹（不存在则新建）。")
@within_option("只含这一区域及其下各级（及其周边关系图）。")
@show_names_option("显示人员全名（默认脱敏，如张**）。")
@click.option("--pdf", "as_pdf", is_flag=True,
              help="另用本机的无界面 Chromium 生成 report.pdf（索引页和每幅地图，按 A4 打印）。")
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
