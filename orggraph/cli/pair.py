"""`orggraph pair`: which centre villages should lead which weak villages (跨村联建)."""
from __future__ import annotations

import click

from .. import config
from ..analyses.pairing import PairingSettings, apply_plan, plan_pairs, report
from ..analyses.pairing.plan import Plan
from ..output import Result
from .emit import emit
from .options import Session, format_options, pass_session, within_option


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
@click.option("--weak-income", type=float, default=None,
              help="Villages with a collective income below this (万元) are weak [default: 10].")
@click.option("--small-households", type=click.IntRange(min=0), default=None,
              help="Villages with fewer households that are willing to join are weak "
                   "[default: 300].")
@click.option("--since", type=click.IntRange(1900, 2100), default=None,
              help="Year written on applied pairs [default: next year].")
@click.option("--time-limit", type=click.FloatRange(min=0, min_open=True), default=None,
              help="Seconds the MILP solver may spend on one subproblem [default: 60].")
@click.option("--apply", "apply_", is_flag=True,
              help="Write the plan as CO_BUILDS {mode: strong_weak, status: proposed}, replacing "
                   "earlier proposals for the villages in scope. Without it nothing is written.")
@format_options()
@pass_session
def command(session: Session, within, min_size, max_size, max_km, cross_town, centre_score, weak_income,
            small_households, since, time_limit, apply_, fmt, out, bom) -> None:
    """Plan cross-village co-building: the optimal centres for next year's weak villages.

    Centres are five-star villages with a high composite score; weak villages are those with a
    weak branch, two stars or fewer, a low collective income, or small and willing to join.
    The plan pairs as many weak villages as possible, then maximises the total pair score
    (proximity, the centre's strength, the village's need, industry fit), keeping clusters
    within the size limits, the distance and the town; it is proven optimal by a MILP.
    Existing active pairs are kept and count towards their centre's size. Unpaired weak
    villages are listed with the reason. Weights and thresholds: the [pairing] table of
    orggraph.toml.

    Example: orggraph pair --within R-01T04 --max-km 10 --format xlsx -o pairs.xlsx
    """
    cfg, source = session.config()
    settings = config.settings(
        PairingSettings, cfg, "pairing", source, min_size=min_size, max_size=max_size,
        max_km=max_km, cross_town=cross_town, centre_score=centre_score, weak_income=weak_income,
        small_households=small_households, since=since, time_limit=time_limit)
    with session.store(writes=apply_) as store:
        plan = plan_pairs(store, settings, within)
        if apply_:
            written, withdrawn = apply_plan(store, plan)
    emit(_result(plan), fmt, out, bom=bom)
    if apply_:
        click.echo(f"Wrote {written} proposed co-building pair(s) for {settings.year}"
                   f"{f'; withdrew {withdrawn} earlier proposal(s)' if withdrawn else ''}.",
                   err=True)


def _result(plan: Plan) -> Result:
    clusters, unassigned = plan.cluster_rows(), plan.unassigned_rows()

    def sheets() -> dict[str, list[dict]]:
        summary = {k: v for k, v in plan.objective.items() if not isinstance(v, (dict, list))}
        return {"clusters": clusters, "unassigned": unassigned,
                "objective": [summary | plan.objective["limits"]]}

    # CSV is one table: `role` tells existing, proposed and unassigned apart.
    return Result(clusters + [{"role": "unassigned"} | r for r in unassigned],
                  columns=report.COLUMNS, json=plan.to_json, table=lambda: report.table(plan),
                  sheets=sheets)
