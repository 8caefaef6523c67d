"""Pinned by tests written against the survivors of mutation testing (scripts/mutation,
docs/TESTING.md): chain-leader influence (orggraph/analyses/influence.py), on
chains built in memory."""
from __future__ import annotations

import datetime as dt

import pytest

from orggraph.analyses import influence
from orggraph.analyses.influence import InfluenceSettings
from orggraph.notions import VillageSettings


# --- influence (orggraph/analyses/influence.py), on chains built in memory -----------------------

def _member(has_org=False, in_alliance=False, tier=None, name=None):
    return {"name": name, "tier": tier, "has_org": has_org, "in_alliance": in_alliance}


def _chain(edges, members, leader="L", facts=None, chain="C1"):
    return influence.ChainData(chain, f"{chain}链", "茶叶", leader, f"企业{leader}" if leader else None,
                               "O-K", dict(facts or {}), dict(members), dict(edges))


# L at the centre of a line and a branch: A ⇄ L → B → D, and E with no supply edge.
BRANCH = _chain({("A", "L"): 2.0, ("L", "A"): 0.5, ("L", "B"): 1.0, ("B", "D"): 1.0},
                {"L": _member(True, True, name="企业L"), "A": _member(True, True, "upstream", "企业A"),
                 "B": _member(True, False, "downstream", "企业B"), "D": _member(name="企业D"),
                 "E": _member(name=None)},
                facts={"organised": True, "in_alliance": True, "party_members": 5,
                       "instructor": False})


def test_the_chains_network_is_the_members_with_supplies_summed_both_ways():
    graph = influence.supply_network(BRANCH)
    assert list(graph) == ["A", "B", "D", "E", "L"]
    assert graph["A"]["L"]["weight"] == 2.0 and graph["L"]["A"]["weight"] == 0.5
    both = influence.undirected(graph)
    assert sorted(both.edges(data="weight")) == [("A", "L", 2.5), ("B", "D", 1.0),
                                                 ("B", "L", 1.0)]
    assert list(both) == ["A", "B", "D", "E", "L"]


def test_reach_closeness_and_brokerage_of_a_leader_by_hand():
    result = influence.analyse_chain(BRANCH)
    assert (result["members"], result["hops"], result["committee"]) == (5, 2, "O-K")
    assert result["reach"] == ["A", "B", "D"] and result["reach_share"] == 0.75
    assert result["upstream_reach"] == ["A"]                 # who supplies L (or its suppliers)
    assert result["downstream_reach"] == ["A", "B", "D"]     # whom L supplies, two steps on
    assert result["closeness"] == 0.5625                      # 3/4 reached at 4 hops: ¾ × ¾
    assert result["betweenness"] == 0.333333                  # on A–B and A–D of 6 pairs
    assert result["betweenness_sampled"] is False
    assert result["party_share"] == 0.666667 and result["alliance_share"] == 0.333333
    assert result["party_share_all"] == 0.6 and result["alliance_share_all"] == 0.4
    assert (result["leader_organised"], result["leader_in_alliance"],
            result["leader_party_members"], result["leader_instructor"]) == (True, True, 5, False)
    parts = result["influence_parts"]
    assert (parts["reach"], parts["closeness"], parts["brokerage"]) == (0.75, 0.5625, 0.333333)
    assert result["influence"] == round(100 * (0.4 * 0.75 + 0.3 * 0.5625 + 0.15 * parts["outrank"]
                                               + 0.15 * (1 / 3)), 2)
    # over two hops less: one hop reaches A and B
    one = influence.analyse_chain(BRANCH, InfluenceSettings(hops=1))
    assert one["reach"] == ["A", "B"] and one["downstream_reach"] == ["A", "B"]
    assert one["hops"] == 1


def test_a_leader_everyone_supplies_outranks_them_all():
    star = _chain({("A", "L"): 1.0, ("B", "L"): 1.0, ("D", "L"): 1.0},
                  {v: _member() for v in "ABDLE"})
    result = influence.analyse_chain(star)
    assert result["pagerank_rank"] == 1
    assert result["influence_parts"] == {"reach": 0.75, "closeness": 0.75, "outrank": 1.0,
                                         "brokerage": 0.5}
    assert result["influence"] == 75.0      # 100 × (0.4 × 0.75 + 0.3 × 0.75 + 0.15 + 0.15 × 0.5)
    weighted = influence.analyse_chain(star, InfluenceSettings(weight_reach=1, weight_closeness=0,
                                                               weight_outrank=0, weight_brokerage=1))
    assert weighted["influence"] == 62.5    # (0.75 + 0.5) / 2
    # the leader supplies them all instead: they outrank it
    out = influence.analyse_chain(_chain({("L", "A"): 1.0, ("L", "B"): 1.0, ("L", "D"): 1.0},
                                         {v: _member() for v in "ABDL"}))
    assert out["pagerank_rank"] == 4 and out["influence_parts"]["outrank"] == 0.0
    assert out["upstream_reach"] == [] and out["downstream_reach"] == ["A", "B", "D"]


def test_pagerank_values_within_a_hair_count_as_equal():
    pair = influence.analyse_chain(_chain({("L", "A"): 1.0, ("A", "L"): 1.0},
                                          {"L": _member(), "A": _member()}))
    assert pair["pagerank_rank"] == 1 and pair["influence_parts"]["outrank"] == 0.0
    assert pair["betweenness"] == 0.0 and pair["closeness"] == 1.0 and pair["reach_share"] == 1.0
    assert pair["influence"] == 70.0        # 100 × (0.4 + 0.3)
    assert 0 < pair["ppr_mass"] < 1


def test_a_leader_alone_has_an_index_of_zero_and_no_reach_share():
    alone = influence.analyse_chain(_chain({}, {"L": _member()}))
    assert alone["reach"] == [] and alone["reach_share"] is None
    assert alone["influence_parts"] == {"reach": 0.0, "closeness": 0.0, "outrank": 0.0,
                                        "brokerage": 0.0}
    assert alone["influence"] == 0.0 and alone["party_share"] is None


def test_ppr_mass_is_what_a_walk_restarting_at_the_leader_spends_elsewhere():
    result = influence.analyse_chain(BRANCH)
    network = influence.undirected(influence.supply_network(BRANCH))
    ppr = influence.nx.pagerank(network, alpha=0.85, personalization={"L": 1.0}, weight="weight",
                                tol=1e-12, max_iter=1000)
    assert result["ppr_mass"] == round(1 - ppr["L"], 6)
    lower = influence.analyse_chain(BRANCH, InfluenceSettings(alpha=0.5))
    assert lower["ppr_mass"] < result["ppr_mass"]


def test_a_chain_without_a_leader_scores_zero_and_lists_its_members_outside_by_id():
    none = influence.analyse_chain(_chain({("B", "A"): 1.0}, {"B": _member(), "A": _member(),
                                                              "C": _member(True, True)},
                                          leader=None))
    assert none["influence"] == 0.0 and none["influence_parts"] is None
    assert none["reach"] == [] and none["reach_share"] is None and none["closeness"] is None
    assert none["pagerank_rank"] is None and none["betweenness_sampled"] is False
    assert none["party_share_all"] == 0.333333
    assert [(r["id"], r["hops"], r["distance"], r["action"]) for r in none["recommend"]] == [
        ("A", None, None, "join_alliance"), ("B", None, None, "join_alliance")]
    assert influence.leader_lacks(none) == influence.NO_LEADER == "未明确链主企业，带动指数记为0"


def test_recommendations_put_what_the_leader_lacks_first_then_the_nearest_members():
    recommend = influence.analyse_chain(BRANCH)["recommend"]
    assert recommend == [
        {"id": "L", "name": "企业L", "tier": None, "hops": 0, "distance": 0.0,
         "action": "instructor", "action_zh": "向链主企业选派党建工作指导员"},
        {"id": "B", "name": "企业B", "tier": "downstream", "hops": 1, "distance": 1.0,
         "action": "join_alliance", "action_zh": "纳入党建联盟"},
        {"id": "D", "name": "企业D", "tier": None, "hops": 2, "distance": 2.0,
         "action": "join_alliance", "action_zh": "纳入党建联盟"},
        {"id": "E", "name": None, "tier": None, "hops": None, "distance": None,
         "action": "join_alliance", "action_zh": "纳入党建联盟"}]
    top = influence.analyse_chain(BRANCH, InfluenceSettings(recommend_top=2))["recommend"]
    assert [r["id"] for r in top] == ["L", "B"]
    every = influence.analyse_chain(BRANCH, InfluenceSettings(recommend_top=0))["recommend"]
    assert len(every) == 4


def test_at_equal_hops_the_heavier_supply_is_nearer_then_the_id():
    chain = _chain({("L", "Z"): 4.0, ("L", "Y"): 1.0, ("L", "X"): 1.0, ("Y", "W"): 0.0},
                   {v: _member() for v in "LZYXW"}, facts={"organised": True, "instructor": True,
                                                           "in_alliance": True})
    recommend = influence.analyse_chain(chain)["recommend"]
    assert [(r["id"], r["hops"], r["distance"]) for r in recommend] == [
        ("Z", 1, 0.25), ("X", 1, 1.0), ("Y", 1, 1.0), ("W", 2, None)]


def test_the_leader_lacks_an_organisation_before_its_place_in_the_alliance():
    def actions(**facts):
        return [r["action"] for r in influence._leader_actions(_chain({}, {}, facts=facts))]

    assert actions() == ["organise", "instructor"]
    assert actions(organised=True) == ["join", "instructor"]
    assert actions(organised=True, in_alliance=True) == ["instructor"]
    assert actions(organised=True, in_alliance=True, instructor=True) == []
    assert actions(in_alliance=True, instructor=True) == ["organise"]
    assert influence._leader_actions(_chain({}, {}, leader=None)) == []


def test_betweenness_is_exact_up_to_the_limit_then_sampled_with_the_seed():
    members = {v: _member() for v in "LABCDEF"}
    edges = {("A", "L"): 1.0, ("L", "B"): 1.0, ("C", "L"): 1.0, ("L", "D"): 1.0, ("E", "F"): 1.0}
    exact = influence.analyse_chain(_chain(edges, members), InfluenceSettings(
        betweenness_exact_max=7))
    assert exact["betweenness_sampled"] is False and exact["betweenness"] == 0.4   # 6 of 15
    sampled = influence.analyse_chain(_chain(edges, members), InfluenceSettings(
        betweenness_exact_max=6, betweenness_samples=100))
    assert sampled["betweenness_sampled"] is True and sampled["betweenness"] == 0.4  # k = n: all
    few = [influence.analyse_chain(_chain(edges, members), InfluenceSettings(
        betweenness_exact_max=0, betweenness_samples=2, betweenness_seed=seed))["betweenness"]
        for seed in (42, 42, 7)]
    assert few[0] == few[1]
    two = influence.analyse_chain(_chain({("L", "A"): 1.0}, {"L": _member(), "A": _member()}),
                                  InfluenceSettings(betweenness_exact_max=0))
    assert two["betweenness"] == 0.0 and two["betweenness_sampled"] is False   # fewer than 3


def test_chains_rank_by_index_then_id_and_carry_the_date():
    ranked = influence.rank([{"chain": "C2", "influence": 50.0}, {"chain": "C1", "influence": 50.0},
                             {"chain": "C0", "influence": 10.0}, {"chain": "C3", "influence": 70.0}],
                            dt.date(2025, 6, 30))
    assert [(r["rank"], r["chain"], r["as_of"]) for r in ranked] == [
        (1, "C3", "2025-06-30"), (2, "C1", "2025-06-30"), (3, "C2", "2025-06-30"),
        (4, "C0", "2025-06-30")]
    assert list(ranked[0]) == ["rank", "as_of", "chain", "influence"]
    assert "as_of" not in influence.rank([{"chain": "C", "influence": 0.0}])[0]


def test_the_influence_table_checks_its_values_at_their_bounds():
    for good in ({"hops": 1}, {"alpha": 0.01}, {"alpha": 0.99}, {"betweenness_exact_max": 0},
                 {"betweenness_samples": 1}, {"recommend_top": 0},
                 {"weight_reach": 0, "weight_closeness": 0, "weight_outrank": 0,
                  "weight_brokerage": 0.1}):
        InfluenceSettings(**good)
    for bad, message in [({"hops": 0}, "hops 应为1以上"),
                         ({"alpha": 0}, "alpha 应大于0且小于1"),
                         ({"alpha": 1}, "alpha 应大于0且小于1"),
                         ({"betweenness_exact_max": -1}, "betweenness_exact_max 应为0以上，"
                                                         "betweenness_samples 应为1以上"),
                         ({"betweenness_samples": 0}, "betweenness_exact_max 应为0以上，"
                                                      "betweenness_samples 应为1以上"),
                         ({"recommend_top": -1}, "recommend_top 应为0以上"),
                         ({"weight_outrank": -0.1}, "带动指数各项权重应为0以上，且合计大于0"),
                         ({"weight_reach": 0, "weight_closeness": 0, "weight_outrank": 0,
                           "weight_brokerage": 0}, "带动指数各项权重应为0以上，且合计大于0")]:
        with pytest.raises(ValueError) as error:
            InfluenceSettings(**bad)
        assert str(error.value) == message
    defaults = InfluenceSettings()
    assert (defaults.hops, defaults.alpha, defaults.betweenness_exact_max,
            defaults.betweenness_samples, defaults.betweenness_seed, defaults.recommend_top) == (
        2, 0.85, 1000, 100, 42, 10)
    assert defaults.index_weights() == {"reach": 0.4, "closeness": 0.3, "outrank": 0.15,
                                        "brokerage": 0.15}


def test_the_rows_for_people_count_and_name_what_is_to_be_done():
    result = influence.rank([influence.analyse_chain(BRANCH)])[0]
    row = influence.summary_rows([result], recommend_shown=2)[0]
    assert row == {"rank": 1, "chain": "C1", "name": "C1链", "leader": "L", "members": 5,
                   "reach": 3, "share": 0.75, "up": 1, "down": 3, "close": 0.562,
                   "pr_rank": result["pagerank_rank"], "leader_lacks": "党建指导员",
                   "party": 0.667, "alliance": 0.333, "alliance_all": 0.4,
                   "index": result["influence"], "recommend": "企业B、企业D（另1家）"}
    assert influence.members_to_bring_in(result) == "企业B、企业D、E"
    assert influence.members_to_bring_in(result, 5) == "企业B、企业D、E"
    assert influence.recommend_text(result) == (
        "企业L（L）：向链主企业选派党建工作指导员；企业B（B）：纳入党建联盟；"
        "企业D（D）：纳入党建联盟；E（E）：纳入党建联盟")
    none = influence.summary_rows([{**result, "leader": None, "reach_share": None,
                                    "closeness": None}])[0]
    assert none["leader_lacks"] == influence.NO_LEADER and none["share"] is None
    assert none["close"] is None
    sheets = influence.detail_rows([result])
    assert sheets["reach"] == [
        {"chain": "C1", "leader": "L", "id": "A", "upstream": True, "downstream": True},
        {"chain": "C1", "leader": "L", "id": "B", "upstream": False, "downstream": True},
        {"chain": "C1", "leader": "L", "id": "D", "upstream": False, "downstream": True}]
    assert [(r["position"], r["id"], r["chain"], r["leader"]) for r in sheets["recommend"]] == [
        (1, "L", "C1", "L"), (2, "B", "C1", "L"), (3, "D", "C1", "L"), (4, "E", "C1", "L")]


class _ChainRowsStore:
    """Answers influence/chains, influence/members and influence/supplies with given rows."""

    def __init__(self, chains, members, supplies):
        library = influence.queries.library()
        self.rows = {library[f"influence/{name}"].text: rows for name, rows in
                     (("chains", chains), ("members", members), ("supplies", supplies))}
        self.params = []

    def query(self, text, params=None):
        self.params.append(params)
        return self.rows[text]


def _chain_row(chain, leader, committee=None, **facts):
    return {"id": chain, "name": f"{chain}链", "sector": "茶叶", "leader": leader,
            "leader_name": f"企业{leader}" if leader else None, "committee": committee,
            "leader_organised": facts.get("organised"), "leader_in_alliance": facts.get("alliance"),
            "leader_party_members": facts.get("members", 0),
            "leader_instructor": facts.get("instructor")}


def test_fetch_takes_the_lowest_leader_and_committee_and_sums_parallel_supplies():
    store = _ChainRowsStore(
        [_chain_row("C1", "L2", "K2", organised=1, members=3),
         _chain_row("C1", "L1", None, alliance=1, instructor=1, members=2),
         _chain_row("C1", "L3", "K1", organised=1), _chain_row("C2", None)],
        [{"chain": "C1", "id": "L1", "name": "企业L1", "tier": "core", "has_org": 1,
          "in_alliance": 0},
         {"chain": "C2", "id": "M", "name": "企业M", "tier": None, "has_org": None,
          "in_alliance": None}],
        [{"chain": "C1", "source": "L1", "target": "L2", "weight": None},
         {"chain": "C1", "source": "L1", "target": "L2", "weight": 2},
         {"chain": "C1", "source": "L2", "target": "L2", "weight": 9},
         {"chain": "C2", "source": "M", "target": "N", "weight": 0.5}])
    found = influence.fetch(store, year=2025)
    c1, c2 = found["C1"], found["C2"]
    assert (c1.leader, c1.leader_name, c1.committee) == ("L1", "企业L1", "K1")
    assert c1.leader_facts == {"organised": False, "in_alliance": True, "party_members": 2,
                               "instructor": True}
    assert (c2.leader, c2.committee, c2.leader_facts) == (None, None, {})
    assert c1.members == {"L1": {"name": "企业L1", "tier": "core", "has_org": True,
                                 "in_alliance": False}}
    assert c2.members["M"]["has_org"] is False and c2.members["M"]["in_alliance"] is False
    assert c1.edges == {("L1", "L2"): 3.0}            # 1 (no weight) + 2; the self-loop left out
    assert c2.edges == {("M", "N"): 0.5}
    assert store.params[0]["chains"] is None and store.params[0]["year"] == 2025
    assert store.params[0]["term_years"] == 2


def test_fetch_names_the_chains_it_does_not_know():
    store = _ChainRowsStore([_chain_row("C1", "L1")], [], [])
    with pytest.raises(influence.InfluenceError) as error:
        influence.fetch(store, ["C9", "C1", "C8", "C1"], year=2025)
    assert str(error.value) == "没有编号为 C8、C9 的产业链"
    assert store.params[0]["chains"] == ["C1", "C8", "C9"]
    assert influence.fetch(store, ["C1"], year=2025,
                           villages=VillageSettings(term_years=3))["C1"].leader == "L1"
    assert store.params[-1]["chains"] == ["C1"] and store.params[1]["term_years"] == 3


def test_sampled_betweenness_uses_its_sample_and_a_three_member_chain_is_measured():
    members = {v: _member() for v in "LABCDEF"}
    edges = {("A", "L"): 1.0, ("L", "B"): 1.0, ("C", "L"): 1.0, ("L", "D"): 1.0, ("E", "F"): 1.0}
    values = [influence.analyse_chain(_chain(edges, members), InfluenceSettings(
        betweenness_exact_max=0, betweenness_samples=2, betweenness_seed=seed))["betweenness"]
        for seed in (42, 7)]
    assert values == [0.3, 0.6]          # two sampled sources, not the exact 0.4
    line = influence.analyse_chain(_chain({("A", "L"): 1.0, ("L", "B"): 1.0},
                                          {v: _member() for v in "ALB"}))
    assert line["betweenness"] == 1.0     # three members: the leader is on the only other pair


def test_every_measure_of_a_chain_is_reported_with_or_without_a_leader():
    led = influence.analyse_chain(BRANCH)
    assert (led["chain"], led["name"], led["sector"], led["leader"], led["leader_name"]) == (
        "C1", "C1链", "茶叶", "L", "企业L")
    none = influence.analyse_chain(_chain({("B", "A"): 1.0}, {"A": _member(), "B": _member()},
                                          leader=None))
    assert {k: v for k, v in none.items() if k != "recommend"} == {
        "chain": "C1", "name": "C1链", "sector": "茶叶", "leader": None, "leader_name": None,
        "committee": "O-K", "members": 2, "hops": 2, "leader_organised": None,
        "leader_in_alliance": None, "leader_party_members": None, "leader_instructor": None,
        "party_share_all": 0.0, "alliance_share_all": 0.0, "reach": [], "reach_share": None,
        "upstream_reach": [], "downstream_reach": [], "closeness": None, "pagerank_rank": None,
        "ppr_mass": None, "betweenness": None, "betweenness_sampled": False, "party_share": None,
        "alliance_share": None, "influence": 0.0, "influence_parts": None}


def test_fetch_reads_the_year_of_the_graph_and_keeps_the_first_rows_facts_of_a_leader():
    class Dated(_ChainRowsStore):
        def query(self, text, params=None):
            if text == influence.notions.READ_META:
                return [{"as_of": "2024-03-31", "loaded": None}]
            return super().query(text, params)

    store = Dated([_chain_row("C1", "L1", organised=1, members=3),
                   _chain_row("C1", "L1", alliance=1, members=9)],
                  [{"chain": "C1", "id": "M", "name": "企业M", "tier": "core", "has_org": 0,
                    "in_alliance": 1}], [])
    found = influence.fetch(store, ["C1"])
    c1 = found["C1"]
    assert (c1.id, c1.name, c1.sector) == ("C1", "C1链", "茶叶")
    assert c1.leader_facts == {"organised": True, "in_alliance": False, "party_members": 3,
                               "instructor": False}
    assert c1.members["M"]["in_alliance"] is True and c1.members["M"]["has_org"] is False
    assert [p["year"] for p in store.params if "year" in p] == [2024]
    assert [p["chains"] for p in store.params] == [["C1"], ["C1"], ["C1"]]


def test_what_a_leader_lacks_is_listed_and_three_members_are_named_by_default():
    result = {"leader": "L", "recommend": [
        {"id": "L", "name": "链主", "action": "organise"},
        {"id": "L", "name": "链主", "action": "instructor"}] + [
        {"id": f"M{i}", "name": f"企业{i}", "action": "join_alliance"} for i in range(5)]}
    assert influence.leader_lacks(result) == "党组织、党建指导员"
    assert influence.members_to_bring_in(result) == "企业0、企业1、企业2（另2家）"
    row = {"rank": 1, "chain": "C", "name": "n", "leader": "L", "members": 6, "reach": [],
           "reach_share": None, "upstream_reach": [], "downstream_reach": [], "closeness": None,
           "pagerank_rank": None, "party_share": None, "alliance_share": None,
           "alliance_share_all": None, "influence": 0.0, **result}
    assert influence.summary_rows([row])[0]["recommend"] == "企业0、企业1、企业2（另2家）"


def test_analyse_chains_reads_the_chains_asked_as_of_its_date_and_ranks_them():
    class Dated(_ChainRowsStore):
        def query(self, text, params=None):
            if text == influence.notions.READ_META:
                return [{"as_of": "2024-03-31", "loaded": None}]
            rows = super().query(text, params)
            wanted = (params or {}).get("chains")     # the queries keep to the chains asked
            return [r for r in rows if wanted is None or r.get("chain", r.get("id")) in wanted]

    def store():
        return Dated([_chain_row("C1", "L1"), _chain_row("C2", "L2")],
                     [{"chain": "C1", "id": "L1", "name": "企业L1", "tier": "core", "has_org": 1,
                       "in_alliance": 1},
                      {"chain": "C2", "id": "L2", "name": "企业L2", "tier": "core", "has_org": 1,
                       "in_alliance": 1},
                      {"chain": "C2", "id": "M", "name": "企业M", "tier": None, "has_org": 0,
                       "in_alliance": 0}],
                     [{"chain": "C2", "source": "M", "target": "L2", "weight": 1}])
    read = store()
    results = influence.analyse_chains(read)
    assert [(r["rank"], r["chain"], r["as_of"]) for r in results] == [
        (1, "C2", "2024-03-31"), (2, "C1", "2024-03-31")]
    assert results == influence.rank([influence.analyse_chain(d, InfluenceSettings())
                                      for d in influence.fetch(store(), year=2024).values()],
                                     dt.date(2024, 3, 31))
    assert [p["year"] for p in read.params if p and "year" in p] == [2024]
    assert [p["term_years"] for p in read.params if p and "term_years" in p] == [2]
    read = store()
    given = influence.analyse_chains(read, ["C2"], InfluenceSettings(hops=1),
                                     villages=VillageSettings(term_years=3),
                                     as_of=dt.date(2026, 1, 1))
    assert [(r["chain"], r["as_of"]) for r in given] == [("C2", "2026-01-01")]
    assert given[0] == influence.rank([influence.analyse_chain(
        influence.fetch(store(), ["C2"], year=2026)["C2"], InfluenceSettings(hops=1))],
        dt.date(2026, 1, 1))[0]
    assert [(p["chains"], p.get("year"), p.get("term_years")) for p in read.params] == [
        (["C2"], 2026, 3), (["C2"], None, None), (["C2"], None, None)]


def test_pagerank_of_is_networkx_pagerank_with_unweighted_edges_and_any_personalization():
    import networkx as nx
    graph = nx.DiGraph()
    graph.add_edge("A", "B", weight=2.0)
    graph.add_edge("A", "C")                  # no weight: 1 (A sends 2/3 to B), as networkx takes it
    graph.add_edge("B", "C", weight=1.0)
    graph.add_edge("C", "A", weight=0.5)
    graph.add_node("D")                       # dangling
    for personalization in (None, {"A": 2, "D": 1}):   # whole numbers, summing to 3
        ours = influence.pagerank_of(graph, 0.85, personalization)
        theirs = nx.pagerank(graph, 0.85, personalization, weight="weight", tol=1e-12,
                             max_iter=1000)
        assert ours == pytest.approx(theirs, abs=1e-12)


def test_pagerank_of_that_does_not_converge_fails_as_networkx_does(monkeypatch):
    import networkx as nx
    graph = nx.DiGraph([("A", "B"), ("B", "C")])
    monkeypatch.setattr(influence, "_PAGERANK", {"tol": 1e-12, "max_iter": 2})
    with pytest.raises(nx.PowerIterationFailedConvergence) as ours:
        influence.pagerank_of(graph, 0.85)
    with pytest.raises(nx.PowerIterationFailedConvergence) as theirs:
        nx.pagerank(graph, 0.85, tol=1e-12, max_iter=2)
    assert str(ours.value) == str(theirs.value)


def test_upstream_reach_stops_at_the_hops_set():
    line = _chain({("A", "B"): 1.0, ("B", "C"): 1.0, ("C", "L"): 1.0},
                  {v: _member() for v in "ABCL"})
    result = influence.analyse_chain(line, InfluenceSettings(hops=2))
    assert result["upstream_reach"] == ["B", "C"] and result["downstream_reach"] == []


def test_members_to_bring_in_go_by_hops_before_distance_and_a_weightless_supply_is_no_distance():
    """A is one hop away over a thin supply (distance 10), C two hops over heavy ones (0.2): A
    first. Z is one hop away over a supply of weight 0: reached, at no known distance, after A."""
    chain = _chain({("L", "A"): 0.1, ("L", "B"): 10.0, ("B", "C"): 10.0, ("L", "Z"): 0.0},
                   {"L": _member(True, True), "A": _member(), "B": _member(True, True),
                    "C": _member(), "Z": _member()},
                   facts={"organised": True, "in_alliance": True, "instructor": True})
    result = influence.analyse_chain(chain, InfluenceSettings(recommend_top=0))
    assert [(r["id"], r["hops"], r["distance"]) for r in result["recommend"]] == [
        ("A", 1, 10.0), ("Z", 1, None), ("C", 2, 0.2)]
