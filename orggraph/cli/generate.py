"""`orggraph generate`: write a synthetic bundle (a county, a city or a province)."""
from __future__ import annotations

import time
from pathlib import Path

import click

from .. import model
from ..generate import SCALES, write_bundle
from ..output import OutputError


@click.command("generate")
@click.option("--scale", type=click.Choice(tuple(SCALES)), default="county", show_default=True,
              help="town：一个乡镇及其村，用于试用；county：与示范县同规模；city：8个县；"
                   "province：100个县（约2万个村、20万家企业、100万人、430万行）。")
@click.option("--seed", type=int, default=7, show_default=True,
              metavar="整数", help="随机种子：规模和种子相同，生成的文件逐字节相同。")
@click.option("-o", "--output", "out", required=True, type=click.Path(file_okay=False),
              metavar="文件夹", help="写入 nodes/ 和 rels/ 的文件夹（不存在则新建）。")
def command(scale: str, seed: int, out: str) -> None:
    """生成确定的模拟台账包，用于导入、测试或性能测量。

    乡镇按县成片，村围绕乡镇分布；产业链跨县，供应配套网络有枢纽企业；少数预置的问题让每类
    覆盖问题、跨村联建和链主带动分析都有结果。一切均为虚构（名称、人员、地点），不是真实数据。
    文件边生成边写出，占用内存有限。

    CSV 文件带字节顺序标记（BOM），Excel 可按 UTF-8 正确打开。

    示例：orggraph generate --scale town -o town && orggraph --db town.lbug load town
    """
    folder = Path(out)
    if folder.exists():
        foreign = sorted(p.name for p in folder.iterdir() if p.name not in ("nodes", "rels"))
        if foreign:
            raise OutputError(
                f"{folder} 中有其他文件（{'、'.join(foreign[:5])}）：台账包文件夹只含 nodes/ 和 "
                "rels/，请指定新的或空的文件夹")
    started = time.perf_counter()
    counts = write_bundle(folder, scale, seed)
    nodes = sum(n for name, n in counts.items() if name in model.LABEL_BY_NAME)
    rels = sum(counts.values()) - nodes
    click.echo(f"已生成{SCALES[scale].words}规模的模拟台账包（随机种子 {seed}），写入 {folder}：节点{nodes:,}个、"
               f"关系{rels:,}条，用时{time.perf_counter() - started:.1f}秒。")
