"""What the commands share: the session the group sets up (database, config, Neo4j options)
and the options several commands take, as decorators."""
from __future__ import annotations

import functools
from dataclasses import dataclass, field
from functools import cached_property

import click

from .. import config, notions, output
from ..display import DEFAULT_LANG, LANGS
from ..store import is_neo4j, open_store
from .emit import check_destination


@dataclass(frozen=True)
class Session:
    """The group's options, handed to every command by `pass_session`."""

    db: str
    config_file: str | None = None
    neo4j: dict = field(default_factory=dict)

    def store(self, *, writes: bool = False, creates: bool = False):
        """Open the database named by --db / ORGGRAPH_DB (a context manager). A command that
        only reads opens it read-only, and a missing database is an error (NoDatabase) unless
        the command `creates` one (load)."""
        return open_store(self.db, read_only=not writes, create=creates,
                          **(self.neo4j if is_neo4j(self.db) else {}))

    def config(self) -> tuple[dict, str | None]:
        """The parsed config file and its name, for `config.settings(...)`."""
        return config.load(self.config_file)

    @cached_property
    def settings(self):
        """Every analysis's settings, read once per run (orggraph/settings.py)."""
        from ..settings import from_config

        return from_config(*self.config())


pass_session = click.make_pass_decorator(Session)


def lang_option(func):
    """--lang zh|en: tables, CSV and workbooks in Chinese for people (default), or with the
    English keys and values a program reads (JSON always has those)."""
    return click.option("--lang", "lang", type=click.Choice(LANGS), default=DEFAULT_LANG,
                        show_default=True,
                        help="表格、CSV 和工作簿的语言：zh 为中文表头和取值、数字按规定位数；"
                             "en 为 JSON 中的英文键和取值（供程序读取）。")(func)


def region_name(store, within: str | None) -> str:
    """What a workbook's title row names as its region: the region asked for, else the top
    regions of the graph (the county)."""
    from ..maps.view import ViewError, region_row, scope_name

    try:
        return scope_name(store, region_row(store, within))
    except ViewError:   # a query's `within` that names no region: the whole graph
        return scope_name(store, None)


def format_options(formats=output.FORMATS):
    """--format, -o/--output, --bom and --lang: what `emit` needs. A destination that cannot
    be written (a workbook without -o, a folder) is refused before the command does any work."""
    def decorate(command):
        @functools.wraps(command)
        def func(*args, **kwargs):
            check_destination(kwargs["fmt"], kwargs["out"])
            return command(*args, **kwargs)

        if "csv" in formats:
            func = click.option("--bom", is_flag=True,
                                help="在终端输出的 CSV 前加字节顺序标记（BOM），便于 Excel "
                                     "识别；用 -o 写入的文件总是带 BOM。")(func)
        func = click.option("-o", "--output", "out", type=click.Path(dir_okay=False),
                            metavar="文件", help="写入这个文件，而不是显示在终端。")(func)
        func = lang_option(func)
        return click.option("--format", "fmt", type=click.Choice(formats), default="table",
                            show_default=True,
                            help="输出格式：table 表格，json、csv 供程序读取，xlsx 为 Excel "
                                 "工作簿（须用 -o 指定文件）。")(func)
    return decorate


def within_option(help: str):
    """--within REGION_ID."""
    return click.option("--within", metavar="区域编号", help=help)


def show_names_option(help: str):
    """--show-names: persons' names are masked unless it is given."""
    return click.option("--show-names", is_flag=True, help=help)


def _as_of(ctx, param, value: str | None):
    if value is None:
        return None
    try:
        return notions.parse_date(value, "")  # click names the option
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from None


def as_of_option(func):
    """--as-of YYYY-MM-DD: the date an analysis answers for (default: the data's date)."""
    return click.option("--as-of", "as_of", metavar="年-月-日", callback=_as_of,
                        help="按这一日期作答（谁在岗、方案年度）[默认：台账包的数据截至日期"
                             "（as_of），没有则为导入日期]。")(func)

