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
    echo(output.to_table(rows, title="What the demo county holds"))


SECTIONS: list[Callable[[Store, Echo], None]] = [_stats_section]


def _influence_section(store: Store, echo: Echo) -> None:
    from .analyses import influence

    results = influence.analyse_chains(store)
    echo(output.to_table(influence.summary_rows(results),
                         title="Chain leaders ranked by influence (orggraph influence)"))


SECTIONS.append(_influence_section)


def _coverage_section(store: Store, echo: Echo) -> None:
    from .analyses import coverage

    findings = coverage.find_gaps(store)
    rows = coverage.summary(findings)
    as_of = findings[0]["as_of"] if findings else ""
    echo(output.to_table(rows, [c for c in rows[0] if c != "title"],
                         title=f"Coverage gaps per rule and town as of {as_of} "
                               "(orggraph coverage --summary)"))


SECTIONS.append(_coverage_section)


def _cadres_section(store: Store, echo: Echo) -> None:
    from .analyses.cadres import CadreSettings, plan_cadres
    from .analyses.cadres.plan import by_rule

    # The demo county is as of 2025-06-30 (its meta.csv): the plan is for 2025 whatever year
    # the demo is run in.
    plan = plan_cadres(store, CadreSettings())
    s = plan.summary()
    echo(f"Cadre plan for {s['year']} (orggraph cadres; as of {s['as_of']}): {s['matched']} cadres matched, "
         f"{s['must_covered']} of them to villages that must have a first secretary "
         f"({s['must_left']} such villages left); {s['first_secretary_in_office']} villages have "
         f"one in office, {s['without_needs']} need none; {s['cadres_left']} free cadres left.\n")
    echo(output.to_table(by_rule(plan), title="Matches per rule (第一书记全覆盖 where no "
                                              "specialty fits)"))
    if plan.unmatched_villages:
        echo(output.to_table(plan.village_rows(), title="Villages left without a cadre"))


SECTIONS.append(_cadres_section)


def _pairing_section(store: Store, echo: Echo) -> None:
    from .analyses.pairing import plan_pairs, tables

    echo("Cross-village pairing (orggraph pair):\n" + tables.table(plan_pairs(store)))


SECTIONS.append(_pairing_section)


def _report_section(store: Store, echo: Echo) -> None:
    from .report import write_report

    # Beside the demo database, so that a demo run leaves everything in one place.
    folder = Path(getattr(store, "location", ".")).resolve().parent / "orggraph-demo-report"
    report = write_report(store, folder, command="orggraph report -o orggraph-demo-report")
    echo(f"HTML report with {len(report.maps)} interactive maps (orggraph report; works offline, "
         f"names masked):\n  {report.index}\n")


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
        raise DemoError(f"{path} exists and is not an orggraph database: the demo replaces its "
                        "database, so name a new file (orggraph demo --db FILE.lbug)")
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
        echo(f"Loaded the demo county from {bundle}: {report.nodes} nodes, "
             f"{report.relationships} relationships into {db}\n")
        if second:
            report, _ = load_and_record(store, write_second_quarter(bundle, second), replace=True)
            echo("下一季度台账：" + changes_text.summary_line(report.changes, str(second),
                                                             replace=True) + "\n")
        for section in SECTIONS:
            section(store, echo)
    echo(next_steps(str(db)))


def next_steps(db: str) -> str:
    """How to run later commands on the demo's database (they use ./orggraph.lbug otherwise)."""
    return (f"The demo county is in {db}. Other commands use ./{DEFAULT_DB} unless told: "
            f"point them at the demo with\n"
            f"  export ORGGRAPH_DB={db}        (Windows: set ORGGRAPH_DB={db})\n"
            f"  orggraph coverage --summary\n"
            f"or name it each time: orggraph --db {db} coverage --summary")
