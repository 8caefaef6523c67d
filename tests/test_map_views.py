"""The demo county's maps as a leader first sees them, in headless Chromium at 1400×900 and at a
phone's 390×844: title nodes' labels readable, visible labels not piled on each other, every
colour drawn listed in the legend, legend colours told apart (CIEDE2000); overview first with
detail on demand; the view registry; the report runs each analysis once."""
from __future__ import annotations

import itertools
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from orggraph.cli import main
from orggraph.load.load import load_bundle
from orggraph.maps import legend, views
from orggraph.maps.build import write_map
from orggraph.maps.inputs import Analyses
from orggraph.report import write_report
from orggraph.store import open_store

from support import browser

DEMO = Path(__file__).resolve().parent.parent / "seeds" / "demo"
# Every map the demo's report draws, and the town maps a leader asks for.
DEMO_VIEWS = {
    "hierarchy": ("hierarchy", {}),
    "hierarchy-town": ("hierarchy", {"within": "R-01T04"}),
    "coverage": ("coverage", {}),
    "coverage-town": ("coverage", {"within": "R-01T04"}),
    "pairing": ("pairing", {}),
    "chains": ("chain", {}),
    **{f"chain-{c}": ("chain", {"chain": c}) for c in ("C-01-1", "C-01-2", "C-01-3", "C-01-4")},
    "neighbourhood": ("neighbourhood", {"focus": "R-01T04"}),
}
SIZES = {"wide": (1400, 900), "phone": (390, 844)}
SHOTS = browser.ARTIFACTS / "maps" / "first-view"


def delta_e(a: str, b: str) -> float:
    from coloraide import Color
    return Color(a).delta_e(b, method="2000")


@pytest.fixture(scope="module")
def demo_pages(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("demo-maps")
    with open_store(str(folder / "demo.lbug")) as store:
        load_bundle(store, DEMO)
        analyses = Analyses(store)
        out = {}
        for name, (view, opts) in DEMO_VIEWS.items():
            html = views.render_view(store, view, command=f"orggraph render {view}",
                                     analyses=analyses, **opts)
            out[name] = write_map(folder / f"{name}.html", html)
        out["findings"] = {"R-01": analyses.coverage(), "R-01T04": analyses.coverage("R-01T04")}
    return out


@pytest.fixture(scope="module", params=list(SIZES))
def sized(request):
    browser.need_chromium()
    with browser.browser(*SIZES[request.param]) as context:
        yield request.param, context


def _overlapping(labels: list[dict]) -> list[str]:
    bad = set()
    for a, b in itertools.combinations(labels, 2):
        if a["left"] < b["right"] and b["left"] < a["right"] and \
                a["top"] < b["bottom"] and b["top"] < a["bottom"]:
            bad |= {a["text"], b["text"]}
    return sorted(bad)


@pytest.mark.parametrize("name", list(DEMO_VIEWS))
def test_first_view_labels_are_readable_and_do_not_pile_up(demo_pages, sized, name):
    size, context = sized
    run = browser.open_map(context, demo_pages[name])
    try:
        labels = run.js("orggraphMap.drawnLabels()")
        titles = run.js("orggraphMap.titleNodes()")
        drawn = {label["id"]: label for label in labels}
        assert titles, "a map's title is about some of its nodes"
        for node in titles:
            assert node in drawn, f"title node {node} has no label at the first view"
            assert drawn[node]["px"] >= 11, (node, drawn[node]["px"])
        overlapping = _overlapping(labels)
        assert len(overlapping) <= 0.05 * len(labels), overlapping
        SHOTS.mkdir(parents=True, exist_ok=True)
        run.page.screenshot(path=str(SHOTS / f"{name}-{size}.png"))
        assert run.errors == [] and run.external == []
    finally:
        run.page.close()


@pytest.mark.parametrize("name", list(DEMO_VIEWS))
def test_every_colour_drawn_is_in_the_legend_and_legend_colours_differ(demo_pages, sized, name):
    size, context = sized
    if size != "wide":
        pytest.skip("the legend is the same at every width")
    run = browser.open_map(context, demo_pages[name])
    try:
        listed = set(run.js("Array.from(document.querySelectorAll('#legend [data-color], "
                            "#flag-legend [data-color], #edge-legend [data-color]'))"
                            ".map(e => e.dataset.color.toLowerCase())"))
        drawn = {c.lower() for c in run.js("orggraphMap.colours()")}
        assert drawn <= listed, drawn - listed
        blocks = run.js("""() => { const out = []; let cur = null;
            document.querySelectorAll('#legend > div').forEach(e => {
              if (e.classList.contains('group') || cur === null) { cur = []; out.push(cur); }
              if (e.dataset.color) cur.push([e.textContent, e.dataset.color]); });
            out.push(Array.from(document.querySelectorAll('#edge-legend [data-color]')).map(
              e => [e.textContent, e.dataset.color]));
            return out; }""")
        for block in blocks:
            for (ta, a), (tb, b) in itertools.combinations(block, 2):
                assert delta_e(a, b) >= 10, (ta, a, tb, b, delta_e(a, b))
    finally:
        run.page.close()


def test_the_palette_is_distinguishable():
    """Every pair of palette colours, the no-value grey and the white page differ by CIEDE2000
    ≥ 12; so do the star and problem-rate scales among themselves."""
    colours = list(legend.PALETTE) + [legend.NO_VALUE, "#ffffff"]
    for a, b in itertools.combinations(colours, 2):
        if {a, b} != {legend.NO_VALUE, "#ffffff"}:  # grey nodes are outlined and labelled
            assert delta_e(a, b) >= 12, (a, b)
    for scale in (legend.STAR_COLOURS + (legend.NO_VALUE,), legend.RATE_COLOURS):
        for a, b in itertools.combinations(scale, 2):
            assert delta_e(a, b) >= 10, (a, b)


def test_the_coverage_map_opens_on_the_towns_and_a_town_opens_into_its_units(demo_pages, sized):
    size, context = sized
    if size != "wide":
        pytest.skip("one width is enough")
    run = browser.open_map(context, demo_pages["coverage"])
    try:
        shown = run.js("orggraphMap.network.body.nodeIndices.slice().sort()")
        kinds = run.js("ids => ids.map(id => orggraphMap.nodes.get(id).kind)", shown)
        assert sorted(kinds) == ["county", "street"] + ["town"] * 9 and "R-01T04" in shown
        labels = {label["text"] for label in run.js("orggraphMap.drawnLabels()")}
        assert {"青溪县", "大坪乡", "城关街道"} <= labels
        town = demo_pages["findings"]["R-01T04"]
        badges = run.js("orggraphMap.nodes.get('R-01T04').badges")
        assert sum(b[1] for b in badges) == len(town)
        assert len(badges) == len({f["rule"] for f in town})  # one badge per problem type
        run.js("orggraphMap.openFold('R-01T04')")
        opened = set(run.js("orggraphMap.network.body.nodeIndices"))
        assert "R-01T04V01" in opened and "R-01T01V01" not in opened
        flagged = run.js("orggraphMap.nodes.get({filter: n => n.flag && n.fold === 'R-01T04'}).map(n => n.id)")
        assert set(flagged) == {f["id"] for f in town} - {"R-01T04"}
        labelled = {label["id"] for label in run.js("orggraphMap.drawnLabels()")}
        assert set(flagged) <= labelled  # the problems are labelled once the town is open
        for node in flagged:
            assert run.js(f"orggraphMap.network.getConnectedEdges('{node}').some(e => "
                          f"orggraphMap.edges.get(e).title === '责任单位')"), node
        run.page.click("#reset")
        assert run.js("orggraphMap.opened()") == []
        run.js("t => orggraphMap.search(t)", "兰花庄")
        run.page.keyboard.press("Escape")
    finally:
        run.page.close()


def test_the_hierarchy_opens_on_places_and_a_place_opens_into_its_organisations(demo_pages, sized):
    """No fan of lines at the first view: the county, its towns and its villages (and the
    organisations with no superior, framed); a town opens into its enterprises' organisations,
    and searching one opens its town."""
    size, context = sized
    if size != "wide":
        pytest.skip("one width is enough")
    run = browser.open_map(context, demo_pages["hierarchy"])
    try:
        kinds = run.js("orggraphMap.network.body.nodeIndices.map(id => orggraphMap.nodes.get(id).kind)")
        flagged = run.js("orggraphMap.nodes.get({filter: n => n.flag}).map(n => n.kind)")
        assert sorted(set(kinds) - set(flagged)) == ["community_committee", "county_committee",
                                                     "street_committee", "town_committee",
                                                     "village_branch"]
        assert kinds.count("enterprise_branch") == flagged.count("enterprise_branch")
        edges = run.js("orggraphMap.network.body.edgeIndices.length")
        assert edges == len(kinds) - 1 - len(flagged)  # a tree: one line up from each place
        run.js("orggraphMap.openFold('O-01T04')")
        opened = run.js("orggraphMap.network.body.nodeIndices.map(id => orggraphMap.nodes.get(id).kind)")
        assert opened.count("enterprise_branch") > kinds.count("enterprise_branch")
        members = run.js("orggraphMap.nodes.get({filter: n => n.fold === 'O-01T04'}).map(n => n.id)")
        labelled = {label["id"] for label in run.js("orggraphMap.drawnLabels()")}
        assert members and set(members) <= labelled  # the opened part is seen close enough to read
        assert run.js("orggraphMap.nodes.get('O-01T04').title").endswith(f"点击展开（{len(members)} 个）")
        run.page.click("#reset")
        assert run.js("orggraphMap.opened()") == []
        run.page.fill("#search", "青溪远航自来水")
        run.page.keyboard.press("Enter")
        assert run.js("orggraphMap.opened()") == ["O-01T04"]
        assert run.js("orggraphMap.network.getSelectedNodes()") == [run.js("orggraphMap.focused")]
        assert run.errors == []
    finally:
        run.page.close()


def test_a_filter_group_and_its_kinds_are_one_state(demo_pages, sized):
    size, context = sized
    if size != "wide":
        pytest.skip("one width is enough")
    run = browser.open_map(context, demo_pages["hierarchy"])
    try:
        run.page.uncheck('input[data-key="label:OrgUnit"]')
        kinds = run.js("Array.from(document.querySelectorAll('#filters .kind input')).map(b => b.checked)")
        assert kinds and not any(kinds)
        assert run.js("orggraphMap.network.body.nodeIndices.length") == 0
        run.page.check('input[data-key="kind:OrgUnit:town_committee"]')
        assert run.js("document.querySelector('input[data-key=\"label:OrgUnit\"]').indeterminate")
        run.page.check('input[data-key="label:OrgUnit"]')
        assert all(run.js("Array.from(document.querySelectorAll('#filters input')).map(b => b.checked)"))
    finally:
        run.page.close()


def test_titles_name_places_not_ids(demo_pages):
    titles = {name: path.read_text(encoding="utf-8").split("<title>")[1].split("</title>")[0]
              for name, path in demo_pages.items() if name in DEMO_VIEWS}
    found = len(demo_pages["findings"]["R-01"])
    assert titles["hierarchy-town"] == "组织体系图：大坪乡"
    assert titles["coverage-town"].startswith("覆盖问题图：大坪乡，")
    assert titles["coverage"] == f"覆盖问题图：青溪县，{found} 项问题"
    assert titles["hierarchy"] == "组织体系图：青溪县" and titles["pairing"].startswith("跨村联建方案：青溪县，")
    for title in titles.values():
        assert "R-01" not in title, title


# --- the registry ----------------------------------------------------------------------------

def test_render_and_its_help_come_from_the_registry():
    result = CliRunner().invoke(main, ["render", "--help"])
    assert result.exit_code == 0
    for view in views.REGISTRY.values():
        assert view.name in result.output
        for option in view.options:
            assert option.flag in result.output
    # every registered view is among the demo's first views, whose labels and legends are checked
    assert {view for view, _ in DEMO_VIEWS.values()} == set(views.VIEWS)


def test_a_view_refuses_an_option_it_does_not_take(tmp_path):
    with open_store(str(tmp_path / "x.lbug")) as store:
        load_bundle(store, DEMO)
        with pytest.raises(views.ViewError, match="takes no --chain"):
            views.build_view(store, "coverage", chain="C-01-1")


def test_no_import_cycle_between_map_modules():
    import ast
    folder = Path(views.__file__).parent
    edges = {}
    for path in folder.glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        edges[path.stem] = {a.name for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)
                            and node.level == 1 for a in node.names if node.module is None} | \
            {node.module.split(".")[0] for node in ast.walk(tree)
             if isinstance(node, ast.ImportFrom) and node.level == 1 and node.module}
    import networkx as nx
    graph = nx.DiGraph((a, b) for a, bs in edges.items() for b in bs if b in edges)
    assert list(nx.simple_cycles(graph)) == []


@pytest.mark.slow
def test_the_report_runs_each_analysis_once_at_city_scale(tmp_path, monkeypatch):
    """A city (8 counties): the report's tables and its maps share one run of each analysis."""
    from orggraph.analyses import coverage, influence, pairing
    from orggraph.generate import write_bundle

    bundle = tmp_path / "city"
    write_bundle(bundle, scale="city", seed=7)
    calls = {"find_gaps": 0, "fetch": 0, "analyse_chain": 0, "plan_pairs": 0}

    def counted(module, name):
        real = getattr(module, name)

        def wrapper(*args, **kwargs):
            calls[name] += 1
            return real(*args, **kwargs)
        monkeypatch.setattr(module, name, wrapper)

    counted(coverage, "find_gaps")
    counted(influence, "fetch")
    counted(influence, "analyse_chain")
    counted(pairing, "plan_pairs")
    with open_store(str(tmp_path / "city.lbug")) as store:
        load_bundle(store, bundle)
        chains = len(store.query("MATCH (c:IndustryChain) RETURN c.id AS id"))
        report = write_report(store, tmp_path / "report")
    assert calls == {"find_gaps": 1, "fetch": 1, "analyse_chain": chains, "plan_pairs": 1}
    assert len(report.maps) == 3 + chains  # hierarchy, coverage, pairing and each chain
    shutil.rmtree(tmp_path / "report")


@pytest.mark.parametrize("counties, shown", [(9, 1 + 9 + 9 * 12), (100, 1 + 100), (200, 1)])
def test_the_overview_shrinks_to_fit_its_budget(counties, shown):
    """A city opens on its counties' towns, a province on its counties, and a bigger one on
    itself alone; every other node folds into the overview node above it."""
    import networkx as nx

    from orggraph.maps import overview

    graph = nx.MultiDiGraph()
    graph.add_node("P", label="Region")
    for c in range(counties):
        graph.add_node(f"C{c}", label="Region")
        graph.add_edge(f"C{c}", "P", key="PART_OF")
        for t in range(12):
            graph.add_node(f"C{c}T{t}", label="Region")
            graph.add_edge(f"C{c}T{t}", f"C{c}", key="PART_OF")
            graph.add_node(f"C{c}T{t}O", label="OrgUnit")
            graph.add_edge(f"C{c}T{t}O", f"C{c}T{t}", key="BASED_IN")
    top, folds = overview.fold(graph, ["P"], ("PART_OF", "BASED_IN"), ("Region",), depth=2,
                               budget=150)
    assert len(top) == shown and set(top) | set(folds) == set(graph)
    assert all(owner in top for owner in folds.values())
    if counties == 100:
        assert folds["C7T3O"] == "C7" and folds["C7T3"] == "C7"
