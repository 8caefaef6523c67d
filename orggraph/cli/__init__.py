"""The `orggraph` command line: the group and its commands, each registered by name below.

Each command lives in its own module here, parses its options, calls the library and prints;
what commands share (the session, common options) is in `options.py`."""
from __future__ import annotations

import click

from .. import config
from ..errors import OrggraphError
from ..store import DEFAULT_DB
from . import (cadres, coverage, demo, dictionary, generate, history, influence, ledger_import,
               load, pair, query, rates, render, report, stats, template)
from .options import Session


class OrggraphGroup(click.Group):
    """Prints every `OrggraphError` as `Error: …` with exit status 1, the one place that does."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except OrggraphError as exc:
            for line in exc.details():
                click.echo(line, err=True)
            raise click.ClickException(exc.summary()) from None
        except OSError as exc:
            if exc.filename is None:
                raise
            # A file the system would not read or write (no such folder, no permission, full).
            raise click.ClickException(f"{exc.filename}: {exc.strerror}") from None


@click.group(cls=OrggraphGroup)
@click.option("--db", envvar="ORGGRAPH_DB", default=DEFAULT_DB, show_default=True,
              help="Embedded database file, or a Neo4j URI (neo4j://, bolt://, neo4j+s://).")
@click.option("--config", "config_file", envvar="ORGGRAPH_CONFIG", type=click.Path(dir_okay=False),
              help=f"TOML file of thresholds and weights [default: ./{config.DEFAULT_FILE} if present].")
@click.option("--neo4j-user", metavar="NAME",
              help="Neo4j user [default: $NEO4J_USERNAME or $NEO4J_USER, else neo4j]. "
                   "The password is read from $NEO4J_PASSWORD only.")
@click.option("--neo4j-database", metavar="NAME",
              help="Neo4j database [default: $NEO4J_DATABASE, else the server's home database].")
@click.option("--neo4j-commit-every", type=click.IntRange(min=1), metavar="ROWS",
              help="Commit a Neo4j load every ROWS rows, for bundles too big for one "
                   "transaction (a failed load then leaves the rows committed so far).")
@click.option("--verbose", is_flag=True, default=None,
              help="Show the database server's notifications and the driver's warnings "
                   "(also ORGGRAPH_VERBOSE=1).")
@click.version_option(package_name="orggraph")
@click.pass_context
def main(ctx: click.Context, db: str, config_file: str | None, neo4j_user: str | None,
         neo4j_database: str | None, neo4j_commit_every: int | None, verbose: bool | None) -> None:
    """Grassroots organisation networks as a graph: coverage gaps, chain-leader influence,
    cross-village pairing."""
    neo4j_options = {"user": neo4j_user, "database": neo4j_database,
                     "commit_every": neo4j_commit_every, "verbose": verbose}
    ctx.obj = Session(db=db, config_file=config_file,
                      neo4j={k: v for k, v in neo4j_options.items() if v is not None})


# Every command, by name (the order `orggraph --help` lists them in is click's: alphabetical).
for _module in (load, stats, query, demo, coverage, influence, pair, cadres, render, report,
                generate, template, dictionary, ledger_import, history, rates):
    main.add_command(_module.command)
