"""Small cadre-matching worlds written as bundles, and random instances for exhaustive checks
(shared by tests/test_cadres.py and tests/test_cadre_teams.py)."""
from __future__ import annotations

import random
from pathlib import Path

from orggraph.analyses.cadres.match import Cadre
from orggraph.analyses.cadres.needs import CadreVillage
from support.bundles import write_bundle

YEAR = 2025
TOWN = (30.0, 120.0)
SPECIALTIES = ("party_affairs", "economy", "law", "agriculture", "technology")


def at(km_north: float, km_east: float = 0.0) -> tuple[float, float]:
    """A place this many km north / east of the town (small offsets: flat earth is close enough)."""
    return (TOWN[0] + km_north / 111.2, TOWN[1] + km_east / 96.3)


def village(vid: str, *, stars: int = 4, weak: bool = False, income: float | None = 50.0,
            tags: tuple[str, ...] = (), industry: str = "", enterprises: int = 0,
            place: tuple[float, float] | None = None) -> dict:
    return {"id": vid, "stars": stars, "weak": weak, "income": income, "tags": tags,
            "industry": industry, "enterprises": enterprises, "place": place}


def cadre(cid: str, specialty: str, place: tuple[float, float] | None = None,
          name: str = "王建华") -> dict:
    return {"id": cid, "specialty": specialty, "place": place, "name": name}


def cadres_bundle(root: Path, villages: list[dict], cadres: list[dict],
                  stations: list[tuple] = ()) -> Path:
    """County R-C > town R-T > villages, each with a branch; each cadre is a member of an agency
    branch built in a region of its own at the cadre's place. stations: (person, village, since,
    status)."""
    nodes = [("Region", {"id": "R-C", "name": "清溪县", "kind": "county"}),
             ("Region", {"id": "R-T", "name": "青山镇", "kind": "town", "lat": TOWN[0],
                         "lon": TOWN[1]})]
    rels = [("PART_OF", "R-T", "R-C")]
    for v in villages:
        lat, lon = v["place"] or (None, None)
        # A tags column only where some village has tags: the loader cannot yet bind a list
        # column that is empty in every row (LadybugDB takes it for STRING).
        tags = {"tags": list(v["tags"])} if any(w["tags"] for w in villages) else {}
        nodes.append(("Region", {"id": v["id"], "name": f"{v['id']}村", "kind": "village",
                                 "lat": lat, "lon": lon, "collective_income": v["income"],
                                 "main_industry": v["industry"] or None, **tags}))
        nodes.append(("OrgUnit", {"id": f"O-{v['id']}", "name": f"{v['id']}党支部",
                                  "kind": "village_branch", "stars": v["stars"], "weak": v["weak"]}))
        rels += [("PART_OF", v["id"], "R-T"), ("BASED_IN", f"O-{v['id']}", v["id"])]
        for k in range(v["enterprises"]):
            nodes.append(("Enterprise", {"id": f"E-{v['id']}-{k}", "name": f"{v['id']}企业{k}",
                                         "kind": "private"}))
            rels.append(("LOCATED_IN", f"E-{v['id']}-{k}", v["id"]))
    for c in cadres:
        nodes.append(("Person", {"id": c["id"], "name": c["name"], "specialty": c["specialty"]}))
        if c["place"]:
            nodes.append(("Region", {"id": f"R-B{c['id']}", "name": f"{c['id']}驻地",
                                     "kind": "street", "lat": c["place"][0], "lon": c["place"][1]}))
            nodes.append(("OrgUnit", {"id": f"O-A{c['id']}", "name": f"{c['id']}机关党支部",
                                      "kind": "agency_branch"}))
            rels += [("BASED_IN", f"O-A{c['id']}", f"R-B{c['id']}"),
                     ("MEMBER_OF", c["id"], f"O-A{c['id']}")]
    for station in stations:
        person, village_id, since, status, role = (*station, "first_secretary") \
            if len(station) == 4 else station
        rels.append(("STATIONED_IN", person, village_id,
                     {"role": role, "since": since, "status": status}))
    write_bundle(root, nodes, rels)
    return root


def random_instance(rng: random.Random, n_villages: int, n_cadres: int):
    villages = [CadreVillage(f"V{k}", f"V{k}", weak_flag=rng.random() < 0.2,
                        stars=rng.randint(1, 5),
                        collective_income=rng.choice([2.0, 8.0, 30.0, None]),
                        main_industry=rng.choice(["", "茶叶"]), enterprises=rng.randint(0, 2),
                        tags=tuple(t for t in ("脱贫村", "易地扶贫搬迁村", "乱村", "专业村")
                                   if rng.random() < 0.2),
                        lat=None if rng.random() < 0.15 else 30 + rng.uniform(0, 0.5),
                        lon=120 + rng.uniform(0, 0.5))
                for k in range(n_villages)]
    cadres = [Cadre(f"P{k}", "x", rng.choice(SPECIALTIES),
                    lat=None if rng.random() < 0.15 else 30 + rng.uniform(0, 0.5),
                    lon=120 + rng.uniform(0, 0.5),
                    past_villages=frozenset({f"V{rng.randrange(n_villages)}"}
                                            if rng.random() < 0.2 else ()))
              for k in range(n_cadres)]
    return villages, cadres


def stations_of(store) -> set[tuple]:
    return {(r["p"], r["v"], r["role"], r["status"], r["since"]) for r in store.query(
        "MATCH (p:Person)-[s:STATIONED_IN]->(v:Region) "
        "RETURN p.id AS p, v.id AS v, s.role AS role, s.status AS status, s.since AS since")}
