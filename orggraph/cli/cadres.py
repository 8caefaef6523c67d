"""`orggraph cadres`: which stationed cadre for which village (干部驻村匹配)."""
from __future__ import annotations

from collections import Counter

import click

from .. import output
from ..analyses.cadres import apply_plan, plan_cadres
from ..analyses.cadres.plan import CadrePlan
from ..output import Result
from .emit import emit
from .options import (Session, as_of_option, format_options, pass_session, show_names_option,
                      within_option)


CSV_COLUMNS = ("section", "village", "village_name", "town", "must", "needs", "cadre",
               "cadre_name", "specialty", "based_in", "role", "need", "rule", "fit", "km", "why",
               "reason")
# Beyond this many, the terminal shows counts of unplaced cadres by specialty, not the list.
LIST_CADRES_UP_TO = 15
# The terminal table keeps what a reader scans; `why` and `fit` are in JSON, CSV and XLSX.
TABLE_COLUMNS = ("village", "village_name", "town", "must", "needs", "role", "cadre",
                 "cadre_name", "specialty", "need", "rule", "km")


@click.command("cadres")
@within_option("Only villages below this region (a county "
              "or town id). Default: every village.")
@click.option("--year", type=click.IntRange(1900, 2100), default=None,
              help="The year the plan is for; terms are judged in it [default: the as-of "
                   "date's year].")
@click.option("--max-km", type=click.FloatRange(min=0, min_open=True), default=None,
              help="Farthest a cadre is sent from where they are based [default: 50, or "
                   "[cadres] max_km].")
@show_names_option("Show cadres' names (masked by default).")
@click.option("--apply", "apply_", is_flag=True,
              help="Write the matches as STATIONED_IN {role: first_secretary or work_team, "
                   "status: proposed}, replacing earlier proposals for the villages in scope "
                   "(all or nothing).")
@as_of_option
@format_options()
@pass_session
def command(session: Session, within: str | None, year: int | None, max_km: float | None, show_names: bool,
            apply_: bool, as_of, fmt: str, out: str | None, bom: bool) -> None:
    """Plan first secretaries and work teams: the optimal match of free cadres to villages.

    Each village takes a first secretary and up to [cadres] team_size (2) work-team members.
    Villages that must have a first secretary (weak, 脱贫村, 易地扶贫搬迁村) come first; then
    each cadre's specialty should serve a need of the village (party_affairs → weak, economy →
    poor, law → disorderly, agriculture → industry village, technology → specialised), each
    need once; then shorter distances win. In a village the cadre of its weightiest need goes
    as first secretary, the others as its work team. Villages with a first secretary in office and cadres stationed
    somewhere are left out. Every match is explained; villages and cadres left over are listed
    with the reason. The plan is for the as-of year (--as-of, --year). Thresholds come from
    the [cadres] and [villages] tables of orggraph.toml.

    Example: orggraph cadres --within R-01 --format xlsx -o cadres.xlsx
    """
    every = session.settings.with_options("cadres", year=year, max_km=max_km)
    with session.store(writes=apply_) as store:
        plan = plan_cadres(store, every.cadres, within, villages=every.villages, as_of=as_of)
        if apply_:
            written = apply_plan(store, plan)
    emit(_result(plan, show_names), fmt, out, bom=bom)
    if apply_:
        click.echo(f"已写入{plan.year}年拟选派{written}人次（驻村第一书记"
                   f"{len(plan.first_secretaries)}名、驻村工作队员"
                   f"{written - len(plan.first_secretaries)}名）。", err=True)


def _result(plan: CadrePlan, show_names: bool) -> Result:
    matches = plan.match_rows(show_names)
    villages, cadres = plan.village_rows(), plan.cadre_rows(show_names)
    # CSV is one sheet-like table: a section column tells the three parts apart.
    rows = ([{"section": "match"} | r for r in matches]
            + [{"section": "unmatched_village"} | r for r in villages]
            + [{"section": "unmatched_cadre"} | r for r in cadres])
    rows = [r | {"as_of": plan.as_of} for r in rows]
    return Result(rows, columns=(*CSV_COLUMNS, "as_of"), json=lambda: plan.to_json(show_names),
                  table=lambda: _table(plan, matches, villages, cadres),
                  sheets=lambda: {"summary": [plan.summary()], "needs": plan.need_rows(),
                                  "matches": matches,
                                  "unmatched_villages": villages, "unmatched_cadres": cadres})


def _table(plan: CadrePlan, matches: list[dict], villages: list[dict], cadres: list[dict]) -> str:
    s = plan.summary()
    head = (f"Cadre plan for {s['year']} (as of {s['as_of']})"
            f"{' within ' + s['within'] if s['within'] else ''}: "
            f"{s['matched']} match(es), {s['must_covered']} must-have village(s) covered, "
            f"{s['must_left']} left; {s['first_secretary_in_office']} village(s) have a first "
            f"secretary in office, {s['without_needs']} need none; "
            f"{s['cadres_busy']} cadre(s) stationed or proposed elsewhere.\n")
    parts = [head, _needs(plan),
             output.to_table(matches, TABLE_COLUMNS, title="Matches") if matches else "No matches.\n"]
    if villages:
        parts.append(output.to_table(villages, title="Villages left without a cadre"))
    if len(cadres) > LIST_CADRES_UP_TO:
        # A town's plan draws on the whole county's cadres: most of them stay free.
        counts = Counter(c["specialty"] for c in cadres)
        parts.append(f"{len(cadres)} cadres left unplaced ("
                     + ", ".join(f"{k} {n}" for k, n in sorted(counts.items()))
                     + "); each with its reason in --format json, csv or xlsx.\n")
    elif cadres:
        parts.append(output.to_table(cadres, title="Cadres left unplaced"))
    return "".join(parts)


def _needs(plan: CadrePlan) -> str:
    """Who goes as what, in numbers: first secretaries and work-team members, and each need
    served (拉萨篇's rules)."""
    s = plan.summary()
    served = "，".join(f"{r['rule']}{r['covered']}/{r['villages']}个村" for r in plan.need_rows())
    return (f"拟选派驻村第一书记{s['matched']}名、驻村工作队员{s['work_team']}名（每村至多"
            f"{s['team_size']}名）；按村情类型匹配：{served or '无'}。\n")
