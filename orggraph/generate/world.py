"""The objects one county is built from before it is written out.

They are small slotted records that live only while their county is generated, so memory stays
bounded by the largest county, not by the province. Flags named in plants.py mark the planted gaps.
"""
from __future__ import annotations

import random
from dataclasses import dataclass, field

from .. import notions
from .scales import Scale


@dataclass(slots=True, eq=False)
class Org:
    id: str
    name: str
    kind: str
    stars: int | None = None
    weak: bool | None = None
    founded: str | None = None
    parents: list[str] = field(default_factory=list)   # MEMBER_OF OrgUnit
    based: list[str] = field(default_factory=list)     # BASED_IN Region, Enterprise or chain
    secretary: str = "yes"          # yes | none | deputy_only (planted gaps)
    deputies: int = 0


@dataclass(slots=True, eq=False)
class Building:
    id: str
    name: str
    households: int
    group: Org | None = None


@dataclass(slots=True, eq=False)
class Compound:
    id: str
    name: str
    households: int
    buildings: list[Building] = field(default_factory=list)
    org: Org | None = None      # the organisation BASED_IN it (the grid branch, or its own)
    no_org: bool = False        # planted: a new compound nobody covers


@dataclass(slots=True, eq=False)
class Grid:
    id: str
    name: str
    households: int
    compounds: list[Compound] = field(default_factory=list)
    branch: Org | None = None
    no_branch: bool = False     # planted: grid_without_branch
    contact_short: int = 0      # planted: households left without a contact (grid_contact_gap)


@dataclass(slots=True, eq=False)
class Town:
    id: str
    name: str
    kind: str                   # town | street
    index: int
    lat: float
    lon: float
    code: str
    industries: tuple[str, ...] = ()
    villages: list["Village"] = field(default_factory=list)
    communities: list["Community"] = field(default_factory=list)
    committee: Org | None = None


@dataclass(slots=True, eq=False)
class Village:
    id: str
    name: str
    town: Town
    lat: float
    lon: float
    code: str
    households: int
    population: int
    stars: int
    weak: bool
    income: float = 0.0
    industry: str = ""
    scores: tuple[float, ...] = ()
    willing: bool = False
    tags: list[str] = field(default_factory=list)
    grids: list[Grid] = field(default_factory=list)
    branch: Org | None = None
    station: str = "auto"       # auto | none | work_team_only (planted first-secretary gaps)
    remote: bool = False        # planted: farther than 15 km from every centre of its town

    @property
    def needy(self) -> bool:
        """Must have a first secretary (003): weak, lifted out of poverty, or relocated."""
        return (notions.is_weak(self.weak, self.stars, notions.DEFAULTS) or "脱贫村" in self.tags
                or "易地扶贫搬迁村" in self.tags)


@dataclass(slots=True, eq=False)
class Community:
    id: str
    name: str
    town: Town
    lat: float
    lon: float
    code: str
    grids: list[Grid] = field(default_factory=list)
    committee: Org | None = None
    part_time: int | None = None    # part-time committee members; None draws 3-5

    @property
    def households(self) -> int:
        return sum(g.households for g in self.grids)


@dataclass(slots=True, eq=False)
class Enterprise:
    id: str
    name: str
    kind: str
    sector: str
    employees: int
    party_members: int          # the real number; workers are generated to match
    town: Town
    region_id: str              # LOCATED_IN
    show_party_members: bool = True     # planted: False leaves the property empty
    org: Org | None = None      # OrgUnit BASED_IN it (own branch or joint branch)
    cover: bool = True          # planted: False leaves it without the organisation it needs
    instructor: bool = False    # gets a stationed instructor
    orphan_branch: bool = False # planted: its branch has no parent
    branch_secretary: str = "yes"
    unreported: int = 0         # planted: in-service members who did not report (双报到)
    chains: list["Chain"] = field(default_factory=list)


@dataclass(slots=True, eq=False)
class Chain:
    id: str
    name: str
    sector: str
    shape: str                  # dense | line | hub | small
    leader: Enterprise | None = None
    members: list[tuple[Enterprise, str]] = field(default_factory=list)   # (enterprise, tier)
    supplies: list[tuple[Enterprise, Enterprise, float]] = field(default_factory=list)
    committee: Org | None = None
    outside: set[str] = field(default_factory=set)     # planted: members left out of the alliance
    leader_org: bool = True     # planted: False leaves the leader without an organisation


@dataclass(slots=True, eq=False)
class County:
    """One county being generated: its random stream, its output, and everything drawn so far."""
    rng: random.Random
    scale: Scale
    number: int                 # 1-based, the digits in every id
    name: str
    lat: float
    lon: float
    code: str                   # 6-digit
    id: str = ""
    towns: list[Town] = field(default_factory=list)
    enterprises: list[Enterprise] = field(default_factory=list)
    chains: list[Chain] = field(default_factory=list)
    agencies: list[tuple[Org, str]] = field(default_factory=list)   # (branch, specialty)
    committee: Org | None = None
    orgs: list[Org] = field(default_factory=list)
    # (from, to, mode, since) of CO_BUILDS, and (centre branch, joint branch) of LEADS
    co_builds: list[tuple[str, str, str, int]] = field(default_factory=list)
    org_leads: list[tuple[str, str]] = field(default_factory=list)
    rural_grid_pilot: int = 1   # index of the town whose villages are divided into grids
    planted_village_branch: Village | None = None   # see plants.py

    @property
    def short(self) -> str:
        """The county name without its suffix, as firms prefix it (青溪县 -> 青溪)."""
        return self.name[:-1]

    @property
    def villages(self) -> list[Village]:
        return [v for t in self.towns for v in t.villages]

    @property
    def communities(self) -> list[Community]:
        return [c for t in self.towns for c in t.communities]

    def org(self, org: Org) -> Org:
        self.orgs.append(org)
        return org
