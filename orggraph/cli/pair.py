"""`orggraph pair`: which centre villages should lead which weak villages (跨村联建)."""
from __future__ import annotations

import click

from ..analyses.pairing import apply_plan, plan_pairs, tables
from ..analyses.pairing.plan import PairingPlan
from .. import display
from ..output import Book, Result
from .emit import emit
from .options import (Session, as_of_option, format_options, pass_session, region_name,
                      within_option)


@click.command("pair")
@within_option("Only villages below this region (a county or "
              "town id). Default: every village.")
@click.option("--min-size", type=click.IntRange(min=2), default=None,
              help="Fewest villages in a cluster, the centre included [default: 3].")
@click.option("--max-size", type=click.IntRange(min=2), default=None,
              help="Most villages in a cluster, the centre included [default: 7].")
@click.option("--max-km", type=click.FloatRange(min=0, min_open=True), default=None,
              help="Farthest great-circle distance from centre to partner [default: 15].")
@click.option("--cross-town/--same-town", default=None,
              help="Let clusters cross town borders (within one county) [default: same town].")
@click.option("--centre-score", type=float, default=None,
              help="Least composite score of a five-star centre village [default: 80].")
@click.option("--centre-min-stars", type=click.IntRange(0, 5), default=None,
              help="Fewest stars of a centre village (一般为五星级) [default: 5].")
@click.option("--centre-fallback", type=click.IntRange(0, 5), default=None,
              help="Also use villages with this many stars (e.g. 4) as fallback centres, only for "
                   "the weak villages no regular centre within reach takes [default: none].")
@click.option("--no-tiers", is_flag=True,
              help="Pair the most weak villages in all, without priority tiers (软弱涣散 first, "
                   "then 0–1 stars, 2 stars, poor, small and willing: [pairing] tiers).")
@click.option("--weak-income", type=float, default=None,
              help="Villages with a collective income below this (万元) are weak "
                   "[default: 10, or [villages] poor_income_below].")
@click.option("--small-households", type=click.IntRange(min=0), default=None,
              help="Villages with fewer households that are willing to join are weak "
                   "[default: 300, or [villages] small_households].")
@click.option("--since", type=click.IntRange(1900, 2100), default=None,
              help="Year written on applied pairs [default: the year after the as-of date's].")
@click.option("--time-limit", type=click.FloatRange(min=0, min_open=True), default=None,
              help="Seconds the MILP solver may spend on one subproblem [default: 60].")
@click.option("--apply", "apply_", is_flag=True,
              help="Write the plan as CO_BUILDS {mode: strong_weak, status: proposed}, replacing "
                   "earlier proposals for the villages in scope (pairs, and proposed 联村党总支 "
                   "of the centres in scope), all or nothing. Without it nothing is written.")
@click.option("--with-branch", is_flag=True,
              help="With --apply: also set up a proposed 联村党总支 over each cluster (based in "
                   "the centre village, led by its branch and its secretary, the partner "
                   "villages' branches its members).")
@as_of_option
@format_options()
@pass_session
def command(session: Session, within, min_size, max_size, max_km, cross_town, centre_score,
            centre_min_stars, centre_fallback, no_tiers, weak_income,
            small_households, since, time_limit, apply_, with_branch, as_of, fmt, out, bom,
            lang) -> None:
    """Plan cross-village co-building: the optimal centres for next year's weak villages.

    Centres are five-star villages with a high composite score (--centre-fallback 4: four-star
    ones too, for the weak villages no five-star centre takes); weak villages are those with a
    weak branch, two stars or fewer, a low collective income, or small and willing to join.
    The plan pairs the weakest first: the most 软弱涣散 villages, then the most of 0–1 stars,
    two stars, poor, small and willing (each tier before the next), then maximises the total
    pair score
    (proximity, the centre's strength, the village's need, industry fit), keeping clusters
    within the size limits, the distance and the town; it is proven optimal by a MILP.
    Existing active pairs are kept and count towards their centre's size. Unpaired weak
    villages are listed with the reason. Weights and thresholds: the [pairing] table of
    orggraph.toml.

    Example: orggraph pair --within R-01T04 --max-km 10 --format xlsx -o pairs.xlsx
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
        plan = plan_pairs(store, settings, within, villages=every.villages, as_of=as_of)
        if apply_:
            applied = apply_plan(store, plan, with_branch=with_branch)
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
