#!/usr/bin/env python3
"""A throwaway real Neo4j 5.26 for tests and benchmarks, without Docker.

Neo4j comes from Maven Central as ``org.neo4j.test:neo4j-harness`` (an in-process DBMS with Bolt),
resolved by ``scripts/neo4j/pom.xml`` into a cache outside the repo, and is run by the single-file
Java program ``scripts/neo4j/Launcher.java``: Bolt on 127.0.0.1, HTTP off, auth off, small heap and
page cache, database files in a temporary directory that is deleted on stop.

Library use (``sys.path.insert(0, "scripts")`` then ``import neo4j_local``)::

    with neo4j_local.running() as uri:          # "bolt://127.0.0.1:PORT", auth=None
        driver = neo4j.GraphDatabase.driver(uri, auth=None)

    uri, handle = neo4j_local.start()           # returns once Bolt answers
    ...
    neo4j_local.stop(handle)

Command line (``scripts/neo4j-local`` wraps it)::

    python scripts/neo4j_local.py start [--port N] [--heap 512m] [--pagecache 128m]
        -> starts a detached server, prints its bolt:// URI (only that) on stdout
    python scripts/neo4j_local.py status   -> prints the URI and exits 0 if running, else exits 1
    python scripts/neo4j_local.py stop
    python scripts/neo4j_local.py jars     -> downloads the jars (if needed), prints the classpath

The first run downloads ~145 MB of jars with Maven (``mvn`` on PATH, Java 17+ JDK); later runs
use the cache. All progress goes to stderr. Environment overrides: ``ORGGRAPH_NEO4J_CACHE`` (cache
root, default ``$XDG_CACHE_HOME/orggraph`` or ``~/.cache/orggraph``), ``JAVA_HOME`` / ``JAVA``,
``MVN``, ``ORGGRAPH_NEO4J_STATE_DIR`` (CLI state dir, default ``<repo>/.neo4j-local``),
``ORGGRAPH_NEO4J_START_TIMEOUT`` (seconds, default 180).
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import fcntl
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Iterator

__all__ = [
    "NEO4J_VERSION",
    "Neo4jLocalError",
    "Handle",
    "ensure_jars",
    "start",
    "stop",
    "running",
    "main",
]

SCRIPTS_DIR = Path(__file__).resolve().parent
REPO_ROOT = SCRIPTS_DIR.parent
POM = SCRIPTS_DIR / "neo4j" / "pom.xml"
LAUNCHER = SCRIPTS_DIR / "neo4j" / "Launcher.java"

DEPENDENCY_PLUGIN = "org.apache.maven.plugins:maven-dependency-plugin:3.6.1"

# From the default neo4j.conf of 5.26 (server.jvm.additional), plus fail-fast on OOM.
JVM_FLAGS = [
    "--add-opens=java.base/java.nio=ALL-UNNAMED",
    "--add-opens=java.base/java.io=ALL-UNNAMED",
    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
    "--enable-native-access=ALL-UNNAMED",
    "-Dio.netty.tryReflectionSetAccessible=true",
    "-XX:+ExitOnOutOfMemoryError",
]

DEFAULT_HEAP = "512m"
DEFAULT_PAGECACHE = "128m"
# Start-up is ~5 s on an idle 2-core box but was seen at 30-50 s with several JVMs and test runs
# competing for the CPUs; override with ORGGRAPH_NEO4J_START_TIMEOUT (seconds).
DEFAULT_START_TIMEOUT = float(os.environ.get("ORGGRAPH_NEO4J_START_TIMEOUT") or 180.0)


class Neo4jLocalError(RuntimeError):
    """Raised when the jars cannot be fetched or the server does not come up."""


def _log(msg: str) -> None:
    print(f"[neo4j-local] {msg}", file=sys.stderr, flush=True)


def _read_version() -> str:
    m = re.search(r"<neo4j\.version>\s*([^<\s]+)\s*</neo4j\.version>", POM.read_text(encoding="utf-8"))
    if not m:
        raise Neo4jLocalError(f"no <neo4j.version> property in {POM}")
    return m.group(1)


NEO4J_VERSION = _read_version()


def cache_dir() -> Path:
    """Where the jars live: ``<cache root>/neo4j-<version>`` (outside the repo)."""
    root = os.environ.get("ORGGRAPH_NEO4J_CACHE")
    if root:
        base = Path(root).expanduser()
    else:
        xdg = os.environ.get("XDG_CACHE_HOME")
        base = (Path(xdg).expanduser() if xdg else Path.home() / ".cache") / "orggraph"
    return base / f"neo4j-{NEO4J_VERSION}"


def _lib_dir() -> Path:
    return cache_dir() / "lib"


def _classpath(lib: Path) -> str:
    return str(lib / "*")  # a JVM classpath wildcard, expanded by java itself


def ensure_jars() -> str:
    """Make sure the Neo4j jars are in the cache (downloading them with Maven the first time).

    Returns a classpath string for ``java -cp`` (``<cache>/lib/*``). Safe to call from several
    processes at once (file lock); fast when already cached (no Maven run at all).
    """
    lib = _lib_dir()
    marker = cache_dir() / ".complete"
    if marker.is_file() and lib.is_dir():
        return _classpath(lib)

    cache_dir().mkdir(parents=True, exist_ok=True)
    with open(cache_dir() / ".lock", "w") as lockf:
        fcntl.flock(lockf, fcntl.LOCK_EX)
        if marker.is_file() and lib.is_dir():  # another process finished it meanwhile
            return _classpath(lib)

        mvn = os.environ.get("MVN") or shutil.which("mvn")
        if not mvn:
            raise Neo4jLocalError("Maven ('mvn') not found on PATH; it is needed once to fetch the Neo4j jars")
        tmp = cache_dir() / f"lib.tmp-{os.getpid()}"
        shutil.rmtree(tmp, ignore_errors=True)
        _log(f"fetching Neo4j {NEO4J_VERSION} jars from Maven Central into {lib} "
             "(first run only; may take a few minutes)")
        t0 = time.monotonic()
        cmd = [
            mvn, "-q", "-B", "-Dstyle.color=never", "-f", str(POM),
            f"{DEPENDENCY_PLUGIN}:copy-dependencies",
            "-DincludeScope=runtime",
            f"-DoutputDirectory={tmp}",
        ]
        # Maven's own output goes to stderr (stdout of our CLI is reserved for the URI).
        proc = subprocess.run(cmd, cwd=cache_dir(), stdin=subprocess.DEVNULL,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        if proc.returncode != 0:
            shutil.rmtree(tmp, ignore_errors=True)
            tail = "\n".join(proc.stdout.splitlines()[-40:])
            raise Neo4jLocalError(f"Maven failed (exit {proc.returncode}) fetching the Neo4j jars:\n{tail}")
        chatter = re.sub(r"\x1b\[[0-9;]*m", "", proc.stdout).strip()
        if chatter:
            sys.stderr.write(chatter + "\n")
        jars = list(tmp.glob("*.jar"))
        if not any(j.name.startswith("neo4j-harness-") for j in jars):
            shutil.rmtree(tmp, ignore_errors=True)
            raise Neo4jLocalError(f"Maven ran but no neo4j-harness jar landed in {tmp}")
        shutil.rmtree(lib, ignore_errors=True)
        tmp.rename(lib)
        marker.write_text(f"neo4j-harness {NEO4J_VERSION}: {len(jars)} jars\n")
        _log(f"got {len(jars)} jars in {time.monotonic() - t0:.1f}s")
        return _classpath(lib)


def _java() -> str:
    explicit = os.environ.get("JAVA")
    if explicit:
        return explicit
    home = os.environ.get("JAVA_HOME")
    if home and (Path(home) / "bin" / "java").is_file():
        return str(Path(home) / "bin" / "java")
    found = shutil.which("java")
    if not found:
        raise Neo4jLocalError("no 'java' on PATH (a Java 17+ JDK is needed)")
    return found


@dataclasses.dataclass
class Handle:
    """A running launcher. ``proc`` is None for a server found via the CLI state file."""

    pid: int
    uri: str
    data_dir: Path
    owns_data_dir: bool  # data_dir is ours to delete on stop
    stdout_path: Path
    stderr_path: Path
    proc: subprocess.Popen | None = None

    def to_json(self) -> dict:
        return {
            "pid": self.pid,
            "uri": self.uri,
            "data_dir": str(self.data_dir),
            "owns_data_dir": self.owns_data_dir,
            "stdout": str(self.stdout_path),
            "stderr": str(self.stderr_path),
            "version": NEO4J_VERSION,
        }

    @classmethod
    def from_json(cls, d: dict) -> "Handle":
        return cls(pid=int(d["pid"]), uri=d["uri"], data_dir=Path(d["data_dir"]),
                   owns_data_dir=bool(d["owns_data_dir"]), stdout_path=Path(d["stdout"]),
                   stderr_path=Path(d["stderr"]))


def _tail(path: Path, n: int = 40) -> str:
    try:
        lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return "(no output)"
    return "\n".join(lines[-n:]) if lines else "(empty)"


def _bolt_answers(uri: str) -> None:
    """Raise unless a Bolt server at ``uri`` accepts a connection (auth none)."""
    try:
        import neo4j  # noqa: PLC0415
    except ImportError:
        neo4j = None
    # Without the driver installed, "import neo4j" can find the directory scripts/neo4j (pom and
    # launcher) as a namespace package when scripts/ is on sys.path; that is not the driver.
    if neo4j is not None and hasattr(neo4j, "GraphDatabase"):
        with neo4j.GraphDatabase.driver(uri, auth=None, connection_timeout=5.0) as driver:
            driver.verify_connectivity()
        return
    # No driver in this interpreter: fall back to a raw Bolt handshake (magic + 4 versions).
    host, port = uri.split("://", 1)[1].rsplit(":", 1)
    with socket.create_connection((host, int(port)), timeout=5.0) as s:
        s.sendall(bytes.fromhex("6060B017") + bytes.fromhex("00080805" "00000404" "00000000" "00000000"))
        reply = s.recv(4)
        if len(reply) != 4 or reply == b"\x00\x00\x00\x00":
            raise ConnectionError(f"no Bolt handshake from {uri}: {reply!r}")


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    # a zombie child of ours counts as dead
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return True


def _is_our_launcher(pid: int, data_dir: Path) -> bool:
    """Guard against pid reuse: is ``pid`` a java running Launcher.java on ``data_dir``?"""
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as f:
            args = f.read().split(b"\0")
    except OSError:
        return _pid_alive(pid)  # no /proc: trust the pid
    return b"Launcher.java" in b" ".join(args) and str(data_dir).encode() in args


def _wait_until_ready(handle: Handle, deadline: float, timeout: float) -> str:
    """Wait for the READY line, then for Bolt to answer; return the URI (fail() stops the JVM)."""
    proc = handle.proc
    assert proc is not None
    err_path = handle.stderr_path
    out_path = handle.stdout_path

    def fail(why: str) -> None:
        tail = _tail(err_path)
        stop(handle, timeout=10.0)  # also cleans up an owned temp dir
        raise Neo4jLocalError(f"Neo4j did not start: {why}\n--- launcher stderr (tail) ---\n{tail}")

    uri = ""
    while not uri:
        if proc.poll() is not None:
            fail(f"launcher exited with code {proc.returncode}")
        try:
            for line in out_path.read_text(encoding="utf-8", errors="replace").splitlines():
                if line.startswith("READY "):
                    uri = line.split(None, 1)[1].strip()
        except OSError:
            pass
        if not uri:
            if time.monotonic() > deadline:
                fail(f"no READY line within {timeout:.0f}s")
            time.sleep(0.1)
    handle.uri = uri

    last_exc: Exception | None = None
    while True:
        try:
            _bolt_answers(uri)
            break
        except Exception as exc:  # noqa: BLE001 - keep retrying until the deadline
            last_exc = exc
        if proc.poll() is not None:
            fail(f"launcher exited with code {proc.returncode}")
        if time.monotonic() > deadline:
            fail(f"{uri} did not answer Bolt within {timeout:.0f}s: {last_exc!r}")
        time.sleep(0.2)
    return uri


def start(port: int | None = None, data_dir: str | os.PathLike | None = None, heap: str = DEFAULT_HEAP,
          *, pagecache: str = DEFAULT_PAGECACHE, timeout: float = DEFAULT_START_TIMEOUT,
          detach: bool = False) -> tuple[str, Handle]:
    """Start a Neo4j and return ``(uri, handle)`` once it answers Bolt.

    ``port``: Bolt port on 127.0.0.1; None or 0 lets the server pick a free one (no race).
    ``data_dir``: where the database files (and launcher logs) go; default: a fresh temp dir
    that ``stop`` deletes. A given ``data_dir`` is kept (the harness still removes its own
    random-named store sub-directory on a clean stop).
    ``heap``: JVM -Xmx; ``pagecache``: Neo4j page cache size; ``timeout``: seconds for the
    server to come up (jar download, if any, is not counted).
    ``detach``: run in its own session without the stdin-EOF watch, so the server outlives this
    process (used by the CLI). Otherwise the server also stops by itself when this process dies.
    Raises Neo4jLocalError with the tail of the launcher's stderr if it fails to come up.
    Each start is a fresh, empty database (the harness makes a new store sub-directory).
    """
    classpath = ensure_jars()
    if data_dir is None:
        data_path = Path(tempfile.mkdtemp(prefix="orggraph-neo4j-"))
        owns = True
    else:
        data_path = Path(data_dir).expanduser().resolve()
        data_path.mkdir(parents=True, exist_ok=True)
        owns = False
    out_path = data_path / "launcher.out"
    err_path = data_path / "launcher.err"
    cmd = [
        _java(), f"-Xmx{heap}", *JVM_FLAGS,
        "-cp", classpath, str(LAUNCHER),
        "--dir", str(data_path),
        "--port", str(port or 0),
        "--pagecache", pagecache,
    ]
    if not detach:
        cmd.append("--watch-stdin")
    if owns:
        cmd.append("--delete-dir-on-exit")  # even if we die without calling stop()

    t0 = time.monotonic()
    with open(out_path, "wb") as out_f, open(err_path, "wb") as err_f:
        proc = subprocess.Popen(
            cmd, cwd=data_path,
            stdin=subprocess.DEVNULL if detach else subprocess.PIPE,
            stdout=out_f, stderr=err_f,
            start_new_session=True,  # keep terminal Ctrl-C away; we stop it ourselves
        )
    handle = Handle(pid=proc.pid, uri="", data_dir=data_path, owns_data_dir=owns,
                    stdout_path=out_path, stderr_path=err_path, proc=proc)

    try:
        uri = _wait_until_ready(handle, t0 + timeout, timeout)
    except Neo4jLocalError:
        raise
    except BaseException:  # e.g. KeyboardInterrupt while waiting: do not leak the JVM
        stop(handle, timeout=10.0)
        raise
    _log(f"Neo4j {NEO4J_VERSION} ready at {uri} in {time.monotonic() - t0:.1f}s (pid {proc.pid})")
    return uri, handle


def stop(handle: Handle, timeout: float = 30.0) -> None:
    """Stop the server (clean shutdown, SIGKILL after ``timeout``) and delete an owned temp dir.

    Idempotent; works for handles from ``start`` and from the CLI state file.
    """
    proc = handle.proc
    if proc is not None:
        if proc.poll() is None:
            if proc.stdin is not None:
                with contextlib.suppress(OSError):
                    proc.stdin.close()  # EOF -> launcher shuts down cleanly
            with contextlib.suppress(ProcessLookupError):
                proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(timeout)
            except subprocess.TimeoutExpired:
                _log(f"pid {proc.pid} did not stop within {timeout:.0f}s; killing it")
                proc.kill()
                proc.wait()
        elif proc.stdin is not None:
            with contextlib.suppress(OSError):
                proc.stdin.close()
    elif _pid_alive(handle.pid) and _is_our_launcher(handle.pid, handle.data_dir):
        os.kill(handle.pid, signal.SIGTERM)
        deadline = time.monotonic() + timeout
        while _pid_alive(handle.pid) and time.monotonic() < deadline:
            time.sleep(0.1)
        if _pid_alive(handle.pid):
            _log(f"pid {handle.pid} did not stop within {timeout:.0f}s; killing it")
            with contextlib.suppress(ProcessLookupError):
                os.kill(handle.pid, signal.SIGKILL)
            while _pid_alive(handle.pid):
                time.sleep(0.05)
    if handle.owns_data_dir:
        shutil.rmtree(handle.data_dir, ignore_errors=True)


@contextlib.contextmanager
def running(port: int | None = None, data_dir: str | os.PathLike | None = None, heap: str = DEFAULT_HEAP,
            **kwargs) -> Iterator[str]:
    """``with running() as uri:`` a fresh server for the block; stopped and deleted afterwards.

    Extra keyword arguments go to ``start`` (``pagecache``, ``timeout``).
    """
    uri, handle = start(port=port, data_dir=data_dir, heap=heap, **kwargs)
    try:
        yield uri
    finally:
        stop(handle)


# ----------------------------------------------------------------------------- CLI


def state_dir() -> Path:
    d = os.environ.get("ORGGRAPH_NEO4J_STATE_DIR")
    return Path(d).expanduser().resolve() if d else REPO_ROOT / ".neo4j-local"


def _state_file() -> Path:
    return state_dir() / "state.json"


def _load_state() -> Handle | None:
    try:
        return Handle.from_json(json.loads(_state_file().read_text(encoding="utf-8")))
    except (OSError, ValueError, KeyError):
        return None


def _running_from_state() -> Handle | None:
    """The CLI-started server if it is still alive; clears a stale state file."""
    h = _load_state()
    if h is None:
        return None
    if _pid_alive(h.pid) and _is_our_launcher(h.pid, h.data_dir):
        return h
    _log(f"removing stale state (pid {h.pid} is gone)")
    with contextlib.suppress(OSError):
        _state_file().unlink()
    if h.owns_data_dir:
        shutil.rmtree(h.data_dir, ignore_errors=True)
    return None


def _cmd_start(args: argparse.Namespace) -> int:
    h = _running_from_state()
    if h is not None:
        _log(f"already running (pid {h.pid}); state in {_state_file()}")
        print(h.uri, flush=True)
        return 0
    state_dir().mkdir(parents=True, exist_ok=True)
    uri, handle = start(port=args.port, heap=args.heap, pagecache=args.pagecache,
                        timeout=args.timeout, detach=True)
    tmp = _state_file().with_suffix(".tmp")
    tmp.write_text(json.dumps(handle.to_json(), indent=2) + "\n", encoding="utf-8")
    tmp.replace(_state_file())
    _log(f"state in {_state_file()}; data and logs in {handle.data_dir}")
    print(uri, flush=True)
    return 0


def _cmd_stop(args: argparse.Namespace) -> int:
    h = _running_from_state()
    if h is None:
        _log("not running")
        return 0
    stop(h, timeout=args.timeout)
    with contextlib.suppress(OSError):
        _state_file().unlink()
    _log(f"stopped (pid {h.pid})")
    return 0


def _cmd_status(args: argparse.Namespace) -> int:
    h = _running_from_state()
    if h is None:
        _log("not running")
        return 1
    try:
        _bolt_answers(h.uri)
        answers = "answers Bolt"
    except Exception as exc:  # noqa: BLE001
        answers = f"does NOT answer Bolt: {exc!r}"
    _log(f"running: pid {h.pid}, Neo4j {NEO4J_VERSION}, {answers}, data in {h.data_dir}")
    print(h.uri, flush=True)
    return 0


def _cmd_jars(args: argparse.Namespace) -> int:
    print(ensure_jars(), flush=True)
    return 0


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="neo4j-local", description=__doc__.split("\n\n")[0])
    sub = p.add_subparsers(dest="cmd", required=True)
    ps = sub.add_parser("start", help="start a detached server; print its bolt:// URI")
    ps.add_argument("--port", type=int, default=None, help="Bolt port (default: any free port)")
    ps.add_argument("--heap", default=DEFAULT_HEAP, help=f"JVM -Xmx (default {DEFAULT_HEAP})")
    ps.add_argument("--pagecache", default=DEFAULT_PAGECACHE, help=f"page cache (default {DEFAULT_PAGECACHE})")
    ps.add_argument("--timeout", type=float, default=DEFAULT_START_TIMEOUT, help="start-up timeout, seconds")
    ps.set_defaults(func=_cmd_start)
    pt = sub.add_parser("stop", help="stop the server started with 'start'")
    pt.add_argument("--timeout", type=float, default=30.0, help="seconds before SIGKILL")
    pt.set_defaults(func=_cmd_stop)
    sub.add_parser("status", help="print the URI and exit 0 if running, else exit 1").set_defaults(func=_cmd_status)
    sub.add_parser("jars", help="fetch the jars if needed; print the classpath").set_defaults(func=_cmd_jars)
    args = p.parse_args(argv)
    try:
        return args.func(args)
    except Neo4jLocalError as exc:
        print(f"neo4j-local: {exc}", file=sys.stderr, flush=True)
        return 1


if __name__ == "__main__":
    sys.exit(main())
