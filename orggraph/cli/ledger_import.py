"""`orggraph import`: a department's own 台账 workbook → a bundle, through a mapping file."""
from __future__ import annotations

from pathlib import Path

import click

from ..ledger import LedgerError, make_plan, mapping_text, read_mapping, suggest, write_bundle
from ..ledger.report import listed, summary


@click.command("import")
@click.argument("ledger", type=click.Path(dir_okay=False), metavar="台账")
@click.option("--mapping", "mapping_file", type=click.Path(dir_okay=False),
              metavar="文件",
              help="映射文件（TOML）：每张工作表对应哪个标签或关系、每列是什么。与 --suggest "
                   "同用时为建议映射的写入位置 [默认：<台账>.映射.toml]。")
@click.option("-o", "--output", "out", type=click.Path(file_okay=False),
              metavar="文件夹", help="写入台账包（nodes/ 和 rels/）的文件夹。")
@click.option("--preview", is_flag=True,
              help="只预览将写入的内容和全部问题，不写入任何文件。")
@click.option("--suggest", "do_suggest", is_flag=True,
              help="生成建议的映射文件（每项猜测附把握程度，未能对应的列标“?”），修改后再导入。")
def command(ledger: str, mapping_file: str | None, out: str | None, preview: bool,
            do_suggest: bool) -> None:
    """把组织部门自用的台账工作簿（台账）转换为台账包。

    能处理标题行和单位行、合并的两级表头、序号、合计/小计、空行和“注：”行；关系列中的名称
    （所属乡镇、上级党组织、书记……）转换为编号。

    \b
    步骤：orggraph import 台账.xlsx --suggest --mapping 映射.toml
          （修改 映射.toml）
          orggraph import 台账.xlsx --mapping 映射.toml --preview
          orggraph import 台账.xlsx --mapping 映射.toml -o bundle
          orggraph load bundle

    示例：orggraph import seeds/demo-ledger/青溪县党建台账.xlsx --mapping seeds/demo-ledger/映射.toml --preview
    """
    try:
        if do_suggest:
            _suggest(ledger, mapping_file)
            return
        if not mapping_file:
            raise click.UsageError("请用 --mapping 指定映射文件（没有的话先用 --suggest 生成）")
        if not preview and not out:
            raise click.UsageError("请用 -o 指定写入包的文件夹，或用 --preview 只预览")
        plan = make_plan(ledger, read_mapping(mapping_file))
        for line in summary(plan):
            click.echo(line)
        for line in listed("提示", plan.notices, 20):
            click.echo(line)
        if plan.problems:
            for line in listed("问题", plan.problems):
                click.echo(line, err=True)
            _fail(f"台账有{len(plan.problems)}个问题，{'预览未写入任何文件' if preview else '未写入任何文件'}")
        if preview:
            click.echo("预览完成，没有问题；未写入任何文件。")
            return
        counts = write_bundle(plan, out)
    except LedgerError as exc:
        for line in listed("问题", exc.problems):
            click.echo(line, err=True)
        _fail("未写入任何文件")
    nodes = sum(n for name, n in counts.items() if name[0].isupper() and not name.isupper())
    click.echo(f"已写入 {out}：节点{nodes}个，关系{sum(counts.values()) - nodes}条。"
               f"下一步：orggraph load {out}")


def _suggest(ledger: str, mapping_file: str | None) -> None:
    target = Path(mapping_file or f"{Path(ledger).stem}.映射.toml")
    if target.exists():
        raise click.UsageError(f"映射文件 {target} 已存在：为免覆盖已改好的映射，请换个文件名或先删除它")
    mapping, unmapped = suggest(ledger)
    target.write_text(mapping_text(mapping, Path(ledger).name), encoding="utf-8")
    click.echo(f"已写入映射建议 {target}：{len(mapping.sheets)}张工作表。请核对后再导入。")
    if unmapped:
        click.echo(f"未识别的列（{len(unmapped)}个，文件中标为 \"?\"，须改写或写 \"skip\"）：")
        for sheet, column in unmapped:
            click.echo(f"    工作表“{sheet}”：{column}")
    skipped = [s.sheet for s in mapping.sheets if s.skip]
    if skipped:
        click.echo(f"跳过的工作表（找不到表头）：{'、'.join(skipped)}")


def _fail(message: str) -> None:
    click.echo(f"错误：{message}", err=True)
    raise SystemExit(1)
