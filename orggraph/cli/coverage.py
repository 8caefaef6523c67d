"""`orggraph coverage`: where the organisation system fails to cover what it must."""
from __future__ import annotations

import click

from .. import notions, output
from ..analyses import coverage
from ..output import Result
from .emit import emit
from .options import (Session, as_of_option, format_options, pass_session, show_names_option,
                      within_option)

# Columns every finding has; the table shows the rest (the facts) after them.
_BASE = ("id", "name", "town", "responsible")
_HIDDEN = ("rule", "label", "town_id", "responsible_id", "as_of")
# The header of a CSV without findings: what every finding has.
FINDING_COLUMNS = ("rule", "id", "label", "name", "town", "town_id", "responsible",
                   "responsible_id", "as_of")


@click.command("coverage")
@click.option("--rule", "rules", multiple=True, type=click.Choice(coverage.RULE_IDS),
              metavar="ID", help="Only this rule; repeat for several. Default: every rule.")
@within_option("Only findings inside this region (a town, a village, …), at any depth.")
@click.option("--summary", "as_summary", is_flag=True,
              help="Counts per rule and town instead of the findings.")
@click.option("--since", metavar="SNAPSHOT|DATE",
              help="Mark each finding new or persisting (open since when) and list those closed "
                   "(销号) since this snapshot (an id from `orggraph history`, e.g. S1) or date "
                   "(the last snapshot on or before it).")
@show_names_option("Show the names of persons (masked by default).")
@click.option("--min-members", type=click.IntRange(min=1), default=None,
              help="Party members from which an enterprise must have its own organisation "
                   "[default: 3, or [coverage] min_members_for_branch].")
@click.option("--min-employees", type=click.IntRange(min=1), default=None,
              help="Employees from which an enterprise without party members needs an "
                   "instructor [default: 50, or [coverage] min_employees_for_instructor].")
@click.option("--weak-max-stars", type=click.IntRange(0, 5), default=None,
              help="A village branch with this many stars or fewer is weak "
                   "[default: 2, or [villages] weak_max_stars].")
@click.option("--min-part-time-members", type=click.IntRange(min=1), default=None,
              help="Part-time members a community committee must have "
                   "[default: 3, or [coverage] min_part_time_members].")
@click.option("--first-secretary-tag", "tags", multiple=True, metavar="TAG",
              help="A village tag that requires a first secretary; repeat for several "
                   "[default: 脱贫村 and 易地扶贫搬迁村, or [villages] first_secretary_tags].")
@click.option("--max-contact-households", type=click.IntRange(min=1), default=None,
              help="Households one party member may look after "
                   "[default: 15, or [coverage] max_contact_households].")
@as_of_option
@format_options()
@pass_session
def command(session: Session, rules, within, as_summary, since, show_names, min_members, min_employees,
            weak_max_stars, min_part_time_members, tags, max_contact_households, as_of,
            fmt, out, bom) -> None:
    """List coverage gaps (应建尽建, 全覆盖): each finding with its rule, the town it lies in
    and the organisation that must act.

    Rules (17): enterprise_without_branch, enterprise_without_joint_branch,
    enterprise_without_instructor, grid_without_branch, village_without_first_secretary,
    weak_village_unpaired, org_without_secretary, org_without_parent,
    chain_member_outside_alliance, chain_without_leader, chain_leader_without_instructor,
    community_committee_short_of_members, street_committee_short_of_members,
    member_not_reported, unit_not_reported, grid_contact_gap, member_contact_overload. The
    table groups findings by rule with the rule's text (Chinese, English) and source; JSON is a
    list of findings, each with `as_of`; --summary gives counts per rule and town. Answers are
    as of the data's date (--as-of to change it). Thresholds come from options, else the
    [coverage] and [villages] tables of orggraph.toml.

    Example: orggraph coverage --within R-01T01 --summary --format xlsx -o gaps.xlsx
    """
    every = session.settings.with_options(
        "coverage", min_members_for_branch=min_members,
        min_employees_for_instructor=min_employees, min_part_time_members=min_part_time_members,
        max_contact_households=max_contact_households).with_options(
        "villages", weak_max_stars=weak_max_stars, first_secretary_tags=tags or None)
    settings, villages = every.coverage, every.villages
    with session.store() as store:
        as_of = notions.as_of(store, as_of)
        findings = coverage.find_gaps(store, list(rules) or None, within, settings,
                                      villages=villages, as_of=as_of, show_names=show_names)
        if since:
            from ..history import since as since_view

            compared = since_view.against(store, findings, since, list(rules) or None, within,
                                          every)
            emit(since_view.result(compared, as_summary), fmt, out, bom=bom)
            return
    chosen = list(rules) or list(coverage.RULE_IDS)
    if as_summary:
        rows = coverage.summary(findings, chosen)
        # The short Chinese titles make the terminal table too wide; files keep them.
        result = Result(rows, sheet="summary",
                        title=f"Coverage gaps per rule and town (as of {as_of})",
                        table_columns=[c for c in rows[0] if c != "title"])
    else:
        result = Result(findings, columns=None if findings else FINDING_COLUMNS,
                        table=lambda: _tables(findings, chosen, settings, villages, as_of),
                        sheets=lambda: _workbook(findings, chosen, settings, villages, as_of))
    emit(result, fmt, out, bom=bom)


def _workbook(findings, chosen, settings, villages, as_of) -> dict[str, list[dict]]:
    sheets = {"summary": coverage.summary(findings, chosen),
              "rules": [r | {"as_of": as_of.isoformat()}
                        for r in coverage.catalogue(findings, settings, villages)
                        if r["rule"] in chosen]}
    for rule_id in chosen:
        rows = [f for f in findings if f["rule"] == rule_id]
        if rows:
            sheets[rule_id] = rows
    return sheets


def _tables(findings, chosen, settings, villages, as_of) -> str:
    parts = [f"as of {as_of} (数据截至 {as_of})\n\n"]
    for rule_id in chosen:
        rule = coverage.rule(rule_id)
        rows = [f for f in findings if f["rule"] == rule_id]
        zh, en = rule.text(settings, villages)
        parts.append(f"{rule_id}: {len(rows)} finding(s)\n  {zh}\n  {en}\n"
                     f"  source: {rule.source}\n")
        if rows:
            columns = [*_BASE, *(c for c in rows[0] if c not in _BASE and c not in _HIDDEN)]
            parts.append(output.to_table(rows, columns))
        parts.append("\n")
    hit = {f["rule"] for f in findings}
    parts.append(f"{len(findings)} finding(s) in {len(hit)} of {len(chosen)} rule(s).\n")
    return "".join(parts)
