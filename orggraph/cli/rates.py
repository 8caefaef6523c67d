"""`orggraph rates`: per town, covered ÷ required for each measure, an index and the ranking
(拉榜排名), the change since a snapshot, and the chains in tiers (产业链分档)."""
from __future__ import annotations

import click

from .. import notions, output
from ..analyses import coverage, rates
from ..output import Book, Result
from .emit import emit
from .options import Session, as_of_option, format_options, pass_session, region_name


def flat(rows: list[dict]) -> list[dict]:
    """One row per town with `<measure>_required`, `_covered`, `_rate` columns (CSV, xlsx)."""
    out = []
    for row in rows:
        item = {"rank": row["rank"], "town_id": row["town_id"], "town": row["town"]}
        for measure in rates.MEASURES:
            part = row["measures"][measure.id]
            item.update({f"{measure.id}_required": part["required"],
                         f"{measure.id}_covered": part["covered"],
                         f"{measure.id}_rate": part["rate"]})
        item["index"] = row["index"]
        if "change" in row:
            item.update(index_change=row["change"]["index"], rank_change=row["change"]["rank"])
        out.append(item)
    return out


@click.command("rates")
@click.option("--since", metavar="快照或日期",
              help="同时显示各乡镇自这一快照（orggraph history 中的编号，或日期：该日及以前最近"
                   "的快照）以来指数、排名和覆盖率的变化。")
@as_of_option
@format_options()
@pass_session
def command(session: Session, since: str | None, as_of, fmt: str, out: str | None,
            bom: bool, lang: str) -> None:
    """按乡镇（街道）计算各项覆盖率（已覆盖 ÷ 应覆盖），按综合指数拉榜排名，给出全县合计，
    并对产业链分档。

    每项指标统计某类覆盖问题所查的对象（应覆盖）及其中没有该类问题的（已覆盖）：第一书记
    覆盖率、弱村联建率、企业党组织覆盖率、小微企业党组织覆盖率、网格党组织覆盖率、在职党员
    报到率。没有应覆盖对象的乡镇不计该项。综合指数为乡镇各项覆盖率按 orggraph.toml 的
    [rates] 权重加权平均后乘以100。

    示例：orggraph rates --since S1 --format json
    """
    every = session.settings
    settings = every.rates
    with session.store() as store:
        as_of = notions.as_of(store, as_of)
        findings = coverage.find_gaps(store, settings=every.coverage, villages=every.villages,
                                      as_of=as_of)
        rows = rates.table(rates.town_rates(store, findings, every.coverage,
                                            villages=every.villages, as_of=as_of), settings)
        chains = rates.chain_tiers(store, findings, settings)
        reference = None
        if since:
            from ..history.snapshots import find, history

            reference = find(history(store), since)
            rows = rates.with_change(rows, rates.table(reference.rates, settings))
        region = region_name(store, None)
    towns, county = rows[:-1], rows[-1]

    def document() -> dict:
        return {"as_of": as_of.isoformat(), "since": reference.id if reference else None,
                "measures": rates.definitions(settings), "towns": towns, "county": county,
                "chains": chains}

    def table(lang: str = "zh") -> str:   # written for people in Chinese whatever --lang
        title = f"乡镇（街道）覆盖率排名（数据截至 {as_of}）" + (
            f"（较快照 {reference.id}，数据截至 {reference.as_of}）" if reference else "")
        parts = [output.to_table(rates.zh_rows(rows), title=title),
                 output.to_table([{"排名": c["rank"] or "", "产业链": c["name"],
                                   "分档": c["tier"] or "—", "带动指数": c["index"],
                                   "入盟率": f"{c['in_alliance']}/{c['members']} "
                                             f"{rates.pct(c['alliance_rate'])}",
                                   "链主企业已建党组织": "是" if c["leader_organised"] else "否",
                                   "链主企业已选派指导员": "是" if c["leader_instructor"] else "否"}
                                  for c in chains], title="产业链分档"),
                 "口径：" + "；".join(f"{d['definition']}（权重 {d['weight']:g}）"
                                     for d in rates.definitions(settings)) + "。\n"]
        return "\n".join(parts)

    def sheets(lang: str) -> dict[str, list[dict]]:
        if lang == "en":
            return {"towns": flat(rows), "chains": chains, "measures": rates.definitions(settings)}
        return {"乡镇（街道）覆盖率排名": zh_towns(rows), "产业链分档": chains,
                "指标口径": [{k: v for k, v in d.items() if k != "measure"}
                         | {"rule": coverage.rule(d["rule"]).title}
                         for d in rates.definitions(settings)]}

    note = "口径：" + "；".join(f"{d['definition']}（权重 {d['weight']:g}）"
                              for d in rates.definitions(settings)) + "。"
    emit(Result(flat(rows), json=document, table=table, sheets=sheets, context=CONTEXT,
                book=Book("乡镇（街道）覆盖率排名与产业链分档", region, as_of.isoformat(),
                          {"乡镇（街道）覆盖率排名": note})),
         fmt, out, bom=bom, lang=lang)


CONTEXT = "rates"


def zh_towns(rows: list[dict]) -> list[dict]:
    """The towns sheet for people: per measure 应覆盖, 已覆盖 and the rate as a percentage."""
    out = []
    for item in flat(rows):
        row = {}
        for key, value in item.items():
            measure = next((m for m in rates.MEASURES if key.startswith(m.id + "_")), None)
            if measure is None:
                row[key] = value
                continue
            part = key[len(measure.id) + 1:]
            name = {"required": f"{measure.zh}：应覆盖", "covered": f"{measure.zh}：已覆盖",
                    "rate": f"{measure.zh}（%）"}[part]
            row[name] = (None if value is None else round(100 * value, 1)) if part == "rate" \
                else value
        out.append(row)
    return out
