"""Snapshots: what each `orggraph load` left, kept in the graph store itself (label `Snapshot`,
declared in orggraph/model.py).

A snapshot holds the load's as-of date, when it was loaded, the bundle's content hash, the counts
per label and type, what the load changed, and the coverage findings (rule, id, name, town) and
rates per town at that moment. It is written inside the load's transaction (Store.load's
`before_commit`), so a load and its snapshot commit together or not at all.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

from ..queries import QueryError
from ..store import Store
from ..store.changes import Changes

READ = ("MATCH (s:Snapshot) RETURN s.id AS id, s.seq AS seq, s.as_of AS as_of, "
        "s.loaded_at AS loaded_at, s.bundle AS bundle, s.bundle_hash AS bundle_hash, "
        "s.replace AS replace, s.counts AS counts, s.changes AS changes, "
        "s.findings AS findings, s.rates AS rates, s.settings AS settings")
WRITE = ("CREATE (s:Snapshot {id: $id, seq: $seq, as_of: $as_of, loaded_at: $loaded_at, "
         "bundle: $bundle, bundle_hash: $bundle_hash, replace: $replace, counts: $counts, "
         "changes: $changes, findings: $findings, rates: $rates, settings: $settings})")
# Chinese column titles of Snapshot.row(), and the two ways of loading.
COLUMNS_ZH = {"id": "快照", "as_of": "数据截至", "loaded_at": "载入时间（UTC）", "mode": "载入方式",
              "bundle": "台账", "bundle_hash": "内容摘要", "nodes": "节点数", "relationships": "关系数",
              "findings": "覆盖问题（条）", "created": "新增", "changed": "变更", "removed": "删除"}
MODE_ZH = {"replace": "替换", "merge": "合并"}
# The fields of a finding that a snapshot keeps.
FINDING_KEYS = ("rule", "id", "name", "town_id", "town")


@dataclass
class Snapshot:
    id: str
    seq: int
    as_of: dt.date | None
    loaded_at: str
    bundle: str
    bundle_hash: str
    replace: bool
    counts: dict = field(default_factory=dict)
    changes: dict = field(default_factory=dict)
    findings: list[dict] = field(default_factory=list)
    rates: list[dict] = field(default_factory=list)
    settings: dict = field(default_factory=dict)

    def row(self) -> dict:
        """The snapshot as a row of `orggraph history` (JSON keys; findings as a count)."""
        totals = self.changes.get("totals", {})
        return {"id": self.id, "as_of": self.as_of.isoformat() if self.as_of else None,
                "loaded_at": self.loaded_at, "mode": "replace" if self.replace else "merge",
                "bundle": self.bundle, "bundle_hash": self.bundle_hash,
                "nodes": sum(self.counts.get("nodes", {}).values()),
                "relationships": sum(self.counts.get("relationships", {}).values()),
                "findings": len(self.findings),
                "created": sum(t.get("created", 0) for t in totals.values()),
                "changed": sum(t.get("changed", 0) for t in totals.values()),
                "removed": sum(t.get("removed", 0) for t in totals.values())}


def bundle_hash(path: str | Path) -> str:
    """SHA-256 of the bundle's content: every file of a folder (by relative path), or the
    workbook's bytes. The same data in the same files gives the same hash wherever it lies."""
    path = Path(path)
    digest = hashlib.sha256()
    files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
    for file in files:
        name = file.relative_to(path).as_posix() if path.is_dir() else ""
        digest.update(name.encode() + b"\0")
        with open(file, "rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
        digest.update(b"\0")
    return digest.hexdigest()


def _date(value) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


def _from_row(row: dict) -> Snapshot:
    def parsed(key, empty):
        return json.loads(row[key]) if row.get(key) else empty

    return Snapshot(id=row["id"], seq=int(row["seq"]), as_of=_date(row["as_of"]),
                    loaded_at=row["loaded_at"] or "", bundle=row["bundle"] or "",
                    bundle_hash=row["bundle_hash"] or "", replace=bool(row["replace"]),
                    counts=parsed("counts", {}), changes=parsed("changes", {}),
                    findings=parsed("findings", []), rates=parsed("rates", []),
                    settings=parsed("settings", {}))


def history(store: Store) -> list[Snapshot]:
    """Every snapshot, oldest first. A database made before snapshots existed has none."""
    try:
        rows = store.query(READ)
    except QueryError:
        return []  # no Snapshot table yet (an older database opened read-only)
    return sorted((_from_row(r) for r in rows), key=lambda s: s.seq)


def find(snapshots: list[Snapshot], ref: str) -> Snapshot:
    """The snapshot named by `ref`: its id (S2), its number (2), or a date YYYY-MM-DD (the last
    snapshot whose as-of date is on or before it)."""
    text = ref.strip()
    known = ", ".join(s.id for s in snapshots) or "（无）"
    if not snapshots:
        raise QueryError("数据库中还没有快照：每次 orggraph load 会记录一个快照")
    for snap in snapshots:
        if text in (snap.id, str(snap.seq)):
            return snap
    try:
        day = dt.date.fromisoformat(text)
    except ValueError:
        raise QueryError(f"没有快照 {text!r}；已有快照：{known}（也可给日期 YYYY-MM-DD）") from None
    before = [s for s in snapshots if s.as_of and s.as_of <= day]
    if not before:
        raise QueryError(f"{day} 及以前没有快照；最早的快照 {snapshots[0].id} 数据截至 "
                         f"{snapshots[0].as_of}")
    return max(before, key=lambda s: (s.as_of, s.seq))


def record(store: Store, *, bundle: str | Path, changes: Changes, as_of: dt.date | None,
           findings: list[dict], rates: list[dict] | None = None,
           settings: dict | None = None, replace: bool = False,
           digest: str | None = None) -> Snapshot:
    """Write a snapshot of the graph as it is now (call it inside the load's transaction)."""
    seq = max((int(r["seq"]) for r in store.query("MATCH (s:Snapshot) RETURN s.seq AS seq")),
              default=0) + 1
    snap = Snapshot(
        id=f"S{seq}", seq=seq, as_of=as_of,
        loaded_at=dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat(),
        bundle=str(bundle), bundle_hash=digest or bundle_hash(bundle), replace=replace,
        counts=store.counts(), changes=changes.as_dict(),
        findings=[{k: f.get(k) for k in FINDING_KEYS} for f in findings],
        rates=rates or [], settings=settings or {})
    store.query(WRITE, {
        "id": snap.id, "seq": snap.seq, "as_of": snap.as_of, "loaded_at": snap.loaded_at,
        "bundle": snap.bundle, "bundle_hash": snap.bundle_hash, "replace": snap.replace,
        "counts": json.dumps(snap.counts), "changes": json.dumps(snap.changes),
        "findings": json.dumps(snap.findings, ensure_ascii=False),
        "rates": json.dumps(snap.rates, ensure_ascii=False),
        "settings": json.dumps(snap.settings, ensure_ascii=False, default=list)}, write=True)
    return snap
