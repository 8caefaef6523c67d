"""The report's trend section: the rates table and ranking (拉榜排名), and two small charts drawn
by matplotlib as inline SVG (text kept as text, so the page's CJK font draws it; nothing is
fetched): coverage findings per snapshot (open, new, closed) and each town's index."""
from __future__ import annotations

import io

from ..analyses import rates
from ..store import Store
from .snapshots import Snapshot, history

FONTS = ["Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "PingFang SC",
         "DejaVu Sans"]


def _svg(figure) -> str:
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", bbox_inches="tight",
                   metadata={"Date": None, "Creator": None, "Format": None, "Type": None})
    text = buffer.getvalue()
    return text[text.index("<svg"):]  # inline: without the XML declaration and doctype


def _figure(width: float, height: float):
    import matplotlib

    matplotlib.use("Agg", force=False)
    from matplotlib.figure import Figure

    figure = Figure(figsize=(width, height), dpi=96)
    return figure, figure.add_subplot()


def _style():
    import matplotlib

    return matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": "orggraph",
                                  "font.family": "sans-serif", "font.sans-serif": FONTS,
                                  "font.size": 9, "axes.spines.top": False,
                                  "axes.spines.right": False})


def gaps_chart(snapshots: list[Snapshot]) -> str:
    """Bars per snapshot: findings open, new since the one before, closed since the one before."""
    opened, new, closed = [], [], []
    previous: set = set()
    for snap in snapshots:
        keys = {(f["rule"], f["id"]) for f in snap.findings}
        opened.append(len(keys))
        new.append(len(keys - previous) if snap is not snapshots[0] else 0)
        closed.append(len(previous - keys))
        previous = keys
    labels = [f"{s.id}\n{s.as_of or ''}" for s in snapshots]
    with _style():
        figure, axes = _figure(max(3.2, 1.1 * len(snapshots) + 1.5), 2.6)
        positions = range(len(snapshots))
        width = 0.27
        for offset, values, name, colour in ((-width, opened, "现有问题", "#8c96a3"),
                                             (0, new, "新增", "#d9534f"),
                                             (width, closed, "已销号", "#3c9d5d")):
            bars = axes.bar([p + offset for p in positions], values, width, label=name,
                            color=colour)
            axes.bar_label(bars, fontsize=8)
        axes.set_xticks(list(positions), labels)
        axes.set_ylabel("问题（条）")
        axes.set_title("各次快照的覆盖问题")
        axes.legend(frameon=False, fontsize=8, ncols=3, loc="upper center",
                    bbox_to_anchor=(0.5, -0.25))
        return _svg(figure)


def index_chart(rows: list[dict]) -> str:
    """Horizontal bars: each ranked town's index, best on top; the previous index as a mark."""
    ranked = [r for r in rows if r.get("rank")]
    with _style():
        figure, axes = _figure(6.0, 0.32 * len(ranked) + 1.0)
        names = [r["town"] for r in ranked][::-1]
        values = [r["index"] for r in ranked][::-1]
        bars = axes.barh(names, values, color="#4a7ab8", height=0.6, label="综合指数")
        axes.bar_label(bars, fmt="%.1f", fontsize=8, padding=2)
        before = [(n, r["index"] - r["change"]["index"]) for n, r in zip(names, ranked[::-1])
                  if r.get("change", {}).get("index") is not None]
        if before:
            axes.scatter([v for _, v in before], [n for n, _ in before], marker="|", s=120,
                         color="#222", label="上期", zorder=3)
            axes.legend(frameon=False, fontsize=8, loc="lower right")
        axes.set_xlim(0, 105)
        axes.set_xlabel("综合指数（0–100）")
        axes.set_title("乡镇（街道）综合指数排名")
        return _svg(figure)


def section(store: Store, findings: list[dict], every=None, as_of=None) -> dict:
    """The report section: rates table with change since the snapshot before the last, chain
    tiers, and the two charts (as `charts`: SVG markup)."""
    if every is None:
        from ..settings import Settings
        every = Settings()
    settings = every.rates
    snapshots = history(store)
    rows = rates.table(rates.town_rates(store, findings, every.coverage,
                                        villages=every.villages, as_of=as_of), settings)
    reference = snapshots[-2] if len(snapshots) >= 2 else None
    if reference:
        rows = rates.with_change(rows, rates.table(reference.rates, settings))
    chains = rates.chain_tiers(store, findings, settings)
    charts = [index_chart(rows)]
    if snapshots:
        charts.insert(0, gaps_chart(snapshots))
    since = f"；较上期（快照 {reference.id}，数据截至 {reference.as_of}）" if reference else ""
    note = ("覆盖率 = 已覆盖 ÷ 应覆盖（无应覆盖对象的乡镇不计该项）；综合指数为各项覆盖率按权重"
            "的加权平均 × 100" + since + "。口径：" +
            "；".join(f"{d['definition']}（权重 {d['weight']:g}）"
                     for d in rates.definitions(settings)) + "。")
    chain_rows = [{"排名": c["rank"], "产业链": c["name"], "分档": c["tier"], "带动指数": c["index"],
                   "入盟率": rates.pct(c["alliance_rate"]),
                   "链主企业已建党组织": "是" if c["leader_organised"] else "否",
                   "链主企业已选派指导员": "是" if c["leader_instructor"] else "否"} for c in chains]
    history_rows = [{"快照": s.id, "数据截至": str(s.as_of or ""), "载入方式":
                     "替换" if s.replace else "合并", "覆盖问题（条）": len(s.findings)}
                    for s in snapshots]
    return {"id": "trend", "title": "覆盖率排名与变化（拉榜排名）", "note": note,
            "charts": charts, "tables": [
                _table(rates.zh_rows(rows), "乡镇（街道）覆盖率与综合指数"),
                _table(chain_rows, "产业链分档"),
                _table(history_rows, "历次载入快照")]}


def _table(rows: list[dict], caption: str) -> dict:
    columns: dict[str, None] = {}
    for row in rows:
        columns.update(dict.fromkeys(row))
    return {"caption": caption, "columns": list(columns), "rows": rows}
