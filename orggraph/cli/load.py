"""`orggraph load`: check a bundle whole, then write it to the database, with a snapshot."""
from __future__ import annotations

import sys

import click

from .. import output
from ..history import changes_text
from ..history.record import load_and_record
from .options import Session, pass_session


@click.command("load")
@click.argument("bundle", type=click.Path(exists=True), metavar="台账包")
@click.option("--batch-size", default=5000, show_default=True, metavar="行数", help="每批写入的行数。")
@click.option("--replace", is_flag=True,
              help="以台账包为准替换：台账包含有的每个文件，其标签的节点和类型的关系中，台账包"
                   "已不再有的从库中删除（pair、cadres --apply 写入的拟联建、拟选派保留，除非"
                   "同两端之间已有在岗、已共建的关系）。与导入在同一事务中完成。")
@pass_session
def command(session: Session, bundle: str, batch_size: int, replace: bool) -> None:
    """导入台账包（含 nodes/ 和 rels/ 两个 CSV 文件夹的文件夹，或一个 .xlsx 工作簿）。

    先检查整个台账包，发现问题逐条列出所在文件、行、列，且不写入任何内容；同一台账包导入两次，
    结果不变。导入后报告新增、变更、删除和未变的节点数、关系数，并在同一事务中记录一个快照
    （orggraph history 查看）。

    示例：orggraph load --replace 台账-2025Q3/
    """
    from rich.progress import Progress, SpinnerColumn, TextColumn

    with session.store(writes=True, creates=True) as store, Progress(SpinnerColumn(), TextColumn("{task.description}"),
                                            transient=True, disable=not sys.stderr.isatty()) as bar:
        task = bar.add_task("检查中…")
        done: dict[str, int] = {}

        def progress(what: str, rows: int) -> None:
            done[what] = done.get(what, 0) + rows
            bar.update(task, description=f"写入 {what}：{done[what]:,}行")

        report, snapshot = load_and_record(store, bundle, replace=replace,
                                           settings=session.settings,
                                           batch_size=batch_size, progress=progress)
    click.echo(changes_text.summary_line(report.changes, bundle, replace=replace))
    click.echo(f"已记录快照 {snapshot.id}（数据截至 {snapshot.as_of}，覆盖问题 "
               f"{len(snapshot.findings)} 条）；orggraph history 查看历次载入。")
    changed = changes_text.rows(report.changes)
    if changed:
        click.echo(output.to_table(changed), nl=False)
