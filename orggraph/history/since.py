"""What changed since a snapshot (整改销号): each finding of now is `new` or `persisting` (open
since the first snapshot of its unbroken run up to the one compared with), and each finding of
that snapshot that is gone is `closed` (销号). Findings are the same when rule and id are."""
from __future__ import annotations

from .snapshots import Snapshot

STATES = ("new", "persisting", "closed")
STATE_ZH = {"new": "新增", "persisting": "持续未整改", "closed": "已销号"}
NO_TOWN = "（未明确所属乡镇）"


def _key(finding: dict) -> tuple[str, str]:
    return finding["rule"], finding["id"]


def _open_since(snapshots: list[Snapshot], reference: Snapshot) -> dict[tuple, Snapshot]:
    """For each finding of `reference`: the first snapshot of its unbroken run ending there."""
    upto = [s for s in snapshots if s.seq <= reference.seq]
    since: dict[tuple, Snapshot] = {}
    for snap in upto:  # oldest first: a run restarts after a snapshot without the finding
        keys = {_key(f) for f in snap.findings}
        since = {k: since.get(k, snap) for k in keys}
    return since


def compare(findings: list[dict], snapshots: list[Snapshot], reference: Snapshot) -> list[dict]:
    """The findings of now, each with `state` and (persisting) `since` / `since_snapshot`, then
    the findings of `reference` that are closed, as the snapshot kept them (rule, id, name,
    town), with `closed_after` (the snapshot they were last seen in)."""
    before = {_key(f): f for f in reference.findings}
    since = _open_since(snapshots, reference)
    out = []
    for finding in findings:
        key = _key(finding)
        if key in before:
            first = since[key]
            out.append({**finding, "state": "persisting",
                        "since": first.as_of.isoformat() if first.as_of else None,
                        "since_snapshot": first.id})
        else:
            out.append({**finding, "state": "new", "since": None, "since_snapshot": None})
    now = {_key(f) for f in findings}
    for key, old in before.items():
        if key not in now:
            out.append({**old, "state": "closed", "since": None,
                        "since_snapshot": since[key].id, "closed_after": reference.id})
    return out


def summary(compared: list[dict]) -> list[dict]:
    """Per town: open now (new + persisting), new, persisting and closed; then the total."""
    towns: dict[str, dict] = {}
    for item in compared:
        town = towns.setdefault(item.get("town_id") or "", {
            "town_id": item.get("town_id"), "town": item.get("town") or NO_TOWN,
            "open": 0, "new": 0, "persisting": 0, "closed": 0})
        town[item["state"]] += 1
        town["open"] += item["state"] != "closed"
    rows = sorted(towns.values(), key=lambda r: (r["town_id"] is None, r["town_id"] or ""))
    total = {"town_id": None, "town": "合计",
             **{k: sum(r[k] for r in rows) for k in ("open", "new", "persisting", "closed")}}
    return rows + [total]


def by_rule(compared: list[dict]) -> list[dict]:
    """Per rule and town: new, persisting and closed counts (only where any)."""
    cells: dict[tuple, dict] = {}
    for item in compared:
        row = cells.setdefault((item["rule"], item.get("town_id") or ""), {
            "rule": item["rule"], "town_id": item.get("town_id"),
            "town": item.get("town") or NO_TOWN, "new": 0, "persisting": 0, "closed": 0})
        row[item["state"]] += 1
    return [cells[k] for k in sorted(cells)]


# -- the command's side: choosing the snapshot, scoping it, writing the states ------------------

COLUMNS = ("state", "rule", "id", "name", "town", "since", "since_snapshot", "left_ledger")
COLUMNS_ZH = {"state": "状态", "rule": "问题类型", "id": "编号", "name": "名称",
              "town": "所属乡镇（街道）", "since": "持续自", "since_snapshot": "首见快照",
              "open": "现有问题", "new": "新增", "persisting": "持续未整改", "closed": "已销号",
              "town_id": "乡镇（街道）编号", "left_ledger": "说明"}


def against(store, findings: list[dict], ref: str, rules=None, within: str | None = None,
            settings=None) -> dict:
    """Compare `findings` (of now, already scoped to `rules` and `within`) with the snapshot
    `ref`, scoped alike. Returns {"reference", "compared", "notes"}."""
    from ..analyses.places import Places
    from .record import settings_record
    from .snapshots import find, history

    snapshots = history(store)
    reference = find(snapshots, ref)
    notes = []
    if settings is not None and reference.settings and \
            reference.settings != _jsonable(settings_record(settings)):
        notes.append(f"注意：快照 {reference.id} 记录时的覆盖规则设置与现在不同，部分变化可能来自设置。")
    kept = [f for f in reference.findings if not rules or f["rule"] in rules]
    if within:
        places = Places(store)
        kept = [f for f in kept
                if places.is_within(places.region_of(f["id"]) or f.get("town_id"), within)]
    scoped = Snapshot(**{**reference.__dict__, "findings": kept})
    history_scoped = [scoped if s.seq == reference.seq else s for s in snapshots]
    compared = compare(findings, history_scoped, scoped)
    closed = [r for r in compared if r["state"] == "closed"]
    present = store.labels_of(sorted({r["id"] for r in closed}))
    for row in closed:  # closed because the node left the 台账 (撤并, 删除), not because it was fixed
        row["left_ledger"] = row["id"] not in present
    return {"reference": reference, "compared": compared, "notes": notes}


def _jsonable(value):
    import json

    return json.loads(json.dumps(value, default=list))


def result(found: dict, as_summary: bool):
    """What `coverage --since` shows, for every format (the command emits it)."""
    from .. import output

    reference, compared = found["reference"], found["compared"]
    title = f"自快照 {reference.id}（数据截至 {reference.as_of}）以来的变化"

    def sheets() -> dict[str, list[dict]]:
        book = {"汇总": _zh(summary(compared)), "按问题类型": _zh(by_rule(compared))}
        for state in STATES:
            book[STATE_ZH[state]] = [{**r, "state": STATE_ZH[state]}
                                     for r in compared if r["state"] == state]
        return book

    if as_summary:
        rows = summary(compared)
        return output.Result(rows, sheet="summary", title=title, sheets=sheets,
                             table=lambda: output.to_table(
                                 _zh([{k: v for k, v in r.items() if k != "town_id"}
                                      for r in rows]), title=title))

    def table() -> str:
        parts = [f"{title}：新增 {sum(r['state'] == 'new' for r in compared)} 条，持续未整改 "
                 f"{sum(r['state'] == 'persisting' for r in compared)} 条，已销号 "
                 f"{sum(r['state'] == 'closed' for r in compared)} 条。\n", *found["notes"]]
        for state in STATES:
            shown = [c for c in COLUMNS[1:] if (state == "persisting" or c != "since")
                     and (state == "closed" or c != "left_ledger")]
            rows = [{COLUMNS_ZH[c]: ("已不在台账中（撤并或删除）" if r.get(c) else "")
                     if c == "left_ledger" else r.get(c) for c in shown}
                    for r in compared if r["state"] == state]
            if rows:
                parts.append(output.to_table(rows, title=f"{STATE_ZH[state]}（{len(rows)} 条）"))
        return "\n".join(parts) + "\n"

    return output.Result(compared, sheet="since", table=table, sheets=sheets)


def _zh(rows: list[dict]) -> list[dict]:
    return [{COLUMNS_ZH.get(k, k): v for k, v in r.items()} for r in rows]
