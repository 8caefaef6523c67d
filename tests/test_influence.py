"""Chain-leader influence on hand-built chains, on both engines.

C-STAR  leader A0 in the middle: A1, A2 supply it, it supplies A3 (weight 2) and A4; A0 also
        supplies X, an enterprise outside the chain. A1's organisation is in the chain's
        alliance; A3's organisation is not.
C-LINE  B1 → B2 → B3 → B0, the leader B0 at the customer end and not MEMBER_OF its chain (it only
        LEADS it); a shortcut B1 → X → B0 through X, which is not on this chain.
C-LONE  leader C0 with no supply edge; C1 → C2 among the others.
C-NONE  no leader: N1 → N2, and X is a member too.
"""
from __future__ import annotations

import json

import numpy as np
import pytest

from orggraph.analyses import influence
from orggraph.analyses.influence import InfluenceSettings, analyse_chains
from orggraph.load.load import load_bundle
from orggraph.store import open_store
from support.bundles import write_bundle
from support.cli import run

ALPHA = InfluenceSettings().alpha
ISSUE_FIELDS = {"leader", "members", "reach", "reach_share", "upstream_reach", "downstream_reach",
                "closeness", "pagerank_rank", "ppr_mass", "betweenness", "party_share",
                "alliance_share", "recommend", "influence", "rank", "chain"}


@pytest.fixture(scope="module")
def chains_bundle(tmp_path_factory):
    root = tmp_path_factory.mktemp("chains")
    enterprises = ["A0", "A1", "A2", "A3", "A4", "B0", "B1", "B2", "B3", "C0", "C1", "C2", "C3",
                   "N1", "N2", "X"]
    chains = ("STAR", "LINE", "LONE", "NONE")
    nodes = [("Enterprise", {"id": f"E-{e}", "name": f"企业{e}", "kind": "private"})
             for e in enterprises]
    nodes += [("IndustryChain", {"id": f"C-{c}", "name": f"{c}链"}) for c in chains]
    nodes += [("OrgUnit", {"id": oid, "name": name, "kind": kind}) for oid, name, kind in (
        ("O-KA", "星链党委", "chain_committee"), ("O-T", "镇党委", "town_committee"),
        ("O-A1", "A1支部", "enterprise_branch"), ("O-A3", "A3支部", "enterprise_branch"))]
    rels = [("LEADS", "E-A0", "C-STAR"), ("LEADS", "E-B0", "C-LINE"), ("LEADS", "E-C0", "C-LONE")]
    rels += [("MEMBER_OF", "O-A1", "O-KA"), ("MEMBER_OF", "O-A3", "O-T")]
    rels += [("MEMBER_OF", f"E-{e}", "C-STAR", {"tier": "midstream"})
             for e in ("A0", "A1", "A2", "A3", "A4")]
    rels += [("MEMBER_OF", f"E-{e}", "C-LINE", {"tier": "upstream"})
             for e in ("B1", "B2", "B3")]  # not B0
    rels += [("MEMBER_OF", f"E-{e}", "C-LONE") for e in ("C0", "C1", "C2", "C3")]
    rels += [("MEMBER_OF", f"E-{e}", "C-NONE") for e in ("N1", "N2", "X")]
    rels += [("BASED_IN", "O-KA", "C-STAR"), ("BASED_IN", "O-A1", "E-A1"),
             ("BASED_IN", "O-A3", "E-A3")]
    rels += [("SUPPLIES", a, b, {"weight": w}) for a, b, w in (
        ("E-A1", "E-A0", None), ("E-A2", "E-A0", 1), ("E-A0", "E-A3", 2), ("E-A0", "E-A4", 1),
        ("E-A0", "E-X", 5),
        ("E-B1", "E-B2", 1), ("E-B2", "E-B3", 4), ("E-B3", "E-B0", 2),
        ("E-B1", "E-X", 1), ("E-X", "E-B0", 1),
        ("E-C1", "E-C2", 1), ("E-N1", "E-N2", 1))]
    write_bundle(root, nodes, rels)
    return root


@pytest.fixture
def loaded(store, chains_bundle):
    load_bundle(store, chains_bundle)
    return store


def by_chain(results):
    return {r["chain"]: r for r in results}


def ppr_mass_by_solving(nodes, weighted_edges, leader, alpha=ALPHA):
    """1 - x[leader] where x = (1-alpha) e_leader + alpha P^T x on the undirected weighted graph:
    the definition in the README, solved directly instead of by power iteration."""
    index = {n: i for i, n in enumerate(nodes)}
    w = np.zeros((len(nodes), len(nodes)))
    for a, b, weight in weighted_edges:
        w[index[a], index[b]] += weight
        w[index[b], index[a]] += weight
    p = w / w.sum(axis=1, keepdims=True)
    e = np.zeros(len(nodes))
    e[index[leader]] = 1.0
    x = np.linalg.solve(np.eye(len(nodes)) - alpha * p.T, (1 - alpha) * e)
    return 1 - x[index[leader]]


def test_star_around_the_leader(loaded):
    star = by_chain(analyse_chains(loaded))["C-STAR"]
    assert star["leader"] == "E-A0" and star["members"] == 5  # X is not on the chain
    assert star["reach"] == ["E-A1", "E-A2", "E-A3", "E-A4"] and star["reach_share"] == 1.0
    assert star["upstream_reach"] == ["E-A1", "E-A2"]
    assert star["downstream_reach"] == ["E-A3", "E-A4"]
    assert star["betweenness"] == 1.0 and star["betweenness_sampled"] is False
    # The centre of any star keeps 1/(1+alpha) of a walk restarting there, whatever the weights.
    assert star["ppr_mass"] == pytest.approx(ALPHA / (1 + ALPHA), abs=1e-6)
    assert star["pagerank_rank"] == 1
    # A1 and A3 have organisations, only A1's is in the alliance.
    assert star["party_share"] == 0.5 and star["alliance_share"] == 0.25
    # Outside the alliance, all one hop away: A3 (distance 1/2) before A2 and A4 (1, by id).
    assert [(r["id"], r["hops"], r["distance"]) for r in joining(star)] == [
        ("E-A3", 1, 0.5), ("E-A2", 1, 1.0), ("E-A4", 1, 1.0)]
    # The leader itself has no organisation and no instructor: that comes first.
    assert [(r["id"], r["action"]) for r in star["recommend"][:2]] == [
        ("E-A0", "organise"), ("E-A0", "instructor")]
    assert star["leader_organised"] is False and star["leader_instructor"] is False
    assert star["closeness"] == 1.0
    assert star["influence"] == 100.0  # every component is at its maximum


def joining(result: dict) -> list[dict]:
    """The members recommended to join the alliance (after what the leader itself lacks)."""
    return [r for r in result["recommend"] if r["action"] == "join_alliance"]


def test_line_with_the_leader_at_the_customer_end(loaded):
    line = by_chain(analyse_chains(loaded))["C-LINE"]
    # The leader only LEADS the chain and still counts as a member.
    assert line["leader"] == "E-B0" and line["members"] == 4
    # Two hops reach B3 and B2; B1 is three hops away inside the chain (the path through X,
    # who is not on this chain, does not count).
    assert line["reach"] == ["E-B2", "E-B3"] and line["reach_share"] == round(2 / 3, 6)
    assert line["upstream_reach"] == ["E-B2", "E-B3"] and line["downstream_reach"] == []
    assert line["betweenness"] == 0.0  # an end of a line is on nobody's shortest path
    assert line["pagerank_rank"] == 1  # all supply flows down the line into the leader
    mass = ppr_mass_by_solving(["E-B0", "E-B1", "E-B2", "E-B3"],
                               [("E-B1", "E-B2", 1), ("E-B2", "E-B3", 4), ("E-B3", "E-B0", 2)],
                               "E-B0")
    assert line["ppr_mass"] == pytest.approx(mass, abs=1e-6)
    assert line["party_share"] == 0.0 and line["alliance_share"] == 0.0
    # No alliance at all: everyone is a candidate, nearest first.
    assert [(r["id"], r["hops"]) for r in joining(line)] == [
        ("E-B3", 1), ("E-B2", 2), ("E-B1", 3)]
    assert [r["distance"] for r in joining(line)] == [0.5, 0.75, 1.75]
    assert line["closeness"] == 0.5  # 3 others at 1 + 2 + 3 hops
    # reach 2/3, closeness 1/2, outranks all 3 others, no brokerage
    assert line["influence"] == round(100 * (0.4 * 2 / 3 + 0.3 * 0.5 + 0.15 * 1 + 0.15 * 0), 2)


def test_more_hops_reach_further(loaded):
    line = by_chain(analyse_chains(loaded, ["C-LINE"], InfluenceSettings(hops=3)))["C-LINE"]
    assert line["reach"] == ["E-B1", "E-B2", "E-B3"] and line["reach_share"] == 1.0
    one = by_chain(analyse_chains(loaded, ["C-STAR"], InfluenceSettings(hops=1)))["C-STAR"]
    assert one["reach"] == ["E-A1", "E-A2", "E-A3", "E-A4"]


def test_leader_without_supply_edges(loaded):
    lone = by_chain(analyse_chains(loaded))["C-LONE"]
    assert lone["leader"] == "E-C0" and lone["members"] == 4
    assert lone["reach"] == [] and lone["reach_share"] == 0.0
    assert lone["upstream_reach"] == [] and lone["downstream_reach"] == []
    assert lone["ppr_mass"] == 0.0 and lone["betweenness"] == 0.0 and lone["closeness"] == 0.0
    assert lone["party_share"] is None and lone["alliance_share"] is None  # nothing reached
    assert lone["pagerank_rank"] == 2  # C2 receives C1's supply; C0 ties with C1 and C3
    assert lone["influence"] == 0.0
    assert [(r["id"], r["hops"], r["distance"]) for r in joining(lone)] == [
        ("E-C1", None, None), ("E-C2", None, None), ("E-C3", None, None)]


def test_chain_without_a_leader_is_reported(loaded):
    none = by_chain(analyse_chains(loaded))["C-NONE"]
    assert none["leader"] is None and none["members"] == 3
    assert none["reach"] == [] and none["reach_share"] is None
    assert none["pagerank_rank"] is None and none["ppr_mass"] is None
    assert none["betweenness"] is None and none["closeness"] is None
    assert none["influence"] == 0.0
    assert [r["id"] for r in none["recommend"]] == ["E-N1", "E-N2", "E-X"]


def test_ranking_by_index_then_id(loaded):
    results = analyse_chains(loaded)
    assert [(r["rank"], r["chain"]) for r in results] == [
        (1, "C-STAR"), (2, "C-LINE"), (3, "C-LONE"), (4, "C-NONE")]
    assert results[0]["influence"] > results[1]["influence"] > 0
    assert results[2]["influence"] == results[3]["influence"] == 0.0  # tie: by chain id
    assert all(ISSUE_FIELDS <= set(r) for r in results)


def test_only_the_chains_asked_for(loaded):
    results = analyse_chains(loaded, ["C-LONE", "C-LINE"])
    assert [(r["rank"], r["chain"]) for r in results] == [(1, "C-LINE"), (2, "C-LONE")]
    with pytest.raises(influence.InfluenceError, match="C-NOPE"):
        analyse_chains(loaded, ["C-LINE", "C-NOPE"])


def test_sampled_betweenness_is_repeatable(loaded):
    sampled = InfluenceSettings(betweenness_exact_max=3, betweenness_samples=100)
    star = by_chain(analyse_chains(loaded, ["C-STAR"], sampled))["C-STAR"]
    assert star["betweenness_sampled"] is True and star["betweenness"] == 1.0  # k >= n: exact
    few = InfluenceSettings(betweenness_exact_max=3, betweenness_samples=2)
    runs = [by_chain(analyse_chains(loaded, ["C-STAR", "C-LINE"], few)) for _ in range(3)]
    assert runs[0] == runs[1] == runs[2]


def test_recommend_top_limits_the_list(loaded):
    star = by_chain(analyse_chains(loaded, ["C-STAR"], InfluenceSettings(recommend_top=1)))
    assert [(r["id"], r["action"]) for r in star["C-STAR"]["recommend"]] == [("E-A0", "organise")]


@pytest.mark.parametrize("bad", [{"hops": 0}, {"alpha": 1.0}, {"recommend_top": -1},
                                 {"weight_reach": 0, "weight_closeness": 0, "weight_outrank": 0,
                                  "weight_brokerage": 0}])
def test_settings_are_checked(bad):
    with pytest.raises(ValueError):
        InfluenceSettings(**bad)


def test_neo4j_and_embedded_give_identical_answers(chains_bundle, tmp_path, neo4j_uri):
    answers = []
    for db in (str(tmp_path / "same.lbug"), neo4j_uri):
        with open_store(db) as store:
            store.delete_all()
            store.ensure_schema()
            load_bundle(store, chains_bundle)
            answers.append(analyse_chains(store, settings=InfluenceSettings(
                betweenness_exact_max=3, betweenness_samples=2)))
    assert answers[0] == answers[1]


def test_cli_json_table_csv_xlsx(db, chains_bundle, tmp_path):
    run("--db", db, "load", str(chains_bundle))
    data = json.loads(run("--db", db, "influence", "--format", "json").output)
    assert [r["chain"] for r in data] == ["C-STAR", "C-LINE", "C-LONE", "C-NONE"]
    assert all(ISSUE_FIELDS <= set(r) for r in data)
    table = run("--db", db, "influence", "--chain", "C-LINE", "--chain", "C-NONE").output
    assert "C-LINE" in table and "C-NONE" in table and "C-STAR" not in table
    csv_lines = run("--db", db, "influence", "--format", "csv", "--hops", "3",
                    "--lang", "en").output.splitlines()
    header = csv_lines[0].split(",")
    line = dict(zip(header, csv_lines[2].split(",")))
    assert line["chain"] == "C-LINE" and line["reach"] == "E-B1;E-B2;E-B3"
    # For people: Chinese headers, lists joined with 、, shares as percentages.
    csv_lines = run("--db", db, "influence", "--format", "csv", "--hops", "3").output.splitlines()
    zh = dict(zip(csv_lines[0].split(","), csv_lines[2].split(",")))
    assert zh["产业链编号"] == "C-LINE" and zh["带动企业（家）"] == "E-B1、E-B2、E-B3"
    assert zh["带动覆盖率（占链上企业，%）"] == f"{float(line['reach_share']) * 100:.1f}"
    book = tmp_path / "influence.xlsx"
    run("--db", db, "influence", "--format", "xlsx", "-o", str(book))
    import openpyxl
    sheets = openpyxl.load_workbook(book).sheetnames
    assert sheets == ["链主带动排名", "带动企业", "建议吸纳入盟企业"]
    run("--db", db, "influence", "--format", "xlsx", "-o", str(book), "--lang", "en")
    assert openpyxl.load_workbook(book).sheetnames == ["chains", "reach", "recommend"]


def test_cli_hops_from_the_config_file_and_errors(db, chains_bundle, tmp_path):
    run("--db", db, "load", str(chains_bundle))
    toml = tmp_path / "orggraph.toml"
    toml.write_text("[influence]\nhops = 3\n", encoding="utf-8")
    data = json.loads(run("--db", db, "--config", str(toml), "influence", "--chain", "C-LINE",
                          "--format", "json").output)
    assert data[0]["reach"] == ["E-B1", "E-B2", "E-B3"]
    # The command line wins over the file.
    data = json.loads(run("--db", db, "--config", str(toml), "influence", "--chain", "C-LINE",
                          "--hops", "1", "--format", "json").output)
    assert data[0]["reach"] == ["E-B3"]
    result = run("--db", db, "influence", "--chain", "C-NOPE", ok=False)
    assert result.exit_code != 0 and "没有编号为 C-NOPE 的产业链" in result.output
    result = run("--db", db, "influence", "--format", "xlsx", ok=False)
    assert result.exit_code != 0 and "-o" in result.output


def test_what_people_read_is_chinese(loaded):
    """What the leader lacks, the members to bring in and the recommendations in words; JSON
    keeps the codes (`action`) beside the words (`action_zh`)."""
    found = by_chain(analyse_chains(loaded))
    star, line, none = found["C-STAR"], found["C-LINE"], found["C-NONE"]
    # A0 has no organisation and no instructor (and so is in no alliance: organise comes first).
    assert influence.leader_lacks(star) == "党组织、党建指导员"
    assert influence.leader_lacks(line) == "党组织、党建指导员"
    assert influence.leader_lacks(none) == "未明确链主企业，带动指数记为0"
    assert [item["action_zh"] for item in star["recommend"][:3]] == [
        "链主企业建立党组织", "向链主企业选派党建工作指导员", "纳入党建联盟"]
    # The members to bring in next, nearest first, by name; the leader's own lacks not repeated.
    assert influence.members_to_bring_in(star) == "企业A3、企业A2、企业A4"
    assert influence.members_to_bring_in(line, shown=1) == "企业B3（另2家）"
    assert influence.recommend_text(line).split("；") == [
        "企业B0（E-B0）：链主企业建立党组织", "企业B0（E-B0）：向链主企业选派党建工作指导员",
        "企业B3（E-B3）：纳入党建联盟", "企业B2（E-B2）：纳入党建联盟", "企业B1（E-B1）：纳入党建联盟"]
    rows = {r["chain"]: r for r in influence.summary_rows([star, line, none])}
    assert rows["C-NONE"]["leader_lacks"] == influence.NO_LEADER
    assert rows["C-STAR"]["recommend"] == "企业A3、企业A2、企业A4"


def test_a_leader_in_the_alliance_lacks_only_what_it_lacks():
    result = {"leader": "E-1", "recommend": [
        {"id": "E-1", "action": "join"}, {"id": "E-2", "action": "join_alliance"}]}
    assert influence.leader_lacks(result) == "入盟"
    result["recommend"] = result["recommend"][1:]
    assert influence.leader_lacks(result) == ""


def test_csv_rows_hold_the_recommendations_in_words(db, chains_bundle):
    run("--db", db, "load", str(chains_bundle))
    import csv
    import io
    rows = list(csv.DictReader(io.StringIO(run("--db", db, "influence", "--chain", "C-NONE",
                                               "--format", "csv").output)))
    assert rows[0]["链主企业尚缺"] == "未明确链主企业，带动指数记为0"
    assert rows[0]["建议吸纳入盟企业"].startswith("企业N1（E-N1）：纳入党建联盟")
    rows = list(csv.DictReader(io.StringIO(run("--db", db, "influence", "--chain", "C-NONE",
                                               "--format", "csv", "--lang", "en").output)))
    assert rows[0]["leader_lacks"] == "未明确链主企业，带动指数记为0"
    assert rows[0]["recommend"].startswith("企业N1（E-N1）：纳入党建联盟")
    assert json.loads(run("--db", db, "influence", "--chain", "C-NONE", "--format",
                          "json").output)[0]["recommend"][0]["action"] == "join_alliance"


def test_pagerank_is_networkx_pagerank_to_the_last_bit():
    """`pagerank_of` makes the transposed matrix once; its values are nx.pagerank's exactly
    (weighted, with dangling members, zero weights, personalised), not merely close."""
    import random
    import networkx as nx
    rng = random.Random(5)
    graphs = [nx.DiGraph([("a", "b")]), nx.path_graph(["x", "y", "z"])]
    for n in (3, 9, 23, 60):
        for density in (0.05, 0.2, 0.5):
            g = nx.DiGraph()
            g.add_nodes_from(f"E{i:02d}" for i in range(n))
            for a in g:
                for b in g:
                    if a != b and rng.random() < density:
                        g.add_edge(a, b, weight=rng.choice([0.0, 0.5, 1.0, 2.5, 7.0]))
            graphs += [g, influence.undirected(g)]
    for g in graphs:
        for alpha in (0.85, 0.5):
            exact = influence.pagerank_of(g, alpha)
            assert exact == nx.pagerank(g, alpha=alpha, weight="weight", tol=1e-12, max_iter=1000)
            assert list(exact) == list(g)
            first = next(iter(g))
            assert influence.pagerank_of(g, alpha, {first: 1.0}) == nx.pagerank(
                g, alpha=alpha, personalization={first: 1.0}, weight="weight", tol=1e-12,
                max_iter=1000)
