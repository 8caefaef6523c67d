"""The Neo4j store on its own: credentials, schema, routing, quiet notifications, and what a
user sees when the server goes away (while connected, and in the middle of a load).

Server-dependent tests take the session's Neo4j (`neo4j_uri`, so they skip or fail exactly as
conftest decides) or start throwaway servers of their own:
- `neo4j_local.start()` (the in-process harness) for a server stopped mid-session;
- a real Neo4j server process (`org.neo4j.server.CommunityEntryPoint`, from the same jars) for
  the crash test, because the harness keeps its store in a fresh random directory on every start
  and so cannot be restarted on the data a killed server left behind.
"""
from __future__ import annotations

import csv
import os
import signal
import socket
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

from orggraph.load.load import load_bundle
from orggraph.queries import QueryError
from orggraph.store import StoreError, open_store
from orggraph.store.credentials import target
from orggraph.store.neo4j import LISTS, OWN_TEXTS, Neo4jStore, one_plan, schema_statements

ROOT = Path(__file__).resolve().parent.parent
TINY = Path(__file__).resolve().parent / "bundles" / "tiny"


def orggraph(*args: str, timeout: float = 300) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "ORGGRAPH_VERBOSE"}
    return subprocess.run([sys.executable, "-m", "orggraph", *args], capture_output=True,
                          text=True, timeout=timeout, cwd=ROOT, env=env)


def make_bundle(root: Path, people: int, orgs: int = 500,
                surname: str = "张") -> tuple[Path, int, int]:
    """A generated bundle of `people` party members in `orgs` branches of one county:
    returns (folder, nodes, relationships)."""
    def write(path: str, header: list[str], rows) -> None:
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        with open(root / path, "w", newline="", encoding="utf-8") as handle:
            out = csv.writer(handle)
            out.writerow(header)
            out.writerows(rows)

    write("nodes/Region.csv", ["id", "name", "kind"], [["R-1", "青山县", "county"]])
    write("nodes/OrgUnit.csv", ["id", "name", "kind", "stars", "founded"],
          ([f"O-{i}", f"第{i}支部", "village_branch", i % 6, "2001-07-01"] for i in range(orgs)))
    write("nodes/Person.csv", ["id", "name", "gender", "birth_year", "party_member", "specialty"],
          ([f"P-{i}", f"{surname}{i}", "男女"[i % 2], 1950 + i % 50, "true", "economy"]
           for i in range(people)))
    write("rels/MEMBER_OF.csv", ["from", "to"], ([f"P-{i}", f"O-{i % orgs}"] for i in range(people)))
    write("rels/BASED_IN.csv", ["from", "to"], ([f"O-{i}", "R-1"] for i in range(orgs)))
    return root, 1 + orgs + people, people + orgs


# -- credentials (no server) ------------------------------------------------------------------

def test_credentials_come_from_options_then_the_uri_then_the_environment():
    env = {"NEO4J_USER": "env-user", "NEO4J_PASSWORD": "env-pw", "NEO4J_DATABASE": "env-db"}
    found = target("neo4j://127.0.0.1:7687", environ=env)
    assert (found.user, found.password, found.database) == ("env-user", "env-pw", "env-db")
    assert found.auth == ("env-user", "env-pw")
    env["NEO4J_USERNAME"] = "preferred"
    assert target("bolt://h:1", environ=env).user == "preferred"
    from_uri = target("neo4j+s://u%40x:p%3Aw@db.example.org:7687", environ=env)
    assert (from_uri.user, from_uri.password) == ("u@x", "p:w")
    assert from_uri.location == "neo4j+s://db.example.org:7687"
    given = target("bolt://a:b@h:1", user="opt", password="opt-pw", database="opt-db", environ=env)
    assert (given.user, given.password, given.database) == ("opt", "opt-pw", "opt-db")


def test_no_password_means_no_auth_and_the_password_is_never_shown():
    assert target("bolt://h:1", environ={}).auth is None
    assert target("bolt://h:1", environ={"NEO4J_PASSWORD": "pw"}).auth == ("neo4j", "pw")
    shown = target("bolt://someone:hunter2@h:1", environ={})
    assert "hunter2" not in repr(shown) and "hunter2" not in shown.location


def test_an_unreachable_server_is_a_clear_error_without_credentials():
    with pytest.raises(StoreError) as caught:
        open_store("bolt://someone:hunter2@127.0.0.1:1")
    message = str(caught.value)
    assert "bolt://127.0.0.1:1" in message and "无法连接" in message
    assert "hunter2" not in message and "someone" not in message


@pytest.mark.parametrize("password, expected", [
    (None, "要求用户名和密码：请设置环境变量 NEO4J_USERNAME 和 NEO4J_PASSWORD"),
    ("wrong-secret", "拒绝了用户 ana 的密码，请检查 NEO4J_USERNAME 和 NEO4J_PASSWORD"),
])
def test_refused_credentials_are_a_clear_error_without_the_password(monkeypatch, password,
                                                                    expected):
    import neo4j
    from neo4j.exceptions import AuthError

    class Refusing:
        def verify_connectivity(self):
            raise AuthError("The client is unauthorized due to authentication failure.")

        def close(self):
            pass

    monkeypatch.setattr(neo4j.GraphDatabase, "driver", lambda *args, **kwargs: Refusing())
    environ = {"NEO4J_USERNAME": "ana"} | ({"NEO4J_PASSWORD": password} if password else {})
    monkeypatch.setattr(os, "environ", environ)
    with pytest.raises(StoreError) as caught:
        open_store("neo4j://db.example.org:7687")
    assert str(caught.value) == f"Neo4j（neo4j://db.example.org:7687）{expected}"


def test_schema_is_generated_from_the_model():
    ddl = "\n".join(schema_statements())
    for label in ("Region", "OrgUnit", "Person", "Enterprise", "IndustryChain"):
        assert f"FOR (n:{label}) REQUIRE n.id IS UNIQUE" in ddl
        assert f"FOR (n:{label}) ON (n.name)" in ddl
    assert "FOR (n:OrgUnit) ON (n.kind)" in ddl and "FOR (n:Person) ON (n.kind)" not in ddl


# -- on the session's server -----------------------------------------------------------------

@pytest.fixture
def neo4j_store(neo4j_uri):
    with open_store(neo4j_uri) as store:
        store.delete_all()
        yield store


def test_constraints_and_indexes_exist_and_are_enforced(neo4j_store):
    neo4j_store.ensure_schema()
    neo4j_store.ensure_schema()  # idempotent
    constraints = {row["name"]: row for row in neo4j_store.query(
        "SHOW CONSTRAINTS YIELD name, type, labelsOrTypes, properties")}
    assert constraints["orggraph_region_id"]["type"] == "UNIQUENESS"
    assert constraints["orggraph_region_id"]["properties"] == ["id"]
    indexes = {row["name"] for row in neo4j_store.query("SHOW INDEXES YIELD name")}
    assert {"orggraph_orgunit_kind", "orggraph_person_name"} <= indexes
    load_bundle(neo4j_store, TINY)
    with pytest.raises(QueryError, match="already exists"):
        neo4j_store.query("CREATE (:Region {id: 'R-V1', name: 'x', kind: 'village'})", write=True)


def test_values_come_back_as_python_values(neo4j_store):
    import datetime as dt

    load_bundle(neo4j_store, TINY)
    row = neo4j_store.query("MATCH (o:OrgUnit {id: 'O-T1'}) RETURN o.founded AS founded, "
                            "datetime('2024-05-01T08:30:00Z') AS at, duration('P2DT3H') AS span, "
                            "o AS node")[0]
    assert row["founded"] == dt.date(1956, 5, 1) and type(row["founded"]) is dt.date
    assert isinstance(row["at"], dt.datetime) and row["at"].hour == 8
    assert row["span"] == dt.timedelta(days=2, hours=3)
    assert row["node"]["id"] == "O-T1" and row["node"]["founded"] == dt.date(1956, 5, 1)


def test_reads_are_routed_as_reads_and_writes_as_writes(neo4j_store):
    with pytest.raises(QueryError, match="--write"):
        neo4j_store.query("CREATE (:Region {id: 'R-X', name: 'x', kind: 'village'})")
    assert neo4j_store.query("MATCH (r:Region) RETURN count(r) AS c") == [{"c": 0}]
    neo4j_store.query("CREATE (:Region {id: 'R-X', name: 'x', kind: 'village'})", write=True)
    assert neo4j_store.query("MATCH (r:Region) RETURN count(r) AS c") == [{"c": 1}]


def test_every_call_names_the_database_and_reads_ask_for_read_routing(neo4j_store, monkeypatch):
    import neo4j

    driver = neo4j_store._driver
    calls = []
    real_query, real_session = driver.execute_query, driver.session

    def spy_query(*args, **kwargs):
        calls.append(("query", kwargs.get("database_"), kwargs.get("routing_"), args[0]))
        return real_query(*args, **kwargs)

    def spy_session(**kwargs):
        calls.append(("session", kwargs.get("database"), None, ""))
        return real_session(**kwargs)

    monkeypatch.setattr(driver, "execute_query", spy_query)
    monkeypatch.setattr(driver, "session", spy_session)
    load_bundle(neo4j_store, TINY)
    neo4j_store.counts()
    neo4j_store.project()
    neo4j_store.delete_all()
    assert calls and {database for _, database, _, _ in calls} == {neo4j_store.database}
    reads = [c for c in calls if c[0] == "query" and c[3].lstrip().upper().startswith("MATCH")]
    assert reads and {routing for _, _, routing, _ in reads} == {neo4j.RoutingControl.READ}


def test_list_parameters_travel_in_one_map_parameter():
    text, params = one_plan("UNWIND $ids AS i MATCH (n {id: i}) WHERE n.k IN $idsx OR n.j = $id "
                            "RETURN $ids AS all", {"ids": ["a"], "idsx": ("b",), "id": "c"})
    assert text == (f"UNWIND ${LISTS}.ids AS i MATCH (n {{id: i}}) WHERE n.k IN ${LISTS}.idsx "
                    f"OR n.j = $id RETURN ${LISTS}.ids AS all")
    assert params == {"id": "c", LISTS: {"ids": ["a"], "idsx": ("b",)}}
    assert one_plan("RETURN $id", {"id": "x"}) == ("RETURN $id", {"id": "x"})


def test_library_queries_neo4j_answers_its_own_way_are_sent_so(neo4j_store, monkeypatch):
    """Its own texts answer library queries (tests/test_parity.py checks the rows are the
    same on both stores) with the same columns."""
    from orggraph import queries

    sent = []
    real = neo4j_store._driver.execute_query
    monkeypatch.setattr(neo4j_store._driver, "execute_query",
                        lambda text, *a, **k: sent.append(text) or real(text, *a, **k))
    for name, text in OWN_TEXTS.items():
        query = queries.find(name)
        assert neo4j_store.query(query.text, query.bind()) == []
        assert sent[-1] == one_plan(text, query.bind())[0] != query.text
        columns = [c.strip() for c in query.returns.split(",")]
        assert re.findall(r"AS (\w+)", text)[-len(columns):] == columns


def test_a_query_is_planned_once_whatever_the_length_of_its_lists(neo4j_store):
    """Neo4j caches a plan per text and per power of ten of each list parameter's length; the
    store sends lists inside one map parameter, so one plan serves every length. Seen in the
    server's own query statistics: only the first invocation compiles."""
    load_bundle(neo4j_store, TINY)
    text = ("UNWIND $ids AS wanted MATCH (r:Region {id: wanted}) WHERE r.kind IN $kinds "
            "RETURN r.id AS id // planned once")
    run = neo4j_store._driver.execute_query
    run("CALL db.clearQueryCaches()")
    run("CALL db.stats.clear('QUERIES')")
    run("CALL db.stats.collect('QUERIES')")
    try:
        for length in (1, 7, 40, 0):
            assert neo4j_store.query(text, {"ids": ["R-C"] * length, "kinds": ["county"]}) == [
                {"id": "R-C"}] * length
        stats = [r["data"] for r in run("CALL db.stats.retrieve('QUERIES') YIELD data "
                                        "RETURN data").records
                 if "planned once" in r["data"]["query"]]
    finally:
        run("CALL db.stats.stop('QUERIES')")
        run("CALL db.stats.clear('QUERIES')")
    assert len(stats) == 1
    compiled = [i["elapsedCompileTimeInUs"] for i in stats[0]["invocations"]]
    assert len(compiled) == 4 and max(compiled[1:]) < compiled[0] / 3, compiled


def test_an_unknown_database_is_a_clear_error(neo4j_uri):
    with pytest.raises(StoreError, match="上没有数据库 nosuchdb"):
        Neo4jStore(neo4j_uri, database="nosuchdb")


def test_server_notifications_stay_quiet_unless_verbose(neo4j_uri, tmp_path):
    query = tmp_path / "unknown.cypher"
    query.write_text("MATCH (n:NoSuchLabel) RETURN n.id AS id\n", encoding="utf-8")
    quiet = orggraph("--db", neo4j_uri, "query", str(query))
    assert quiet.returncode == 0, quiet.stderr
    assert quiet.stderr == ""
    loud = orggraph("--db", neo4j_uri, "--verbose", "query", str(query))
    assert loud.returncode == 0, loud.stderr
    assert "The label `NoSuchLabel` does not exist" in loud.stderr


def test_commit_every_keeps_what_was_committed_and_a_reload_completes_it(neo4j_uri):
    from orggraph.store.batches import NodeBatch

    def people(fail_after: int | None = None):
        for i in range(10):
            if i == fail_after:
                raise RuntimeError("the laptop lid closed")
            yield NodeBatch("Person", ("id", "name"), [{"id": f"P-{i}", "name": f"张{i}"}])

    def count(store) -> int:
        return store.query("MATCH (p:Person) RETURN count(p) AS c")[0]["c"]

    with Neo4jStore(neo4j_uri, commit_every=2) as store:
        store.delete_all()
        with pytest.raises(RuntimeError):
            store.load(people(fail_after=5))
        assert count(store) == 4  # two commits of two rows; the fifth row was rolled back
        store.load(people())
        assert count(store) == 10
    with Neo4jStore(neo4j_uri) as store:  # the default: one transaction for everything
        store.delete_all()
        with pytest.raises(RuntimeError):
            store.load(people(fail_after=5))
        assert count(store) == 0


def test_new_rows_are_created_and_stored_ones_merged(neo4j_uri, monkeypatch):
    """A load into an empty graph creates everything; a later load looks its ids up (once per
    batch) and merges only the stored ones. Repeated relationship rows, also across batches,
    stay one relationship with the last row's values."""
    from orggraph.store import neo4j as store_module
    from orggraph.store.batches import NodeBatch, RelBatch

    ran: list[str] = []
    real = store_module._run_statement

    def recording(tx, cypher, params, kind, **more):
        how = "CREATE" if " CREATE (" in cypher else "MERGE"
        ran.append(f"{how} {kind} {len(params['rows'])}")
        return real(tx, cypher, params, kind, **more)

    monkeypatch.setattr(store_module, "_run_statement", recording)

    def rels(*rows):  # one row per batch: a repeat is always in another batch
        for a, b, tier in rows:
            yield RelBatch("MEMBER_OF", "Enterprise", "IndustryChain", ("from", "to", "tier"),
                           [{"from": a, "to": b, "tier": tier}])

    def tiers(store):
        return store.query("MATCH (e:Enterprise)-[r:MEMBER_OF]->(c:IndustryChain) "
                           "RETURN e.id AS e, c.id AS c, r.tier AS tier ORDER BY e, c")

    with Neo4jStore(neo4j_uri) as store:
        store.delete_all()
        store.load([NodeBatch("Enterprise", ("id", "name"), [{"id": "E-1", "name": "甲"},
                                                             {"id": "E-2", "name": "乙"}]),
                    NodeBatch("IndustryChain", ("id", "name"), [{"id": "C-1", "name": "茶"}]),
                    *rels(("E-1", "C-1", "upstream"), ("E-2", "C-1", "upstream"),
                          ("E-1", "C-1", "downstream"))])
        assert ran == ["CREATE Enterprise 2", "CREATE IndustryChain 1", "CREATE MEMBER_OF 1",
                       "CREATE MEMBER_OF 1", "MERGE MEMBER_OF 1"]
        assert tiers(store) == [{"e": "E-1", "c": "C-1", "tier": "downstream"},
                                {"e": "E-2", "c": "C-1", "tier": "upstream"}]
        ran.clear()
        store.load([NodeBatch("Enterprise", ("id", "name"), [{"id": "E-2", "name": "乙二"},
                                                             {"id": "E-3", "name": "丙"}]),
                    *rels(("E-3", "C-1", "midstream"), ("E-2", "C-1", "midstream"))])
        assert ran == ["CREATE Enterprise 1", "MERGE Enterprise 1", "CREATE MEMBER_OF 1",
                       "MERGE MEMBER_OF 1"]
        assert tiers(store) == [{"e": "E-1", "c": "C-1", "tier": "downstream"},
                                {"e": "E-2", "c": "C-1", "tier": "midstream"},
                                {"e": "E-3", "c": "C-1", "tier": "midstream"}]
        assert store.query("MATCH (e:Enterprise {id: 'E-2'}) RETURN e.name AS n") == [
            {"n": "乙二"}]


PURE_PYTHON_LOAD = """
import sys
sys.modules["neo4j._rust"] = None  # what an install without neo4j-rust-ext has
from neo4j._codec.packstream import v1
assert v1._rust_pack is None
import runpy
sys.argv = ["orggraph", *sys.argv[1:]]
runpy.run_module("orggraph", run_name="__main__", alter_sys=True)
"""


def test_the_pure_python_driver_loads_the_same_graph(neo4j_uri):
    """neo4j-rust-ext is a default dependency where it has wheels; without it the driver
    encodes in Python, and the load must give the same graph."""
    from support.files import snapshot

    with open_store(neo4j_uri) as store:
        store.delete_all()
        load_bundle(store, TINY)
        with_default = snapshot(store)
        store.delete_all()
    done = subprocess.run([sys.executable, "-c", PURE_PYTHON_LOAD, "--db", neo4j_uri, "load",
                           str(TINY)], capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert done.returncode == 0, done.stderr
    with open_store(neo4j_uri) as store:
        assert snapshot(store) == with_default
        store.delete_all()


# -- a throwaway harness server, stopped mid-session -------------------------------------------

def test_stopping_the_server_while_connected_is_a_clear_error(neo4j_uri):
    import neo4j_local

    uri, handle = neo4j_local.start()
    try:
        store = open_store(uri)
        load_bundle(store, TINY)
        assert store.counts()["nodes"]["Region"] == 5
        neo4j_local.stop(handle)
        with pytest.raises(StoreError) as caught:
            store.query("MATCH (r:Region) RETURN count(r) AS c")
        assert str(caught.value).startswith(f"Neo4j（{uri}）无法连接")
        with pytest.raises(StoreError, match=re.escape(f"Neo4j（{uri}）")):
            load_bundle(store, TINY)
        store.close()
        host_port = uri.split("://", 1)[1]
        cli = orggraph("--db", f"bolt://neo4j:hunter2@{host_port}", "stats")
        assert cli.returncode == 1
        assert cli.stderr.startswith(f"错误：Neo4j（{uri}）无法连接")
        assert "Traceback" not in cli.stderr and "hunter2" not in cli.stderr + cli.stdout
    finally:
        neo4j_local.stop(handle)


# -- a real server process, killed mid-load and restarted on its data -------------------------

class RealServer:
    """`neo4j` as a server process (not the harness) with its home in a folder of ours, so a
    killed server can be started again on the files it left."""

    def __init__(self, home: Path, **settings: str):
        import neo4j_local

        self.home = home
        self.port = _free_port()
        self.uri = f"bolt://127.0.0.1:{self.port}"
        self.settings = {
            "dbms.security.auth_enabled": "false",
            "server.bolt.listen_address": f"127.0.0.1:{self.port}",
            "server.http.enabled": "false",
            "server.https.enabled": "false",
            "server.memory.pagecache.size": "64m",
            "dbms.usage_report.enabled": "false",
            **settings,
        }
        self.command = [neo4j_local._java(), "-Xmx512m", *neo4j_local.JVM_FLAGS,
                        "-cp", neo4j_local.ensure_jars(), "org.neo4j.server.CommunityEntryPoint",
                        f"--home-dir={home}", f"--config-dir={home / 'conf'}"]
        self.proc: subprocess.Popen | None = None

    def start(self, timeout: float = 240) -> None:
        import neo4j

        conf = self.home / "conf"
        conf.mkdir(parents=True, exist_ok=True)
        (conf / "neo4j.conf").write_text(
            "".join(f"{k}={v}\n" for k, v in self.settings.items()), encoding="utf-8")
        log = open(self.home / "console.log", "ab")
        self.proc = subprocess.Popen(self.command, stdout=log, stderr=log,
                                     stdin=subprocess.DEVNULL, start_new_session=True)
        deadline = time.monotonic() + timeout
        while True:
            if self.proc.poll() is not None:
                raise RuntimeError(f"Neo4j exited: {(self.home / 'console.log').read_text()[-2000:]}")
            try:
                with neo4j.GraphDatabase.driver(self.uri, auth=None) as driver:
                    driver.verify_connectivity()
                    driver.execute_query("RETURN 1")
                return
            except Exception:  # noqa: BLE001 - not up yet
                if time.monotonic() > deadline:
                    self.kill()
                    raise
                time.sleep(0.5)

    def kill(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
            self.proc.wait(30)

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(60)
            except subprocess.TimeoutExpired:
                self.kill()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _load_is_running(uri: str) -> bool:
    import neo4j

    with neo4j.GraphDatabase.driver(uri, auth=None) as driver:
        records = driver.execute_query(
            "SHOW TRANSACTIONS YIELD currentQuery RETURN currentQuery", database_="neo4j").records
    return any("UNWIND $rows" in (r["currentQuery"] or "") for r in records)


def _graph_facts(uri: str) -> dict:
    with open_store(uri) as store:
        counts = store.counts()
        duplicates = store.query("MATCH (n) WITH n.id AS id, count(*) AS c WHERE c > 1 "
                                 "RETURN count(*) AS duplicates")[0]["duplicates"]
        doubled = store.query("MATCH (a)-[r]->(b) WITH a, b, type(r) AS t, count(*) AS c "
                              "WHERE c > 1 RETURN count(*) AS doubled")[0]["doubled"]
    return {"nodes": sum(counts["nodes"].values()), "rels": sum(counts["relationships"].values()),
            "duplicate_ids": duplicates, "doubled_rels": doubled}


@pytest.mark.slow
def test_a_server_killed_mid_load_loses_the_whole_load_and_a_rerun_completes_it(
        neo4j_uri, tmp_path):
    bundle, nodes, rels = make_bundle(tmp_path / "big", people=60_000)
    server = RealServer(tmp_path / "home")
    server.start()
    try:
        load = subprocess.Popen([sys.executable, "-m", "orggraph", "--db", server.uri, "load",
                                 str(bundle), "--batch-size", "2000"], cwd=ROOT, text=True,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        deadline = time.monotonic() + 180
        while not _load_is_running(server.uri):
            assert load.poll() is None, f"the load ended before it could be interrupted: {load.communicate()}"
            assert time.monotonic() < deadline, "the load never started writing"
            time.sleep(0.05)
        time.sleep(0.5)  # let a few batches land inside the transaction
        assert load.poll() is None, "the load ended before it could be interrupted"
        server.kill()
        out, err = load.communicate(timeout=120)
        assert load.returncode == 1, (out, err)
        assert err.startswith(f"错误：导入时与 Neo4j（{server.uri}）的连接中断")
        assert "该台账包未写入任何内容" in err and "Traceback" not in err

        server.start()  # on the same files: Neo4j recovers and drops the unfinished transaction
        assert _graph_facts(server.uri) == {"nodes": 0, "rels": 0, "duplicate_ids": 0,
                                            "doubled_rels": 0}
        for _ in range(2):  # the rerun completes the graph; another run changes nothing
            rerun = orggraph("--db", server.uri, "load", str(bundle))
            assert rerun.returncode == 0, rerun.stderr
            assert _graph_facts(server.uri) == {"nodes": nodes, "rels": rels,
                                                "duplicate_ids": 0, "doubled_rels": 0}
    finally:
        server.stop()


def _people_named(uri: str) -> dict:
    with open_store(uri) as store:
        return {r["surname"]: r["people"] for r in store.query(
            "MATCH (p:Person) RETURN substring(p.name, 0, 1) AS surname, count(*) AS people")}


@pytest.mark.slow
def test_a_load_killed_mid_way_leaves_the_old_graph_and_a_rerun_completes_it(neo4j_uri,
                                                                             tmp_path):
    """The user's side dies (kill -9, out of memory, a closed laptop) in the middle of a load of
    many batches, in the mode the README recommends (one transaction): the graph that was there
    before is there unchanged, and running the load again gives the whole new bundle."""
    old, old_nodes, old_rels = make_bundle(tmp_path / "old", people=3_000, surname="张")
    new, nodes, rels = make_bundle(tmp_path / "new", people=40_000, surname="李")
    with open_store(neo4j_uri) as store:
        store.delete_all()
    loaded = orggraph("--db", neo4j_uri, "load", str(old))
    assert loaded.returncode == 0, loaded.stderr
    before = _graph_facts(neo4j_uri), _people_named(neo4j_uri)
    assert before == ({"nodes": old_nodes, "rels": old_rels, "duplicate_ids": 0,
                       "doubled_rels": 0}, {"张": 3_000})
    load = subprocess.Popen([sys.executable, "-m", "orggraph", "--db", neo4j_uri, "load",
                             str(new), "--batch-size", "2000"], cwd=ROOT, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 180
        while not _load_is_running(neo4j_uri):
            assert load.poll() is None, f"the load ended before it was killed: {load.communicate()}"
            assert time.monotonic() < deadline, "the load never started writing"
            time.sleep(0.05)
        time.sleep(0.5)  # let a few batches land inside the transaction
        assert load.poll() is None, "the load ended before it could be killed"
    finally:
        load.kill()
        load.communicate(timeout=60)
    assert (_graph_facts(neo4j_uri), _people_named(neo4j_uri)) == before
    deadline = time.monotonic() + 60  # the server ends the dead client's transaction
    while _load_is_running(neo4j_uri):
        assert time.monotonic() < deadline, "the killed load's transaction is still open"
        time.sleep(0.2)
    assert (_graph_facts(neo4j_uri), _people_named(neo4j_uri)) == before
    for _ in range(2):  # the rerun completes the new bundle; another run changes nothing
        rerun = orggraph("--db", neo4j_uri, "load", str(new))
        assert rerun.returncode == 0, rerun.stderr
        assert _graph_facts(neo4j_uri) == {"nodes": nodes, "rels": rels, "duplicate_ids": 0,
                                           "doubled_rels": 0}
        assert _people_named(neo4j_uri) == {"李": 40_000}
    with open_store(neo4j_uri) as store:
        store.delete_all()


@pytest.mark.slow
def test_a_bundle_too_big_for_one_transaction_is_explained_and_commit_every_loads_it(
        neo4j_uri, tmp_path):
    bundle, nodes, rels = make_bundle(tmp_path / "big", people=20_000, orgs=200)
    server = RealServer(tmp_path / "home", **{"db.memory.transaction.max": "16m"})
    server.start()
    try:
        whole = orggraph("--db", server.uri, "load", str(bundle))
        assert whole.returncode == 1
        assert f"台账包太大，Neo4j（{server.uri}）一次事务容纳不下" in whole.stderr
        assert "该台账包未写入任何内容" in whole.stderr
        assert "--neo4j-commit-every" in whole.stderr and "Traceback" not in whole.stderr
        assert _graph_facts(server.uri)["nodes"] == 0
        chunked = orggraph("--db", server.uri, "--neo4j-commit-every", "3000", "load",
                           str(bundle), "--batch-size", "1000")
        assert chunked.returncode == 0, chunked.stderr
        assert _graph_facts(server.uri) == {"nodes": nodes, "rels": rels, "duplicate_ids": 0,
                                            "doubled_rels": 0}
    finally:
        server.stop()
