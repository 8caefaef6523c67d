"""`orggraph query`: run a query of the library, or a .cypher file."""
from __future__ import annotations

import click

from .. import output, queries
from ..privacy import mask_person_names
from .options import Session, format_options, pass_session, print_result, show_names_option


@click.command("query")
@click.argument("name_or_file", required=False)
@click.option("--param", "-p", "params", multiple=True, metavar="KEY=VALUE",
              help="A query parameter; repeat for several.")
@click.option("--write", is_flag=True, help="Allow a query that changes the graph.")
@show_names_option("Show persons' names (masked by default).")
@format_options()
@pass_session
def command(session: Session, name_or_file: str | None, params: tuple[str, ...], write: bool,
            show_names: bool, fmt: str, out: str | None) -> None:
    """Run a query of the library by name, or a .cypher file; with no name, list the library.

    Persons' names in the result are masked (张**) unless --show-names.

    Example: orggraph query graph/villages -p within=R-330100-T01 --format csv
    """
    if not name_or_file:
        rows = [{"name": q.name, "description": q.description,
                 "parameters": ", ".join(p.name for p in q.params)}
                for q in queries.library().values()]
        click.echo(output.to_table(rows), nl=False)
        return
    chosen = queries.find(name_or_file)
    given = {}
    for item in params:
        key, sep, value = item.partition("=")
        if not sep:
            raise click.BadParameter(f"{item!r} is not KEY=VALUE", param_hint="--param")
        given[key.strip()] = value
    if queries.writes(chosen.text) and not write:
        raise click.ClickException(f"{chosen.name} changes the graph; add --write to run it")
    with session.store(writes=write) as store:
        rows = store.query(chosen.text, chosen.bind(given), write=write)
        if not show_names:
            rows = mask_person_names(rows, store, chosen.personal)
    print_result(output.emit(rows, fmt, out, sheet=chosen.name.replace("/", "_")), out)
