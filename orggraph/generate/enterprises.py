"""Enterprises of a county and the organisations that cover them.

The rule (000, Party Constitution art. 30): three or more party members, an own branch; one or
two, a joint branch with neighbours of the same town; none but 50+ employees, an instructor.
"""
from __future__ import annotations

import math
import random

from . import names
from .world import County, Enterprise, Org

# kind -> (log-median employees, log-spread, party-member rate)
KIND_PROFILE = {
    "cooperative": (2.8, 0.6, 0.10), "private": (3.3, 1.0, 0.035), "state_owned": (4.3, 0.7, 0.30),
    "foreign": (5.0, 0.6, 0.008), "collective": (2.3, 0.5, 0.20),
    "property_management": (3.6, 0.5, 0.06), "social_organization": (2.0, 0.6, 0.12),
}
# where -> ((kind, weight), ...)
KINDS_AT = {
    "village": (("cooperative", 45), ("private", 42), ("collective", 13)),
    "town": (("private", 78), ("state_owned", 8), ("foreign", 4), ("cooperative", 6),
             ("social_organization", 4)),
    "community": (("property_management", 35), ("private", 45), ("social_organization", 20)),
}
# kind -> ((sector, business word in the name), ...)
PRIVATE_TOWN = (("汽车零部件", "汽车配件"), ("建材", "建材"), ("食品加工", "食品"), ("茶叶", "茶业"),
                ("电子信息", "电子科技"), ("纺织服装", "服饰"), ("物流", "物流"), ("商贸", "商贸"),
                ("新能源", "新能源科技"), ("餐饮住宿", "酒店管理"), ("机械制造", "机械"))
PRIVATE_VILLAGE = (("乡村旅游", "农旅发展"), ("食品加工", "农产品加工"), ("建材", "砂石"),
                   ("茶叶", "茶叶加工"), ("乡村旅游", "民宿"))
PRIVATE_COMMUNITY = (("商贸", "商贸"), ("餐饮住宿", "餐饮管理"), ("教育培训", "教育咨询"),
                     ("医疗健康", "大药房"), ("电子商务", "电子商务"))
STATE = (("能源", "供电"), ("金融", "农村商业银行"), ("交通运输", "公共交通"), ("烟草", "烟草"),
         ("水务", "自来水"))
FOREIGN = (("电子信息", "电子"), ("食品加工", "食品"), ("汽车零部件", "精密部件"))
SOCIAL = (("社会服务", "社会工作服务中心"), ("社会服务", "志愿者协会"), ("社会服务", "养老服务中心"))
# Labour-intensive sectors recruit few party members: the big firms an instructor must cover.
SECTOR_FACTOR = {"纺织服装": 0.15, "电子信息": 0.25, "物流": 0.4, "餐饮住宿": 0.3, "商贸": 0.6}
FARM_WORDS = {"茶叶": "茶叶", "水稻": "水稻种植", "生猪": "生猪养殖", "乡村旅游": "乡村旅游",
              "食用菌": "食用菌", "中药材": "中药材种植", "辣椒": "辣椒种植", "蔬菜": "蔬菜种植",
              "精品水果": "精品水果种植", "肉牛": "肉牛养殖", "烤烟": "烤烟种植"}


def poisson(rng: random.Random, lam: float) -> int:
    if lam <= 0:
        return 0
    if lam > 30:
        return max(0, round(rng.gauss(lam, math.sqrt(lam))))
    limit, k, p = math.exp(-lam), 0, rng.random()
    while p > limit:
        k += 1
        p *= rng.random()
    return k


def employees_for(rng: random.Random, kind: str) -> int:
    mu, sigma, _ = KIND_PROFILE[kind]
    return min(3000, max(3, int(rng.lognormvariate(mu, sigma))))


def new_id(county: County) -> str:
    return f"E-{county.number:02d}-{len(county.enterprises) + 1:04d}"


def draw(county: County, taken: set[str]) -> None:
    """The county's ordinary enterprises (the chains add theirs)."""
    rng = county.rng
    towns = [t for t in county.towns]
    town_weights = [3 if (t.kind == "street" or t.index == 0) else 1 for t in towns]
    villages = county.villages
    communities = county.communities
    for _ in range(county.scale.enterprises):
        r = rng.random()
        if r < 0.40:
            where, village = "village", rng.choice(villages)
            town, region_id = village.town, village.id
        elif r < 0.85 or not communities:
            where, village = "town", None
            town = rng.choices(towns, weights=town_weights)[0]
            region_id = town.id
            if town.kind == "street":      # a street is all communities
                where, region_id = "community", rng.choice(town.communities).id
        else:
            where, village = "community", None
            community = rng.choice(communities)
            town, region_id = community.town, community.id
        kind = rng.choices(*zip(*KINDS_AT[where]))[0]
        sector, name = _sector_and_name(county, rng, kind, where, village, taken)
        employees = employees_for(rng, kind)
        rate = KIND_PROFILE[kind][2] * SECTOR_FACTOR.get(sector, 1.0)
        pm = min(150, poisson(rng, employees * rate))
        county.enterprises.append(Enterprise(new_id(county), name, kind, sector, employees, pm,
                                             town, region_id))


def _sector_and_name(county, rng, kind, where, village, taken) -> tuple[str, str]:
    short = county.short
    if kind == "cooperative":
        industry = village.industry if village else rng.choice(tuple(FARM_WORDS))
        word = FARM_WORDS.get(industry, "种养殖")
        return industry, names.unique(
            rng, lambda r: f"{county.name}{r.choice(names.FIRM_STEMS)}{word}专业合作社", taken)
    if kind == "collective":
        name = f"{county.name}{village.name}股份经济合作社"
        if name not in taken:
            taken.add(name)
            return village.industry, name
        kind = "private"
    pool = {"private": {"village": PRIVATE_VILLAGE, "town": PRIVATE_TOWN,
                        "community": PRIVATE_COMMUNITY}[where],
            "state_owned": STATE, "foreign": FOREIGN, "social_organization": SOCIAL,
            "property_management": (("物业服务", "物业服务"),)}[kind]
    sector, word = rng.choice(pool)
    if kind == "social_organization":
        return sector, names.unique(
            rng, lambda r: f"{county.name}{r.choice(names.FIRM_STEMS)}{word}", taken)
    return sector, names.unique(rng, lambda r: names.firm_name(r, short, word), taken)


def branch_name(e: Enterprise) -> str:
    n = e.party_members
    return e.name + ("党委" if n >= 50 else "党总支" if n >= 30 else "党支部")


def cover(county: County) -> None:
    """Own branches, joint branches and instructors, as the rule asks (except the planted gaps)."""
    rng = county.rng
    pending: dict[str, list[Enterprise]] = {}
    for e in county.enterprises:
        if not e.cover:
            continue
        if e.party_members >= 3:
            parents = [] if e.orphan_branch else [e.town.committee.id]
            seq = e.id.rsplit("-", 1)[1]
            e.org = county.org(Org(
                f"O-{county.number:02d}E{seq}", branch_name(e), "enterprise_branch",
                stars=rng.choices(range(1, 6), weights=(5, 30, 40, 18, 7))[0], weak=False,
                founded=founded(rng, 2003, 2023), parents=parents, based=[e.id],
                secretary=e.branch_secretary, deputies=1 if e.party_members >= 10 else 0))
        elif e.party_members >= 1:       # chain firms join with their chain, others by town
            pending.setdefault(e.chains[0].id if e.chains else e.town.id, []).append(e)
        elif e.employees >= 50:
            e.instructor = True
    joint_no = 0
    groups = [(t.id, f"{t.name}非公企业") for t in county.towns]
    groups += [(c.id, c.name) for c in county.chains]
    for key, place in groups:
        for n, chunk in enumerate(_chunks(rng, pending.get(key, [])), start=1):
            joint_no += 1
            org = county.org(Org(f"O-{county.number:02d}JB{joint_no:02d}",
                                 f"{place}第{n}联合党支部", "joint_branch",
                                 stars=rng.choices(range(1, 6), weights=(8, 35, 40, 12, 5))[0],
                                 weak=False, founded=founded(rng, 2015, 2023),
                                 parents=[chunk[0].town.committee.id], based=[e.id for e in chunk]))
            for e in chunk:
                e.org = org
    _village_enterprise(county)


def _chunks(rng: random.Random, group: list[Enterprise]) -> list[list[Enterprise]]:
    chunks, i = [], 0
    while i < len(group):
        size = rng.randint(3, 6)
        chunk = group[i:i + size]
        if len(chunk) < 2 and chunks:
            chunks[-1].extend(chunk)
        else:
            chunks.append(chunk)
        i += size
    return chunks


def _village_enterprise(county: County) -> None:
    """Enterprises with a strong branch pair with a needy village of their town (村企联建)."""
    rng = county.rng
    paired: set[str] = set()
    for e in county.enterprises:
        if e.org is None or e.org.kind != "enterprise_branch" or e.party_members < 5:
            continue
        if rng.random() > 0.25:
            continue
        needy = [v for v in e.town.villages if v.needy and v.id not in paired]
        if needy:
            village = rng.choice(needy)
            paired.add(village.id)
            county.co_builds.append((e.org.id, village.branch.id, "village_enterprise",
                                     rng.randint(2019, 2024)))


def founded(rng: random.Random, first: int, last: int) -> str:
    return f"{rng.randint(first, last)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"


def emit(county: County, rows) -> None:
    add, rel = rows.add, rows.rel
    for e in county.enterprises:
        add("Enterprise", e.id, name=e.name, kind=e.kind, sector=e.sector, employees=e.employees,
            party_members=e.party_members if e.show_party_members else None)
        rel("LOCATED_IN", e.id, e.region_id)
