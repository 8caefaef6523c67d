"""`orggraph influence`: how far each chain leader (链主) reaches through its chain."""
from __future__ import annotations

import click

from .. import notions, output
from ..analyses import influence
from ..output import Book, Result
from .emit import emit
from .options import Session, as_of_option, format_options, pass_session, region_name


@click.command("influence")
@click.option("--chain", "chains", multiple=True, metavar="产业链编号",
              help="只分析这条产业链，可重复给出多条 [默认：全部产业链]。")
@click.option("--hops", type=click.IntRange(min=1), default=None,
              metavar="级",
              help="带动层级：链主企业经供应配套关系几级以内的链上企业算作带动企业 "
                   "[默认：2，或 [influence] hops]。")
@as_of_option
@format_options()
@pass_session
def command(session: Session, chains: tuple[str, ...], hops: int | None, as_of, fmt: str,
            out: str | None, bom: bool, lang: str) -> None:
    """按链主企业在产业链上的带动作用给产业链排名。

    每条产业链：链主企业经供应配套关系（上下游均算）若干级以内带动的链上企业数、链上影响力
    位次（PageRank）、辐射外溢度和中介中心度、带动企业党组织覆盖率，以及离链主最近、尚未
    纳入党建联盟的企业（建议吸纳入盟）。JSON 含全部字段；表格显示主要数字。阈值和指数权重
    取自 orggraph.toml 的 [influence] 设置。

    示例：orggraph influence --chain C-01-1 --hops 3 --format json -o chains.json
    """
    every = session.settings.with_options("influence", hops=hops)
    settings = every.influence
    with session.store() as store:
        as_of = notions.as_of(store, as_of)
        results = influence.analyse_chains(store, list(chains) or None, settings,
                                           villages=every.villages, as_of=as_of)
        region = region_name(store, None)
    emit(Result(_full_rows(results), json=lambda: results, context=CONTEXT,
                table=lambda lang: _table(results, settings.hops, as_of, lang),
                sheets=lambda lang: _sheets(results, lang),
                book=Book("链主带动分析", region, as_of.isoformat(),
                          dict.fromkeys(_SHEETS_ZH.values(), _note(settings)))),
         fmt, out, bom=bom, lang=lang)


def _note(settings) -> str:
    """How the index is made, for the workbook's title rows."""
    weights = settings.index_weights()
    w = {k: v / sum(weights.values()) for k, v in weights.items()}
    return (f"带动企业为链主企业{settings.hops}级以内供应配套关系上的链上企业；带动指数（0–100）"
            f"按带动覆盖{w['reach']:.0%}、接近中心度{w['closeness']:.0%}、链上影响力位次"
            f"{w['outrank']:.0%}、桥梁作用{w['brokerage']:.0%}加权。依据：《市委组织部部长在基层"
            f"党建经验分享会上的发言》（产业链党建、党建联盟）")


CONTEXT = "influence"
_SHEETS_ZH = {"chains": "链主带动排名", "reach": "带动企业", "recommend": "建议吸纳入盟企业"}


def _table(results: list[dict], hops: int, as_of, lang: str) -> str:
    title = (f"Chain-leader influence (reach within {hops} hops; as of {as_of})" if lang == "en"
             else f"链主带动排名（带动{hops}级以内上下游企业；数据截至{as_of}）")
    return output.to_table(influence.summary_rows(results), title=title, context=CONTEXT,
                           lang=lang)


def _sheets(results: list[dict], lang: str) -> dict[str, list[dict]]:
    sheets = {"chains": _full_rows(results), **influence.detail_rows(results)}
    if lang == "en":
        return sheets
    # action_zh repeats action in Chinese: the Chinese workbook shows it once.
    # `hops` there is how far the member is from the leader, not the reach's limit.
    sheets["recommend"] = [{("hops_from_leader" if k == "hops" else k): v
                            for k, v in r.items() if k != "action_zh"}
                           for r in sheets["recommend"]]
    return {_SHEETS_ZH.get(name, name): rows for name, rows in sheets.items()}


def _full_rows(results: list[dict]) -> list[dict]:
    """CSV / workbook rows: every scalar field, id lists joined with ';', what the leader lacks
    and the recommendations in words."""
    rows = []
    for r in results:
        row = {k: v for k, v in r.items() if k not in ("recommend", "influence_parts")}
        row["leader_lacks"] = influence.leader_lacks(r)
        row["recommend"] = influence.recommend_text(r)
        rows.append(row)
    return rows
