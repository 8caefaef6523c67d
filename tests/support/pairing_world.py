"""Small pairing worlds written as bundles: villages placed by kilometres east/north of a point
(a local flat map; over tens of km it is within 0.5% of the great-circle distance)."""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path

from support.bundles import write_bundle

ORIGIN = (27.70, 107.40)
KM_PER_DEGREE = 6371.0088 * math.pi / 180   # on the sphere the great-circle distance uses
STRONG = (90, 88, 86, 85, 92)
WEAK = (40, 35, 50, 45, 38)


@dataclass
class V:
    id: str
    town: str
    east: float
    north: float
    stars: int = 2
    weak: bool = False
    scores: tuple = WEAK
    income: float = 20.0
    industry: str = "茶叶"
    households: int = 400
    willing: bool = False


@dataclass
class World:
    villages: list[V] = field(default_factory=list)
    co_builds: list[tuple[str, str, str]] = field(default_factory=list)   # (from, to, status)
    joints: list[tuple[str, list[str]]] = field(default_factory=list)     # (centre, members)
    secretaries: dict[str, str] = field(default_factory=dict)             # village -> person

    def centre(self, vid, town, east, north, **kw):
        self.villages.append(V(vid, town, east, north, stars=5, scores=STRONG, income=150, **kw))

    def weak(self, vid, town, east, north, **kw):
        self.villages.append(V(vid, town, east, north, **kw))

    def write(self, path: Path) -> Path:
        towns = sorted({v.town for v in self.villages})
        nodes = [("Region", {"id": "R-C", "name": "测试县", "kind": "county"})]
        nodes += [("Region", {"id": t, "name": f"{t}镇", "kind": "town"}) for t in towns]
        nodes += [("OrgUnit", {"id": "O-C", "name": "县委", "kind": "county_committee"})]
        nodes += [("OrgUnit", {"id": f"O-{t}", "name": f"{t}镇党委", "kind": "town_committee"})
                  for t in towns]
        rels = [("PART_OF", t, "R-C") for t in towns]
        rels += [("MEMBER_OF", f"O-{t}", "O-C") for t in towns]
        for v in self.villages:
            lat = ORIGIN[0] + v.north / KM_PER_DEGREE
            lon = ORIGIN[1] + v.east / (KM_PER_DEGREE * math.cos(math.radians(ORIGIN[0])))
            scores = dict(zip(("score_leadership", "score_industry", "score_location",
                               "score_transport", "score_service"), v.scores))
            nodes.append(("Region", {"id": v.id, "name": f"{v.id}村", "kind": "village",
                                     "households": v.households, "lat": f"{lat:.6f}",
                                     "lon": f"{lon:.6f}", "collective_income": v.income,
                                     "main_industry": v.industry, **scores,
                                     "willing_to_join": v.willing}))
            nodes.append(("OrgUnit", {"id": f"O-{v.id}", "name": f"{v.id}村党支部",
                                      "kind": "village_branch", "stars": v.stars, "weak": v.weak}))
            rels += [("PART_OF", v.id, v.town), ("BASED_IN", f"O-{v.id}", v.id),
                     ("MEMBER_OF", f"O-{v.id}", f"O-{v.town}")]
        for centre, members in self.joints:
            joint = f"O-J-{centre}"
            nodes.append(("OrgUnit", {"id": joint, "name": f"{centre}联村党总支",
                                      "kind": "joint_village_branch"}))
            rels.append(("LEADS", f"O-{centre}", joint))
            rels += [("MEMBER_OF", f"O-{m}", joint) for m in members]
        rels += [("CO_BUILDS", f"O-{a}", f"O-{b}", {"mode": "strong_weak", "status": s})
                 for a, b, s in self.co_builds]
        for village, person in sorted(self.secretaries.items()):
            nodes.append(("Person", {"id": person, "name": f"书记{person}", "party_member": True}))
            rels += [("LEADS", person, f"O-{village}", {"role": "secretary"}),
                     ("MEMBER_OF", person, f"O-{village}")]
        return write_bundle(path, nodes, rels)


def km_between(a: V, b: V) -> float:
    return math.hypot(a.east - b.east, a.north - b.north)
