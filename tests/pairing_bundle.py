"""Small pairing worlds written as bundles: villages placed by kilometres east/north of a point
(a local flat map; over tens of km it is within 0.5% of the great-circle distance)."""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path

from helpers import write_csv

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

    def centre(self, vid, town, east, north, **kw):
        self.villages.append(V(vid, town, east, north, stars=5, scores=STRONG, income=150, **kw))

    def weak(self, vid, town, east, north, **kw):
        self.villages.append(V(vid, town, east, north, **kw))

    def write(self, path: Path) -> Path:
        towns = sorted({v.town for v in self.villages})
        regions = [["id", "name", "kind", "households", "lat", "lon", "collective_income",
                    "main_industry", "score_leadership", "score_industry", "score_location",
                    "score_transport", "score_service", "willing_to_join"],
                   ["R-C", "测试县", "county", "", "", "", "", "", "", "", "", "", "", ""]]
        regions += [[t, f"{t}镇", "town", "", "", "", "", "", "", "", "", "", "", ""] for t in towns]
        orgs = [["id", "name", "kind", "stars", "weak"], ["O-C", "县委", "county_committee", "", ""]]
        orgs += [[f"O-{t}", f"{t}镇党委", "town_committee", "", ""] for t in towns]
        part_of = [["from", "to"]] + [[t, "R-C"] for t in towns]
        member = [["from", "to"]] + [[f"O-{t}", "O-C"] for t in towns]
        based = [["from", "to"]]
        for v in self.villages:
            lat = ORIGIN[0] + v.north / KM_PER_DEGREE
            lon = ORIGIN[1] + v.east / (KM_PER_DEGREE * math.cos(math.radians(ORIGIN[0])))
            regions.append([v.id, f"{v.id}村", "village", v.households, f"{lat:.6f}", f"{lon:.6f}",
                            v.income, v.industry, *v.scores, "true" if v.willing else "false"])
            orgs.append([f"O-{v.id}", f"{v.id}村党支部", "village_branch", v.stars,
                         "true" if v.weak else "false"])
            part_of.append([v.id, v.town])
            based.append([f"O-{v.id}", v.id])
            member.append([f"O-{v.id}", f"O-{v.town}"])
        leads = [["from", "to"]]
        for centre, members in self.joints:
            joint = f"O-J-{centre}"
            orgs.append([joint, f"{centre}联村党总支", "joint_village_branch", "", ""])
            leads.append([f"O-{centre}", joint])
            member += [[f"O-{m}", joint] for m in members]
        co = [["from", "to", "mode", "status"]] + [[f"O-{a}", f"O-{b}", "strong_weak", s]
                                                   for a, b, s in self.co_builds]
        for name, rows in (("nodes/Region", regions), ("nodes/OrgUnit", orgs),
                           ("rels/PART_OF", part_of), ("rels/MEMBER_OF", member),
                           ("rels/BASED_IN", based), ("rels/LEADS", leads),
                           ("rels/CO_BUILDS", co)):
            write_csv(path / f"{name}.csv", rows)
        return path


def km_between(a: V, b: V) -> float:
    return math.hypot(a.east - b.east, a.north - b.north)
