"""`orggraph demo`: the demo county loaded into a fresh embedded database, then every analysis.

Each analysis adds a section: a function (store, echo) that prints its part. Sections run in order.
"""
from __future__ import annotations

from pathlib import Path
from typing import Callable

from . import output
from .errors import OrggraphError
from .resources import demo_bundle
from .store import DEFAULT_DB, Store, open_store

Echo = Callable[[str], None]
DEFAULT_DEMO_DB = "orggraph-demo.lbug"
# How a LadybugDB database file starts.
EMBEDDED_MAGIC = b"LBUG"


class DemoError(OrggraphError):
    """A demo that cannot run where asked."""


def _stats_section(store: Store, echo: Echo) -> None:
    counts = store.counts()
    rows = [{"kind": "node", "name": k, "count": v} for k, v in counts["nodes"].items()]
    rows += [{"kind": "relationship", "name": k, "count": v} for k, v in counts["relationships"].items()]
    echo(output.to_table(rows, title="示范县数据概况", context="stats"))


SECTIONS: list[Callable[[Store, Echo], None]] = [_stats_section]


def _influence_section(store: Store, echo: Echo) -> None:
    from .analyses import influence

    results = influence.analyse_chains(store)
    echo(output.to_table(influence.summary_rows(results), context="influence",
                         title="链主带动排名（orggraph influence）"))


SECTIONS.append(_influence_section)


def _coverage_section(store: Store, echo: Echo) -> None:
    from .analyses import coverage

    findings = coverage.find_gaps(store)
    rows = coverage.summary(findings)
    as_of = findings[0]["as_of"] if findings else ""
    echo(output.to_table(rows, [c for c in rows[0] if c != "rule"], context="coverage",
                         title=f"覆盖问题按类型和乡镇（街道）汇总，数据截至{as_of}"
                               "（orggraph coverage --summary）"))


SECTIONS.append(_coverage_section)


def _cadres_section(store: Store, echo: Echo) -> None:
    from .analyses.cadres import CadreSettings, plan_cadres
    from .analyses.cadres.plan import by_rule

    # The demo county is as of 2025-06-30 (its meta.csv): the plan is for 2025 whatever year
    # the demo is run in.
    plan = plan_cadres(store, CadreSettings())
    s = plan.summary()
    echo(f"{s['year']}年驻村第一书记选派方案（orggraph cadres；数据截至{s['as_of']}）："
         f"拟选派驻村第一书记{s['matched']}名，其中派往应派村{s['must_covered']}名（应派村未覆盖{s['must_left']}个）；"
         f"第一书记在岗村{s['first_secretary_in_office']}个，无选派需求村{s['without_needs']}个；"
         f"未安排干部{s['cadres_left']}名。\n")
    echo(output.to_table(by_rule(plan), context="cadres",
                         title="按匹配依据汇总（干部类别与村情不对口时按第一书记全覆盖选派）"))
    if plan.unmatched_villages:
        echo(output.to_table(plan.village_rows(), title="未匹配干部的村", context="cadres"))


SECTIONS.append(_cadres_section)


def _pairing_section(store: Store, echo: Echo) -> None:
    from .analyses.pairing import plan_pairs, tables

    echo("跨村联建方案（orggraph pair）：\n" + tables.table(plan_pairs(store)))


SECTIONS.append(_pairing_section)


def _report_section(store: Store, echo: Echo) -> None:
    from .report import write_report

    # Beside the demo database, so that a demo run leaves everything in one place.
    folder = Path(getattr(store, "location", ".")).resolve().parent / "orggraph-demo-report"
    report = write_report(store, folder, command="orggraph report -o orggraph-demo-report")
    echo(f"HTML 报告，含交互地图{len(report.maps)}幅（orggraph report；可离线打开，人名已脱敏）：\n"
         f"  {report.index}\n")


SECTIONS.append(_report_section)


def _quarters_section(store: Store, echo: Echo) -> None:
    from .history.snapshots import COLUMNS_ZH, MODE_ZH
    from .history import since
    from .history.snapshots import history
    from .analyses.rates import RatesSettings, table, town_rates, with_change, zh_rows

    snapshots = history(store)
    if len(snapshots) < 2:
        return
    echo(output.to_table([{COLUMNS_ZH[k]: MODE_ZH.get(v, v) for k, v in s.row().items()
                           if k not in ("bundle_hash", "loaded_at")} for s in snapshots],
                         title="历次载入快照（orggraph history）"))
    from .analyses.coverage import find_gaps

    findings = find_gaps(store)
    compared = since.compare(findings, snapshots, snapshots[0])
    rows = [{since.COLUMNS_ZH.get(k, k): v for k, v in r.items() if k != "town_id"}
            for r in since.summary(compared)]
    echo(output.to_table(rows, title=f"自快照 {snapshots[0].id} 以来的整改销号"
                                     f"（orggraph coverage --since {snapshots[0].id} --summary）"))
    now = table(town_rates(store, findings))
    ranked = with_change(now, table(snapshots[0].rates, RatesSettings()))
    echo(output.to_table(zh_rows(ranked), title=f"覆盖率排名（orggraph rates --since "
                                               f"{snapshots[0].id}）"))


SECTIONS.insert(1, _quarters_section)


def fresh_embedded(path: str | Path) -> Store:
    """A new embedded database at `path`, replacing an earlier one; refuses to replace
    anything that is not an orggraph database (a folder, a document)."""
    path = Path(path)
    if path.is_dir() or (path.exists() and not _is_database(path)):
        raise DemoError(f"{path} 已存在，且不是 orggraph 数据库：示范会覆盖它的数据库，"
                        "请另起一个文件名（orggraph demo --db 文件名.lbug）")
    for leftover in (path, Path(f"{path}.wal"), Path(f"{path}.lock")):
        if leftover.is_file():
            leftover.unlink()
    return open_store(str(path))


def _is_database(path: Path) -> bool:
    with open(path, "rb") as f:
        return f.read(len(EMBEDDED_MAGIC)) == EMBEDDED_MAGIC


def run_demo(db: str | Path, echo: Echo, bundle: Path | None = None) -> None:
    """Load the demo county as two quarters: its bundle, then (with --replace) the second
    quarter's bundle written beside the database; then every section."""
    from .history import changes_text
    from .history.demo_quarter import write_second_quarter
    from .history.record import load_and_record

    # The second quarter is a change set of the demo county's own ids: only for that bundle.
    second = None if bundle else Path(db).resolve().parent / "orggraph-demo-q2"
    bundle = bundle or demo_bundle()
    with fresh_embedded(db) as store:
        report, _ = load_and_record(store, bundle)
        echo(f"已从 {bundle} 导入示范县：节点{report.nodes}个、关系{report.relationships}条，"
             f"存入 {db}\n")
        if second:
            report, _ = load_and_record(store, write_second_quarter(bundle, second), replace=True)
            echo("下一季度台账：" + changes_text.summary_line(report.changes, str(second),
                                                             replace=True) + "\n")
        for section in SECTIONS:
            section(store, echo)
    echo(next_steps(str(db)))


def next_steps(db: str) -> str:
    """How to run later commands on the demo's database (they use ./orggraph.lbug otherwise)."""
    return (f"示范县数据在 {db} 中。其他命令默认使用 ./{DEFAULT_DB}，"
            f"要让它们读示范县，可先设置环境变量：\n"
            f"  export ORGGRAPH_DB={db}        （Windows：set ORGGRAPH_DB={db}）\n"
            f"  orggraph coverage --summary\n"
            f"或每次写明：orggraph --db {db} coverage --summary")
