"""Maps: each view gathers the right graph on both engines; every page is self-contained,
masks people, and works in headless Chromium from file:// with the network off."""
from __future__ import annotations

import base64
import json
import re
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner

from orggraph import model, queries
from orggraph.analyses.coverage import find_gaps
from orggraph.analyses.pairing import plan_pairs
from orggraph.cli import main
from orggraph.load.load import load_bundle
from orggraph.maps import MapMeta, MapSettings, ViewError, legend, render_map
from orggraph.maps import analysis_views, place_views, views
from orggraph.store import open_store
from support import browser
from support.files import write_csv

BUNDLE = Path(__file__).resolve().parent / "bundles" / "maps"
PEOPLE = {"P-1": "欧阳建国", "P-2": "李秀英", "P-3": "王小明"}
PERSONAL = ("gender", "birth_year", "party_member", "in_service", "specialty")
# view -> (CLI arguments, text typed into the search box, the node it must find)
PAGES = {
    "hierarchy": ([], "石桥", "O-V4"),
    "coverage": ([], "东山茶具", "E-4"),
    "chain": (["--chain", "C-1"], "西湖物流", "E-3"),
    "pairing": ([], "柳林", "R-V6"),
    "neighbourhood": (["--focus", "O-V1", "--depth", "2"], "东山一号", "R-G1"),
}


@pytest.fixture
def loaded(store):
    load_bundle(store, BUNDLE)
    return store


def page_data(html: str) -> dict:
    """The JSON the page hands to vis-network (nodes, edges, options, meta)."""
    match = re.search(r'<script type="application/json" id="orggraph-data">(.*?)</script>', html, re.S)
    assert match, "no DATA in the page"
    return json.loads(match.group(1))


# --- what each view gathers (both engines) ---------------------------------------------

def test_hierarchy_within_a_town_keeps_its_organisations_and_those_below(loaded):
    graph, meta = place_views.hierarchy(loaded, within="R-T1")
    assert set(graph) == {"O-T1", "O-V1", "O-V2", "O-V3", "O-V4", "O-E1"}
    assert graph.has_edge("O-V1", "O-T1", key="MEMBER_OF")
    assert graph.nodes["O-T1"]["measure"] == 5 and meta.roots == ["O-T1"]
    everything, _ = place_views.hierarchy(loaded)
    assert set(everything) == {f"O-{x}" for x in ("C", "T1", "T2", "V1", "V2", "V3", "V4", "V5",
                                                  "V6", "E1", "K", "X")}
    with pytest.raises(ViewError, match="没有编号为 O-T1 的区域"):
        place_views.hierarchy(loaded, within="O-T1")


def test_hierarchy_walks_down_to_organisations_built_elsewhere(loaded, tmp_path):
    """Organisations built nowhere in the town (no BASED_IN) but belonging to one there, two
    levels deep, are part of the town's tree; one belonging elsewhere is not."""
    extra = tmp_path / "extra"
    write_csv(extra / "nodes" / "OrgUnit.csv", [["id", "name", "kind"],
                                                ["O-W1", "流动党员党支部", "temporary_branch"],
                                                ["O-W2", "流动党员第一党小组", "building_group"],
                                                ["O-W3", "外地党小组", "building_group"]])
    write_csv(extra / "rels" / "MEMBER_OF.csv", [["from", "to"], ["O-W1", "O-V1"],
                                                 ["O-W2", "O-W1"], ["O-W3", "O-X"]])
    load_bundle(loaded, extra)
    graph, _ = place_views.hierarchy(loaded, within="R-T1")
    assert {"O-W1", "O-W2"} <= set(graph) and "O-W3" not in graph
    assert graph.has_edge("O-W2", "O-W1", key="MEMBER_OF")
    assert graph.nodes["O-V1"]["measure"] >= 2


def test_the_within_queries_read_exactly_what_lies_at_or_below_the_region(loaded):
    """maps/regions_within, orgs_within and enterprises_within, for every region and for none,
    against the whole graph: the regions with a PART_OF path to it, the enterprises located in
    those, the organisations based in either."""
    whole = loaded.project()
    part_of = nx.DiGraph((a, b) for a, b, k in whole.edges(keys=True) if k == "PART_OF")
    located = {(a, b) for a, b, k in whole.edges(keys=True) if k == "LOCATED_IN"}
    based = {(a, b) for a, b, k in whole.edges(keys=True) if k == "BASED_IN"}
    labelled = {label: {n for n, a in whole.nodes(data=True) if a["label"] == label}
                for label in ("Region", "OrgUnit", "Enterprise")}

    def ids(name, within):
        query = queries.library()[name]
        return {r["id"] for r in loaded.query(query.text, query.bind(within=within))}

    assert ids("maps/regions_within", "") == labelled["Region"]
    assert ids("maps/orgs_within", "") == labelled["OrgUnit"]
    assert ids("maps/enterprises_within", "") == labelled["Enterprise"]

    def firm_regions(within):  # each enterprise with the region it is LOCATED_IN
        query = queries.library()["maps/enterprises_within"]
        return {(r["id"], r["region"]) for r in loaded.query(query.text, query.bind(within=within))}
    assert located and firm_regions("") == located
    assert firm_regions("R-V1") == {(e, r) for e, r in located if r == "R-V1"}

    def parents(within):  # each region with the region it is PART_OF (outside `within` too)
        query = queries.library()["maps/regions_within"]
        return {(r["id"], r["parent"]) for r in loaded.query(query.text, query.bind(within=within))}
    parent = dict(list(part_of.edges()))
    assert parent and parents("") == {(r, parent.get(r)) for r in labelled["Region"]}
    below = {"R-T1"} | nx.ancestors(part_of, "R-T1")
    assert len(below) > 2 and parents("R-T1") == {(r, parent.get(r)) for r in below}

    for region in labelled["Region"]:
        below = {region} | (nx.ancestors(part_of, region) if region in part_of else set())
        firms = {e for e, r in located if r in below}
        assert ids("maps/regions_within", region) == below
        assert ids("maps/enterprises_within", region) == firms
        assert ids("maps/orgs_within", region) == {o for o, p in based if p in below | firms}
    assert ids("maps/orgs_within", "R-V1") == {"O-V1", "O-E1"}  # O-E1: in an enterprise there


def test_the_organisation_queries_read_each_base_and_link_in_its_direction(loaded):
    """maps/org_bases and org_links (by id) and their `_all` scans: every BASED_IN of the
    organisations (to a region, an enterprise or a chain) and every MEMBER_OF and LEADS between
    organisations, from the member or leader to the one above."""
    whole = loaded.project()
    label = {n: a["label"] for n, a in whole.nodes(data=True)}
    orgs = sorted(n for n, lab in label.items() if lab == "OrgUnit")
    bases = {(a, b, label[b]) for a, b, k in whole.edges(keys=True)
             if k == "BASED_IN" and label[a] == "OrgUnit"}
    links = {(a, b, k) for a, b, k in whole.edges(keys=True)
             if k in ("MEMBER_OF", "LEADS") and label[a] == label[b] == "OrgUnit"}
    assert {t for _, _, t in bases} == {"Region", "Enterprise", "IndustryChain"}

    def read(name, **params):
        query = queries.library()[name]
        return {tuple(r.values()) for r in loaded.query(query.text, query.bind(**params))}
    assert read("maps/org_bases", ids=orgs) == read("maps/org_bases_all") == bases
    assert read("maps/org_links", ids=orgs) == read("maps/org_links_all") == links
    one = "O-K"  # the chain committee: based in its chain, with members below it
    assert read("maps/org_bases", ids=[one]) == {b for b in bases if b[0] == one}
    assert read("maps/org_links", ids=[one]) == {l for l in links if one in l[:2]}


@pytest.mark.parametrize("in_list_max", [0, 64], ids=["links-by-key", "links-in-list"])
@pytest.mark.parametrize("depth", [1, 2])
def test_neighbourhood_equals_the_ego_graph_of_the_whole_graph(loaded, depth, in_list_max,
                                                               monkeypatch):
    # Either query of the links on either store (each store picks one by its in_list_max).
    monkeypatch.setattr(loaded, "in_list_max", in_list_max)
    graph, _ = place_views.neighbourhood(loaded, focus="O-V1", depth=depth)
    whole = loaded.project()
    ego = nx.ego_graph(whole.to_undirected(as_view=True), "O-V1", radius=depth)
    assert set(graph) == set(ego)
    inside = {(a, b, k) for a, b, k in whole.edges(keys=True) if a in ego and b in ego}
    assert set(graph.edges(keys=True)) == inside
    assert graph.nodes["O-V1"]["flag"] and graph.nodes["P-1"]["label"] == "Person"
    assert set(graph.nodes["P-1"]) <= {"label", "name", "kind", "info", "measure"}


def test_a_store_reads_the_links_of_nodes_as_the_library_queries_do(loaded):
    # Neo4j answers Store.links_touching its own way (a query per label); the rows are those of
    # the portable queries, for every label and for nodes of several labels at once.
    ids = {label: [r["id"] for r in loaded.query(f"MATCH (n:{label}) RETURN n.id AS id")]
           for label in model.LABEL_BY_NAME}

    def library(name, wanted):
        query = queries.library()[name]
        return {tuple(sorted(r.items())) for r in loaded.query(query.text, query.bind(ids=wanted))}

    cases = [{label: found} for label, found in ids.items()]
    cases.append({label: found[:2] for label, found in ids.items()})
    for case in cases:
        wanted = [i for found in case.values() for i in found]
        rows = {tuple(sorted(r.items())) for r in loaded.links_touching(case)}
        assert rows and rows == library("maps/links_touching_many", wanted), case
        assert rows == library("maps/links_touching", wanted), case
        # Only the links between two of them, the same rows otherwise.
        among = loaded.links_touching(case, among=True)
        assert {tuple(sorted(r.items())) for r in among} == {
            r for r in rows if dict(r)["source"] in wanted and dict(r)["target"] in wanted}, case
    some = {label: found for label, found in ids.items() if label in ("OrgUnit", "Person")}
    assert any(r["source_label"] == "Person" for r in loaded.links_touching(some, among=True))


def test_neighbourhood_reads_only_the_links_among_its_outer_ring(loaded, monkeypatch):
    # The outer ring's links outward are not drawn: the last read asks only for the links
    # among the ring's own nodes (the others reach nodes further out, or were read before).
    asked = []
    reads = loaded.links_touching

    def spy(ids_by_label, *, among=False):
        asked.append((sorted(i for ids in ids_by_label.values() for i in ids), among))
        return reads(ids_by_label, among=among)

    monkeypatch.setattr(loaded, "links_touching", spy)
    graph, _ = place_views.neighbourhood(loaded, focus="O-V1", depth=2)
    assert [among for _, among in asked] == [False, False, True]
    assert asked[0][0] == ["O-V1"]
    assert set(asked[2][0]) == {n for n in graph if nx.shortest_path_length(
        graph.to_undirected(as_view=True), "O-V1", n) == 2}


def test_neighbourhood_refuses_what_it_cannot_draw(loaded):
    with pytest.raises(ViewError, match="没有编号为 NOPE 的节点"):
        place_views.neighbourhood(loaded, focus="NOPE")
    with pytest.raises(ViewError, match="depth"):
        place_views.neighbourhood(loaded, focus="O-V1", depth=4)


def test_coverage_flags_exactly_the_findings(loaded):
    graph, meta = analysis_views.coverage(loaded)
    found = {f["id"] for f in find_gaps(loaded)}
    assert found and {n for n, a in graph.nodes(data=True) if a.get("flag")} == found
    assert {"R-C", "R-G1", "O-V1", "E-1"} <= set(graph)
    assert graph.nodes["P-3"]["label"] == "Person"  # in service, not reported
    in_town, _ = analysis_views.coverage(loaded, within="R-T2")
    assert "R-V5" in in_town and "R-V1" not in in_town and "E-3" in in_town
    assert meta.default_scheme == "gaps"


@pytest.mark.parametrize("within", [None, "R-01T01"])
def test_tree_and_coverage_maps_draw_every_organisation_link_among_their_nodes(store, within):
    """On the demo county, against the whole graph: the hierarchy holds every organisation below
    its own and opens on the places' organisations, and both maps draw exactly the
    organisations' links (and bases) among their nodes."""
    load_bundle(store, Path(__file__).resolve().parent.parent / "seeds" / "demo")
    whole = store.project()

    def org_links(nodes, types):
        return {(a, b, k) for a, b, k in whole.edges(keys=True) if k in types and a in nodes
                and b in nodes and whole.nodes[a]["label"] == "OrgUnit"}

    tree, _ = place_views.hierarchy(store, within=within)
    belongs = nx.DiGraph((a, b) for a, b, k in org_links(whole, ("MEMBER_OF",)))
    for org in set(tree) & set(belongs):
        assert nx.ancestors(belongs, org) <= set(tree)
    assert set(tree.edges(keys=True)) == org_links(tree, ("MEMBER_OF", "LEADS"))
    # It opens on places: the county's, the towns' and the villages' organisations (a town's:
    # its own and its villages'); every other organisation folds into the place organisation
    # above it, but those with no organisation above them (断头路), which stand apart, framed.
    shown = {n for n, a in tree.nodes(data=True) if a.get("fold") is None}
    places = place_views.PLACE_KINDS + place_views.TOP_KINDS
    orphans = {f["id"] for f in find_gaps(store) if f["rule"] == "org_without_parent"} & set(tree)
    assert {n for n in tree if tree.nodes[n].get("flag")} == orphans
    assert {n for n in shown if tree.nodes[n]["kind"] not in places} == orphans
    kinds = {tree.nodes[n]["kind"] for n in shown - orphans}
    if within is None:
        assert kinds == {"county_committee", "town_committee", "street_committee",
                         "village_branch", "community_committee"}
    else:
        assert {"town_committee", "village_branch"} <= kinds <= {
            "town_committee", "village_branch", "community_committee"}
    assert {n for n in tree if tree.nodes[n]["kind"] == "village_branch"} <= shown
    folded = {n: a["fold"] for n, a in tree.nodes(data=True) if a.get("fold") is not None}
    assert folded and set(folded.values()) <= shown
    [top] = [n for n in shown if tree.nodes[n]["kind"] == (
        "county_committee" if within is None else "town_committee")]
    for node, owner in folded.items():
        above = nx.descendants(belongs, node) & set(tree) if node in belongs else set()
        # into an organisation above it in the map, else (its superior is elsewhere) the top one
        assert owner in above if above else owner == top, (node, owner)
    cover, _ = analysis_views.coverage(store, within=within)
    drawn = {(a, b, k) for a, b, k in cover.edges(keys=True)
             if k in ("MEMBER_OF", "LEADS", "BASED_IN")}
    assert drawn == org_links(cover, ("MEMBER_OF", "LEADS", "BASED_IN"))
    assert len(drawn) > 20


def test_chain_has_leader_tiers_supply_and_alliance(loaded):
    graph, meta = analysis_views.chain(loaded, chain="C-1")
    assert {"C-1", "E-1", "E-2", "E-3", "E-4", "O-K", "O-E1"} <= set(graph)
    assert graph.has_edge("E-1", "C-1", key="LEADS")
    assert {(a, b) for a, b, k in graph.edges(keys=True) if k == "SUPPLIES"} == \
        {("E-2", "E-1"), ("E-4", "E-1"), ("E-1", "E-3")}
    assert graph.has_edge("O-E1", "O-K", key="MEMBER_OF")
    assert graph.has_edge("O-E1", "E-1", key="BASED_IN")  # the alliance member's enterprise
    tiers = {n: graph.nodes[n]["colours"]["tier"] for n in ("E-1", "E-2", "E-3", "E-4")}
    assert len(set(tiers.values())) == 4  # leader, upstream, downstream, midstream
    with pytest.raises(ViewError, match="的产业链"):
        analysis_views.chain(loaded, chain="C-9")


def test_pairing_draws_the_plan(loaded):
    graph, meta = analysis_views.pairing(loaded)
    plan = plan_pairs(loaded)
    proposed = {(a, b) for a, b, k in graph.edges(keys=True) if k == "CO_BUILDS:proposed"}
    assert proposed == {(c.centre, p.village) for c in plan.clusters for p in c.pairs}
    assert proposed == {("R-V1", "R-V2"), ("R-V1", "R-V3"), ("R-V1", "R-V4")}
    assert graph.nodes["R-V1"]["shape"] == "star"
    assert graph.nodes["R-V6"]["flag"] and not graph.nodes["R-V2"]["flag"]
    colours = {graph.nodes[v]["colours"]["cluster"] for v in ("R-V1", "R-V2", "R-V3", "R-V4")}
    assert len(colours) == 1 and meta.layout == "geo"


# --- the pages ---------------------------------------------------------------------------

def test_every_kind_and_relationship_of_the_model_has_a_chinese_legend_text():
    chinese = re.compile(r"^[\u4e00-\u9fff（）、]+$")
    for lab in model.LABELS:
        for kind in legend.kinds_of(lab.name):
            assert chinese.match(legend.kind_text(lab.name, kind)), (lab.name, kind)
    for rel in model.REL_TYPES:
        for source, target in rel.endpoints:
            assert chinese.match(legend.rel_text(rel.name, source, target)), (rel.name, source)


def test_links_touching_has_a_branch_for_every_relationship_of_the_model():
    few = queries.library()["maps/links_touching"].text
    many = queries.library()["maps/links_touching_many"].text
    for rel in model.REL_TYPES:
        for a, b in rel.endpoints:
            assert f"MATCH (a:{a})-[r:{rel.name}]->(b:{b}) WHERE a.id IN $ids OR b.id IN $ids" in few
            assert f"MATCH (a:{a} {{id: id}})-[r:{rel.name}]->(b:{b})" in many
            assert f"MATCH (a:{a})-[r:{rel.name}]->(b:{b} {{id: id}})" in many


@pytest.fixture(scope="module")
def pages(tmp_path_factory) -> dict[str, Path]:
    """Every view rendered through the CLI from one embedded database."""
    folder = tmp_path_factory.mktemp("maps")
    db = str(folder / "maps.lbug")
    runner = CliRunner()
    assert runner.invoke(main, ["--db", db, "load", str(BUNDLE)]).exit_code == 0
    out = {}
    for view, (args, _, _) in PAGES.items():
        path = folder / f"{view}.html"
        result = runner.invoke(main, ["--db", db, "render", view, *args, "-o", str(path)],
                               catch_exceptions=False)
        assert result.exit_code == 0, result.output
        out[view] = path
    named = folder / "named.html"
    result = runner.invoke(main, ["--db", db, "render", "neighbourhood", "--focus", "O-V1",
                                  "--show-names", "-o", str(named)])
    assert result.exit_code == 0, result.output
    out["named"] = named
    out["db"] = Path(db)
    return out


_EXTERNAL = [
    re.compile(r"""\b(?:src|href|action|poster|data)\s*=\s*["']?\s*(?:https?:)?//""", re.I),
    re.compile(r"""url\(\s*["']?\s*(?:https?:)?//""", re.I),
    re.compile(r"@import", re.I),
    re.compile(r"<link\b", re.I),
    re.compile(r"<script[^>]*\bsrc\s*=", re.I),
]


@pytest.mark.parametrize("view", list(PAGES))
def test_a_page_references_nothing_outside_and_masks_people(pages, view):
    html = pages[view].read_bytes().decode("utf-8")  # written as UTF-8, whatever the platform
    assert '<meta charset="utf-8">' in html
    for pattern in _EXTERNAL:
        assert not pattern.search(html), pattern.pattern
    data = page_data(html)
    shown = json.dumps(data, ensure_ascii=False)
    for name in PEOPLE.values():
        assert name not in html and json.dumps(name) not in html  # neither raw nor \u-escaped
        assert name[1:] not in shown
    for node in data["nodes"]:
        assert not set(node) & set(PERSONAL)
        if node["olabel"] == "Person":
            assert set(node["info"]) <= set(model.PERSON_PUBLIC_PROPS)
            assert node["label"] == PEOPLE[node["id"]][0] + "*" * (len(PEOPLE[node["id"]]) - 1)
    if view in ("coverage", "neighbourhood"):
        assert any(n["olabel"] == "Person" for n in data["nodes"])


# An id (R-V1, C-1, E-01-0001) is no English word; PageRank is a method's name.
_ID_OR_NAME = re.compile(r"\b[A-Za-z]+(?:-[A-Za-z0-9]+)+\b|\bPageRank\b")


def english_words(text: object) -> list[str]:
    return re.findall(r"[A-Za-z]+", _ID_OR_NAME.sub("", str(text)))


def page_texts(data: dict) -> list[tuple[str, object]]:
    """Everything of a page's data that people read: legends, node and link titles, the
    details panel (its labels as the page shows them, and its values)."""
    meta = data["meta"]
    texts = [("measure", meta["measure_text"]), ("flag", (meta["flag"] or {}).get("text", ""))]
    for key, scheme in meta["schemes"].items():
        texts.append((f"scheme {key}", scheme["title"]))
        texts += [(f"legend {key}", e["text"] + e.get("group", "")) for e in scheme["legend"]]
    texts += [("shape", e["text"]) for e in meta["shapes"]]
    texts += [("edge legend", e["text"]) for e in meta["edge_legend"]]
    for f in meta["filters"]:
        texts += [("filter", f["text"])] + [("filter", k["text"]) for k in f["kinds"]]
    for node in data["nodes"]:
        texts.append((f"title {node['id']}", node["title"].replace(node["label"], "")))
        for key, value in node["info"].items():
            texts.append((f"{node['id']} {key}", meta["key_text"].get(key, key)))
            if key not in ("id", "name"):
                texts.append((f"{node['id']} {key}={value}", value))
    texts += [(f"edge {e['from']}→{e['to']}", e.get("title", "")) for e in data["edges"]]
    return texts


@pytest.mark.parametrize("view", list(PAGES))
def test_what_a_page_says_is_chinese(pages, view):
    data = page_data(pages[view].read_text(encoding="utf-8"))
    english = [(where, text) for where, text in page_texts(data) if english_words(text)
               and not (view == "pairing" and " reason=" in where)]  # the next test's
    assert not english, english[:10]
    if view == "neighbourhood":
        titles = {e.get("title") for e in data["edges"]}
        assert "任职：书记" in titles, titles


def test_the_pairing_page_gives_its_reasons_in_chinese(pages):
    data = page_data(pages["pairing"].read_text(encoding="utf-8"))
    reasons = [n["info"]["reason"] for n in data["nodes"] if n["info"].get("reason")]
    assert reasons and not [r for r in reasons if english_words(r)], reasons


def test_show_names_shows_names_and_still_nothing_else_personal(pages):
    html = pages["named"].read_text(encoding="utf-8")
    data = page_data(html)
    person = next(n for n in data["nodes"] if n["id"] == "P-1")
    assert person["label"] == "欧阳建国" and set(person["info"]) == {"id", "name"}
    for value in ("1968", "男", "party_affairs"):
        assert value not in json.dumps(person, ensure_ascii=False)


def test_the_title_names_the_data_date_and_the_command(pages):
    html = pages["chain"].read_text(encoding="utf-8")
    assert re.search(r'id="data-date">\d{4}-\d\d-\d\d<', html)
    assert '<code id="command">orggraph render chain --chain C-1</code>' in html


def test_a_large_map_is_laid_out_in_advance_with_physics_off():
    graph = nx.MultiDiGraph()
    tree = nx.balanced_tree(4, 5)  # 1,365 nodes
    for n in tree:
        graph.add_node(f"N{n}", label="Region", name=f"第{n}村", kind="village")
    for a, b in tree.edges():
        graph.add_edge(f"N{b}", f"N{a}", key="PART_OF", type="PART_OF")
    data = page_data(render_map(graph, MapMeta(title="大图", command="test"), MapSettings()))
    assert data["options"]["physics"]["enabled"] is False
    assert all("x" in n and "y" in n for n in data["nodes"])
    small = page_data(render_map(graph.subgraph(["N0", "N1"]).copy(),
                                 MapMeta(title="小图", command="test"), MapSettings()))
    assert small["options"]["physics"]["enabled"] is True


# --- in Chromium -------------------------------------------------------------------------

@pytest.fixture(scope="module")
def chromium():
    browser.need_chromium()
    with browser.browser() as context:
        yield context


def _graph_size(db: Path, view: str) -> tuple[int, int]:
    """The map's nodes, and those shown at the first view (not folded)."""
    args, _, _ = PAGES[view]
    options = dict(zip([a.lstrip("-") for a in args[::2]], args[1::2]))
    if "depth" in options:
        options["depth"] = int(options["depth"])
    with open_store(str(db)) as store:
        graph, _ = views.build_view(store, view, **options)
    return graph.number_of_nodes(), sum(1 for _, a in graph.nodes(data=True) if a.get("fold") is None)


@pytest.mark.parametrize("view", list(PAGES))
def test_a_page_works_offline_in_chromium(pages, chromium, view):
    _, text, expected = PAGES[view]
    run = browser.open_map(chromium, pages[view])
    try:
        size, shown = _graph_size(pages["db"], view)
        assert run.js("orggraphMap.nodes.length") == size
        assert run.js("orggraphMap.network.body.nodeIndices.length") == shown
        run.page.click("#search")
        run.page.keyboard.type(text)
        run.page.keyboard.press("Enter")
        assert run.js("orggraphMap.network.getSelectedNodes()") == [expected]
        assert run.js("orggraphMap.focused") == expected
        assert text in run.page.inner_text("#details")
        assert run.page.inner_text("#legend").strip()
        browser.screenshot(run, view)
        assert (browser.ARTIFACTS / "maps" / f"{view}.png").stat().st_size > 10_000
        with run.page.expect_download() as download:
            run.page.click("#png")
        assert Path(download.value.path()).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        assert run.external == [] and run.failed == [] and run.errors == []
    finally:
        run.page.close()


def test_click_highlights_neighbours_and_filters_hide(pages, chromium):
    run = browser.open_map(chromium, pages["hierarchy"])
    try:
        point = run.js("""() => { const n = orggraphMap.network;
            return n.canvasToDOM(n.getPositions(['O-V1'])['O-V1']); }""")
        box = run.page.locator("#map canvas").bounding_box()
        run.page.mouse.click(box["x"] + point["x"], box["y"] + point["y"])
        assert "东山村党委" in run.page.inner_text("#details")
        assert run.js("orggraphMap.lit()") == ["O-T1", "O-V1"]  # itself and its parent; the
        # rest is veiled (drawn over) until the highlight is cleared
        hidden = "orggraphMap.nodes.get({filter: n => n.hidden}).map(n => n.id)"
        folded = set(run.js(hidden))
        run.page.uncheck('input[data-key="kind:OrgUnit:village_branch"]')
        assert set(run.js(hidden)) - folded == {f"O-V{i}" for i in range(1, 7)}
        run.page.select_option("#scheme", "stars")
        assert "五星级" in run.page.inner_text("#legend")
        image = run.js("orggraphMap.exportPng()")
        assert base64.b64decode(image.split(",", 1)[1])[:4] == b"\x89PNG"
        assert run.errors == [] and run.external == []
    finally:
        run.page.close()


def test_a_map_prints_its_current_view_without_controls(pages, chromium):
    """Print media: a snapshot of the canvas as it is now (zoomed in here) stands in for the map,
    the legend stays, the controls, details and filters go; back on screen the view is where it
    was. A PDF of the page is one A4 landscape sheet or more."""
    run = browser.open_map(chromium, pages["chain"])
    try:
        run.js("orggraphMap.network.moveTo({position: {x: 40, y: -30}, scale: 2.5, animation: false})")
        view = run.js("[orggraphMap.network.getScale(), orggraphMap.network.getViewPosition()]")
        now = browser.settled_png(run)
        run.page.emulate_media(media="print")
        run.page.wait_for_function("document.getElementById('print-view').getAttribute('src')")
        assert run.js("document.getElementById('print-view').src") == now
        shown = run.js("""() => Object.fromEntries(['print-view', 'legend', 'search', 'png', 'scheme',
            'details', 'filters'].map(id => [id, document.getElementById(id).offsetParent !== null]))""")
        assert shown == {"print-view": True, "legend": True, "search": False, "png": False,
                         "scheme": False, "details": False, "filters": False}
        assert run.js("getComputedStyle(document.getElementById('map')).visibility") == "hidden"
        assert run.js("[orggraphMap.network.getScale(), orggraphMap.network.getViewPosition()]") \
            == view  # the map kept its size in print media: the view did not move
        run.page.emulate_media(media="screen")
        run.page.wait_for_function("!document.getElementById('print-view').getAttribute('src')")
        assert run.js("[orggraphMap.network.getScale(), orggraphMap.network.getViewPosition()]") \
            == view
        run.page.emulate_media(media="print")  # page.pdf() prints in the emulated media
        pdf = run.page.pdf(prefer_css_page_size=True)
        box = re.search(rb"/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]", pdf)
        assert pdf[:5] == b"%PDF-" and box, pdf[:200]
        assert (round(float(box[1])), round(float(box[2]))) == (842, 595)  # A4 landscape, pt
        assert run.errors == []
    finally:
        run.page.close()


def test_search_finds_a_full_name_only_with_show_names(pages, chromium):
    run = browser.open_map(chromium, pages["named"])
    try:
        assert run.js("t => orggraphMap.search(t)", "欧阳建国") == ["P-1"]
    finally:
        run.page.close()
    run = browser.open_map(chromium, pages["neighbourhood"])
    try:
        assert run.js("t => orggraphMap.search(t)", "欧阳建国") == []
        assert run.js("t => orggraphMap.search(t)", "欧***") == ["P-1"]
    finally:
        run.page.close()


# --- the report ----------------------------------------------------------------------------

@pytest.fixture(scope="module")
def report_dir(pages, tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("report")
    result = CliRunner().invoke(main, ["--db", str(pages["db"]), "report", "-o", str(folder)],
                                catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert "index.html" in result.output
    return folder


def test_the_report_has_the_tables_and_links_every_map(report_dir):
    html = (report_dir / "index.html").read_text(encoding="utf-8")
    for text in ("覆盖问题汇总", "党组织隶属关系未理顺", "链主带动排名", "茶产业链", "跨村联建方案", "南坡村",
                 "柳林村"):
        assert text in html, text
    links = re.findall(r'href="([^"#][^"]*)"', html)  # not the charts' in-page "#…" uses
    written = sorted(p.name for p in report_dir.glob("*.html") if p.name != "index.html")
    assert sorted(links) == written
    assert written == ["chain-C-1.html", "coverage.html", "hierarchy.html", "pairing.html"]
    for page in report_dir.glob("*.html"):
        text = page.read_text(encoding="utf-8")
        for pattern in _EXTERNAL:
            assert not pattern.search(text), (page.name, pattern.pattern)
        for name in PEOPLE.values():
            assert name not in text, (page.name, name)


def test_the_report_opens_offline_with_every_map(report_dir, chromium):
    page = chromium.new_page()
    external, errors = [], []
    page.route("**/*", lambda r: r.continue_() if r.request.url.startswith("file://")
               else (external.append(r.request.url), r.abort()))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto((report_dir / "index.html").as_uri())
    files = page.eval_on_selector_all("ul.maps a", "links => links.map(a => a.href)")
    page.close()
    assert len(files) == 4 and external == [] and errors == []
    for uri in files:
        run = browser.open_map(chromium, Path(uri.removeprefix("file://")))
        assert run.external == [] and run.errors == [] and run.failed == []
        run.page.close()


def test_the_demo_writes_the_report_and_prints_its_path(tmp_path):
    from orggraph.demo import run_demo

    said = []
    run_demo(tmp_path / "demo.lbug", said.append, bundle=BUNDLE)
    text = "\n".join(said)
    index = tmp_path / "orggraph-demo-report" / "index.html"
    assert str(index) in text and index.is_file()


def test_render_errors_are_messages(pages):
    runner = CliRunner()
    db = str(pages["db"])
    result = runner.invoke(main, ["--db", db, "render", "neighbourhood"])
    assert result.exit_code != 0 and "须用 --focus" in result.output
    result = runner.invoke(main, ["--db", db, "render", "hierarchy", "--within", "R-NOPE"])
    assert result.exit_code != 0 and "没有编号为 R-NOPE 的区域" in result.output


def test_layout_hangs_nodes_by_the_preferred_relationships():
    from orggraph.maps import layout

    graph = nx.MultiDiGraph()
    graph.add_edge("village", "town", key="PART_OF")
    graph.add_edge("branch", "village", key="BASED_IN")
    graph.add_edge("branch", "town-committee", key="MEMBER_OF")
    graph.add_edge("town-committee", "town", key="BASED_IN")
    graph.add_node("alone")
    children, roots = layout.spanning_forest(graph, ["town"], ("PART_OF", "BASED_IN"))
    assert roots == ["town", "alone"]
    assert children["village"] == ["branch"] and children["town"] == ["town-committee", "village"]
    plain, _ = layout.spanning_forest(graph, ["town"])
    assert "branch" in plain["town-committee"] or "branch" in plain["village"]
    positions = layout.radial_positions(graph, ["town"], ("PART_OF", "BASED_IN"))
    assert set(positions) == set(graph) and len(set(positions.values())) == len(graph)


@pytest.mark.slow
def test_a_5000_node_map_answers_a_search(chromium, tmp_path):
    # How fast is measured by benchmarks/maps.py (BENCHMARKS.md), not here.
    graph = nx.MultiDiGraph()
    for i in range(5000):
        graph.add_node(f"N{i}", label="OrgUnit", kind="grid_branch", name=f"第{i}网格党支部",
                       stars=i % 6, measure=i % 7)
        if i:
            graph.add_edge(f"N{i}", f"N{(i - 1) // 12}", key="MEMBER_OF", type="MEMBER_OF")
        if i % 10 == 0 and i > 100:
            graph.add_edge(f"N{i}", f"N{i // 3}", key="LEADS", type="LEADS", dashes=True)
    path = tmp_path / "big.html"
    path.write_text(render_map(graph, MapMeta(title="五千", command="test", layout="radial",
                                              roots=["N0"])), encoding="utf-8")
    run = browser.open_map(chromium, path)
    try:
        answered = run.js("""() => new Promise(done => {
            const t0 = performance.now();
            orggraphMap.network.once("afterDrawing", () => done(performance.now() - t0));
            orggraphMap.focusNode(orggraphMap.search("第4321网格")[0]);
        })""")
        assert run.js("orggraphMap.focused") == "N4321"
        assert run.js("orggraphMap.nodes.length") == 5000
        assert answered >= 0
        assert run.errors == [] and run.external == []
    finally:
        run.page.close()
