"""Neo4j servers and bundles for the tests that take a server away in the middle of a load:
a real server process with its home in a folder of ours (so a killed server can be started
again on the files it left), generated bundles of many batches, and what a graph holds."""
from __future__ import annotations

import csv
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

from orggraph.store import open_store

ROOT = Path(__file__).resolve().parents[2]


def orggraph(*args: str, timeout: float = 300) -> subprocess.CompletedProcess:
    """`orggraph ARGS` in a new process, as a user runs it."""
    env = {k: v for k, v in os.environ.items() if k != "ORGGRAPH_VERBOSE"}
    return subprocess.run([sys.executable, "-m", "orggraph", *args], capture_output=True,
                          text=True, timeout=timeout, cwd=ROOT, env=env)


def start_load(db: str, bundle: Path, batch_size: int) -> subprocess.Popen:
    """`orggraph load` started in the background, to be interrupted."""
    return subprocess.Popen([sys.executable, "-m", "orggraph", "--db", db, "load", str(bundle),
                             "--batch-size", str(batch_size)], cwd=ROOT, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


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


class RealServer:
    """`neo4j` as a server process (not the harness) with its home in a folder of ours, so a
    killed server can be started again on the files it left."""

    def __init__(self, home: Path, **settings: str):
        import neo4j_local

        self.home = home
        self.port = free_port()
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


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def load_is_running(uri: str) -> bool:
    import neo4j

    with neo4j.GraphDatabase.driver(uri, auth=None) as driver:
        records = driver.execute_query(
            "SHOW TRANSACTIONS YIELD currentQuery RETURN currentQuery", database_="neo4j").records
    return any("UNWIND $rows" in (r["currentQuery"] or "") for r in records)


def graph_facts(uri: str) -> dict:
    with open_store(uri) as store:
        counts = store.counts()
        duplicates = store.query("MATCH (n) WITH n.id AS id, count(*) AS c WHERE c > 1 "
                                 "RETURN count(*) AS duplicates")[0]["duplicates"]
        doubled = store.query("MATCH (a)-[r]->(b) WITH a, b, type(r) AS t, count(*) AS c "
                              "WHERE c > 1 RETURN count(*) AS doubled")[0]["doubled"]
    return {"nodes": sum(counts["nodes"].values()), "rels": sum(counts["relationships"].values()),
            "duplicate_ids": duplicates, "doubled_rels": doubled}


def people_named(uri: str) -> dict:
    with open_store(uri) as store:
        return {r["surname"]: r["people"] for r in store.query(
            "MATCH (p:Person) RETURN substring(p.name, 0, 1) AS surname, count(*) AS people")}
