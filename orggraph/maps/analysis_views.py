"""The maps of the three analyses: coverage gaps, a chain's reach, the pairing plan."""
from __future__ import annotations

import networkx as nx

from . import legend
from .build import MapMeta
from .gather import add_edge, add_nodes, edge_legend, rows, rows_for
from .views import GREY, ViewError, _check_region

FLAGGED = "#e53935"
EXISTING_PAIR = "#2e7d32"
PROPOSED_PAIR = "#ef6c00"
TIER_ZH = {"upstream": "上游", "midstream": "中游", "downstream": "下游"}


def settings_from_config(parsed: dict, source: str | None):
    """The typed settings of a parsed config (imported late: settings imports the maps)."""
    from ..settings import from_config

    return from_config(parsed, source)



def _scheme(title: str, entries: list[dict]) -> dict:
    return {"title": title, "legend": entries}


def coverage(store, within: str | None = None, cfg=({}, None), as_of=None, **_) -> tuple[nx.MultiDiGraph, MapMeta]:
    """Places, organisations and enterprises (at or below `within`), coloured by the first
    coverage rule each breaks; nodes with a gap get a red border."""
    from ..analyses.coverage import RULES, find_gaps

    _check_region(store, within)
    every = settings_from_config(*cfg)
    findings = find_gaps(store, within=within, settings=every.coverage, villages=every.villages,
                         as_of=as_of)
    graph = nx.MultiDiGraph()
    parents = []
    for row in rows(store, "maps/regions_within", within=within or ""):
        graph.add_node(row["id"])
        parents.append((row["id"], row["parent"]))
    regions = set(graph)
    orgs = {row["id"] for row in rows(store, "maps/orgs_within", within=within or "")}
    located = [(row["id"], row["region"]) for row in rows(store, "maps/enterprises_within",
                                                          within=within or "")]
    firms = {e for e, _ in located}
    by_label = {"Region": regions, "OrgUnit": orgs, "Enterprise": firms}
    for f in findings:
        by_label.setdefault(f["label"], set()).add(f["id"])
    graph.add_nodes_from(n for ids in by_label.values() for n in ids)
    add_nodes(store, graph, by_label)
    for child, parent in parents:
        if parent in graph:
            add_edge(graph, child, parent, "PART_OF")
    for firm, region in located:
        if region in graph:
            add_edge(graph, firm, region, "LOCATED_IN")
    orgs_in_map = by_label["OrgUnit"] if within else None   # None: every organisation's
    for row in rows_for(store, "maps/org_bases", orgs_in_map):
        if row["source"] in graph and row["target"] in graph:
            add_edge(graph, row["source"], row["target"], "BASED_IN")
    for row in rows_for(store, "maps/org_links", orgs_in_map):
        if row["source"] in graph and row["target"] in graph:
            add_edge(graph, row["source"], row["target"], row["type"], dashes=row["type"] == "LEADS")
    order = {rule.id: i for i, rule in enumerate(RULES)}
    gaps: dict[str, list[dict]] = {}
    for f in findings:
        gaps.setdefault(f["id"], []).append(f)
    counts: dict[str, int] = {}
    for node, found in gaps.items():
        found.sort(key=lambda f: order[f["rule"]])
        attrs = graph.nodes[node]
        attrs.update(flag=True, measure=len(found),
                     colours={"gaps": legend.category_colour(order[found[0]["rule"]])})
        attrs["info"]["rules"] = [RULES[order[f["rule"]]].title for f in found]
        attrs["info"]["responsible"] = found[0]["responsible"]
        attrs["info"]["town"] = found[0]["town"]
        for f in found:
            counts[f["rule"]] = counts.get(f["rule"], 0) + 1
        resp = found[0].get("responsible_id")
        if attrs["label"] in ("Person", "IndustryChain") and resp in graph:
            add_edge(graph, node, resp, "responsible", color=GREY, dashes=True, title="责任单位")
    for node, attrs in graph.nodes(data=True):
        attrs.setdefault("colours", {"gaps": GREY})
    entries = [legend.entry(r.id, f"{r.title}（{counts[r.id]}）", legend.category_colour(i))
               for i, r in enumerate(RULES) if r.id in counts]
    entries.append(legend.entry("none", "无缺口", GREY))
    roots = sorted(n for n, p in parents if p not in graph)
    lines = edge_legend(graph) + [{"text": "责任单位", "color": GREY, "dashes": True}]
    where = f"（{within}）" if within else ""
    return graph, MapMeta(title=f"覆盖缺口图{where}：{len(findings)} 项缺口", command="",
                          layout="radial", roots=roots, default_scheme="gaps",
                          prefer=("PART_OF", "BASED_IN", "LOCATED_IN"),
                          schemes={"gaps": _scheme("缺口规则", entries)},
                          measure_text="节点大小：缺口数；红框：有缺口", edge_legend=lines,
                          file_stem="coverage")


def chain(store, chain: str | None = None, cfg=({}, None), as_of=None, **_) -> tuple[nx.MultiDiGraph, MapMeta]:
    """One industry chain (or all): leader, members by tier, supply network, the leader's reach
    and the alliance organisation with its member organisations."""
    from ..analyses.influence import InfluenceError, analyse_chains, fetch

    every = settings_from_config(*cfg)
    settings = every.influence
    wanted = [chain] if chain else None
    try:
        chains = fetch(store, wanted, villages=every.villages,
                       year=as_of.year if as_of else None)
        results = {r["chain"]: r for r in analyse_chains(store, wanted, settings,
                                                           villages=every.villages, as_of=as_of)}
    except InfluenceError as exc:
        raise ViewError(str(exc)) from None
    graph = nx.MultiDiGraph()
    by_label: dict[str, set] = {"IndustryChain": set(chains), "Enterprise": set(), "OrgUnit": set()}
    for data in chains.values():
        by_label["Enterprise"] |= set(data.members)
    alliance = rows(store, "maps/chain_alliance", chains=wanted)
    for row in alliance:
        by_label["OrgUnit"] |= {row["committee"]} | ({row["org"]} if row["org"] else set())
    graph.add_nodes_from(n for ids in by_label.values() for n in ids)
    add_nodes(store, graph, by_label)
    tiers = ["leader", "upstream", "midstream", "downstream", "none"]
    tier_colour = {t: legend.category_colour(i) for i, t in enumerate(tiers)}
    tier_colour["none"] = GREY
    reach_colour = {"leader": tier_colour["leader"], "reached": "#43a047", "outside": GREY}
    for cid, data in chains.items():
        result = results[cid]
        reached = set(result["reach"])
        supply = nx.Graph()
        for (a, b), weight in data.edges.items():
            add_edge(graph, a, b, "SUPPLIES", width=1 + min(5.0, weight))
            supply.add_edge(a, b, weight=weight)
        for member, info in data.members.items():
            role = "leader" if member == data.leader else (info["tier"] or "none")
            if member == data.leader:
                add_edge(graph, member, cid, "LEADS", width=3)
            else:
                add_edge(graph, member, cid, "MEMBER_OF", title=f"成员 {TIER_ZH.get(info['tier'], '')}")
            attrs = graph.nodes[member]
            attrs["measure"] = supply.degree(member, weight="weight") if member in supply else 0
            attrs["colours"] = {"tier": tier_colour[role], "reach": reach_colour[
                "leader" if role == "leader" else "reached" if member in reached else "outside"]}
            attrs["info"].update(chain=data.name, tier=TIER_ZH.get(info["tier"], "链主" if role == "leader" else ""),
                                 reach="是" if member in reached else "否")
        top = max((graph.nodes[m].get("measure", 0) for m in data.members), default=1)
        graph.nodes[cid]["measure"] = top or 1
        graph.nodes[cid]["info"].update(
            rank=result["rank"], influence=result["influence"], reach_share=result["reach_share"],
            reach=len(reached), members=result["members"],
            leader=result["leader_name"] or result["leader"] or "（无链主）")
    for row in alliance:
        add_edge(graph, row["committee"], row["chain"], "BASED_IN")
        if row["org"]:
            add_edge(graph, row["org"], row["committee"], "MEMBER_OF")
            if row["enterprise"] in graph:
                add_edge(graph, row["org"], row["enterprise"], "BASED_IN")
    text = {"leader": "链主", "none": "未标注", **TIER_ZH}
    schemes = {"tier": _scheme("链上位置", [legend.entry(t, text[t], tier_colour[t]) for t in tiers]),
               "reach": _scheme(f"链主带动（{settings.hops} 步内）", [
                   legend.entry("leader", "链主", reach_colour["leader"]),
                   legend.entry("reached", "带动范围内", reach_colour["reached"]),
                   legend.entry("outside", "范围外 / 非企业", GREY)])}
    for node, attrs in graph.nodes(data=True):
        if "colours" not in attrs:
            own = legend.kind_colour(attrs["label"], attrs.get("kind"))
            attrs["colours"] = {"tier": own, "reach": GREY}
    names = "、".join(d.name or d.id for d in chains.values()) if chain else "全部产业链"
    return graph, MapMeta(title=f"产业链图：{names}", command="", layout="physics",
                          roots=sorted(chains), default_scheme="tier", schemes=schemes,
                          measure_text="节点大小：供应关系加权度数", edge_legend=edge_legend(graph),
                          file_stem=f"chain-{chain}" if chain else "chains")


def pairing(store, within: str | None = None, cfg=({}, None), as_of=None, **_) -> tuple[nx.MultiDiGraph, MapMeta]:
    """The pairing plan on a map of the villages: clusters coloured, centres as stars, existing
    pairs solid and proposed pairs dashed, unassigned weak villages flagged red."""
    from ..analyses.pairing import PairingError, plan_pairs
    from ..analyses.pairing.score import composite

    every = settings_from_config(*cfg)
    try:
        plan = plan_pairs(store, every.pairing, within, villages=every.villages, as_of=as_of)
    except PairingError as exc:
        raise ViewError(str(exc)) from None
    cand = plan.cand
    graph = nx.MultiDiGraph()
    cluster_of: dict[str, int] = {}
    for i, c in enumerate(plan.clusters):
        for v in [c.centre, *c.members]:
            cluster_of[v] = i
    unassigned = dict(plan.unassigned)
    for vid, v in cand.villages.items():
        if vid in cand.centres:
            role = "中心村" + ("" if vid in cluster_of else "（本次未用）")
        elif vid in unassigned:
            role = "弱村·未分配"
        elif vid in cand.weak or vid in cand.already:
            role = "弱村·" + ("已联建" if vid in cand.already else "拟联建")
        else:
            role = "其他村"
        colour = (legend.category_colour(cluster_of[vid]) if vid in cluster_of
                  else FLAGGED if vid in unassigned else "#607d8b" if vid in cand.centres else GREY)
        info = {"town": v.town_name or v.town, "stars": legend.star_text(v.stars),
                "weak": "是" if v.weak else "否", "score": composite(v, every.pairing), "role": role,
                "cluster": cluster_of[vid] + 1 if vid in cluster_of else None,
                "reason": unassigned.get(vid)}
        graph.add_node(vid, label="Region", kind="village", name=v.name, lat=v.lat, lon=v.lon,
                       measure=composite(v, every.pairing) or 0, flag=vid in unassigned, info=info,
                       shape="star" if vid in cand.centres else None,
                       colours={"cluster": colour, "stars": legend.star_colour(v.stars)})
    for centre, partners in cand.existing.items():
        for v in partners:
            if centre in graph and v in graph:
                add_edge(graph, centre, v, "CO_BUILDS", color=EXISTING_PAIR, width=2,
                         title="现有共建")
    for c in plan.clusters:
        for p in c.pairs:
            add_edge(graph, c.centre, p.village, "CO_BUILDS:proposed", color=PROPOSED_PAIR,
                     dashes=True, width=2, title=f"拟联建 {p.distance_km:.1f} 公里 评分 {p.score:g}")
    entries = [legend.entry(f"c{i}", f"片区{i + 1}：{cand.villages[c.centre].name}（{len(c.members) + 1} 村）",
                            legend.category_colour(i), "star") for i, c in enumerate(plan.clusters)]
    entries += [legend.entry("free", "中心村（本次未用）", "#607d8b", "star"),
                legend.entry("unassigned", f"弱村未分配（{len(unassigned)}），红框", FLAGGED, "square"),
                legend.entry("other", "其他村", GREY, "square")]
    stars = sorted({v.stars for v in cand.villages.values()}, key=lambda s: -1 if s is None else s)
    schemes = {"cluster": _scheme("联建片区", entries),
               "stars": _scheme("星级", [legend.entry(str(s), legend.star_text(s), legend.star_colour(s))
                                       for s in stars])}
    lines = [{"text": "现有共建", "color": EXISTING_PAIR, "dashes": False},
             {"text": "拟联建（本方案）", "color": PROPOSED_PAIR, "dashes": True}]
    where = f"（{within}）" if within else ""
    obj = plan.objective
    return graph, MapMeta(title=f"跨村联建方案{where}：{obj['paired']} 个弱村入片，{obj['unassigned']} 个未分配",
                          command="", layout="geo", default_scheme="cluster", schemes=schemes,
                          measure_text="节点大小：村综合评分；★ 中心村", edge_legend=lines,
                          file_stem="pairing")
