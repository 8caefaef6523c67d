"""People: office holders, party members and stationed cadres, and whom they report to or contact.

Rows go straight to the county's buffer; a person is only an id and a few list entries here.
"""
from __future__ import annotations

from . import names
from .world import County, Grid, Org, Village

SPECIALTIES = ("party_affairs", "economy", "law", "agriculture", "technology")
COMPETENT = {"茶叶": "县农业农村局", "中药材": "县农业农村局", "汽车零部件": "县工业和信息化局",
             "食品加工": "县工业和信息化局"}
# Households one party member looks after at most (每名党员联系10-15户).
MAX_CONTACT = 15
ROTATION_YEARS = (2021, 2021, 2022, 2023, 2024, 2024)   # first secretaries rotate every 3 years


def wanted_specialty(v: Village) -> str:
    """Cadre matching (004): law to disorderly, party affairs to weak, economy to poor,
    technology to specialised and agriculture to industry villages."""
    if "信访重点村" in v.tags:
        return "law"
    if v.weak or v.stars <= 1:
        return "party_affairs"
    if "脱贫村" in v.tags or "易地扶贫搬迁村" in v.tags or v.income < 15:
        return "economy"
    if "专业村" in v.tags:
        return "technology"
    return "agriculture" if v.stars >= 3 else "party_affairs"


class People:
    def __init__(self, county: County, rows) -> None:
        self.county, self.rows, self.rng = county, rows, county.rng
        self.count = 0
        self.prefix = f"P-{county.number:02d}-"
        self.members: dict[str, list[str]] = {}      # org id -> its party members
        self.secretary: dict[str, str] = {}          # org id -> its secretary
        self.reporting: list[str] = []               # in-service members who report (双报到)
        self.staff: dict[str, list[str]] = {}        # agency branch id -> staff
        self.contacted: dict[str, int] = {}          # person id -> households looked after

    # -- primitives --------------------------------------------------------------------------
    def new(self, born: tuple[int, int, int], female: float, *, party: bool = True,
            service: bool = False, specialty: str | None = None, org: Org | str | None = None,
            report: bool = True) -> str:
        rng = self.rng
        self.count += 1
        pid = f"{self.prefix}{self.count:05d}"
        woman = rng.random() < female
        self.rows.add("Person", pid, name=names.person_name(rng, woman),
                      gender="女" if woman else "男", birth_year=int(rng.triangular(*born)),
                      party_member=party, in_service=service, specialty=specialty)
        if org is not None:
            oid = org if isinstance(org, str) else org.id
            self.rows.rel("MEMBER_OF", pid, oid)
            self.members.setdefault(oid, []).append(pid)
        if party and service and report:
            self.reporting.append(pid)
        return pid

    def lead(self, pid: str, org_id: str, role: str) -> None:
        self.rows.add("LEADS", pid, org_id, role=role)
        if role == "secretary":
            self.secretary[org_id] = pid

    def office(self, org: Org, pids: list[str]) -> None:
        """Secretary and deputies from the org's own members, unless a gap is planted."""
        if not pids:
            return
        if org.secretary == "yes":
            self.lead(pids[0], org.id, "secretary")
        elif org.secretary == "deputy_only":
            self.lead(pids[0], org.id, "deputy_secretary")
        for pid in pids[1:1 + org.deputies]:
            self.lead(pid, org.id, "deputy_secretary")

    def contacts(self, grid: Grid, pool: list[str], extra) -> None:
        """Members each look after 10-15 households until the grid is covered exactly (minus a
        planted shortfall); extra() makes one more member when the pool runs dry. Each takes a
        member of the pool who looks after no more than MAX_CONTACT households with it, if
        one is left; where none is (a village of few members and many households), the next
        member takes more (member_contact_overload)."""
        rng = self.rng
        left = grid.households - grid.contact_short
        pool = list(dict.fromkeys(pool))
        used: set[str] = set()
        i = 0
        while left > 0:
            h = min(left, rng.randint(10, 15))
            if i < len(pool):
                free = [p for p in pool if p not in used]
                pid = next((p for p in free if self.contacted.get(p, 0) + h <= MAX_CONTACT),
                           free[0])
            else:
                pid = extra()
            i += 1
            used.add(pid)
            self.contacted[pid] = self.contacted.get(pid, 0) + h
            self.rows.add("CONTACTS", pid, grid.id, households=h)
            left -= h

    # -- the county ----------------------------------------------------------------------------
    def build(self) -> None:
        self._agencies()
        self._territory()
        self._communities()
        self._enterprises()
        self._chains()
        self._cadres()
        self._report_and_contact()

    def _agencies(self) -> None:
        c, rng = self.county, self.rng
        for org, _ in c.agencies:
            staff = [self.new((1963, 1998, 1980), 0.4, service=True, org=org)
                     for _ in range(rng.randint(8, 16))]
            self.staff[org.id] = staff
            self.office(org, staff)
        office = c.agencies[0][0]                      # the county leaders sit in 县委办's branch
        leaders = [self.new((1962, 1980, 1970), 0.2, service=True, org=office)
                   for _ in range(1 + c.committee.deputies)]
        self.office(c.committee, leaders)

    def _territory(self) -> None:
        c, rng = self.county, self.rng
        joint_of = dict(c.org_leads)
        for town in c.towns:
            org = town.committee
            staff = [self.new((1965, 1996, 1978), 0.35, service=True, org=org)
                     for _ in range(1 + org.deputies + rng.randint(2, 4))]
            self.office(org, staff)
            for v in town.villages:
                self._village(v, joint_of)

    def _village(self, v: Village, joint_of: dict[str, str]) -> None:
        rng, org = self.rng, v.branch
        n = min(45, max(12, round(v.households * 0.05 + rng.gauss(0, 3))))
        pids = [self.new((1963, 1990, 1975), 0.2, org=org)]
        pids += [self.new((1940, 2002, 1965), 0.28, org=org) for _ in range(n - 1)]
        self.office(org, pids)
        if org.id in joint_of:
            self.lead(pids[0], joint_of[org.id], "secretary")
        offset = 0
        for k, g in enumerate(v.grids):
            if g.branch is not None:
                self.lead(pids[1 + k % (len(pids) - 1)], g.branch.id, "secretary")
            self.contacts(g, pids[offset:] + pids[:offset],
                          lambda: self.new((1945, 2000, 1965), 0.3, org=org))
            offset = (offset + 4) % len(pids)

    def _communities(self) -> None:
        c, rng = self.county, self.rng
        partners: dict[str, list[str]] = {}
        for a, b, mode, _ in c.co_builds:
            if mode == "agency_community":
                partners.setdefault(b, []).extend(self.staff[a])
        everyone = [pid for staff in self.staff.values() for pid in staff]
        for com in c.communities:
            org = com.committee
            staff = [self.new((1975, 1998, 1988), 0.7, service=True, org=org, report=False)
                     for _ in range(1 + org.deputies + rng.randint(1, 3))]
            self.office(org, staff)
            for pid in staff:
                self.rows.rel("REPORTS_TO", pid, com.id)
            wanted = com.part_time if com.part_time is not None else rng.randint(3, 5)
            near = partners.get(org.id, [])
            chosen = rng.sample(near, min(wanted, len(near)))
            chosen += rng.sample([p for p in everyone if p not in chosen], wanted - len(chosen))
            for pid in chosen:
                self.lead(pid, org.id, "part_time_member")
            for g in com.grids:
                orgs = [g.branch] if g.branch else []
                orgs += [k.org for k in g.compounds if k.org is not None and k.org is not g.branch]
                for o in orgs:
                    retirees = [self.new((1940, 1968, 1955), 0.55, org=o)
                                for _ in range(rng.randint(6, 14))]
                    self.office(o, retirees)
                for k in g.compounds:
                    for b in k.buildings:
                        if b.group is not None:
                            self.lead(rng.choice(self.members[k.org.id]), b.group.id, "secretary")

    def _enterprises(self) -> None:
        c = self.county
        villages = {v.id: v for v in c.villages}
        joint_led: set[str] = set()
        for e in c.enterprises:
            org = e.org
            home = org or (villages[e.region_id].branch if e.region_id in villages else None)
            service = e.kind not in ("cooperative", "collective")
            workers = []
            for i in range(e.party_members):
                pid = self.new((1963, 2000, 1982), 0.35, service=service, org=home,
                               report=i >= e.unreported)
                self.rows.rel("WORKS_AT", pid, e.id)
                workers.append(pid)
            if org is not None and org.kind == "enterprise_branch":
                self.office(org, workers)
            elif org is not None and org.id not in joint_led:
                joint_led.add(org.id)
                self.lead(workers[0], org.id, "secretary")
            if e.party_members == 0 and e.employees >= 30:       # the manager, not a member
                pid = self.new((1965, 1992, 1978), 0.25, party=False, service=True)
                self.rows.rel("WORKS_AT", pid, e.id)

    def _agency(self, name: str) -> Org:
        return next((o for o, _ in self.county.agencies if name[1:] in o.name),
                    self.county.agencies[0][0])

    def _chains(self) -> None:
        for chain in self.county.chains:
            org = chain.committee
            dept = self._agency(COMPETENT.get(chain.sector, "县工业和信息化局"))
            official = self.staff[dept.id][2]
            leader_org = chain.leader.org if chain.leader else None
            if leader_org is not None and leader_org.id in self.secretary:
                self.lead(self.secretary[leader_org.id], org.id, "secretary")
                self.lead(official, org.id, "deputy_secretary")
            else:                                # the competent department leads (主管部门引领)
                self.lead(official, org.id, "secretary")

    def _cadre(self, specialty: str) -> str:
        agencies = ([o for o, s in self.county.agencies if s == specialty]
                    or [self.county.agencies[0][0]])
        return self.new((1972, 1996, 1986), 0.3, service=True, specialty=specialty,
                        org=self.rng.choice(agencies))

    def _station(self, pid: str, target: str, role: str, since: int) -> None:
        self.rows.add("STATIONED_IN", pid, target, role=role, since=since)

    def _cadres(self) -> None:
        c, rng = self.county, self.rng
        for v in c.villages:
            if v.station == "none":
                continue
            since = rng.choice(ROTATION_YEARS)
            team = 0
            if v.station == "work_team_only":
                team = 2
            elif v.needy or rng.random() < 0.05:
                matched = wanted_specialty(v)
                spec = matched if rng.random() < 0.8 else rng.choice(SPECIALTIES)
                self._station(self._cadre(spec), v.id, "first_secretary", since)
                team = 2 if (v.weak or "脱贫村" in v.tags or "易地扶贫搬迁村" in v.tags) else 0
            for _ in range(team):
                self._station(self._cadre(rng.choice(SPECIALTIES)), v.id, "work_team", since)
        targets = [e for e in c.enterprises if e.instructor]
        for chain in c.chains:                   # the leader's organisation gets its own one
            if chain.leader is not None and not chain.leader.instructor:
                pid = self._cadre("party_affairs")
                self._station(pid, chain.leader.id, "instructor", rng.randint(2021, 2024))
        i = 0
        while i < len(targets):
            group = targets[i:i + rng.randint(1, 3)]
            i += len(group)
            pid = self._cadre(rng.choice(("party_affairs", "economy")))
            for e in group:
                self._station(pid, e.id, "instructor", rng.randint(2019, 2024))
        for k in range(c.scale.spare_cadres):    # not yet stationed: for cadre matching
            self._cadre(SPECIALTIES[k % len(SPECIALTIES)])

    def _report_and_contact(self) -> None:
        c, rng = self.county, self.rng
        places = [(k.id, g.id) for com in c.communities for g in com.grids for k in g.compounds]
        by_grid: dict[str, list[str]] = {}
        by_community: dict[str, list[str]] = {}
        for pid in self.reporting:
            if rng.random() < 0.7:
                kid, gid = rng.choice(places)
                self.rows.rel("REPORTS_TO", pid, kid)
                by_grid.setdefault(gid, []).append(pid)
            else:
                com = rng.choice(c.communities)
                self.rows.rel("REPORTS_TO", pid, com.id)
                by_community.setdefault(com.id, []).append(pid)
        for com in c.communities:
            for g in com.grids:
                home = g.branch or com.committee
                pool = list(self.members.get(home.id, [])) if g.branch else []
                for k in g.compounds:
                    if k.org is not None and k.org is not g.branch:
                        pool += self.members.get(k.org.id, [])
                pool += by_grid.get(g.id, []) + by_community.get(com.id, [])[:10]
                self.contacts(g, pool, lambda h=home: self.new((1940, 1968, 1955), 0.55, org=h))


def build(county: County, rows) -> None:
    People(county, rows).build()
