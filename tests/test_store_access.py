"""Opening a store for reading or writing: read-only mode, a missing database, a full disk."""
from __future__ import annotations

import os
import resource
import shutil
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from orggraph.load.load import load_bundle
from orggraph.queries import QueryError
from orggraph.store import NoDatabase, StoreError, open_store
from orggraph.store.base import ReadOnly
from support.files import snapshot, write_csv

ROOT = Path(__file__).resolve().parent.parent


def _python(script: str, *args: str, fsize: int | None = None, **popen) -> subprocess.Popen:
    """A Python child running `script`; `fsize`: its RLIMIT_FSIZE in bytes."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}

    def setup():
        if fsize is not None:
            signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past it fails with EFBIG
            resource.setrlimit(resource.RLIMIT_FSIZE, (fsize, fsize))

    return subprocess.Popen([sys.executable, "-c", textwrap.dedent(script), *args],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
                            preexec_fn=setup, **popen)


@pytest.fixture
def loaded(tmp_path, tiny_bundle) -> str:
    db = str(tmp_path / "g.lbug")
    with open_store(db) as store:
        load_bundle(store, tiny_bundle)
    return db


# -- a missing database ----------------------------------------------------------------------

@pytest.mark.parametrize("how", [{"read_only": True}, {"create": False}])
def test_a_missing_database_is_an_error_and_is_not_created(tmp_path, monkeypatch, how):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(NoDatabase) as raised:
        open_store("orggraph.lbug", **how)
    assert str(raised.value) == ("./orggraph.lbug 没有数据库：请先用 orggraph load 台账包 导入，"
                                 "或运行 orggraph demo 看示范县")
    assert list(tmp_path.iterdir()) == []
    with pytest.raises(NoDatabase, match=f"{tmp_path}/sub/x.lbug 没有数据库："):
        open_store(str(tmp_path / "sub" / "x.lbug"), **how)
    assert list(tmp_path.iterdir()) == []


def test_a_load_still_creates_the_database(tmp_path, tiny_bundle):
    with open_store(str(tmp_path / "new.lbug")) as store:
        load_bundle(store, tiny_bundle)
    assert (tmp_path / "new.lbug").exists()


# -- a database made by an earlier orggraph ------------------------------------------------

def _as_made_before(db: str) -> None:
    """Take away what later versions added (a column, a table), as an older database lacks it."""
    import ladybug

    conn = ladybug.Connection(ladybug.Database(db))
    conn.execute("ALTER TABLE OrgUnit DROP status")
    conn.execute("DROP TABLE Snapshot")


@pytest.mark.parametrize("read_only", [True, False])
def test_a_database_made_by_an_earlier_orggraph_is_brought_up_to_date(tmp_path, tiny_bundle,
                                                                      read_only):
    db = str(tmp_path / "old.lbug")
    with open_store(db) as store:
        load_bundle(store, tiny_bundle)
        before = snapshot(store)
    _as_made_before(db)
    with open_store(db, read_only=read_only) as store:
        assert store.query("MATCH (n:OrgUnit) RETURN n.status AS status LIMIT 1") == \
            [{"status": None}]
        assert store.query("MATCH (s:Snapshot) RETURN count(*) AS n") == [{"n": 0}]
        assert snapshot(store) == before
        assert store.read_only == read_only


def test_an_earlier_database_that_cannot_be_written_says_why(tmp_path, tiny_bundle):
    folder = tmp_path / "ro"
    _mount_tmpfs(folder, "20m")
    try:
        db = folder / "old.lbug"
        with open_store(str(db)) as store:
            load_bundle(store, tiny_bundle)
        _as_made_before(str(db))
        subprocess.run(["mount", "-o", "remount,ro", str(folder)], check=True)
        reader = _python(READER, str(db))
        out, err = reader.communicate(timeout=60)
        assert reader.returncode != 0
        assert "由较早版本的 orggraph 建立，须先升级" in err, err
    finally:
        subprocess.run(["umount", str(folder)], check=False)


# -- read-only mode ------------------------------------------------------------------------

READER = """
    import sys
    from orggraph.store import open_store
    with open_store(sys.argv[1], read_only=True) as store:
        print(store.counts()["nodes"]["Region"], flush=True)
        if len(sys.argv) > 2:
            sys.stdin.readline()  # hold the database open until told
"""


def test_a_database_that_cannot_be_written_can_be_read(tmp_path, tiny_bundle):
    """chmod 444 on the file and 555 on its folder; as root (who writes through file modes)
    the folder is a tmpfs remounted read-only instead."""
    folder = tmp_path / "ro"
    root = os.geteuid() == 0
    if root:
        _mount_tmpfs(folder, "20m")
    else:
        folder.mkdir()
    db = folder / "g.lbug"
    try:
        with open_store(str(db)) as store:
            load_bundle(store, tiny_bundle)
        db.chmod(0o444)
        folder.chmod(0o555)
        if root:
            subprocess.run(["mount", "-o", "remount,ro", str(folder)], check=True)
        reader = _python(READER, str(db))
        out, err = reader.communicate(timeout=60)
        assert (reader.returncode, out.strip()) == (0, "5"), err
        writer = _python(READER.replace("read_only=True", "read_only=False"), str(db))
        out, err = writer.communicate(timeout=60)
        assert writer.returncode != 0, "a read-write open of an unwritable database succeeded"
        assert "无法以写入方式打开数据库" in err
    finally:
        if root:
            subprocess.run(["umount", str(folder)], check=False)
        folder.chmod(0o755)


def test_several_readers_share_a_database(loaded):
    holder = _python(READER, loaded, "hold", stdin=subprocess.PIPE)
    try:
        assert holder.stdout.readline().strip() == "5"
        with open_store(loaded, read_only=True) as store:  # while the other reader holds it
            assert store.counts()["nodes"]["Region"] == 5
    finally:
        holder.communicate("\n", timeout=60)
    assert holder.returncode == 0


WRITES = {
    "embedded": ["CREATE (:Region {id: 'R-x', name: 'x', kind: 'town'})",
                 "MATCH (r:Region) SET r.name = 'changed'",
                 "COMMENT ON TABLE Region IS 'changed'",
                 "MATCH (r:Region) DETACH DELETE r"],
    "neo4j": ["CREATE (:Region {id: 'R-x', name: 'x', kind: 'town'})",
              "MATCH (r:Region) SET r.name = 'changed'",
              "MATCH (r:Region) DETACH DELETE r",
              "CALL db.createLabel('Changed')"],
}


def test_a_read_only_store_refuses_every_write_in_the_engine(engine, db, tiny_bundle):
    """The engine itself refuses: these statements reach it (write=False, as `orggraph query`
    without --write sends them), and neither a keyword list nor orggraph stops them."""
    with open_store(db) as store:
        load_bundle(store, tiny_bundle)
        before = snapshot(store)
    with open_store(db, read_only=True) as store:
        for statement in WRITES[engine]:
            with pytest.raises(QueryError, match="该查询会修改图数据，须加 --write"):
                store.query(statement)
        with pytest.raises(ReadOnly):
            store.query("MATCH (r:Region) SET r.name = 'changed'", write=True)
        with pytest.raises(ReadOnly):
            load_bundle(store, tiny_bundle)
        with pytest.raises(ReadOnly):
            store.delete_all()
        assert snapshot(store) == before
    if engine == "embedded":  # a comment is not part of the snapshot
        with open_store(db, read_only=True) as store:
            tables = store.query("CALL show_tables() RETURN name, comment")
        assert all(t["comment"] != "changed" for t in tables)


# -- the disk fails during a load -----------------------------------------------------------

LOADER = """
    import sys
    from orggraph.load.load import load_bundle
    from orggraph.store import StoreError, open_store
    try:
        with open_store(sys.argv[1]) as store:
            load_bundle(store, sys.argv[2])
    except StoreError as exc:
        print(exc)
        sys.exit(1)
    print("LOADED")
"""


def _people(folder: Path, n: int) -> Path:
    write_csv(folder / "nodes" / "Person.csv", [["id", "name", "birth_year", "party_member"]]
              + [[f"P-big-{i}", f"党员{i}" * 5, "1970", "true"] for i in range(n)])
    # A date of its own: a load that half survives would leave it on the old graph.
    (folder / "meta.csv").write_text("as_of\n2031-01-01\n", encoding="utf-8")
    return folder


def _mount_tmpfs(folder: Path, size: str) -> None:
    if os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("mounting a small tmpfs needs root")
    folder.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)],
                          capture_output=True)
    if done.returncode:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.decode().strip()}")


def _assert_as_before(db: str, before) -> None:
    assert not Path(db + ".shadow").exists() and not Path(db + ".wal").exists()
    with open_store(db, read_only=True) as store:
        assert snapshot(store) == before
        assert store.query("MATCH (m:Meta) WHERE m.as_of = '2031-01-01' RETURN m.id AS id") == []


@pytest.mark.parametrize("people", [5_000, 40_000, 300_000])
def test_a_full_disk_fails_the_load_in_one_line_and_keeps_the_database(
        tmp_path, tiny_bundle, people):
    """Sizes chosen to run out of space at the three places seen: writing the checkpoint's
    shadow file, the main file after the commit, and the main file during the load."""
    mnt = tmp_path / "small"
    _mount_tmpfs(mnt, "3m")
    try:
        db = str(mnt / "g.lbug")
        with open_store(db) as store:
            load_bundle(store, tiny_bundle)
            before = snapshot(store)
        loader = _python(LOADER, db, str(_people(tmp_path / "big", people)))
        out, err = loader.communicate(timeout=300)
        assert loader.returncode == 1, (out, err)
        assert out.strip().splitlines() == [
            f"台账包未导入：磁盘空间已满（{db}）；数据库保持导入前的状态"], err
        assert "Traceback" not in err
        _assert_as_before(db, before)
    finally:
        subprocess.run(["umount", str(mnt)], check=False)


def test_a_file_size_limit_fails_the_load_in_one_line(tmp_path, tiny_bundle):
    """RLIMIT_FSIZE: the same failure without root (EFBIG instead of ENOSPC)."""
    db = str(tmp_path / "g.lbug")
    with open_store(db) as store:
        load_bundle(store, tiny_bundle)
        before = snapshot(store)
    size = Path(db).stat().st_size
    loader = _python(LOADER, db, str(_people(tmp_path / "big", 200_000)), fsize=size + (1 << 20))
    out, err = loader.communicate(timeout=300)
    assert loader.returncode == 1, (out, err)
    assert "台账包未导入：文件超过系统允许的大小上限" in out, err
    assert "数据库保持导入前的状态" in out
    _assert_as_before(db, before)


def test_a_read_only_folder_fails_the_load_in_one_line(tmp_path, tiny_bundle):
    mnt = tmp_path / "ro"
    _mount_tmpfs(mnt, "20m")
    try:
        db = str(mnt / "g.lbug")
        with open_store(db) as store:
            load_bundle(store, tiny_bundle)
            before = snapshot(store)
        subprocess.run(["mount", "-o", "remount,ro", str(mnt)], check=True)
        loader = _python(LOADER, db, str(tiny_bundle))
        out, err = loader.communicate(timeout=120)
        assert loader.returncode == 1, (out, err)
        assert out.strip() == f"无法以写入方式打开数据库 {db}：所在文件夹位于只读文件系统"
        _assert_as_before(db, before)
    finally:
        subprocess.run(["umount", str(mnt)], check=False)


# -- malformed Neo4j addresses --------------------------------------------------------------

@pytest.mark.parametrize("uri, reason", [
    ("bolt://[::1:7687", "地址应为主机名、IPv4 地址或方括号中的 IPv6 地址"),
    ("bolt://localhost:abc", "端口应为0至65535的数字"),
    ("neo4j://localhost:99999", "端口应为0至65535的数字"),
    ("bolt://", "地址中没有主机名"),
    ("bolt://someone:hunter2@[::1", "方括号中的 IPv6 地址"),
    ("neo4j://someone:hunt/er2@localhost:abc", "端口应为0至65535的数字"),
])
def test_a_malformed_neo4j_address_is_a_message(uri, reason):
    with pytest.raises(StoreError) as raised:
        open_store(uri, connect_seconds=1)
    message = str(raised.value)
    assert " 不能用作 Neo4j 地址：" in message
    assert message.endswith(reason)
    assert "hunter2" not in message and "hunt" not in message and "someone" not in message
