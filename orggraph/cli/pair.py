"""`orggraph pair`: which centre villages should lead which weak villages (跨村联建)."""
from __future__ import annotations

from typing import TYPE_CHECKING

import click

from ..analyses import pairing   # its solver (and scipy) load when used
from ..analyses.pairing import tables
from .. import display
from ..output import Book, Result
from .emit import emit
from .options import (Session, as_of_option, format_options, pass_session, region_name,
                      within_option)

if TYPE_CHECKING:
    from ..analyses.pairing.plan import PairingPlan


@click.command("pair")
@within_option("只拟定这一区域（县或乡镇编号）下的村 [默认：全部村]。")
@click.option("--min-size", type=click.IntRange(min=2), default=None,
              metavar="个", help="片区最少村数（含中心村）[默认：3]。")
@click.option("--max-size", type=click.IntRange(min=2), default=None,
              metavar="个", help="片区最多村数（含中心村）[默认：7]。")
@click.option("--max-km", type=click.FloatRange(min=0, min_open=True), default=None,
              metavar="公里", help="联建村距中心村的最远距离（直线）[默认：15]。")
@click.option("--cross-town/--same-town", default=None,
              help="是否允许跨乡镇联建（限同一县内）[默认：不跨乡镇]。")
@click.option("--centre-score", type=float, default=None,
              metavar="分", help="五星级中心村的最低综合评分 [默认：80]。")
@click.option("--centre-min-stars", type=click.IntRange(0, 5), default=None,
              metavar="星级", help="中心村的最低星级（一般为五星级）[默认：5]。")
@click.option("--centre-fallback", type=click.IntRange(0, 5), default=None,
              metavar="星级",
              help="范围内没有中心村可带的弱村，另以这一星级（如4）的村作中心村 [默认：不启用]。")
@click.option("--no-tiers", is_flag=True,
              help="不分优先档次，只求入片弱村总数最多（默认先软弱涣散村，再未评星和一星级、"
                   "二星级、穷村、有意愿的小村：[pairing] tiers）。")
@click.option("--weak-income", type=float, default=None,
              metavar="万元",
              help="村集体经济收入低于此数（万元）的村为弱村 "
                   "[默认：10，或 [villages] poor_income_below]。")
@click.option("--small-households", type=click.IntRange(min=0), default=None,
              metavar="户",
              help="户数少于此数且有联建意愿的村为弱村 "
                   "[默认：300，或 [villages] small_households]。")
@click.option("--since", type=click.IntRange(1900, 2100), default=None,
              metavar="年份", help="写入的共建起始年份 [默认：数据截至日期的下一年]。")
@click.option("--time-limit", type=click.FloatRange(min=0, min_open=True), default=None,
              metavar="秒", help="整数规划求解每个子问题的时限（秒）[默认：60]。")
@click.option("--apply", "apply_", is_flag=True,
              help="把方案写入数据库，作为拟联建的结对共建关系（CO_BUILDS，mode 为 strong_weak，"
                   "status 为 proposed），替换范围内各村此前的拟联建（及范围内中心村拟组建的"
                   "联村党总支），要么全部写入，要么都不写。不加此项则不写入任何内容。")
@click.option("--with-branch", is_flag=True,
              help="与 --apply 同用：为每个片区设立拟组建的联村党总支（依托中心村建立，由中心村"
                   "党组织牵头、其书记任书记，联建村党组织隶属于它）。")
@as_of_option
@format_options()
@pass_session
def command(session: Session, within, min_size, max_size, max_km, cross_town, centre_score,
            centre_min_stars, centre_fallback, no_tiers, weak_income,
            small_households, since, time_limit, apply_, with_branch, as_of, fmt, out, bom,
            lang) -> None:
    """拟定跨村联建方案：为下一年度的弱村选定最优的中心村。

    中心村为综合评分高的五星级村（--centre-fallback 4：五星级中心村带不到的弱村，也可由
    四星级村带）；弱村为软弱涣散、二星级及以下、村集体经济收入低，或户数少且有联建意愿的村。
    方案先带最弱的村：软弱涣散村入片最多，其次未评星和一星级、二星级、穷村、有意愿的小村
    （逐档优先），再使联建匹配评分合计最高（地域相邻、中心村实力、帮带需求、产业相近），并
    满足片区规模、距离和乡镇的限制；由整数规划求得并证明最优。已共建的结对保留，计入中心村
    的片区规模。未纳入联建的弱村逐一说明原因。权重和阈值取自 orggraph.toml 的 [pairing] 设置。

    示例：orggraph pair --within R-01T04 --max-km 10 --format xlsx -o 联建方案.xlsx
    """
    every = session.settings.with_options(
        "pairing", min_size=min_size, max_size=max_size, max_km=max_km, cross_town=cross_town,
        centre_score=centre_score, since=since, time_limit=time_limit,
        centre_min_stars=centre_min_stars, centre_fallback=centre_fallback,
        tiers=() if no_tiers else None).with_options(
        "villages", poor_income_below=weak_income, small_households=small_households)
    settings = every.pairing
    if with_branch and not apply_:
        raise click.UsageError("--with-branch 在写入方案时设立联村党总支，须同时加 --apply")
    with session.store(writes=apply_) as store:
        plan = pairing.plan_pairs(store, settings, within, villages=every.villages, as_of=as_of)
        if apply_:
            applied = pairing.apply_plan(store, plan, with_branch=with_branch)
        region = region_name(store, within)
    emit(_result(plan, region), fmt, out, bom=bom, lang=lang)
    if apply_:
        click.echo(applied.message(plan.year), err=True)


def _result(plan: PairingPlan, region: str) -> Result:
    clusters, unassigned = plan.cluster_rows(), plan.unassigned_rows()

    def sheets(lang: str) -> dict[str, list[dict]]:
        summary = {k: v for k, v in plan.objective.items() if not isinstance(v, (dict, list))}
        summary |= plan.objective["limits"]
        names = _SHEETS[lang]
        # The solver's name and method are for programs (JSON, --lang en).
        return {names["clusters"]: clusters, names["unassigned"]: unassigned,
                names["objective"]: [summary] if lang == "en"
                else display.items({k: v for k, v in summary.items() if k != "solver"},
                                   tables.CONTEXT)}

    source = "依据：《在全省基层党建“创新突破年”活动推进会上的汇报发言》（跨村联建、强村带弱村）"
    book = Book("跨村联建方案", region, plan.as_of,
                {_SHEETS["zh"]["clusters"]: f"{plan.objective['words']}{source}",
                 _SHEETS["zh"]["unassigned"]: f"未纳入本方案的弱村及其原因。{source}"})

    # CSV is one table: `role` tells existing, proposed and unassigned apart; first the
    # objective in words (role objective).
    rows = [r | {"as_of": plan.as_of}
            for r in [{"role": "objective", "reason": plan.objective["words"]}]
            + clusters + [{"role": "unassigned"} | r for r in unassigned]]
    return Result(rows, columns=(*tables.COLUMNS, "as_of"), json=plan.to_json,
                  table=lambda lang: tables.table(plan, lang), sheets=sheets,
                  context=tables.CONTEXT, book=book)


_SHEETS = {"en": {"clusters": "clusters", "unassigned": "unassigned", "objective": "objective"},
           "zh": {"clusters": "联建片区", "unassigned": "未纳入联建的弱村",
                  "objective": "方案目标与求解"}}
