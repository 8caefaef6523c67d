"""`orggraph influence`: how far each chain leader (链主) reaches through its chain."""
from __future__ import annotations

import click

from .. import notions, output
from ..analyses import influence
from ..output import Result
from .emit import emit
from .options import Session, as_of_option, format_options, pass_session


@click.command("influence")
@click.option("--chain", "chains", multiple=True, metavar="ID",
              help="Only this industry chain (its id); repeat for several. Default: every chain.")
@click.option("--hops", type=click.IntRange(min=1), default=None,
              help="Reach: members within this many SUPPLIES steps of the leader [default: 2, "
                   "or [influence] hops].")
@as_of_option
@format_options()
@pass_session
def command(session: Session, chains: tuple[str, ...], hops: int | None, as_of, fmt: str,
            out: str | None, bom: bool) -> None:
    """Rank industry chains by how far their leading enterprise reaches through the chain.

    Per chain: the members the leader reaches within K hops of SUPPLIES (either way, upstream,
    downstream), its PageRank rank, personalised-PageRank mass and betweenness, the party
    coverage of the reached members, and the members outside the chain's alliance nearest to
    the leader (the ones to bring in next). JSON holds every field; the table shows counts.
    Thresholds and index weights come from the [influence] table of orggraph.toml.

    Example: orggraph influence --chain C-01-1 --hops 3 --format json -o chains.json
    """
    every = session.settings.with_options("influence", hops=hops)
    settings = every.influence
    with session.store() as store:
        as_of = notions.as_of(store, as_of)
        results = influence.analyse_chains(store, list(chains) or None, settings,
                                           villages=every.villages, as_of=as_of)
    title = f"Chain-leader influence (reach within {settings.hops} hops; as of {as_of})"
    emit(Result(_full_rows(results), json=lambda: results,
                table=lambda: output.to_table(influence.summary_rows(results), title=title),
                sheets=lambda: {"chains": _full_rows(results), **influence.detail_rows(results)}),
         fmt, out, bom=bom)


def _full_rows(results: list[dict]) -> list[dict]:
    """CSV / workbook rows: every scalar field, id lists joined with ';', what the leader lacks
    and the recommendations in words."""
    rows = []
    for r in results:
        row = {k: v for k, v in r.items() if k not in ("recommend", "influence_parts")}
        row["leader_lacks"] = influence.leader_lacks(r)
        row["recommend"] = influence.recommend_text(r)
        rows.append(row)
    return rows
