"""Benchmark: how soon a map is usable in headless Chromium, by size.

    python benchmarks/maps.py            # print the table
    python benchmarks/maps.py --write    # also record it in BENCHMARKS.md (section "Maps")

Synthetic maps are county-shaped trees (county → towns → villages → grids/branches) with 10%
extra cross links, rendered by `render_map` exactly as the views do; the demo county's real
views come from an embedded store loaded with seeds/demo. Each page is opened from file://
in Debian's chromium (headless, network off, fresh profile) through tests/support/browser.py.

Columns: `build_s` Python time to make the page; `ready_s` from navigation to vis-network's
first drawing (wall clock); `focus_ms` one search + focus + neighbour highlight + redraw;
`reset_ms` clearing the highlight (a full recolour of every node) + redraw; `usable_s` =
ready_s + focus_ms: the time until the page has answered its first search.
"""
from __future__ import annotations

import argparse
import platform
import random
import re
import sys
import tempfile
import time
from pathlib import Path

import networkx as nx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from support import browser  # noqa: E402  (tests/support/browser.py: the tests' Chromium set-up)
import hardware  # noqa: E402  (benchmarks/hardware.py)

from orggraph.load.load import load_bundle  # noqa: E402
from orggraph.maps import MapMeta, MapSettings, render_map, write_map  # noqa: E402
from orggraph.maps.views import build_view  # noqa: E402
from orggraph.resources import demo_bundle  # noqa: E402
from orggraph.store import open_store  # noqa: E402

SIZES = (300, 1000, 2000, 5000, 10000)
MEASURE_FOCUS = """id => new Promise(done => {
    const api = window.orggraphMap, t0 = performance.now();
    api.network.once("afterDrawing", () => done(performance.now() - t0));
    api.search(api.nodes.get(id).label); api.focusNode(id);
})"""
MEASURE_RESET = """() => new Promise(done => {
    const t0 = performance.now();
    orggraphMap.network.once("afterDrawing", () => done(performance.now() - t0));
    document.getElementById("reset").click();
})"""


def county(n: int, seed: int = 7) -> nx.MultiDiGraph:
    """A county-shaped graph of n nodes: 1 county, ~n/250 towns, ~n/12 villages, the rest
    grids and branches below villages; 10% extra links between random nodes."""
    rng = random.Random(seed)
    graph = nx.MultiDiGraph()
    graph.add_node("N0", label="Region", kind="county", name="清河县")
    towns = [f"N{i}" for i in range(1, max(2, n // 250) + 1)]
    villages = [f"N{i}" for i in range(len(towns) + 1, len(towns) + 1 + max(1, n // 12))]
    for t in towns:
        graph.add_node(t, label="Region", kind="town", name=f"{t}镇")
        graph.add_edge(t, "N0", key="PART_OF", type="PART_OF")
    for v in villages:
        graph.add_node(v, label="Region", kind="village", name=f"{v}村")
        graph.add_edge(v, rng.choice(towns), key="PART_OF", type="PART_OF")
    for i in range(len(graph), n):
        node, parent = f"N{i}", rng.choice(villages)
        if i % 2:
            graph.add_node(node, label="Region", kind="grid", name=f"{node}网格")
            graph.add_edge(node, parent, key="PART_OF", type="PART_OF")
        else:
            graph.add_node(node, label="OrgUnit", kind="grid_branch", name=f"{node}党支部",
                           stars=rng.randint(0, 5))
            graph.add_edge(node, parent, key="BASED_IN", type="BASED_IN")
    nodes = list(graph)
    for _ in range(n // 10):
        a, b = rng.sample(nodes, 2)
        graph.add_edge(a, b, key="CO_BUILDS", type="CO_BUILDS", dashes=True)
    for node in graph:
        graph.nodes[node]["measure"] = graph.degree(node)
    return graph


def measure(context, name: str, path: Path, nodes: int, edges: int, build_s: float,
            physics: bool) -> dict:
    run = browser.open_map(context, path, timeout_ms=300_000)
    focus_id = run.js("orggraphMap.nodes.getIds()[Math.floor(orggraphMap.nodes.length / 2)]")
    focus_ms = run.js(MEASURE_FOCUS, focus_id)
    reset_ms = run.js(MEASURE_RESET)
    assert run.js("orggraphMap.nodes.length") == nodes
    assert not run.errors and not run.external, (run.errors, run.external)
    run.page.close()
    return {"map": name, "nodes": nodes, "edges": edges, "physics": "on" if physics else "off",
            "html_mb": round(path.stat().st_size / 1e6, 2), "build_s": round(build_s, 2),
            "ready_s": round(run.seconds_to_ready, 2), "focus_ms": round(focus_ms),
            "reset_ms": round(reset_ms), "usable_s": round(run.seconds_to_ready + focus_ms / 1000, 2)}


def synthetic(context, folder: Path) -> list[dict]:
    rows = []
    settings = MapSettings()
    for n in SIZES:
        graph = county(n)
        started = time.perf_counter()
        html = render_map(graph, MapMeta(title=f"{n} 个节点", command="benchmarks/maps.py",
                                         layout="physics", roots=["N0"]), settings)
        build_s = time.perf_counter() - started
        path = write_map(folder / f"county-{n}.html", html)
        rows.append(measure(context, f"synthetic county {n}", path, graph.number_of_nodes(),
                            graph.number_of_edges(), build_s, n <= settings.physics_max_nodes))
        print(rows[-1], flush=True)
    return rows


def demo(context, folder: Path) -> list[dict]:
    rows = []
    with open_store(str(folder / "demo.lbug")) as store:
        load_bundle(store, demo_bundle())
        county_id = store.query("MATCH (r:Region {kind: 'county'}) RETURN r.id AS id")[0]["id"]
        views = [("hierarchy", {}), ("coverage", {}), ("pairing", {}),
                 ("neighbourhood", {"focus": county_id, "depth": 3})]
        for view, options in views:
            started = time.perf_counter()
            graph, meta = build_view(store, view, **options)
            meta.command = f"orggraph render {view}"
            html = render_map(graph, meta, MapSettings())
            build_s = time.perf_counter() - started
            path = write_map(folder / f"demo-{view}.html", html)
            physics = meta.layout == "physics" and graph.number_of_nodes() <= MapSettings().physics_max_nodes
            rows.append(measure(context, f"demo {view}", path, graph.number_of_nodes(),
                                graph.number_of_edges(), build_s, physics))
            print(rows[-1], flush=True)
    return rows


def machine() -> str:
    import subprocess
    chromium = subprocess.run([browser.chromium_path(), "--version"], capture_output=True,
                              text=True).stdout.strip().split(" built")[0]
    return (f"{hardware.cpu()}; {hardware.system()}; Python {platform.python_version()}; "
            f"{chromium} headless; viewport 1400×900")


def table(rows: list[dict]) -> str:
    columns = list(rows[0])
    lines = ["| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
    lines += ["| " + " | ".join(str(r[c]) for c in columns) + " |" for r in rows]
    return "\n".join(lines)


SECTION_INTRO = (
    "`python benchmarks/maps.py --write` — how soon a map answers in headless Chromium, opened "
    "from file:// with the network off. Above `physics_max_nodes` (300) positions come from "
    "Python (radial/tree/geographic layouts, linear time) and vis-network's physics is off; at "
    "or below it, vis-network stabilises the layout (200 iterations) before the first drawing. "
    "`ready_s`: navigation to first drawing; `focus_ms`: a search, focus and neighbour "
    "highlight with its redraw; `reset_ms`: the reset button (clear the highlight and filters: "
    "one update of every node) with its redraw; `usable_s` = ready + focus.")


def write_section(rows: list[dict]) -> None:
    path = ROOT / "BENCHMARKS.md"
    text = path.read_text(encoding="utf-8") if path.exists() else "# Benchmarks\n"
    section = f"## Maps\n\n{SECTION_INTRO}\n\nMachine: {machine()}.\n\n{table(rows)}\n"
    pattern = re.compile(r"## Maps\n.*?(?=\n## |\Z)", re.S)
    text = pattern.sub(section.rstrip("\n"), text) if pattern.search(text) \
        else text.rstrip("\n") + "\n\n" + section
    path.write_text(text if text.endswith("\n") else text + "\n", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help="record the table in BENCHMARKS.md")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp, browser.browser() as context:
        rows = synthetic(context, Path(tmp)) + demo(context, Path(tmp))
    print(f"\nMachine: {machine()}\n")
    print(table(rows))
    if args.write:
        write_section(rows)


if __name__ == "__main__":
    main()
