"""`orggraph rates`: per town, covered ÷ required for each measure, an index and the ranking
(拉榜排名), the change since a snapshot, and the chains in tiers (产业链分档)."""
from __future__ import annotations

import click

from .. import notions, output
from ..analyses import coverage, rates
from ..output import Result
from .emit import emit
from .options import Session, as_of_option, format_options, pass_session


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
@click.option("--since", metavar="SNAPSHOT|DATE",
              help="Also show each town's change of index, rank and rates since this snapshot "
                   "(an id from `orggraph history`, or a date: the last snapshot on or before it).")
@as_of_option
@format_options()
@pass_session
def command(session: Session, since: str | None, as_of, fmt: str, out: str | None,
            bom: bool) -> None:
    """Rates per town (覆盖率, covered ÷ required) for each measure, the towns ranked on an
    index, the county total, and the chains in tiers (产业链分档).

    Each measure counts the nodes a coverage rule looks at (required) and those of them without
    a finding of that rule (covered): 第一书记覆盖率, 弱村联建率, 企业党组织覆盖率, 小微企业党组织覆盖率,
    网格党组织覆盖率, 在职党员报到率. A town with nothing required has no rate. The index is the mean
    of a town's rates weighted by [rates] in orggraph.toml, over the measures it has, × 100.

    Example: orggraph rates --since S1 --format json
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
    towns, county = rows[:-1], rows[-1]

    def document() -> dict:
        return {"as_of": as_of.isoformat(), "since": reference.id if reference else None,
                "measures": rates.definitions(settings), "towns": towns, "county": county,
                "chains": chains}

    def table() -> str:
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

    emit(Result(flat(rows), json=document, table=table,
                sheets=lambda: {"towns": flat(rows), "chains": chains,
                                "measures": rates.definitions(settings)}),
         fmt, out, bom=bom)
