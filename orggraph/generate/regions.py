"""The county's territory: towns and streets, villages, communities and their grids.

Villages sit a few km around their town's centre; their star rating (held by the village branch)
drives their scores and income. Stars are skewed as in practice: few five-star, many two-star.
"""
from __future__ import annotations

import math
import random

from .. import notions
from . import geography, names
from .world import Building, Community, Compound, County, Grid, Town, Village

STAR_WEIGHTS = (2, 6, 37, 32, 15, 8)    # percent of villages with 0..5 stars
POVERTY_BY_STARS = (0.5, 0.45, 0.3, 0.15, 0.08, 0.04)
INCOME_BY_STARS = (4.0, 7.0, 14.0, 32.0, 70.0, 180.0)   # median 万元 a year
INDUSTRIES = ("茶叶", "茶叶", "水稻", "生猪", "乡村旅游", "食用菌", "中药材", "辣椒", "蔬菜",
              "精品水果", "肉牛", "烤烟")
SPECIALISED = ("茶叶", "食用菌", "中药材", "精品水果", "辣椒")

# Towns with a role in the planted pairing situations (indices into the county's towns).
NO_CENTRE_TOWN = 4      # no five-star village: its weak villages have no centre in reach
REMOTE_TOWN = 6         # one weak village lies > 15 km from every centre of its town
RICH_TOWNS = (0, 2)     # at least two five-star centres


def split(total: int, parts: int, rng: random.Random) -> list[int]:
    """total split into `parts` positive integers of roughly equal size."""
    weights = [rng.uniform(0.7, 1.3) for _ in range(parts)]
    scale = total / sum(weights)
    sizes = [max(1, int(w * scale)) for w in weights]
    sizes[-1] += total - sum(sizes)
    if sizes[-1] < 1:                    # rounding took too much: even split
        sizes = [total // parts + (1 if i < total % parts else 0) for i in range(parts)]
    return sizes


def build(county: County) -> None:
    rng, sc = county.rng, county.scale
    county.id = f"R-{county.number:02d}"
    taken: set[str] = set()
    streets = [_town(county, i, "street", taken) for i in range(sc.streets)]
    towns = [_town(county, i, "town", taken) for i in range(sc.towns)]
    county.towns = towns + streets
    counts = split(sc.villages, sc.towns, rng)
    counts[0] = max(6, counts[0] * 2 // 3)     # the seat town is half urban
    for town, n in zip(towns, counts):
        town.villages = [_village(county, town, j, taken) for j in range(max(n, 6))]
    _settle_stars(county, towns)
    for town in towns:
        _place(county, town)
        for village in town.villages:
            _describe(rng, village, town)
    for street in streets:
        street.communities = [_community(county, street, k, taken)
                              for k in range(sc.street_communities)]
    towns[0].communities = [_community(county, towns[0], k, taken)
                            for k in range(sc.seat_communities)]
    for village in towns[min(county.rural_grid_pilot, len(towns) - 1)].villages:
        parts = min(12, max(3, round(village.households / 50)))
        village.grids = [Grid(f"{village.id}G{k + 1}", f"{village.name}第{k + 1}网格", hh)
                         for k, hh in enumerate(split(village.households, parts, rng))]


def _town(county: County, i: int, kind: str, taken: set[str]) -> Town:
    rng = county.rng
    if kind == "street":
        name = names.STREET_NAMES[i % len(names.STREET_NAMES)] + "街道"
        lat, lon = geography.polar(county.lat, county.lon, rng.uniform(0.3, 1.8),
                                   rng.uniform(0, 2 * math.pi))
        return Town(f"{county.id}S{i + 1}", name, "street", i, lat, lon,
                    f"{county.code}{i + 1:03d}000")
    name = names.unique(rng, lambda r: r.choice(names.PLACE_STEMS), taken)
    name += "乡" if rng.random() < 0.2 else "镇"
    n = county.scale.towns
    angle = 2 * math.pi * i / n + rng.uniform(-0.25, 0.25)
    km = rng.uniform(5.0, 7.0) if i == 0 else rng.uniform(11.0, 19.0)
    lat, lon = geography.polar(county.lat, county.lon, km, angle)
    first, second = rng.sample(INDUSTRIES, 2)
    if first == second:
        second = "乡村旅游"
    return Town(f"{county.id}T{i + 1:02d}", name, "town", i, lat, lon,
                f"{county.code}{100 + i + 1:03d}000", (first, second))


def _village(county: County, town: Town, j: int, taken: set[str]) -> Village:
    rng = county.rng
    name = names.unique(rng, lambda r: names.place_name(r) + "村", taken)
    stars = rng.choices(range(6), weights=STAR_WEIGHTS)[0]
    households = min(1500, max(150, int(rng.lognormvariate(6.1, 0.35))))
    return Village(f"{town.id}V{j + 1:02d}", name, town, town.lat, town.lon,
                   f"{town.code[:9]}{200 + j + 1:03d}", households,
                   int(households * rng.uniform(2.8, 3.7)), stars,
                   weak=rng.random() < (0.35 if stars <= 1 else 0.1 if stars == 2 else 0.0))


def _settle_stars(county: County, towns: list[Town]) -> None:
    """Every town but one gets a five-star centre; a few get two or more."""
    for town in towns:
        ranked = sorted(town.villages, key=lambda v: -v.stars)
        if town.index == min(NO_CENTRE_TOWN, len(towns) - 1):
            for v in town.villages:
                v.stars = min(v.stars, 4)
            continue
        wanted = 2 if town.index in RICH_TOWNS else 1
        for v in ranked[:wanted]:
            v.stars, v.weak = 5, False


def _place(county: County, town: Town) -> None:
    rng = county.rng
    for v in town.villages:
        v.lat, v.lon = geography.polar(town.lat, town.lon, 1.2 + 4.8 * math.sqrt(rng.random()),
                                       rng.uniform(0, 2 * math.pi))
    if town.index != REMOTE_TOWN:
        return
    # A mountain village 14 km out on one side, every centre 2-4 km out on the other.
    remote = ([v for v in town.villages if notions.is_weak(False, v.stars, notions.DEFAULTS)][-1:]
              or [v for v in town.villages if v.stars < 5][-1:])
    remote[0].stars, remote[0].remote = min(remote[0].stars, 2), True
    angle = rng.uniform(0, 2 * math.pi)
    remote[0].lat, remote[0].lon = geography.polar(town.lat, town.lon, 14.0, angle)
    for v in town.villages:
        if v.stars == 5:
            v.lat, v.lon = geography.polar(town.lat, town.lon, rng.uniform(2.0, 4.0),
                                           angle + math.pi + rng.uniform(-0.5, 0.5))


def _describe(rng: random.Random, v: Village, town: Town) -> None:
    s = v.stars
    km = geography.distance_km((v.lat, v.lon), (town.lat, town.lon))
    base = 33 + 11 * s
    near = (6 - min(km, 12)) * 2.2

    def score(bonus: float = 0.0, spread: float = 7.0) -> float:
        return round(min(99.5, max(3.0, rng.gauss(base + bonus, spread))), 1)

    v.scores = (score(2), score(), score(near, 6), score(near, 6), score(-1))
    v.income = round(INCOME_BY_STARS[s] * rng.lognormvariate(0, 0.4), 1)
    v.industry = rng.choice(town.industries) if rng.random() < 0.75 else rng.choice(INDUSTRIES)
    weak = v.weak or s <= 2
    v.willing = rng.random() < (0.7 if weak else 0.6 if v.households < 300 else 0.12)
    if rng.random() < POVERTY_BY_STARS[s]:
        v.tags.append("脱贫村")
    if rng.random() < (0.12 if "脱贫村" in v.tags else 0.01):
        v.tags.append("易地扶贫搬迁村")
    if rng.random() < (0.06 if weak else 0.015):
        v.tags.append("信访重点村")
    if s >= 3 and v.industry in SPECIALISED and rng.random() < 0.3:
        v.tags.append("专业村")


def _community(county: County, town: Town, k: int, taken: set[str]) -> Community:
    rng = county.rng
    name = names.unique(rng, lambda r: r.choice(names.COMMUNITY_STEMS) + "社区", taken)
    lat, lon = geography.polar(town.lat, town.lon, rng.uniform(0.4, 2.5), rng.uniform(0, 6.283))
    cid = f"{town.id}C{k + 1}"
    community = Community(cid, name, town, lat, lon, f"{town.code[:9]}{k + 1:03d}")
    for g in range(rng.randint(3, 5)):
        grid = Grid(f"{cid}G{g + 1}", f"{name}第{g + 1}网格", rng.randint(50, 300))
        parts = 1 if grid.households < 120 else rng.randint(1, 3)
        for c, hh in enumerate(split(grid.households, parts, rng)):
            name_k = names.unique(rng, names.compound_name, taken)
            compound = Compound(f"{grid.id}K{c + 1}", name_k, hh)
            floors = min(8, max(1, round(hh / 30)))
            compound.buildings = [Building(f"{compound.id}B{b + 1}", f"{compound.name}{b + 1}栋", n)
                                  for b, n in enumerate(split(hh, floors, rng))]
            grid.compounds.append(compound)
        community.grids.append(grid)
    return community


def emit(county: County, rows) -> None:
    """Region and PART_OF rows, county first, then top-down."""
    add, rel = rows.add, rows.rel
    towns = county.towns
    hh = {t.id: sum(v.households for v in t.villages) + sum(c.households for c in t.communities)
          for t in towns}
    pop = {t.id: sum(v.population for v in t.villages)
           + sum(int(c.households * 2.6) for c in t.communities) for t in towns}
    add("Region", county.id, name=county.name, kind="county", code=f"{county.code}000000",
        households=sum(hh.values()), population=sum(pop.values()), lat=county.lat, lon=county.lon)
    for t in towns:
        add("Region", t.id, name=t.name, kind=t.kind, code=t.code, households=hh[t.id],
            population=pop[t.id], lat=t.lat, lon=t.lon)
        rel("PART_OF", t.id, county.id)
    for t in towns:
        for v in t.villages:
            add("Region", v.id, name=v.name, kind="village", code=v.code, households=v.households,
                population=v.population, lat=v.lat, lon=v.lon, collective_income=v.income,
                main_industry=v.industry, score_leadership=v.scores[0],
                score_industry=v.scores[1], score_location=v.scores[2],
                score_transport=v.scores[3], score_service=v.scores[4],
                willing_to_join=v.willing, tags=v.tags or None)
            rel("PART_OF", v.id, t.id)
            for g in v.grids:
                add("Region", g.id, name=g.name, kind="grid", households=g.households)
                rel("PART_OF", g.id, v.id)
        for c in t.communities:
            add("Region", c.id, name=c.name, kind="community", code=c.code,
                households=c.households, population=int(c.households * 2.6), lat=c.lat, lon=c.lon)
            rel("PART_OF", c.id, t.id)
            for g in c.grids:
                add("Region", g.id, name=g.name, kind="grid", households=g.households)
                rel("PART_OF", g.id, c.id)
                for k in g.compounds:
                    add("Region", k.id, name=k.name, kind="compound", households=k.households)
                    rel("PART_OF", k.id, g.id)
                    for b in k.buildings:
                        add("Region", b.id, name=b.name, kind="building", households=b.households)
                        rel("PART_OF", b.id, k.id)
