"""Chain-leader influence (链主带动): how far each chain's leading enterprise reaches through it.

Per chain, three library queries give the chain, its member enterprises (with party flags) and
the SUPPLIES edges among them; networkx measures the leader's place in that member network.
The leader counts as a member of the chain it LEADS even without a MEMBER_OF edge, and paths
never leave the chain: an enterprise outside the chain does not connect two members.
Every measure is deterministic: graphs are built in id order and ties are broken by id.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import ClassVar

import networkx as nx

from .. import notions, queries, vocabulary
from ..errors import OrggraphError
from ..notions import VillageSettings
from ..store import Store

DEFAULT_WEIGHT = 1.0  # a SUPPLIES edge without `weight`
_TIE = 1e-9  # PageRank values closer than this count as equal
_DIGITS = 6
# Power iteration converges like alpha**i; 1000 steps leave no visible error at alpha 0.85.
_PAGERANK = {"tol": 1e-12, "max_iter": 1000}


class InfluenceError(OrggraphError, ValueError):
    """A request that cannot be answered as asked; the message is for the user."""


@dataclass(frozen=True)
class InfluenceSettings:
    """Config table `[influence]`."""
    SECTION: ClassVar[str] = "influence"
    hops: int = 2  # reach: members within this many SUPPLIES steps of the leader
    alpha: float = 0.85  # PageRank damping; 1 - alpha is the restart probability
    betweenness_exact_max: int = 1000  # above this many members, betweenness is sampled
    betweenness_samples: int = 100  # k sampled sources when sampling
    betweenness_seed: int = 42  # fixed so that sampled betweenness repeats exactly
    weight_reach: float = 0.4  # influence index weights, see README
    weight_closeness: float = 0.3
    weight_outrank: float = 0.15
    weight_brokerage: float = 0.15
    recommend_top: int = 10  # recommendations kept per chain; 0 keeps all

    def __post_init__(self):
        if self.hops < 1:
            raise ValueError("hops 应为1以上")
        if not 0 < self.alpha < 1:
            raise ValueError("alpha 应大于0且小于1")
        if self.betweenness_exact_max < 0 or self.betweenness_samples < 1:
            raise ValueError("betweenness_exact_max 应为0以上，betweenness_samples 应为1以上")
        if self.recommend_top < 0:
            raise ValueError("recommend_top 应为0以上")
        weights = self.index_weights()
        if min(weights.values()) < 0 or sum(weights.values()) <= 0:
            raise ValueError("带动指数各项权重应为0以上，且合计大于0")

    def index_weights(self) -> dict[str, float]:
        return {"reach": self.weight_reach, "closeness": self.weight_closeness,
                "outrank": self.weight_outrank, "brokerage": self.weight_brokerage}


@dataclass
class ChainData:
    """One chain as the queries return it."""
    id: str
    name: str | None = None
    sector: str | None = None
    leader: str | None = None
    leader_name: str | None = None
    committee: str | None = None
    # The leader's own party work: an organisation, inside the alliance, its party members, an
    # instructor in office (《市委组织部部长在基层党建经验分享会上的发言》: 配强链主企业党组织, 选派指导员).
    leader_facts: dict = field(default_factory=dict)
    members: dict[str, dict] = field(default_factory=dict)  # id -> name, tier, has_org, in_alliance
    # (supplier, customer) -> summed weight
    edges: dict[tuple[str, str], float] = field(default_factory=dict)


def fetch(store: Store, chains: list[str] | None = None, *, year: int | None = None,
          villages: VillageSettings | None = None) -> dict[str, ChainData]:
    """The chains (all, or those ids) with members and supply edges, keyed by chain id; the
    leader's instructor is judged in office in `year` (default: the graph's as-of year)."""
    wanted = sorted(set(chains)) if chains else None
    year = year if year is not None else notions.as_of(store).year
    found: dict[str, ChainData] = {}
    for row in _rows(store, "influence/chains", wanted,
                     **notions.cypher_params(villages or VillageSettings(), year)):
        data = found.setdefault(row["id"], ChainData(row["id"], row["name"], row["sector"]))
        # Several LEADS edges: the lowest id leads; the others stay ordinary members.
        if row["leader"] is not None and (data.leader is None or row["leader"] < data.leader):
            data.leader, data.leader_name = row["leader"], row["leader_name"]
            data.leader_facts = {"organised": bool(row["leader_organised"]),
                                 "in_alliance": bool(row["leader_in_alliance"]),
                                 "party_members": row["leader_party_members"],
                                 "instructor": bool(row["leader_instructor"])}
        committee = row["committee"]
        if committee is not None and (data.committee is None or committee < data.committee):
            data.committee = committee
    missing = sorted(set(wanted or ()) - set(found))
    if missing:
        raise InfluenceError(f"没有编号为 {'、'.join(missing)} 的产业链")
    for row in _rows(store, "influence/members", wanted):
        found[row["chain"]].members[row["id"]] = {
            "name": row["name"], "tier": row["tier"],
            "has_org": bool(row["has_org"]), "in_alliance": bool(row["in_alliance"])}
    for row in _rows(store, "influence/supplies", wanted):
        if row["source"] == row["target"]:
            continue
        weight = DEFAULT_WEIGHT if row["weight"] is None else float(row["weight"])
        key = (row["source"], row["target"])
        edges = found[row["chain"]].edges
        edges[key] = edges.get(key, 0.0) + weight  # parallel edges add up
    return found


def _rows(store: Store, name: str, chains: list[str] | None, **params) -> list[dict]:
    query = queries.library()[name]
    declared = {p.name for p in query.params}
    return store.query(query.text, query.bind(chains=chains, **{k: v for k, v in params.items()
                                                               if k in declared}))


def supply_network(data: ChainData) -> nx.DiGraph:
    """Members as nodes, SUPPLIES among them (supplier → customer) with summed weights;
    nodes and edges inserted in id order so that every algorithm sees the same order."""
    graph = nx.DiGraph()
    graph.add_nodes_from(sorted(data.members))
    for (a, b), weight in sorted(data.edges.items()):
        graph.add_edge(a, b, weight=weight)
    return graph


def undirected(graph: nx.DiGraph) -> nx.Graph:
    """The same members, an edge where either supplies the other, weight = both ways summed."""
    both = nx.Graph()
    both.add_nodes_from(graph)
    for a, b, weight in graph.edges(data="weight"):
        if both.has_edge(a, b):
            both[a][b]["weight"] += weight
        else:
            both.add_edge(a, b, weight=weight)
    return both


def analyse_chain(data: ChainData, settings: InfluenceSettings | None = None) -> dict:
    """The measures of one chain, without rank (see `analyse_chains`)."""
    settings = settings or InfluenceSettings()
    graph = supply_network(data)
    network = undirected(graph)
    leader, n = data.leader, graph.number_of_nodes()
    facts = data.leader_facts
    result = {"chain": data.id, "name": data.name, "sector": data.sector, "leader": leader,
              "leader_name": data.leader_name, "committee": data.committee, "members": n,
              "hops": settings.hops,
              "leader_organised": facts.get("organised"), "leader_in_alliance": facts.get("in_alliance"),
              "leader_party_members": facts.get("party_members"),
              "leader_instructor": facts.get("instructor"),
              "party_share_all": _share(sorted(data.members), data, "has_org"),
              "alliance_share_all": _share(sorted(data.members), data, "in_alliance")}
    if leader is None:
        result.update(reach=[], reach_share=None, upstream_reach=[], downstream_reach=[],
                      closeness=None, pagerank_rank=None, ppr_mass=None, betweenness=None,
                      betweenness_sampled=False, party_share=None, alliance_share=None,
                      recommend=_recommend(data, network, settings), influence=0.0,
                      influence_parts=None)
        return result
    reach = _within(network, leader, settings.hops)
    pagerank = pagerank_of(graph, settings.alpha)
    higher = sum(1 for v in graph if pagerank[v] > pagerank[leader] + _TIE)
    lower = sum(1 for v in graph if pagerank[v] < pagerank[leader] - _TIE)
    ppr = pagerank_of(network, settings.alpha, personalization={leader: 1.0})
    betweenness, sampled = _betweenness(network, leader, settings)
    # Hop closeness, scaled by the share reachable (Wasserman-Faust): 0..1 whatever the weights.
    # Not ppr_mass: that grows when the walk seldom returns, i.e. for leaders at the chain's edge.
    closeness = nx.closeness_centrality(network, u=leader, wf_improved=True)
    others = n - 1
    parts = {"reach": len(reach) / others if others else 0.0,
             "closeness": closeness,
             "outrank": lower / others if others else 0.0,
             "brokerage": betweenness}
    weights = settings.index_weights()
    index = 100 * sum(weights[k] * parts[k] for k in parts) / sum(weights.values())
    result.update(
        reach=reach,
        reach_share=_round(len(reach) / others) if others else None,
        upstream_reach=_within(graph.reverse(copy=False), leader, settings.hops),
        downstream_reach=_within(graph, leader, settings.hops),
        closeness=_round(closeness),
        pagerank_rank=1 + higher,
        ppr_mass=_round(1.0 - ppr[leader]),
        betweenness=_round(betweenness),
        betweenness_sampled=sampled,
        party_share=_share(reach, data, "has_org"),
        alliance_share=_share(reach, data, "in_alliance"),
        recommend=_recommend(data, network, settings),
        influence=round(index, 2),
        influence_parts={k: _round(v) for k, v in parts.items()},
    )
    return result


def analyse_chains(store: Store, chains: list[str] | None = None,
                   settings: InfluenceSettings | None = None, *,
                   villages: VillageSettings | None = None,
                   as_of: dt.date | None = None) -> list[dict]:
    """One object per chain, best influence index first (ties by chain id), each with `rank`
    and `as_of`."""
    settings = settings or InfluenceSettings()
    as_of = notions.as_of(store, as_of)
    found = fetch(store, chains, year=as_of.year, villages=villages)
    return rank([analyse_chain(data, settings) for data in found.values()], as_of)


def rank(results: list[dict], as_of: dt.date | None = None) -> list[dict]:
    """Results of analyse_chain, best influence index first (ties by chain id), each with `rank`
    (and `as_of`, when given)."""
    results = sorted(results, key=lambda r: (-r["influence"], r["chain"]))
    dated = {"as_of": as_of.isoformat()} if as_of else {}
    return [{"rank": i, **dated, **r} for i, r in enumerate(results, 1)]


def pagerank_of(graph: nx.Graph, alpha: float, personalization: dict | None = None) -> dict:
    """`nx.pagerank(graph, alpha, personalization, weight="weight", tol=1e-12, max_iter=1000)`:
    networkx's power iteration (`_pagerank_scipy`, networkx 3.x), step for step and with the
    same result to the last bit, in numpy alone: scipy's import (0.15–0.3 s) was most of a
    small chain map's time, and networkx's `x @ A` makes scipy transpose A at every step (85%
    of the analysis of a province's 400 chains). The sums are scipy's, in scipy's order: the
    row sums by `np.add.reduceat` over each row's weights in column order (scipy's
    `csr.sum(axis=1)`), each step's `x @ A` by `np.bincount` adding row after row (scipy's
    `csc_matvec` of the transpose)."""
    import numpy as np

    n = len(graph)
    if n == 0:
        return {}
    nodelist = list(graph)
    index = {v: i for i, v in enumerate(nodelist)}
    cells: dict[tuple[int, int], float] = {}  # networkx's adjacency: both ways if undirected
    for u, v, w in graph.edges(data="weight", default=1):
        cells[index[u], index[v]] = float(w)
        if not graph.is_directed():
            cells[index[v], index[u]] = float(w)
    keys = sorted(cells)  # scipy's canonical CSR order: by row, then column
    rows = np.array([r for r, _ in keys], dtype=np.intp)
    cols = np.array([c for _, c in keys], dtype=np.intp)
    weights = np.array([cells[k] for k in keys], dtype=float)
    counts = np.bincount(rows, minlength=n)
    starts = np.concatenate([[0], np.cumsum(counts)[:-1]])
    out = np.zeros(n)
    nonempty = np.flatnonzero(counts)
    if len(nonempty):
        out[nonempty] = np.add.reduceat(weights, starts[nonempty])
    out[out != 0] = 1.0 / out[out != 0]
    scaled = out[rows] * weights  # each row divided by its sum (scipy: diag(1/sums) @ A)
    x = np.repeat(1.0 / n, n)
    if personalization is None:
        p = np.repeat(1.0 / n, n)
    else:
        p = np.array([personalization.get(v, 0) for v in nodelist], dtype=float)
        p /= p.sum()
    dangling = np.where(out == 0)[0]
    for _ in range(_PAGERANK["max_iter"]):
        last = x
        x = alpha * (np.bincount(cols, weights=scaled * x[rows], minlength=n)
                     + sum(x[dangling]) * p) + (1 - alpha) * p
        if np.absolute(x - last).sum() < n * _PAGERANK["tol"]:
            return dict(zip(nodelist, map(float, x)))
    raise nx.PowerIterationFailedConvergence(_PAGERANK["max_iter"])


def _within(graph: nx.Graph | nx.DiGraph, leader: str, hops: int) -> list[str]:
    """Ids within `hops` steps of the leader (following edge direction if directed), sorted."""
    lengths = nx.single_source_shortest_path_length(graph, leader, cutoff=hops)
    return sorted(v for v in lengths if v != leader)


def _betweenness(network: nx.Graph, leader: str, settings: InfluenceSettings) -> tuple[float, bool]:
    """Normalised betweenness of the leader on hop paths; sampled from k sources (fixed seed)
    when the chain has more members than `betweenness_exact_max`."""
    n = network.number_of_nodes()
    if n < 3:
        return 0.0, False
    if n <= settings.betweenness_exact_max:
        return nx.betweenness_centrality(network, normalized=True)[leader], False
    k = min(settings.betweenness_samples, n)
    values = nx.betweenness_centrality(network, k=k, normalized=True,
                                       seed=settings.betweenness_seed)
    return values[leader], True


def _share(reach: list[str], data: ChainData, flag: str) -> float | None:
    if not reach:
        return None
    return _round(sum(1 for v in reach if data.members[v][flag]) / len(reach))


LEADER_ACTIONS = ("organise", "join", "instructor")
MEMBER_ACTION = "join_alliance"
# TERMS.md §5, 20: a chain without a leader.
NO_LEADER = "未明确链主企业，带动指数记为0"


def _leader_actions(data: ChainData) -> list[dict]:
    """What the leader itself lacks, first of all: an organisation, its place in the alliance,
    an instructor in office."""
    facts, leader = data.leader_facts, data.leader
    if leader is None:
        return []
    actions = []
    if not facts.get("organised"):
        actions.append("organise")
    elif not facts.get("in_alliance"):
        actions.append("join")
    if not facts.get("instructor"):
        actions.append("instructor")
    return [{"id": leader, "name": data.leader_name, "tier": None, "hops": 0, "distance": 0.0,
             "action": action, "action_zh": vocabulary.code_zh("action", action)}
            for action in actions]


def _recommend(data: ChainData, network: nx.Graph, settings: InfluenceSettings) -> list[dict]:
    """What the leader itself lacks first (`_leader_actions`), then members outside the
    alliance, nearest to the leader first: fewest SUPPLIES hops, then shortest weighted distance
    (1/weight per edge), then id; members the leader cannot reach come last, by id."""
    leader = data.leader
    hops: dict[str, int] = {}
    distance: dict[str, float] = {}
    if leader is not None:
        hops = nx.single_source_shortest_path_length(network, leader)
        distance = nx.single_source_dijkstra_path_length(
            network, leader, weight=lambda a, b, e: 1.0 / e["weight"] if e["weight"] > 0 else None)
    candidates = [v for v, m in data.members.items() if not m["in_alliance"] and v != leader]
    unknown = float("inf")
    candidates.sort(key=lambda v: (hops.get(v, unknown), distance.get(v, unknown), v))
    found = _leader_actions(data) + [
        {"id": v, "name": data.members[v]["name"], "tier": data.members[v]["tier"],
         "hops": hops.get(v), "distance": _round(distance[v]) if v in distance else None,
         "action": MEMBER_ACTION, "action_zh": vocabulary.code_zh("action", MEMBER_ACTION)}
        for v in candidates]
    return found[:settings.recommend_top] if settings.recommend_top else found


def _round(value: float) -> float:
    return round(float(value), _DIGITS)


def summary_rows(results: list[dict], recommend_shown: int = 3) -> list[dict]:
    """One short row per chain for a terminal table: counts instead of id lists, 3 decimals;
    `party` and `alliance` are over the reached members, `alliance_all` over all members,
    `leader_lacks` what the leader itself lacks and `recommend` the members to bring into the
    alliance next (ppr_mass and betweenness are in JSON/CSV)."""
    def short(value):
        return None if value is None else round(value, 3)

    rows = []
    for r in results:
        rows.append({
            "rank": r["rank"], "chain": r["chain"], "name": r["name"], "leader": r["leader"],
            "members": r["members"], "reach": len(r["reach"]), "share": short(r["reach_share"]),
            "up": len(r["upstream_reach"]), "down": len(r["downstream_reach"]),
            "close": short(r["closeness"]), "pr_rank": r["pagerank_rank"],
            "leader_lacks": leader_lacks(r),
            "party": short(r["party_share"]), "alliance": short(r["alliance_share"]),
            "alliance_all": short(r["alliance_share_all"]), "index": r["influence"],
            "recommend": members_to_bring_in(r, recommend_shown),
        })
    return rows


def leader_lacks(result: dict) -> str:
    """What the leader itself lacks, in short (党组织、入盟、党建指导员); a chain without a
    leader says so (TERMS.md §5, 20)."""
    if result["leader"] is None:
        return NO_LEADER
    return "、".join(vocabulary.code_zh("lacks", item["action"]) for item in result["recommend"]
                    if item["id"] == result["leader"] and item["action"] in LEADER_ACTIONS)


def members_to_bring_in(result: dict, shown: int = 3) -> str:
    """The first members to bring into the alliance, by name: 甲、乙、丙（另2家）."""
    members = [item for item in result["recommend"] if item["action"] == MEMBER_ACTION]
    names = [item["name"] or item["id"] for item in members[:shown]]
    more = len(members) - len(names)
    return "、".join(names) + (f"（另{more}家）" if more > 0 else "")


def recommend_text(result: dict) -> str:
    """Every recommendation in a sentence each, for a CSV cell: 名称（编号）：纳入党建联盟."""
    return "；".join(f"{item['name'] or item['id']}（{item['id']}）：{item['action_zh']}"
                    for item in result["recommend"])


def detail_rows(results: list[dict]) -> dict[str, list[dict]]:
    """Sheets for a workbook: reached members and recommendations, one row per enterprise."""
    reached, recommended = [], []
    for r in results:
        up, down = set(r["upstream_reach"]), set(r["downstream_reach"])
        for v in r["reach"]:
            reached.append({"chain": r["chain"], "leader": r["leader"], "id": v,
                            "upstream": v in up, "downstream": v in down})
        for position, item in enumerate(r["recommend"], 1):
            recommended.append({"chain": r["chain"], "leader": r["leader"], "position": position,
                                **item})
    return {"reach": reached, "recommend": recommended}
