"""`orggraph render`: one interactive network map as a self-contained HTML file. Its views,
their options and its --help come from the view registry (orggraph/maps/views.py)."""
from __future__ import annotations

import shlex

import click

from .. import output
from .options import Session, as_of_option, pass_session, show_names_option
from ..maps.build import write_map
from ..maps.views import REGISTRY, VIEWS, ViewError, options, render_view


def command_text(view: str, **opts) -> str:
    """The command that made a map, for its title. Built from the map's own options only:
    --db may be a URI with a password and is never shown."""
    parts = ["orggraph", "render", view]
    for name, value in opts.items():
        if value is True:
            parts.append(f"--{name.replace('_', '-')}")
        elif value not in (None, False):
            parts += [f"--{name.replace('_', '-')}", str(value)]
    return shlex.join(parts)


def view_options(func):
    """One command-line option per option of the registry's views, saying which views take it."""
    for opt, takers in reversed(list(options().values())):
        kwargs = {"metavar": opt.metavar, "help": f"{'、'.join(takers)}图：{opt.help}。"}
        if opt.type is int:
            kwargs.update(type=click.IntRange(opt.min, opt.max), default=opt.default,
                          show_default=True)
        func = click.option(opt.flag, opt.name, **kwargs)(func)
    return func


HELP = """把所选地图画成可交互的网页。

\b
{views}

网页可离线打开（file://，脚本全部内嵌，不联网），有搜索、筛选、图例、详情面板和导出 PNG；
大图先显示概览（县下各乡镇），点击展开局部。人员姓名默认脱敏（张**），加 --show-names 显示。
大图预先排好布局，不做动态模拟。

示例：orggraph render coverage --within R-01T04 -o 大坪乡.html
""".format(views="\n".join(f"  {v.name:<14} {v.help}" for v in REGISTRY.values()))


@click.command("render", help=HELP)
@click.argument("view", type=click.Choice(VIEWS), metavar="地图")
@click.option("-o", "--output", "out", type=click.Path(dir_okay=False),
              metavar="文件", help="要写入的 HTML 文件 [默认：orggraph-地图名.html]。")
@view_options
@show_names_option("显示人员全名（默认脱敏，如张**）。")
@as_of_option
@pass_session
def command(session: Session, view, out, show_names, as_of, **given) -> None:
    takes = {o.name: o for o in REGISTRY[view].options}
    for name, value in given.items():
        default = options()[name][0].default
        if name not in takes and value is not None and value != default:
            raise ViewError(f"{view} 图没有选项 --{name.replace('_', '-')}")
    opts = {k: v for k, v in given.items() if k in takes and v is not None}
    cfg = session.config()
    with session.store() as store:
        html = render_view(store, view, command=command_text(view, **opts, as_of=as_of,
                                                             show_names=show_names),
                           cfg=cfg, show_names=show_names, as_of=as_of, **opts)
    path = write_map(out or f"orggraph-{view}.html", html)
    click.echo(output.written(path))
