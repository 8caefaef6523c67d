"""The organisation tree on the territory: county → town/street → village / community → grid.

Also the joint-village branches (联村党总支), strong-leads-weak pairs and agency–community pairs.
Enterprise and chain organisations are made in enterprises.py and chains.py.
"""
from __future__ import annotations

from .. import notions
from . import names
from .enterprises import founded
from .geography import distance_km
from .world import County, Org, Town

JOINT_TOWNS = (0, 2, 6, 9)      # towns that already run a joint-village branch


def build(county: County) -> None:
    rng = county.rng
    n = county.number
    county.committee = county.org(Org(f"O-{n:02d}", f"中共{county.name}委员会", "county_committee",
                                      founded="1949-11-20", based=[county.id], deputies=3))
    for k, (agency, specialty) in enumerate(names.AGENCIES[:county.scale.agencies], start=1):
        org = county.org(Org(f"O-{n:02d}A{k:02d}", f"{county.name}{agency[1:]}党支部",
                             "agency_branch", stars=rng.choices((3, 4, 5), weights=(45, 40, 15))[0],
                             weak=False, founded=founded(rng, 1978, 2015),
                             parents=[county.committee.id], based=[county.id], deputies=1))
        county.agencies.append((org, specialty))
    for town in county.towns:
        _town(county, town)
    for town in county.towns:
        if town.kind == "town":
            if town.index in JOINT_TOWNS:
                _joint(county, town)
            _strong_weak(county, town)
    _agency_community(county)


def _town(county: County, town: Town) -> None:
    rng = county.rng
    if town.kind == "street":
        name, kind = f"中共{county.name}{town.name}工作委员会", "street_committee"
    else:
        name, kind = f"中共{town.name}委员会", "town_committee"
    town.committee = county.org(Org("O" + town.id[1:], name, kind, founded=founded(rng, 1950, 2005),
                                    parents=[county.committee.id], based=[town.id], deputies=2))
    tc = town.committee.id
    for v in town.villages:
        v.branch = county.org(Org("O" + v.id[1:], f"{v.name}党支部", "village_branch", stars=v.stars,
                                  weak=v.weak, founded=founded(rng, 1950, 1998), parents=[tc],
                                  based=[v.id], deputies=1 if rng.random() < 0.6 else 0))
        for g in v.grids:
            if not g.no_branch:
                g.branch = county.org(Org("O" + g.id[1:], f"{g.name}党小组", "grid_branch",
                                          founded=founded(rng, 2017, 2023), parents=[v.branch.id],
                                          based=[g.id]))
    for c in town.communities:
        c.committee = county.org(Org("O" + c.id[1:], f"{c.name}党委", "community_committee",
                                     stars=rng.choices((2, 3, 4, 5), weights=(10, 35, 40, 15))[0],
                                     weak=False, founded=founded(rng, 1985, 2015), parents=[tc],
                                     based=[c.id], deputies=1))
        for g in c.grids:
            if not g.no_branch:
                g.branch = county.org(Org("O" + g.id[1:], f"{g.name}党支部", "grid_branch",
                                          founded=founded(rng, 2016, 2023),
                                          parents=[c.committee.id], based=[g.id]))
            for k in g.compounds:
                if k.no_org:
                    continue
                if g.branch is not None:
                    k.org = g.branch                     # the grid (compound) branch covers it
                    g.branch.based.append(k.id)
                else:                                    # the compound has a branch of its own
                    k.org = county.org(Org("O" + k.id[1:], f"{k.name}党支部", "grid_branch",
                                           founded=founded(rng, 2016, 2023),
                                           parents=[c.committee.id], based=[k.id]))
                for b in k.buildings:
                    if rng.random() < 0.55:
                        b.group = county.org(Org("O" + b.id[1:], f"{b.name}党小组",
                                                 "building_group",
                                                 founded=founded(rng, 2018, 2024),
                                                 parents=[k.org.id], based=[b.id]))


def _joint(county: County, town: Town) -> None:
    """A centre village leads 2-4 near weak or willing villages in a joint-village branch."""
    rng = county.rng
    centres = sorted((v for v in town.villages if v.stars == 5), key=lambda v: -sum(v.scores))
    if not centres:
        return
    centre = centres[0]
    candidates = [v for v in town.villages
                  if v.stars < 5 and not v.remote and (notions.is_weak(v.weak, v.stars, notions.DEFAULTS) or v.willing)]
    candidates.sort(key=lambda v: distance_km((v.lat, v.lon), (centre.lat, centre.lon)))
    partners = candidates[:rng.randint(2, 4)]
    if len(partners) < 2:
        return
    joint = county.org(Org(f"O{town.id[1:]}J1", f"{centre.name}联村党总支", "joint_village_branch",
                           founded=founded(rng, 2021, 2024), parents=[town.committee.id],
                           based=[centre.id]))
    county.org_leads.append((centre.branch.id, joint.id))
    for v in partners:
        v.branch.parents.append(joint.id)


def _strong_weak(county: County, town: Town) -> None:
    """Older one-to-one pairs: a four- or five-star village supports a weak one nearby."""
    rng = county.rng
    strong = [v for v in town.villages if v.stars >= 4]
    weak = [v for v in town.villages if notions.is_weak(v.weak, v.stars, notions.DEFAULTS) and not v.remote
            and len(v.branch.parents) == 1]
    for _ in range(rng.choice((1, 1, 2, 2, 3))):
        if not strong or not weak:
            return
        s = rng.choice(strong)
        w = min(weak, key=lambda v: distance_km((v.lat, v.lon), (s.lat, s.lon)))
        weak.remove(w)
        county.co_builds.append((s.branch.id, w.branch.id, "strong_weak", rng.randint(2019, 2024)))


def _agency_community(county: County) -> None:
    rng = county.rng
    for c in county.communities:
        for org, _ in rng.sample(county.agencies, rng.randint(1, 2)):
            county.co_builds.append((org.id, c.committee.id, "agency_community",
                                     rng.randint(2018, 2024)))


def emit(county: County, rows) -> None:
    add, rel = rows.add, rows.rel
    for o in county.orgs:
        add("OrgUnit", o.id, name=o.name, kind=o.kind, stars=o.stars, weak=o.weak,
            founded=o.founded)
    for o in county.orgs:
        for p in o.parents:
            rel("MEMBER_OF", o.id, p)
        for b in o.based:
            rel("BASED_IN", o.id, b)
    for a, b in county.org_leads:
        rel("LEADS", a, b)
    for a, b, mode, since in county.co_builds:
        add("CO_BUILDS", a, b, mode=mode, since=since, status="active")
