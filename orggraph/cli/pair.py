"""`orggraph pair`: which centre villages should lead which weak villages (跨村联建)."""
from __future__ import annotations

from pathlib import Path

import click

from .. import output
from ..analyses.pairing import PairingError, apply_plan, plan_pairs, tables
from ..analyses.pairing.plan import PairingPlan
from .options import (Session, as_of_option, format_options, pass_session, print_result,
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
                   "earlier proposals for the villages in scope. Without it nothing is written.")
@as_of_option
@format_options()
@pass_session
def command(session: Session, within, min_size, max_size, max_km, cross_town, centre_score, weak_income,
            small_households, since, time_limit, apply_, as_of, fmt, out) -> None:
    """Plan cross-village co-building: the optimal centres for next year's weak villages.

    Centres are five-star villages with a high composite score; weak villages are those with a
    weak branch, two stars or fewer, a low collective income, or small and willing to join.
    The plan pairs as many weak villages as possible, then maximises the total pair score
    (proximity, the centre's strength, the village's need, industry fit), keeping clusters
    within the size limits, the distance and the town; it is proven optimal by a MILP.
    Existing active pairs are kept and count towards their centre's size. Unpaired weak
    villages are listed with the reason. Weights and thresholds: the [pairing] table of
    orggraph.toml.

    Example: orggraph pair --within R-330100 --max-km 10 --format xlsx -o pairs.xlsx
    """
    every = session.settings.with_options(
        "pairing", min_size=min_size, max_size=max_size, max_km=max_km, cross_town=cross_town,
        centre_score=centre_score, since=since, time_limit=time_limit).with_options(
        "villages", poor_income_below=weak_income, small_households=small_households)
    settings = every.pairing
    with session.store(writes=apply_) as store:
        try:
            plan = plan_pairs(store, settings, within, villages=every.villages, as_of=as_of)
        except PairingError as exc:
            raise click.ClickException(str(exc)) from None
        if apply_:
            written, withdrawn = apply_plan(store, plan)
    _emit(plan, fmt, out)
    if apply_:
        click.echo(f"Wrote {written} proposed co-building pair(s) for {plan.year}"
                   f"{f'; withdrew {withdrawn} earlier proposal(s)' if withdrawn else ''}.",
                   err=True)


def _emit(plan: PairingPlan, fmt: str, out: str | None) -> None:
    clusters, unassigned = plan.cluster_rows(), plan.unassigned_rows()
    if fmt == "xlsx":
        if not out:
            raise click.ClickException("--format xlsx needs -o FILE.xlsx")
        summary = {k: v for k, v in plan.objective.items() if not isinstance(v, (dict, list))}
        output.write_xlsx(Path(out), {"clusters": clusters, "unassigned": unassigned,
                                      "objective": [summary | plan.objective["limits"]]})
        print_result(None, out)
        return
    if fmt == "json":
        text = output.emit([], "json", out, json_data=plan.to_json())
    elif fmt == "csv":  # one table: `role` tells existing, proposed and unassigned apart
        rows = [r | {"as_of": plan.as_of}
                for r in clusters + [{"role": "unassigned"} | r for r in unassigned]]
        text = output.emit(rows, "csv", out, columns=(*tables.COLUMNS, "as_of"))
    else:
        text = tables.table(plan)
        if out:
            output.write_text(out, text)
            text = None
    print_result(text, out)
