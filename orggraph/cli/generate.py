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
              help="town: one town and its villages, for a quick try; county: the demo county; city: 8 counties; province: 100 counties "
                   "(~20,000 villages, ~200,000 enterprises, ~1M people, ~4.3M rows).")
@click.option("--seed", type=int, default=7, show_default=True,
              help="Same scale and seed, same bytes.")
@click.option("-o", "--output", "out", required=True, type=click.Path(file_okay=False),
              help="Folder to write nodes/ and rels/ into (created if missing).")
def command(scale: str, seed: int, out: str) -> None:
    """Write a deterministic synthetic bundle to load, test or benchmark with.

    Towns cluster in counties, villages around towns; industry chains cross counties and
    supply networks have hubs; a minority of planted gaps gives every coverage rule, the
    pairing and the influence analysis something to find. Everything is invented (names,
    people, places); nothing is real data. The files stream out in bounded memory.

    CSV files start with a byte-order mark, so that Excel opens them as UTF-8.

    Example: orggraph generate --scale town -o town && orggraph --db town.lbug load town
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
    click.echo(f"已生成 {scale} 规模的模拟台账包（随机种子 {seed}），写入 {folder}：节点{nodes:,}个、"
               f"关系{rels:,}条，用时{time.perf_counter() - started:.1f}秒。")
