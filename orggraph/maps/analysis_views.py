"""The maps of the three analyses: coverage problems, a chain's reach, the pairing plan.

Each builder takes the shared `Analyses` (maps/inputs.py) and reads its results from there, so a
command that draws several maps (the report) runs each analysis once.
"""
from __future__ import annotations

import networkx as nx

from .. import vocabulary
from . import legend, overview
from .build import MapMeta
from .gather import add_edge, add_nodes, rows, rows_for
from .inputs import Analyses
from .view import WITHIN, Option, View, ViewError, region_row, scope_name

TIERS = ("upstream", "midstream", "downstream")
RESPONSIBLE = legend.EDGE_GREY
OVERVIEW_MAX = 150  # places the coverage map may open on (a province: its ~100 counties)


def _scheme(title: str, entries: list[dict]) -> dict:
    return {"title": title, "legend": entries}


def _text_colour(colour: str) -> str:
    """Black or white, whichever reads better on `colour` (WCAG relative luminance)."""
    r, g, b = (int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5))
    lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in (r, g, b)]
    return "#000" if 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2] > 0.18 else "#fff"


def _tier_text(tier: str | None) -> str:
    return vocabulary.enum_zh("MEMBER_OF", "tier", tier) if tier else "未标注"


def _percent(share: float | None) -> str | None:
    """A share (0–1) as people read it: 66.7%."""
    return None if share is None else f"{share * 100:.1f}%"


def _member_title(tier: str | None) -> str:
    """A member's link to its chain: 链上企业（上游）."""
    return f"链上企业（{_tier_text(tier)}）" if tier else "链上企业"


def coverage(store, analyses: Analyses | None = None, within: str | None = None,
             **_) -> tuple[nx.MultiDiGraph, MapMeta]:
    """Places, organisations and enterprises (at or below `within`). The map opens on the
    region's towns (a county's; a province's counties), each sized by its open problems,
    filled by its problem rate, with a badge per problem type; opening a town shows its villages,
    enterprises and organisations, those with a problem coloured by its type, labelled and linked
    to the organisation responsible."""
    from ..analyses.coverage import RULES

    analyses = analyses or Analyses(store)
    place = region_row(store, within)
    findings = analyses.coverage(within)
    graph = nx.MultiDiGraph()
    parents = []
    for region, parent in sorted((row["id"], row["parent"] or "") for row in
                                 rows(store, "maps/regions_within", within=within or "")):
        graph.add_node(region)
        parents.append((region, parent or None))
    regions = set(graph)
    orgs = {row["id"] for row in rows(store, "maps/orgs_within", within=within or "")}
    located = sorted((row["id"], row["region"] or "") for row in
                     rows(store, "maps/enterprises_within", within=within or ""))
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
    present = sorted({f["rule"] for f in findings}, key=order.__getitem__)
    rule_colour = {r: legend.palette(i) for i, r in enumerate(present)}
    title_of = {rule.id: rule.title for rule in RULES}
    gaps: dict[str, list[dict]] = {}
    for f in findings:
        gaps.setdefault(f["id"], []).append(f)
    for node, found in gaps.items():
        found.sort(key=lambda f: order[f["rule"]])
        attrs = graph.nodes[node]
        attrs.update(flag=True, title_node=True, measure=len(found),
                     colours={"gaps": rule_colour[found[0]["rule"]]})
        attrs["info"]["rules"] = [title_of[f["rule"]] for f in found]
        attrs["info"]["responsible"] = found[0]["responsible"]
        attrs["info"]["town"] = found[0]["town"]
        resp = found[0].get("responsible_id")
        if resp in graph and resp != node:
            add_edge(graph, node, resp, "responsible", color=RESPONSIBLE, dashes=True,
                     title="责任单位")
    roots = sorted(n for n, p in parents if p not in graph)
    prefer = ("PART_OF", "BASED_IN", "LOCATED_IN")
    # A county opens on its towns; a city or a province (counties side by side) on its counties.
    shown, groups = overview.fold(graph, roots, prefer, ("Region",), depth=1, budget=OVERVIEW_MAX)
    members: dict = {n: [n] for n in shown}
    for node, owner in groups.items():
        graph.nodes[node]["fold"] = owner
        members[owner].append(node)
    rates = set()
    for node in shown:
        attrs = graph.nodes[node]
        found = [f for m in members[node] for f in gaps.get(m, ())]
        flagged = sum(1 for m in members[node] if m in gaps)
        rate = flagged / len(members[node])
        rates.add(legend.rate_class(rate))
        counts: dict[str, int] = {}
        for f in found:
            counts[f["rule"]] = counts.get(f["rule"], 0) + 1
        attrs.update(title_node=True, measure=len(found),
                     colours={"gaps": legend.RATE_COLOURS[legend.rate_class(rate)]},
                     badges=[[rule_colour[r], counts[r], title_of[r], _text_colour(rule_colour[r])]
                             for r in present if r in counts])
        attrs["info"].update(problems=len(found), units=len(members[node]),
                             rate=f"{rate * 100:.1f}%")
        attrs.pop("flag", None)
    for _, attrs in graph.nodes(data=True):
        attrs.setdefault("colours", {"gaps": legend.NO_VALUE})
    counts = {r: sum(1 for f in findings if f["rule"] == r) for r in present}
    towns = "乡镇" if place is None or place["kind"] in ("county", "city") else "下级区域"
    entries = [dict(legend.entry(f"rate{i}", legend.rate_text(i), legend.RATE_COLOURS[i], "square"),
                    group=f"{towns}：有问题的单位占比（填色）")
               for i in sorted(rates)]
    entries += [dict(legend.entry(r, f"{title_of[r]}（{counts[r]}）", rule_colour[r]),
                     group="问题类型（徽标、单位颜色）") for r in present]
    entries.append(dict(legend.entry("none", "无问题", legend.NO_VALUE), group="单位"))
    lines = [{"text": "责任单位", "color": RESPONSIBLE, "dashes": True}]
    return graph, MapMeta(title=f"覆盖问题图：{scope_name(store, place)}，{len(findings)} 项问题", command="",
                          layout="radial", roots=roots, default_scheme="gaps", prefer=prefer,
                          schemes={"gaps": _scheme("覆盖问题", entries)},
                          measure_text="节点大小：问题数；点击乡镇展开其下各单位",
                          flag_text="红框：有问题的单位", edge_legend=lines, file_stem="coverage")


def chain(store, analyses: Analyses | None = None, chain: str | None = None,
          **_) -> tuple[nx.MultiDiGraph, MapMeta]:
    """One industry chain (or all): leader, members by tier, supply network, the leader's reach
    and the alliance organisation with its member organisations."""
    from ..analyses import influence
    from ..analyses.influence import InfluenceError

    analyses = analyses or Analyses(store)
    settings = analyses.influence_settings()
    wanted = [chain] if chain else None
    try:
        chains = analyses.chains(chain)
        if chain and not chains:
            raise InfluenceError(f"no industry chain with id {chain!r}")
        results = {r["chain"]: r for r in analyses.influence(chain)}
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
    tiers = ["leader", "upstream", "midstream", "downstream"]
    tier_colour = {t: legend.palette(i) for i, t in enumerate(tiers)}
    tier_colour["none"] = legend.NO_VALUE
    chain_colour, org_colour = legend.palette(4), legend.palette(6)
    reach_colour = {"leader": tier_colour["leader"], "reached": legend.palette(2),
                    "outside": legend.NO_VALUE}
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
                graph.nodes[member]["title_node"] = True
            else:
                add_edge(graph, member, cid, "MEMBER_OF", title=_member_title(info["tier"]))
            attrs = graph.nodes[member]
            attrs["measure"] = supply.degree(member, weight="weight") if member in supply else 0
            attrs["colours"] = {"tier": tier_colour[role], "reach": reach_colour[
                "leader" if role == "leader" else "reached" if member in reached else "outside"]}
            attrs["info"].update(chain=data.name, tier="链主企业" if role == "leader" else _tier_text(info["tier"]),
                                 reached="是" if member in reached else "否")
        top = max((graph.nodes[m].get("measure", 0) for m in data.members), default=1)
        graph.nodes[cid].update(measure=top or 1, title_node=True,
                                colours={"tier": chain_colour, "reach": legend.NO_VALUE})
        graph.nodes[cid]["info"].update(
            rank=result["rank"], influence=f"{result['influence']:.1f}",
            reach_share=_percent(result["reach_share"]), reach=len(reached),
            members=result["members"],
            leader=result["leader_name"] or result["leader"] or influence.NO_LEADER,
            leader_lacks=influence.leader_lacks(result))
    for row in alliance:
        add_edge(graph, row["committee"], row["chain"], "BASED_IN")
        if row["org"]:
            add_edge(graph, row["org"], row["committee"], "MEMBER_OF")
            if row["enterprise"] in graph:
                add_edge(graph, row["org"], row["enterprise"], "BASED_IN")
    for _, attrs in graph.nodes(data=True):
        attrs.setdefault("colours", {"tier": org_colour, "reach": legend.NO_VALUE})
    shown = {r for _, a in graph.nodes(data=True) for r in [a["colours"]["tier"]]}
    text = {"leader": "链主企业", "none": "未标注", **{t: _tier_text(t) for t in TIERS}}
    tier_entries = [legend.entry(t, text[t], tier_colour[t], "diamond")
                    for t in [*tiers, "none"] if tier_colour[t] in shown]
    tier_entries += [legend.entry("chain", "产业链", chain_colour, "star"),
                     legend.entry("org", "党组织（产业链党建联盟）", org_colour)]
    schemes = {"tier": _scheme("链上位置", [e for e in tier_entries if e["color"] in shown]),
               "reach": _scheme(f"链主带动（{settings.hops} 步内）", [
                   legend.entry("leader", "链主企业", reach_colour["leader"], "diamond"),
                   legend.entry("reached", "带动范围内", reach_colour["reached"], "diamond"),
                   legend.entry("outside", "范围外、非企业", legend.NO_VALUE)])}
    names = "、".join(d.name or d.id for d in chains.values()) if chain else "全部产业链"
    return graph, MapMeta(title=f"产业链图：{names}", command="", layout="physics",
                          roots=sorted(chains), default_scheme="tier", schemes=schemes,
                          measure_text="节点大小：供应关系加权度数",
                          file_stem=f"chain-{chain}" if chain else "chains")


def pairing(store, analyses: Analyses | None = None, within: str | None = None,
            **_) -> tuple[nx.MultiDiGraph, MapMeta]:
    """The pairing plan on a map of the villages: clusters coloured, centres as stars, existing
    pairs solid and proposed pairs dashed, unassigned weak villages flagged red."""
    from ..analyses.pairing import PairingError
    from ..analyses.pairing.score import composite

    analyses = analyses or Analyses(store)
    place = region_row(store, within)
    settings = analyses.pairing_settings()
    try:
        plan = analyses.pairing(within)
    except PairingError as exc:
        raise ViewError(str(exc)) from None
    cand = plan.cand
    graph = nx.MultiDiGraph()
    cluster_of: dict[str, int] = {}
    for i, c in enumerate(plan.clusters):
        for v in [c.centre, *c.members]:
            cluster_of[v] = i
    unassigned = dict(plan.unassigned)
    free_colour = legend.palette(len(plan.clusters))
    for vid, v in cand.villages.items():
        if vid in cand.centres:
            role = "中心村" + ("" if vid in cluster_of else "（本次未用）")
        elif vid in unassigned:
            role = "弱村·未纳入联建"
        elif vid in cand.weak or vid in cand.already:
            role = "弱村·" + ("已联建" if vid in cand.already else "拟联建")
        else:
            role = "其他村"
        colour = (legend.palette(cluster_of[vid]) if vid in cluster_of
                  else free_colour if vid in cand.centres else legend.NO_VALUE)
        score = composite(v, settings)
        info = {"town": v.town_name or v.town, "stars": legend.star_text(v.stars),
                "weak": "是" if v.weak else "否",
                "score": round(score, 1) if score is not None else None, "role": role,
                "cluster": cluster_of[vid] + 1 if vid in cluster_of else None,
                "reason": unassigned.get(vid)}
        graph.add_node(vid, label="Region", kind="village", name=v.name, lat=v.lat, lon=v.lon,
                       measure=score or 0, flag=vid in unassigned, info=info,
                       # the title counts the unassigned weak villages: they are named too
                       title_node=(vid in cand.centres and vid in cluster_of) or vid in unassigned,
                       shape="star" if vid in cand.centres else None,
                       colours={"cluster": colour, "stars": legend.star_colour(v.stars)})
    existing, proposed = legend.palette(2), legend.palette(5)
    for centre, partners in cand.existing.items():
        for v in partners:
            if centre in graph and v in graph:
                add_edge(graph, centre, v, "CO_BUILDS", color=existing, width=2,
                         title="已共建")
    for c in plan.clusters:
        for p in c.pairs:
            add_edge(graph, c.centre, p.village, "CO_BUILDS:proposed", color=proposed,
                     dashes=True, width=2,
                     title=f"拟联建（本方案）：相距{p.distance_km:.1f}公里，联建匹配评分{p.score:.1f}分")
    entries = [legend.entry(f"c{i}", f"片区{i + 1}：{cand.villages[c.centre].name}（{len(c.members) + 1}个村）",
                            legend.palette(i), "star") for i, c in enumerate(plan.clusters)]
    if any(v in cand.centres and v not in cluster_of for v in cand.villages):
        entries.append(legend.entry("free", "中心村（本次未用）", free_colour, "star"))
    entries.append(legend.entry("other", "其他村、未纳入联建的弱村", legend.NO_VALUE, "square"))
    stars = sorted({v.stars for v in cand.villages.values()}, key=lambda s: -1 if s is None else s)
    schemes = {"cluster": _scheme("联建片区", entries),
               "stars": _scheme("星级", [legend.entry(str(s), legend.star_text(s), legend.star_colour(s), "square")
                                       for s in stars])}
    lines = [{"text": "已共建", "color": existing, "dashes": False},
             {"text": "拟联建（本方案）", "color": proposed, "dashes": True}]
    obj = plan.objective
    return graph, MapMeta(title=f"跨村联建方案：{scope_name(store, place)}，{obj['paired']}个弱村入片，{obj['unassigned']}个未纳入联建",
                          command="", layout="geo", default_scheme="cluster", schemes=schemes,
                          measure_text="节点大小：村综合评分；★ 中心村",
                          flag_text=f"红框：未纳入联建的弱村（{len(unassigned)}个）",
                          edge_legend=lines, file_stem="pairing")


def _chains_in_report(analyses: Analyses, within):
    return [{"chain": r["chain"]} for r in analyses.influence()]


VIEWS = (
    View("coverage", "coverage problems, opening on the region's towns with a badge per problem type",
         coverage, options=(WITHIN,), needs=("coverage",),
         report=lambda analyses, within: [{"within": within}]),
    View("pairing", "the cross-village pairing plan on the map of the villages", pairing,
         options=(WITHIN,), needs=("pairing",),
         report=lambda analyses, within: [{"within": within}]),
    View("chain", "an industry chain (all without --chain): tiers, supply, the leader's reach",
         chain, options=(Option("chain", "this chain only [default: all]", metavar="CHAIN_ID"),),
         needs=("influence",), report=_chains_in_report),
)
