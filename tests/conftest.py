"""Fixtures: every store-level test runs on both engines.

The Neo4j half uses a real Neo4j 5.26 started once per test session by scripts/neo4j_local.py
(or the server named by ORGGRAPH_TEST_NEO4J_URI). It is skipped only where Java or Maven are
missing and CI is not set; under CI=true a missing Neo4j fails the run.
"""
from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pytest

from orggraph.store import open_store

ROOT = Path(__file__).resolve().parent.parent
BUNDLES = Path(__file__).resolve().parent / "bundles"
sys.path.insert(0, str(ROOT / "scripts"))

ENGINES = ("embedded", "neo4j")


def _neo4j_unavailable_reason() -> str | None:
    if os.environ.get("ORGGRAPH_TEST_NEO4J_URI"):
        return None
    missing = [tool for tool in ("java", "mvn") if shutil.which(tool) is None]
    return f"{' and '.join(missing)} not found" if missing else None


@pytest.fixture(scope="session")
def neo4j_uri():
    """The bolt:// URI of a real Neo4j for this test session."""
    if os.environ.get("ORGGRAPH_TEST_NEO4J_URI"):
        if int(os.environ.get("PYTEST_XDIST_WORKER_COUNT", "1")) > 1:
            pytest.fail("ORGGRAPH_TEST_NEO4J_URI is one server: run the tests with -n 0 (the "
                        "processes of -n 2 would delete each other's graphs)")
        _NEO4J["server"] = f"{os.environ['ORGGRAPH_TEST_NEO4J_URI']} (ORGGRAPH_TEST_NEO4J_URI)"
        yield os.environ["ORGGRAPH_TEST_NEO4J_URI"]
        return
    reason = _neo4j_unavailable_reason()
    if reason:
        if os.environ.get("CI"):
            pytest.fail(f"CI needs the Neo4j tests, but {reason}")
        pytest.skip(f"Neo4j tests skipped: {reason} (install a JDK and Maven to run them)")
    import neo4j_local

    with neo4j_local.running() as uri:
        _NEO4J["server"] = _server_name(uri)
        yield uri


# What the run's summary says of the Neo4j half, so a CI log shows that it ran (or why not).
# Each Neo4j test's reports carry a mark (and the server's name) in their user properties: under
# pytest-xdist the tests run in worker processes and only their reports reach the summary.
_NEO4J: dict = {"server": None}
_MARK = "neo4j_server"


def _server_name(uri: str) -> str:
    with open_store(uri) as store:
        found = store.query("CALL dbms.components() YIELD name, versions, edition "
                            "RETURN name, versions[0] AS version, edition")
    return ", ".join(f"{r['name']} {r['version']} {r['edition']}" for r in found) + f" at {uri}"


def _uses_neo4j(item) -> bool:
    params = getattr(getattr(item, "callspec", None), "params", {})
    return params.get("engine") == "neo4j" or "neo4j_uri" in getattr(item, "fixturenames", ())


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    if _uses_neo4j(item):
        outcome.get_result().user_properties.append((_MARK, _NEO4J["server"] or "not started"))


def pytest_terminal_summary(terminalreporter):
    outcomes, servers = {}, set()
    for outcome in ("passed", "failed", "error", "skipped"):
        nodeids = set()
        for report in terminalreporter.stats.get(outcome, ()):
            marks = [v for k, v in getattr(report, "user_properties", ()) if k == _MARK]
            if marks:
                nodeids.add(report.nodeid)
                servers.update(v for v in marks if v != "not started")
        outcomes[outcome] = len(nodeids)
    if not any(outcomes.values()):
        return
    counted = ", ".join(f"{n} {k}" for k, n in outcomes.items() if n)
    terminalreporter.write_line(f"Neo4j tests: {counted}; server: "
                                f"{'; '.join(sorted(servers)) or 'not started'}")


@pytest.fixture(params=ENGINES)
def engine(request) -> str:
    return request.param


@pytest.fixture(scope="session")
def empty_embedded_db(tmp_path_factory) -> Path:
    """An embedded database as `load` creates it (the schema in place, no rows), made once:
    creating one costs ~0.5 s of schema statements and syncs, copying its file a millisecond."""
    path = tmp_path_factory.mktemp("template") / "empty.lbug"
    with open_store(str(path)):   # created as `load` would: readers never create a database
        pass
    assert [p.name for p in path.parent.iterdir()] == [path.name], "the database is one file"
    return path


@pytest.fixture
def db(engine, tmp_path, request) -> str:
    """What `--db` would be for this engine: an empty graph with the schema in place."""
    if engine == "embedded":
        path = tmp_path / "test.lbug"
        shutil.copyfile(request.getfixturevalue("empty_embedded_db"), path)
        return str(path)
    uri = request.getfixturevalue("neo4j_uri")
    with open_store(uri) as store:
        store.delete_all()
        store.ensure_schema()
    return uri


@pytest.fixture
def store(db):
    with open_store(db) as opened:
        yield opened


@pytest.fixture
def tiny_bundle() -> Path:
    return BUNDLES / "tiny"
