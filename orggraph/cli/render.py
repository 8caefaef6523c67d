"""`orggraph render`: one interactive network map as a self-contained HTML file."""
from __future__ import annotations

import shlex

import click

from .options import Session, as_of_option, pass_session, show_names_option, within_option
from ..maps.build import write_map
from ..maps.views import MAX_DEPTH, VIEWS, render_view


def command_text(view: str, **options) -> str:
    """The command that made a map, for its title. Built from the map's own options only:
    --db may be a URI with a password and is never shown."""
    parts = ["orggraph", "render", view]
    for name, value in options.items():
        if value is True:
            parts.append(f"--{name.replace('_', '-')}")
        elif value not in (None, False):
            parts += [f"--{name.replace('_', '-')}", str(value)]
    return shlex.join(parts)


@click.command("render")
@click.argument("view", type=click.Choice(VIEWS))
@click.option("-o", "--output", "out", type=click.Path(dir_okay=False),
              help="The HTML file to write [default: orggraph-VIEW.html].")
@within_option("hierarchy, coverage, pairing: only what lies at or below this region.")
@click.option("--chain", "chain_id", metavar="CHAIN_ID", help="chain: this chain only [default: all].")
@click.option("--focus", metavar="ID", help="neighbourhood: the node in the middle (any id).")
@click.option("--depth", type=click.IntRange(1, MAX_DEPTH), default=1, show_default=True,
              help="neighbourhood: how many links away from the focus.")
@show_names_option("Show people's full names (masked by default).")
@as_of_option
@pass_session
def command(session: Session, view, out, within, chain_id, focus, depth, show_names,
            as_of) -> None:
    """Draw VIEW as an interactive map: hierarchy, coverage, chain, pairing or neighbourhood.

    The page works offline from file:// (every script inlined, nothing fetched), with search,
    filters, a legend, a details panel and PNG export. People's names are masked (张**) unless
    --show-names. Large maps are laid out in advance, with physics off.

    Example: orggraph render neighbourhood --focus R-330100-T01-V03 --depth 2 -o village.html
    """
    cfg = session.config()
    options = {"within": within, "chain": chain_id, "focus": focus,
               "depth": depth if view == "neighbourhood" else None, "show_names": show_names,
               "as_of": as_of}
    with session.store() as store:
        html = render_view(store, view, command=command_text(view, **options), cfg=cfg,
                           show_names=show_names,
                           **{k: v for k, v in options.items() if k != "show_names" and v})
    path = write_map(out or f"orggraph-{view}.html", html)
    click.echo(f"Written to {path}")
