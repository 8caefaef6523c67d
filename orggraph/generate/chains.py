"""Industry chains: their enterprises by tier, the supply network, and the chain committee.

Each chain has a shape that gives its leader a different reach (RESEARCH.md, "Influence"):
  dense  the leader is the hub of a dense network (茶产业链)
  line   the leader hangs at the end of a line off another firm's cluster (新能源汽车零部件)
  hub    a middling leader sharing the network with a second hub (食品加工)
  small  four firms in a line and no leader at all (中药材)
"""
from __future__ import annotations

from . import names
from .enterprises import employees_for, founded, new_id, poisson
from .world import Chain, County, Enterprise, Org

UP, MID, DOWN = "upstream", "midstream", "downstream"

# name, sector, shape, leader (business word, tier, kind, employees, party members) or None,
# then per tier the business words of its members (a word ending in 合作社 makes a cooperative).
TEMPLATES = (
    ("茶产业链", "茶叶", "dense", ("茶业集团", MID, "private", 620, 38), {
        UP: ("茶叶专业合作社", "茶叶专业合作社", "茶叶专业合作社", "茶叶种植", "茶苗繁育",
             "有机肥", "茶叶专业合作社", "生态茶园"),
        MID: ("茶业", "茶叶加工", "茶叶机械制造", "包装印务", "茶业", "红茶加工", "茶叶精制"),
        DOWN: ("茶叶电子商务", "茶旅文化发展", "茶叶销售", "物流", "茶叶进出口", "茶文化传媒",
               "茶饮品")}),
    ("新能源汽车零部件产业链", "汽车零部件", "line", ("新能源汽车制造", DOWN, "private", 880, 26), {
        UP: ("精密铸造", "电池材料", "线束", "橡塑制品", "磁材科技", "铝业"),
        MID: ("驱动电机", "电控技术", "汽车零部件", "汽车内饰", "汽车总成"),
        DOWN: ("汽车销售服务", "新能源汽车维修", "充电科技")}),
    ("食品加工产业链", "食品加工", "hub", ("食品", MID, "foreign", 320, 0), {
        UP: ("生猪养殖专业合作社", "粮油种植专业合作社", "辣椒种植专业合作社", "食用菌专业合作社",
             "禽业"),
        MID: ("肉制品加工", "调味品", "食品包装", "冷链物流"),
        DOWN: ("商贸", "农产品电子商务", "连锁超市")}),
    ("中药材产业链", "中药材", "small", None, {
        UP: ("中药材种植专业合作社",), MID: ("中药饮片", "生物科技"), DOWN: ("医药",)}),
)


def build(county: County, taken: set[str]) -> None:
    for k, (name, sector, shape, leader, tiers) in enumerate(TEMPLATES, start=1):
        chain = Chain(f"C-{county.number:02d}-{k}", f"{county.short}{name}", sector, shape)
        if leader:
            word, tier, kind, employees, pm = leader
            chain.leader = _firm(county, chain, word, tier, taken, kind, employees, pm)
        for tier in (UP, MID, DOWN):
            for word in tiers[tier]:
                chain.members.append((_firm(county, chain, word, tier, taken), tier))
        county.chains.append(chain)
    tea, food = county.chains[0], county.chains[2]
    drink = tea.members[-1][0]                        # 茶饮品: downstream of tea, midstream of food
    food.members.append((drink, MID))
    drink.chains.append(food)
    for chain in county.chains:
        _supplies(county, chain, drink if chain in (tea, food) else None)


def _firm(county: County, chain: Chain, word: str, tier: str, taken: set[str],
          kind: str | None = None, employees: int | None = None,
          pm: int | None = None) -> Enterprise:
    rng = county.rng
    coop = word.endswith("合作社")
    kind = kind or ("cooperative" if coop else "private")
    if coop or tier == UP:
        matching = [v for v in county.villages if v.industry == chain.sector]
        village = rng.choice(matching or county.villages)
        town, region_id = village.town, village.id
    elif tier == DOWN and county.communities:
        community = rng.choice(county.communities)
        town, region_id = community.town, community.id
    else:
        towns = [t for t in county.towns if t.kind == "town"]
        matching = [t for t in towns if chain.sector in t.industries]
        town = rng.choice(matching or towns[:3])
        region_id = town.id
    if coop:
        name = names.unique(
            rng, lambda r: f"{county.name}{r.choice(names.FIRM_STEMS)}{word}", taken)
    else:
        name = names.unique(rng, lambda r: names.firm_name(r, county.short, word), taken)
    if employees is None:
        employees = max(employees_for(rng, kind), 12 if coop else 30 if tier == MID else 15)
    if pm is None:
        pm = 1 + poisson(rng, employees * (0.08 if coop else 0.04))
    e = Enterprise(new_id(county), name, kind, chain.sector, employees, min(pm, 120), town,
                   region_id, chains=[chain])
    county.enterprises.append(e)
    return e


def _supplies(county: County, chain: Chain, drink: Enterprise | None) -> None:
    rng = county.rng
    by_tier = {t: [e for e, tier in chain.members if tier == t] for t in (UP, MID, DOWN)}
    ups, mids, downs = by_tier[UP], by_tier[MID], by_tier[DOWN]
    leader = chain.leader
    edges: dict[tuple[str, str], tuple[Enterprise, Enterprise, float]] = {}

    def supply(a: Enterprise, b: Enterprise, strong: bool = False) -> None:
        if a is not b and (a.id, b.id) not in edges and (b.id, a.id) not in edges:
            w = rng.uniform(0.5, 1.0) if strong else rng.uniform(0.1, 0.9)
            edges[(a.id, b.id)] = (a, b, round(w, 2))

    if chain.shape == "dense":
        for u in ups:
            if rng.random() < 0.8:
                supply(u, leader, True)
            for m in rng.sample(mids, 1 + (rng.random() < 0.4)):
                supply(u, m)
        for m in mids:
            if rng.random() < 0.5:
                supply(m, leader, True)
            elif rng.random() < 0.6:
                supply(leader, m, True)
            supply(m, rng.choice(downs))
        for d in downs:
            if rng.random() < 0.85 or d is drink:
                supply(leader, d, True)
    elif chain.shape == "line":
        hub, *others = mids[:3]
        inner, outer = mids[3], mids[4]
        for u in ups:
            supply(u, hub, True)
            if rng.random() < 0.5:
                supply(u, rng.choice(others))
        for m in others:
            supply(m, hub, True)
        for d in downs:
            supply(hub, d, True)
            supply(rng.choice(others), d)
        supply(others[-1], inner)           # the line: cluster -> inner -> outer -> leader
        supply(inner, outer)
        supply(outer, leader, True)
    elif chain.shape == "hub":
        second = mids[0]
        for i, u in enumerate(ups):
            supply(u, leader if i % 2 == 0 else second, True)
        supply(second, leader, True)
        for d in downs[:2]:
            supply(leader, d, True)
        for m in mids[1:]:
            supply(m, rng.choice(downs))
            if rng.random() < 0.5:
                supply(second, m)
        if drink is not None:
            supply(drink, rng.choice(downs))
    else:                                    # small: a line, no leader
        line = ups + mids + downs
        for a, b in zip(line, line[1:]):
            supply(a, b)
    chain.supplies = list(edges.values())


def organise(county: County) -> None:
    """A chain committee per chain; member organisations join it, except the planted ones."""
    rng = county.rng
    for k, chain in enumerate(county.chains, start=1):
        chain.committee = county.org(Org(f"O-{county.number:02d}L{k}", f"{chain.name}党委",
                                         "chain_committee", founded=founded(rng, 2021, 2024),
                                         parents=[county.committee.id], based=[chain.id]))
        firms = ([chain.leader] if chain.leader else []) + [e for e, _ in chain.members]
        for e in firms:
            org = e.org
            if org is None or e.id in chain.outside or chain.committee.id in org.parents:
                continue
            org.parents.append(chain.committee.id)


def emit(county: County, rows) -> None:
    add, rel = rows.add, rows.rel
    for chain in county.chains:
        add("IndustryChain", chain.id, name=chain.name, sector=chain.sector)
        if chain.leader:
            rel("LEADS", chain.leader.id, chain.id)
        for e, tier in chain.members:
            add("MEMBER_OF", e.id, chain.id, tier=tier)
        for a, b, w in chain.supplies:
            add("SUPPLIES", a.id, b.id, weight=w)
