"""`orggraph coverage`: where the organisation system fails to cover what it must."""
from __future__ import annotations

import click

from .. import notions, output
from ..analyses import coverage
from ..output import Book, Result
from .emit import emit
from .options import (Session, as_of_option, format_options, pass_session, region_name,
                      show_names_option, within_option)

CONTEXT = "coverage"
# Sheet names of the workbook (a sheet per rule follows: its id, or its Chinese title).
_SHEETS = {"en": {"summary": "summary", "rules": "rules"},
           "zh": {"summary": "汇总", "rules": "问题类型及依据"}}
# Columns every finding has; the table shows the rest (the facts) after them.
_BASE = ("id", "name", "town", "responsible")
_HIDDEN = ("rule", "label", "town_id", "responsible_id", "as_of")
# The header of a CSV without findings: what every finding has.
FINDING_COLUMNS = ("rule", "id", "label", "name", "town", "town_id", "responsible",
                   "responsible_id", "as_of")


@click.command("coverage")
@click.option("--rule", "rules", multiple=True, type=click.Choice(coverage.RULE_IDS),
              metavar="问题类型", help="只查这一类问题（问题类型编号），可重复给出多个 [默认：全部]。")
@within_option("只列这一区域（乡镇、村……）及其下各级中的问题。")
@click.option("--summary", "as_summary", is_flag=True,
              help="按问题类型和乡镇（街道）统计问题数，而不是逐条列出。")
@click.option("--since", metavar="快照或日期",
              help="与这一快照（orggraph history 中的编号，如 S1）或日期（该日及以前最近的快照）"
                   "比较：标出每条问题是新增还是延续（自何时起），并列出已整改销号的问题。")
@show_names_option("显示人员姓名（默认脱敏，如张**）。")
@click.option("--min-members", type=click.IntRange(min=1), default=None, metavar="名",
              help="企业党员达到这一人数即应单独组建党组织 "
                   "[默认：3，或 [coverage] min_members_for_branch]。")
@click.option("--min-employees", type=click.IntRange(min=1), default=None, metavar="人",
              help="暂无党员的企业职工达到这一人数即应选派党建工作指导员 "
                   "[默认：50，或 [coverage] min_employees_for_instructor]。")
@click.option("--weak-max-stars", type=click.IntRange(0, 5), default=None, metavar="星级",
              help="村党组织星级不高于此即为弱村 [默认：2（二星级及以下），或 [villages] "
                   "weak_max_stars]。")
@click.option("--min-part-time-members", type=click.IntRange(min=1), default=None, metavar="名",
              help="社区党组织（大党委）兼职委员应有的人数 "
                   "[默认：3，或 [coverage] min_part_time_members]。")
@click.option("--first-secretary-tag", "tags", multiple=True, metavar="村类别",
              help="须选派驻村第一书记的村类别标识，可重复给出多个 "
                   "[默认：脱贫村、易地扶贫搬迁村，或 [villages] first_secretary_tags]。")
@click.option("--max-contact-households", type=click.IntRange(min=1), default=None, metavar="户",
              help="每名党员联系户数的上限 [默认：15，或 [coverage] max_contact_households]。")
@as_of_option
@format_options()
@pass_session
def command(session: Session, rules, within, as_summary, since, show_names, min_members, min_employees,
            weak_max_stars, min_part_time_members, tags, max_contact_households, as_of,
            fmt, out, bom, lang) -> None:
    """排查党的组织和工作覆盖问题（应建尽建、全覆盖）：逐条列出问题，注明问题类型、所属乡镇
    （街道）和责任单位。

    问题类型（17类）：enterprise_without_branch、enterprise_without_joint_branch、
    enterprise_without_instructor、grid_without_branch、village_without_first_secretary、
    weak_village_unpaired、org_without_secretary、org_without_parent、
    chain_member_outside_alliance、chain_without_leader、chain_leader_without_instructor、
    community_committee_short_of_members、street_committee_short_of_members、
    member_not_reported、unit_not_reported、grid_contact_gap、member_contact_overload。
    表格按问题类型分组，附问题描述和依据；JSON 为问题列表，每条带 as_of；--summary 按问题
    类型和乡镇（街道）统计。按数据截至日期作答（--as-of 可改）。阈值取自选项，否则取自
    orggraph.toml 的 [coverage]、[villages] 设置。

    示例：orggraph coverage --within R-01T01 --summary --format xlsx -o 覆盖问题.xlsx
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
            emit(since_view.result(compared, as_summary), fmt, out, bom=bom, lang=lang)
            return
        region = region_name(store, within)
    chosen = list(rules) or list(coverage.RULE_IDS)
    book = _book(chosen, settings, villages, region, as_of, as_summary)
    if as_summary:
        rows = coverage.summary(findings, chosen)
        result = Result(rows, context=CONTEXT, table=lambda lang: _summary_table(rows, as_of, lang),
                        sheets=lambda lang: {_SHEETS[lang]["summary"]: _for(rows, lang)},
                        book=book)
    else:
        result = Result(findings, columns=None if findings else FINDING_COLUMNS, context=CONTEXT,
                        table=lambda lang: _tables(findings, chosen, settings, villages, as_of,
                                                   lang),
                        sheets=lambda lang: _workbook(findings, chosen, settings, villages, as_of,
                                                      lang), book=book)
    emit(result, fmt, out, bom=bom, lang=lang)


def _book(chosen, settings, villages, region, as_of, as_summary) -> Book:
    """The Chinese workbook's title rows: a sheet per rule notes the rule's text and source."""
    notes = {_SHEETS["zh"]["summary"]: "按问题类型（行）和乡镇（街道）（列）统计的问题数（条）。"}
    for rule_id in chosen:
        rule = coverage.rule(rule_id)
        notes[rule.title] = f"{rule.text(settings, villages)[0]}依据：{rule.source}"
    return Book("覆盖问题汇总表" if as_summary else "覆盖问题清单", region, as_of.isoformat(), notes)


def _for(rows: list[dict], lang: str) -> list[dict]:
    """A sheet's rows: in Chinese, without what its title rows say (the rule, the date)."""
    if lang == "en":
        return rows
    return [{k: v for k, v in r.items() if k not in ("rule", "as_of")} for r in rows]


def _summary_table(rows, as_of, lang) -> str:
    # The rule ids make the terminal table too wide in English, the titles in Chinese.
    hidden = "title" if lang == "en" else "rule"
    title = (f"Coverage gaps per rule and town (as of {as_of})" if lang == "en"
             else f"覆盖问题按类型和乡镇（街道）汇总（数据截至{as_of}）")
    return output.to_table(rows, [c for c in rows[0] if c != hidden], title=title,
                           context=CONTEXT, lang=lang)


def _workbook(findings, chosen, settings, villages, as_of, lang) -> dict[str, list[dict]]:
    names = _SHEETS[lang]
    rules = [r | {"as_of": as_of.isoformat()}
             for r in coverage.catalogue(findings, settings, villages) if r["rule"] in chosen]
    if lang != "en":   # the English text is for --lang en
        rules = [{k: v for k, v in r.items() if k != "en"} for r in rules]
    sheets = {names["summary"]: _for(coverage.summary(findings, chosen), lang),
              names["rules"]: _for(rules, lang)}
    for rule_id in chosen:
        rows = [f for f in findings if f["rule"] == rule_id]
        if rows:
            sheets[rule_id if lang == "en" else coverage.rule(rule_id).title] = _for(rows, lang)
    return sheets


def _tables(findings, chosen, settings, villages, as_of, lang) -> str:
    en = lang == "en"
    parts = [f"as of {as_of} (数据截至 {as_of})\n\n" if en else f"数据截至{as_of}\n\n"]
    for rule_id in chosen:
        rule = coverage.rule(rule_id)
        rows = [f for f in findings if f["rule"] == rule_id]
        zh, english = rule.text(settings, villages)
        if en:
            parts.append(f"{rule_id}: {len(rows)} finding(s)\n  {zh}\n  {english}\n"
                         f"  source: {rule.source}\n")
        else:
            parts.append(f"{rule.title}：{len(rows)}条\n  {zh}\n  依据：{rule.source}\n")
        if rows:
            columns = [*_BASE, *(c for c in rows[0] if c not in _BASE and c not in _HIDDEN)]
            parts.append(output.to_table(rows, columns, context=CONTEXT, lang=lang))
        parts.append("\n")
    hit = {f["rule"] for f in findings}
    parts.append(f"{len(findings)} finding(s) in {len(hit)} of {len(chosen)} rule(s).\n" if en
                 else f"共{len(findings)}条问题，涉及{len(chosen)}类中的{len(hit)}类。\n")
    return "".join(parts)
