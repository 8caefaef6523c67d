"""The `orggraph` command line: the group and its commands, each registered by name below.

Each command lives in its own module here, parses its options, calls the library and prints;
what commands share (the session, common options) is in `options.py`."""
from __future__ import annotations

import click

from .. import config
from ..errors import OrggraphError, system_reason
from ..store import DEFAULT_DB
from . import chinese
from . import (cadres, coverage, demo, dictionary, generate, history, influence, ledger_import,
               load, pair, query, rates, render, report, stats, template)
from .options import Session


class OrggraphGroup(click.Group):
    """Prints every `OrggraphError` as `错误：…` with exit status 1, the one place that does;
    click's own messages (a mistyped command line) are put in Chinese here too."""

    def make_context(self, *args, **kwargs):
        try:
            return super().make_context(*args, **kwargs)
        except click.ClickException as exc:
            raise chinese.chinese(exc) from None

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except OrggraphError as exc:
            for line in exc.details():
                click.echo(line, err=True)
            raise chinese.ChineseError(exc.summary()) from None
        except OSError as exc:
            if exc.filename is None:
                raise
            # A file the system would not read or write (no such folder, no permission, full).
            raise chinese.ChineseError(f"{exc.filename}：{system_reason(exc)}") from None
        except click.ClickException as exc:
            raise chinese.chinese(exc) from None
        except (KeyboardInterrupt, EOFError):
            # click would print its English "Aborted!"; a load interrupted here has rolled back.
            click.echo(err=True)
            raise chinese.ChineseError(chinese.ABORTED) from None

    def add_command(self, cmd, name=None):
        super().add_command(chinese.localise(cmd), name)


@click.group(cls=OrggraphGroup)
@click.option("--db", envvar="ORGGRAPH_DB", default=DEFAULT_DB, show_default=True, metavar="数据库",
              help="内置数据库文件，或 Neo4j 地址（neo4j://、bolt://、neo4j+s://）；"
                   "也可用环境变量 ORGGRAPH_DB 指定。")
@click.option("--config", "config_file", envvar="ORGGRAPH_CONFIG", type=click.Path(dir_okay=False),
              metavar="文件",
              help=f"阈值和权重的设置文件（TOML）[默认：当前文件夹下的 {config.DEFAULT_FILE}，"
                   "如有]。")
@click.option("--neo4j-user", metavar="用户名",
              help="Neo4j 用户名 [默认：环境变量 NEO4J_USERNAME 或 NEO4J_USER，否则为 neo4j]。"
                   "密码只从环境变量 NEO4J_PASSWORD 读取。")
@click.option("--neo4j-database", metavar="库名",
              help="Neo4j 数据库名 [默认：环境变量 NEO4J_DATABASE，否则为服务器的默认库]。")
@click.option("--neo4j-commit-every", type=click.IntRange(min=1), metavar="行数",
              help="向 Neo4j 导入时每导入这么多行提交一次，用于一次事务装不下的大台账包"
                   "（导入中途失败时，已提交的行留在库中）。")
@click.option("--verbose", is_flag=True, default=None,
              help="显示数据库服务器的通知和驱动程序的警告（也可设 ORGGRAPH_VERBOSE=1）。")
@click.version_option(package_name="orggraph", message=chinese.VERSION_MESSAGE,
                      help=chinese.HELP_TEXTS["Show the version and exit."])
@click.pass_context
def main(ctx: click.Context, db: str, config_file: str | None, neo4j_user: str | None,
         neo4j_database: str | None, neo4j_commit_every: int | None, verbose: bool | None) -> None:
    """orggraph：把基层党组织台账建成关系图，排查党的组织和工作覆盖问题，分析链主企业带动作用，
    拟定跨村联建和驻村第一书记选派方案。"""
    neo4j_options = {"user": neo4j_user, "database": neo4j_database,
                     "commit_every": neo4j_commit_every, "verbose": verbose}
    ctx.obj = Session(db=db, config_file=config_file,
                      neo4j={k: v for k, v in neo4j_options.items() if v is not None})


# Every command, by name (the order `orggraph --help` lists them in is click's: alphabetical).
for _module in (load, stats, query, demo, coverage, influence, pair, cadres, render, report,
                generate, template, dictionary, ledger_import, history, rates):
    main.add_command(_module.command)
chinese.localise(main)
