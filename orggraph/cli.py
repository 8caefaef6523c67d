"""The `orggraph` command line: each command parses, calls the library, prints."""
from __future__ import annotations

import importlib
import pkgutil
import sys

import click

from . import config, output, queries
from .history.record import load_and_record
from .load.bundle import BundleError
from .privacy import mask_person_names
from .store import DEFAULT_DB, StoreError, is_neo4j, open_store


class OrggraphGroup(click.Group):
    """Turns the library's own errors into clear messages instead of tracebacks."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except BundleError as exc:
            for problem in exc.problems:
                click.echo(str(problem), err=True)
            raise click.ClickException(f"the bundle was not loaded: {len(exc.problems)} problem(s); "
                                       "nothing was written") from None
        except (StoreError, queries.QueryError, config.ConfigError) as exc:
            raise click.ClickException(str(exc)) from None


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
    ctx.obj = {"db": db, "config_file": config_file,
               "neo4j": {k: v for k, v in neo4j_options.items() if v is not None}}


def config_from(ctx: click.Context) -> tuple[dict, str | None]:
    """The parsed config file and its name, for `config.settings(...)`."""
    return config.load(ctx.obj["config_file"])


def _coverage_settings(ctx: click.Context):
    from .analyses import coverage

    cfg, source = config_from(ctx)
    return config.settings(coverage.CoverageSettings, cfg, coverage.SECTION, source)


def store_from(ctx: click.Context):
    db = ctx.obj["db"]
    return open_store(db, **(ctx.obj["neo4j"] if is_neo4j(db) else {}))


def format_options(formats=output.FORMATS):
    def decorate(func):
        func = click.option("-o", "--output", "out", type=click.Path(dir_okay=False),
                            help="Write to this file instead of the terminal.")(func)
        return click.option("--format", "fmt", type=click.Choice(formats), default="table",
                            show_default=True, help="Output format.")(func)
    return decorate


def print_result(text: str | None, out: str | None) -> None:
    if text is not None:
        click.echo(text, nl=False)
    elif out:
        click.echo(f"Written to {out}", err=True)


@main.command()
@click.argument("bundle", type=click.Path(exists=True))
@click.option("--batch-size", default=5000, show_default=True, help="Rows per write batch.")
@click.option("--replace", is_flag=True,
              help="The bundle is the whole truth for every file it has: nodes of those labels "
                   "and relationships of those types that it no longer holds are removed "
                   "(proposals from pair/cadres --apply are kept unless an active relationship "
                   "between the same ends settles them). In the load's one transaction.")
@click.pass_context
def load(ctx, bundle: str, batch_size: int, replace: bool) -> None:
    """Load BUNDLE (a folder with nodes/ and rels/ CSVs, or an .xlsx workbook).

    The whole bundle is checked first; any problem is reported with file, row and column and
    nothing is written. Loading the same bundle twice changes nothing. Says how many nodes and
    relationships were created, changed, removed and left unchanged.

    Example: orggraph load --replace 台账-2026Q2/
    """
    from rich.progress import Progress, SpinnerColumn, TextColumn

    with store_from(ctx) as store, Progress(SpinnerColumn(), TextColumn("{task.description}"),
                                            transient=True, disable=not sys.stderr.isatty()) as bar:
        task = bar.add_task("checking…")
        done: dict[str, int] = {}

        def progress(what: str, rows: int) -> None:
            done[what] = done.get(what, 0) + rows
            bar.update(task, description=f"writing {what}: {done[what]:,} rows")

        report, snapshot = load_and_record(store, bundle, replace=replace,
                                           settings=_coverage_settings(ctx),
                                           batch_size=batch_size, progress=progress)
    from .history import changes_text

    click.echo(changes_text.summary_line(report.changes, bundle, replace=replace))
    click.echo(f"已记录快照 {snapshot.id}（数据截至 {snapshot.as_of}，覆盖问题 "
               f"{len(snapshot.findings)} 条）；orggraph history 查看历次载入。")
    changed = changes_text.rows(report.changes)
    if changed:
        click.echo(output.to_table(changed), nl=False)


@main.command()
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table",
              show_default=True)
@click.pass_context
def stats(ctx, fmt: str) -> None:
    """Node counts per label and relationship counts per type."""
    with store_from(ctx) as store:
        counts = store.counts()
    if fmt == "json":
        click.echo(output.to_json(counts))
        return
    rows = [{"kind": "node", "name": k, "count": v} for k, v in counts["nodes"].items()]
    rows += [{"kind": "relationship", "name": k, "count": v}
             for k, v in counts["relationships"].items()]
    click.echo(output.to_table(rows), nl=False)


@main.command()
@click.argument("name_or_file", required=False)
@click.option("--param", "-p", "params", multiple=True, metavar="KEY=VALUE",
              help="A query parameter; repeat for several.")
@click.option("--write", is_flag=True, help="Allow a query that changes the graph.")
@click.option("--show-names", is_flag=True, help="Show persons' names (masked by default).")
@format_options()
@click.pass_context
def query(ctx, name_or_file: str | None, params: tuple[str, ...], write: bool, show_names: bool,
          fmt: str, out: str | None) -> None:
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
    with store_from(ctx) as store:
        rows = store.query(chosen.text, chosen.bind(given), write=write)
        if not show_names:
            rows = mask_person_names(rows, store, chosen.personal)
    print_result(output.emit(rows, fmt, out, sheet=chosen.name.replace("/", "_")), out)


@main.command()
@click.option("--db", "demo_db", default="orggraph-demo.lbug", show_default=True,
              help="The embedded database to create afresh for the demo.")
def demo(demo_db: str) -> None:
    """Load the demo county into a fresh embedded database and show every analysis on it."""
    from .demo import run_demo

    run_demo(demo_db, lambda text: click.echo(text))


def _register_feature_commands() -> None:
    # Each analysis lives in orggraph/commands/<name>.py and exposes `command`.
    from . import commands

    for info in pkgutil.iter_modules(commands.__path__):
        module = importlib.import_module(f"{commands.__name__}.{info.name}")
        main.add_command(module.command)


_register_feature_commands()
