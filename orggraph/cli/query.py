"""`orggraph query`: run a query of the library, or a .cypher file."""
from __future__ import annotations

import click

from .. import notions, output, queries
from ..analyses import coverage
from ..privacy import mask_person_names
from ..output import Book, Result
from .emit import emit
from .options import Session, format_options, pass_session, region_name, show_names_option


CONTEXT = "query"


@click.command("query")
@click.argument("name_or_file", required=False, metavar="[查询名或文件]")
@click.option("--param", "-p", "params", multiple=True, metavar="参数名=值",
              help="查询参数，可重复给出多个。")
@click.option("--write", is_flag=True, help="允许执行会修改图数据的查询。")
@click.option("--all", "show_all", is_flag=True,
              help="不给查询名时，连内部查询一并列出（maps/*、places/*、写入类）。")
@show_names_option("显示人员姓名（默认脱敏，如张**）。")
@format_options()
@pass_session
def command(session: Session, name_or_file: str | None, params: tuple[str, ...], write: bool,
            show_all: bool, show_names: bool, fmt: str, out: str | None, bom: bool,
            lang: str) -> None:
    """按名称执行查询库中的查询，或执行一个 .cypher 文件；不给名称则列出查询库。

    结果中的人员姓名默认脱敏（张**），加 --show-names 显示。

    示例：orggraph query graph/villages -p within=R-01T01 --format csv
    """
    if not name_or_file:
        click.echo(_listing(show_all, lang), nl=False)
        return
    chosen = queries.find(name_or_file)
    given = {}
    for item in params:
        key, sep, value = item.partition("=")
        if not sep:
            raise click.BadParameter(f"{item!r} 不是 参数名=值 的形式", param_hint="--param")
        given[key.strip()] = value
    if queries.writes(chosen.text) and not write:
        raise queries.QueryError(f"{name_or_file} 会修改图数据，须加 --write 才能执行")
    # The parameters left to their defaults take what the analyses would pass (below).
    defaulted = {p.name for p in chosen.params} - set(given) - {"within"}
    with session.store(writes=write) as store:
        # The graph's date, read once: for the `year` parameter and the workbook's title.
        dated = notions.as_of(store) if "year" in defaulted or fmt == "xlsx" else None
        bound = chosen.bind(given, **_analysis_defaults(defaulted, session, dated))
        queries.check_references(chosen, bound, store)
        rows = store.query(chosen.text, bound, write=write)
        if not show_names:
            rows = mask_person_names(rows, store, chosen.personal)
        dated = dated if fmt == "xlsx" else None
        region = region_name(store, given.get("within") or None) if fmt == "xlsx" else ""
    about = chosen.description_zh
    emit(Result(rows, columns=None if rows else chosen.columns, context=CONTEXT,
                sheet=chosen.name.replace("/", "_"), sheet_zh="查询结果",
                book=Book(f"查询结果（{about}）" if about else "查询结果", region,
                          dated.isoformat() if dated else "")), fmt, out, bom=bom, lang=lang)


def _analysis_defaults(defaulted: set[str], session: Session, dated) -> dict:
    """Values for the `defaulted` parameters as `orggraph coverage` would pass them: the as-of
    year of the graph's data (`dated`; not the header's example year) and the thresholds of the
    config file — so a rule run by name answers what the catalogue answers."""
    if not defaulted:
        return {}
    settings = session.settings
    values = coverage.parameters(settings.coverage, settings.villages, dated.year if dated else 0)
    return {k: v for k, v in values.items() if k in defaulted and (k != "year" or dated)}


def _listing(show_all: bool, lang: str) -> str:
    """The library by group, each query with what it returns and its parameters."""
    library = [q for q in queries.library().values() if show_all or not q.internal]
    en = lang == "en"
    parts = []
    for group in dict.fromkeys(q.group for q in library):
        rows = [{"name": q.name, "description": q.description if en
                 else (q.description_zh or q.description),
                 "parameters": ", ".join(p.name for p in q.params)}
                for q in library if q.group == group]
        about = (queries.GROUPS if en else queries.GROUPS_ZH).get(group)
        title = (f"{group}: {about}" if en else f"{group}：{about}") if about else group
        parts.append(output.to_table(rows, title=title, context=CONTEXT, lang=lang,
                                     whole=("name", "parameters")))
    hidden = len(queries.library()) - len(library)
    if en:
        parts.append(f"{len(library)} queries. Run one: orggraph query NAME -p KEY=VALUE"
                     + (f"; {hidden} more that the analyses and maps run themselves, or that "
                        "write: orggraph query --all" if hidden else "") + ".\n")
    else:
        parts.append(f"共{len(library)}个查询。运行：orggraph query 查询名称 -p 参数=值"
                     + (f"；另有{hidden}个供分析和地图内部使用或会修改数据的查询：orggraph query --all"
                        if hidden else "") + "。\n")
    return "\n".join(parts)
