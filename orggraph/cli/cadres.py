"""`orggraph cadres`: which stationed cadre for which village (干部驻村匹配)."""
from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

import click

from .. import display, output, vocabulary
from ..analyses import cadres as cadre_analysis   # its planner (and scipy) load when used
from ..output import Book, Result
from .emit import emit
from .options import (Session, as_of_option, format_options, pass_session, region_name,
                      show_names_option, within_option)

if TYPE_CHECKING:
    from ..analyses.cadres.plan import CadrePlan


CSV_COLUMNS = ("section", "village", "village_name", "town", "must", "needs", "cadre",
               "cadre_name", "specialty", "based_in", "role", "need", "rule", "fit", "km", "why",
               "reason")
# Beyond this many, the terminal shows counts of unplaced cadres by specialty, not the list.
LIST_CADRES_UP_TO = 15
# The terminal table keeps what a reader scans; `why` and `fit` are in JSON, CSV and XLSX.
TABLE_COLUMNS = ("village", "village_name", "town", "must", "needs", "role", "cadre",
                 "cadre_name", "specialty", "need", "rule", "km")


@click.command("cadres")
@within_option("只安排这一区域（县或乡镇编号）下的村 [默认：全部村]。")
@click.option("--year", type=click.IntRange(1900, 2100), default=None,
              metavar="年份", help="方案年度，任期按该年判断 [默认：数据截至日期所在年份]。")
@click.option("--max-km", type=click.FloatRange(min=0, min_open=True), default=None,
              metavar="公里", help="干部派出地到所驻村的最远距离 [默认：50，或 [cadres] max_km]。")
@show_names_option("显示干部姓名（默认脱敏，如张**）。")
@click.option("--apply", "apply_", is_flag=True,
              help="把匹配结果写入数据库，作为拟选派关系（STATIONED_IN，role 为 first_secretary "
                   "或 work_team，status 为 proposed），替换范围内各村此前的拟选派（要么全部写入，"
                   "要么都不写）。")
@as_of_option
@format_options()
@pass_session
def command(session: Session, within: str | None, year: int | None, max_km: float | None, show_names: bool,
            apply_: bool, as_of, fmt: str, out: str | None, bom: bool, lang: str) -> None:
    """拟定驻村第一书记和驻村工作队选派方案：可选派干部与村的最优匹配。

    每村选派1名驻村第一书记，另配至多 [cadres] team_size（2）名驻村工作队员。应派第一书记
    的村（弱村、脱贫村、易地扶贫搬迁村）优先；其次干部类别应对应村情类型（党群干部→弱村、
    经济干部→穷村、政法干部→乱村、农牧干部→产业村、科技干部→专业村），每类需求各派一名；
    再次距离近者优先。每村中对应最重要需求的干部任第一书记，其余为工作队员。第一书记在岗的
    村和已派往他处的干部不参与匹配。每项匹配都说明理由，未匹配的村和未安排的干部逐一说明原因。
    方案年度为数据截至年份（--as-of、--year 可改）。阈值取自 orggraph.toml 的 [cadres]、
    [villages] 设置。

    示例：orggraph cadres --within R-01 --format xlsx -o 选派方案.xlsx
    """
    every = session.settings.with_options("cadres", year=year, max_km=max_km)
    with session.store(writes=apply_) as store:
        plan = cadre_analysis.plan_cadres(store, every.cadres, within, villages=every.villages, as_of=as_of)
        if apply_:
            written = cadre_analysis.apply_plan(store, plan)
        region = region_name(store, within)
    emit(_result(plan, show_names, region), fmt, out, bom=bom, lang=lang)
    if apply_:
        click.echo(f"已写入{plan.year}年拟选派{written}人次（驻村第一书记"
                   f"{len(plan.first_secretaries)}名、驻村工作队员"
                   f"{written - len(plan.first_secretaries)}名）。", err=True)


def _result(plan: CadrePlan, show_names: bool, region: str) -> Result:
    matches = plan.match_rows(show_names)
    villages, cadres = plan.village_rows(), plan.cadre_rows(show_names)
    # CSV is one sheet-like table: a section column tells the three parts apart.
    rows = ([{"section": "match"} | r for r in matches]
            + [{"section": "unmatched_village"} | r for r in villages]
            + [{"section": "unmatched_cadre"} | r for r in cadres])
    rows = [r | {"as_of": plan.as_of} for r in rows]
    return Result(rows, columns=(*CSV_COLUMNS, "as_of"), json=lambda: plan.to_json(show_names),
                  context=CONTEXT, table=lambda lang: _table(plan, matches, villages, cadres, lang),
                  sheets=lambda lang: dict(zip(_SHEETS[lang], (
                      [plan.summary()] if lang == "en" else display.items(plan.summary(), CONTEXT),
                      plan.need_rows(), matches, villages, cadres))),
                  book=Book(f"{plan.year}年驻村第一书记和工作队选派方案", region, plan.as_of,
                            dict.fromkeys(_SHEETS["zh"], RULES_NOTE)))


# What every sheet of the Chinese workbook notes: the rules the plan applies and their sources.
RULES_NOTE = ("应派第一书记的村（弱村、脱贫村、易地扶贫搬迁村）优先，第一书记全覆盖、期满调整更换"
              "（《农村基层党建工作综述》）；按村情选派对口干部：党群干部进弱村、经济干部进穷村、"
              "政法干部进乱村、农牧干部进产业村、科技干部进专业村（《组织部部长讲话文章、党课讲稿、"
              "经验材料》拉萨篇）；同等条件下距离近者优先。")


CONTEXT = "cadres"
_SHEETS = {"en": ("summary", "needs", "matches", "unmatched_villages", "unmatched_cadres"),
           "zh": ("汇总", "按村情类型匹配", "匹配结果", "未匹配村", "未安排干部")}


# The terminal text's words per language; the parts and their order are the same in both.
_WORDS = {
    "zh": {"matches": "匹配结果", "no_matches": "无匹配结果。\n", "villages": "未匹配干部的村",
           "cadres": "未安排的干部",
           "unplaced": lambda n, counts: (
               f"未安排干部{n}名（" + "、".join(f"{vocabulary.ENUM_ZH.get(k, k)}{c}名"
                                            for k, c in counts)
               + "）；各人原因见 --format json、csv 或 xlsx。\n")},
    "en": {"matches": "Matches", "no_matches": "No matches.\n",
           "villages": "Villages left without a cadre", "cadres": "Cadres left unplaced",
           "unplaced": lambda n, counts: (
               f"{n} cadres left unplaced (" + ", ".join(f"{k} {c}" for k, c in counts)
               + "); each with its reason in --format json, csv or xlsx.\n")},
}


def _table(plan: CadrePlan, matches: list[dict], villages: list[dict], cadres: list[dict],
           lang: str) -> str:
    words = _WORDS["en" if lang == "en" else "zh"]

    def table(rows, title, columns=None):
        return output.to_table(rows, columns, title=title, context=CONTEXT, lang=lang)

    parts = [_head(plan, lang), _needs(plan),
             table(matches, words["matches"], TABLE_COLUMNS) if matches else words["no_matches"]]
    if villages:
        parts.append(table(villages, words["villages"]))
    if len(cadres) > LIST_CADRES_UP_TO:
        # A town's plan draws on the whole county's cadres: most of them stay free.
        counts = sorted(Counter(c["specialty"] for c in cadres).items())
        parts.append(words["unplaced"](len(cadres), counts))
    elif cadres:
        parts.append(table(cadres, words["cadres"]))
    return "".join(parts)


def _head(plan: CadrePlan, lang: str) -> str:
    s = plan.summary()
    if lang == "en":
        return (f"Cadre plan for {s['year']} (as of {s['as_of']})"
                f"{' within ' + s['within'] if s['within'] else ''}: "
                f"{s['matched']} match(es), {s['must_covered']} must-have village(s) covered, "
                f"{s['must_left']} left; {s['first_secretary_in_office']} village(s) have a first "
                f"secretary in office, {s['without_needs']} need none; "
                f"{s['cadres_busy']} cadre(s) stationed or proposed elsewhere.\n")
    return (f"{s['year']}年驻村第一书记和工作队选派方案（数据截至{s['as_of']}）"
            f"{'，范围：' + s['within'] if s['within'] else ''}：应派第一书记的村已覆盖"
            f"{s['must_covered']}个，未覆盖{s['must_left']}个；"
            f"第一书记在岗村{s['first_secretary_in_office']}个，无选派需求村{s['without_needs']}个；"
            f"已在他处选派（含拟选派）干部{s['cadres_busy']}名。\n")


def _needs(plan: CadrePlan) -> str:
    """Who goes as what, in numbers: first secretaries and work-team members, and each need
    served (拉萨篇's rules)."""
    s = plan.summary()
    served = "，".join(f"{r['rule']}{r['covered']}/{r['villages']}个村" for r in plan.need_rows())
    return (f"拟选派驻村第一书记{s['matched']}名、驻村工作队员{s['work_team']}名（每村至多"
            f"{s['team_size']}名）；按村情类型匹配：{served or '无'}。\n")
