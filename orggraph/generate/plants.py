"""The planted gaps: a realistic minority of findings, the same in every generated county.

Everything else in a county is drawn to satisfy the coverage rules; the functions here pick, by
fixed positions, the few units that break one rule each, and a few that sit just inside a rule's
boundary (kept in the comments as "boundary"). tests/test_generate.py lists the demo's ids.
The pairing situations (a town without a five-star centre, a village 15+ km from its town's
centres) are drawn in regions.py; the chains' shapes (a leader at a line's end, a leader without
an organisation, no leader) in chains.py and _chains below.

  before(county)  after drawing towns, villages, enterprises and chains, before any organisation
  after(county)   once the organisation tree exists
"""
from __future__ import annotations

from typing import Callable

from .world import County, Enterprise, Town, Village


def _rural(county: County) -> list[Town]:
    return [t for t in county.towns if t.kind == "town"]


def _first(items, test: Callable, used: set[int]):
    for item in items:
        if id(item) not in used and test(item):
            used.add(id(item))
            return item
    return None


def before(county: County) -> None:
    _villages(county)
    _grids(county)
    _enterprises(county)
    _chains(county)


def _villages(county: County) -> None:
    """village_without_first_secretary: one per way of qualifying, plus a work team alone."""
    towns = _rural(county)
    used: set[int] = set()

    def pick(town_index: int, test: Callable[[Village], bool]) -> Village:
        """The first fitting village, searching the towns from town_index on."""
        for k in range(len(towns)):
            town = towns[(town_index + k) % len(towns)]
            v = _first(town.villages, lambda v: test(v) and not v.remote and v.stars < 5, used)
            if v is not None:
                return v
        raise AssertionError("no village fits a planted gap")

    pick(3, lambda v: v.stars == 2).station = "none"            # weak by stars
    flagged = pick(5, lambda v: v.stars == 3 and not v.tags)    # weak by the 软弱涣散 flag only
    flagged.weak, flagged.station = True, "none"
    poor = pick(7, lambda v: v.stars == 4)                      # 脱贫村 with four stars
    poor.tags = ["脱贫村"] + [t for t in poor.tags if t != "脱贫村"]
    poor.station = "none"
    moved = pick(2, lambda v: v.stars == 3 and not v.weak and not v.tags)   # relocation only
    moved.tags, moved.station = ["易地扶贫搬迁村"], "none"
    pick(8, lambda v: v.stars <= 1 or v.weak).station = "work_team_only"
    county.planted_village_branch = pick(8, lambda v: v.stars == 3 and not v.tags)  # no secretary


def _grids(county: County) -> None:
    streets = [t for t in county.towns if t.kind == "street"]
    seat = _rural(county)[0]
    urban = (streets[0] if streets else seat).communities   # a town scale has no street
    c1, c2, c3, c4 = (urban + urban)[:4]
    c1.grids[1].no_branch = True                       # grid_without_branch (compounds covered)
    seat.communities[0].grids[0].compounds[-1].no_org = True   # new compound, no organisation
    pilot = _rural(county)[min(county.rural_grid_pilot, len(_rural(county)) - 1)]
    pilot.villages[0].grids[-1].no_branch = True       # a rural grid without its group
    # grid_contact_gap: 25 households short; 1 short (boundary-near); none contacted at all.
    c2.grids[0].contact_short = 25
    pilot.villages[1].grids[0].contact_short = 1
    seat.communities[-1].grids[0].contact_short = seat.communities[-1].grids[0].households
    # community_committee_short_of_members: 2 part-time members; 3 is the boundary.
    c3.part_time = 2
    c4.part_time = 3


def _enterprises(county: County) -> None:
    general = [e for e in county.enterprises if not e.chains]
    used: set[int] = set()

    def firm(e: Enterprise) -> bool:
        return e.kind in ("private", "state_owned", "property_management")

    def pick(*tests: Callable[[Enterprise], bool]) -> Enterprise:
        """The first enterprise passing the first test that any passes (then any firm)."""
        for test in (*tests, firm, lambda e: True):
            e = _first(general, test, used)
            if e is not None:
                return e
        raise AssertionError("no enterprise left for a planted gap")

    def owns(e: Enterprise) -> bool:
        return e.party_members >= 3 and firm(e)

    a = pick(owns)                                             # enterprise_without_branch
    a.party_members, a.cover = 3, False
    b = pick(owns)                                             # ... counted from its workers
    b.party_members, b.show_party_members, b.cover = 4, False, False
    pick(owns).party_members = 3                               # boundary: 3, and a branch
    for n in (2, 1):                                           # enterprise_without_joint_branch
        e = pick(lambda e: e.party_members == n, lambda e: 1 <= e.party_members <= 2)
        e.party_members, e.cover = n, False
    for employees in (50, 180):                                # enterprise_without_instructor
        e = pick(lambda e: e.party_members == 0 and e.employees >= 50,
                 lambda e: e.party_members == 0 and firm(e))
        e.party_members, e.cover = 0, False
        e.employees = employees if employees == 50 else max(e.employees, employees)
    for _ in range(2):                                         # boundary: 0 members, an instructor
        e = pick(lambda e: e.party_members <= 2 and e.employees >= 60 and firm(e))
        e.party_members, e.employees = 0, max(e.employees, 60)
    e = pick(lambda e: e.party_members == 0 and 20 <= e.employees < 50 and firm(e),
             lambda e: e.party_members == 0 and firm(e))
    e.party_members, e.employees = 0, 49                       # boundary: 49 employees, no one
    e = pick(owns)                                             # org_without_parent
    e.party_members, e.orphan_branch = max(e.party_members, 3), True
    e = pick(lambda e: e.party_members >= 5 and firm(e))       # org_without_secretary
    e.party_members, e.branch_secretary = max(e.party_members, 5), "none"
    for _ in range(3):                                         # member_not_reported
        e = pick(lambda e: 3 <= e.party_members <= 20 and firm(e))
        e.party_members, e.unreported = max(e.party_members, 3), 1


def _chains(county: County) -> None:
    tea, nev, food, _herbs = county.chains
    for chain, positions in ((tea, (9, 11)), (nev, (2,))):   # chain_member_outside_alliance
        for i in positions:
            e = chain.members[i][0]
            e.party_members = max(e.party_members, 3)
            chain.outside.add(e.id)
    tea.members[0][0].party_members = 2     # boundary: in a joint branch that joined the alliance
    food.leader_org = False                 # chain_without_leader: the leader has no organisation
    food.leader.party_members = 0           # (a foreign firm with an instructor instead)


def after(county: County) -> None:
    """org_without_secretary and org_without_parent on region organisations."""
    county.planted_village_branch.branch.secretary = "none"
    streets = [t for t in county.towns if t.kind == "street"]
    c1 = (streets[0] if streets else _rural(county)[0]).communities[0]
    c1.grids[0].branch.secretary = "deputy_only"       # a deputy but no secretary
    c1.grids[1].compounds[0].org.parents.clear()       # a compound branch nobody took in
