"""Coverage rules: each finds exactly its cases on a graph built to test it, on both stores.

Every test seeds a small county (county → town 青山镇 and street 城关街道, each with its committee,
and one village 东岭村 with a four-star branch), adds the cases of one rule, and checks which ids
that rule reports — the boundary values on both sides.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re

import openpyxl
import pytest

from orggraph import queries, vocabulary
from orggraph.analyses import coverage
from orggraph.analyses.places import Places
from orggraph.load.load import load_bundle
from orggraph.notions import VillageSettings
from orggraph.store import open_store
from support.bundles import write_bundle
from support.cli import run

BASE_NODES = [
    ("Region", {"id": "R-C", "name": "清溪县", "kind": "county"}),
    ("Region", {"id": "R-T1", "name": "青山镇", "kind": "town"}),
    ("Region", {"id": "R-S2", "name": "城关街道", "kind": "street"}),
    ("Region", {"id": "R-V1", "name": "东岭村", "kind": "village"}),
    ("OrgUnit", {"id": "O-C", "name": "中共清溪县委员会", "kind": "county_committee"}),
    ("OrgUnit", {"id": "O-T1", "name": "中共青山镇委员会", "kind": "town_committee"}),
    ("OrgUnit", {"id": "O-S2", "name": "城关街道党工委", "kind": "street_committee"}),
    ("OrgUnit", {"id": "O-V1", "name": "东岭村党支部", "kind": "village_branch", "stars": 4}),
    ("Person", {"id": "P-SC", "name": "王书记", "party_member": True}),
]
BASE_RELS = [
    ("PART_OF", "R-T1", "R-C"), ("PART_OF", "R-S2", "R-C"), ("PART_OF", "R-V1", "R-T1"),
    ("BASED_IN", "O-C", "R-C"), ("BASED_IN", "O-T1", "R-T1"), ("BASED_IN", "O-S2", "R-S2"),
    ("BASED_IN", "O-V1", "R-V1"),
    ("MEMBER_OF", "O-T1", "O-C"), ("MEMBER_OF", "O-S2", "O-C"), ("MEMBER_OF", "O-V1", "O-T1"),
] + [("LEADS", "P-SC", org, {"role": "secretary"}) for org in ("O-C", "O-T1", "O-S2", "O-V1")]


def seed(store, tmp_path, nodes=(), rels=()):
    load_bundle(store, write_bundle(tmp_path / "bundle", BASE_NODES + list(nodes),
                                    BASE_RELS + list(rels)))


_COVERAGE_FIELDS = {f.name for f in dataclasses.fields(coverage.CoverageSettings)}


def found(store, rule_id, as_of=None, **settings) -> dict[str, dict]:
    """Findings by id; settings go to [coverage] or [villages] by name."""
    findings = coverage.find_gaps(
        store, [rule_id], as_of=as_of,
        settings=coverage.CoverageSettings(**{k: v for k, v in settings.items()
                                              if k in _COVERAGE_FIELDS}),
        villages=VillageSettings(**{k: v for k, v in settings.items()
                                    if k not in _COVERAGE_FIELDS}))
    assert all(f["rule"] == rule_id for f in findings)
    return {f["id"]: f for f in findings}


def enterprise(eid, **props):
    return ("Enterprise", {"id": eid, "name": f"企业{eid}", "kind": "private", **props})


def workers(eid, count, party=True):
    people = [("Person", {"id": f"P-{eid}-{i}", "name": f"职工{i}", "party_member": party})
              for i in range(count)]
    return people, [("WORKS_AT", person["id"], eid) for _, person in people]


# --- the cases of each rule; the combined test at the end loads them all together ------------

def enterprise_cases():
    nodes = [
        enterprise("E-M3", party_members=3, employees=20),    # 3 members, no branch: own branch due
        enterprise("E-M2", party_members=2, employees=20),    # 2: a joint branch is due instead
        enterprise("E-M1", party_members=1),
        enterprise("E-M0", party_members=0, employees=50),    # none, 50 employees: instructor due
        enterprise("E-M0S", party_members=0, employees=49),   # 49: nothing due
        enterprise("E-M5B", party_members=5, employees=200),  # has its own branch
        enterprise("E-J2", party_members=2),                  # in a joint branch
        enterprise("E-J3", party_members=3),                  # 3 members, only a joint branch
        enterprise("E-W3", employees=10),                     # no property; 3 members work there
        enterprise("E-W2"),                                   # 2 party members and 1 who is not
        enterprise("E-P0", party_members=0, employees=80),    # the property wins over 3 workers
        enterprise("E-I", party_members=0, employees=90),     # has an instructor
        enterprise("E-IP", party_members=0, employees=90),    # a proposed instructor
        enterprise("E-WT", party_members=0, employees=90),    # only a work team: still a gap
        enterprise("E-ST", party_members=0, employees=300),   # in the street
        ("OrgUnit", {"id": "O-E5", "name": "E5党支部", "kind": "enterprise_branch"}),
        ("OrgUnit", {"id": "O-J", "name": "联合党支部", "kind": "joint_branch"}),
        ("Person", {"id": "P-INS", "name": "指导员甲"}),
    ]
    rels = [("LOCATED_IN", props["id"], "R-S2" if props["id"] == "E-ST" else "R-V1")
            for label, props in nodes if label == "Enterprise"]
    rels += [("BASED_IN", "O-E5", "E-M5B"), ("BASED_IN", "O-J", "E-J2"), ("BASED_IN", "O-J", "E-J3"),
             ("MEMBER_OF", "O-E5", "O-T1"), ("MEMBER_OF", "O-J", "O-T1"),
             ("LEADS", "P-SC", "O-E5", {"role": "secretary"}),
             ("LEADS", "P-SC", "O-J", {"role": "secretary"}),
             ("STATIONED_IN", "P-INS", "E-I", {"role": "instructor"}),
             ("STATIONED_IN", "P-INS", "E-IP", {"role": "instructor", "status": "proposed"}),
             ("STATIONED_IN", "P-INS", "E-WT", {"role": "work_team"})]
    for eid, count, party in (("E-W3", 3, True), ("E-W2", 2, True), ("E-P0", 3, True),
                              ("E-W2", 1, False)):
        people, works = workers(f"{eid}{'n' if not party else ''}", count, party)
        nodes += people
        rels += [(t, a, eid) for t, a, _ in works]
    return nodes, rels


def test_enterprise_without_branch_from_three_members(store, tmp_path):
    seed(store, tmp_path, *enterprise_cases())
    gaps = found(store, "enterprise_without_branch")
    # Party Constitution art. 30: from three members its own branch; a joint branch is not one.
    assert set(gaps) == {"E-M3", "E-W3", "E-J3"}
    assert gaps["E-J3"]["in_joint_branch"] is True and gaps["E-M3"]["in_joint_branch"] is False
    assert gaps["E-M3"]["party_members"] == 3 and gaps["E-M3"]["counted_from"] == "party_members"
    assert gaps["E-W3"]["party_members"] == 3 and gaps["E-W3"]["counted_from"] == "WORKS_AT"
    assert gaps["E-M3"]["town"] == "青山镇" and gaps["E-M3"]["responsible_id"] == "O-T1"
    assert gaps["E-M3"]["label"] == "Enterprise" and gaps["E-M3"]["name"] == "企业E-M3"
    assert set(found(store, "enterprise_without_branch", min_members_for_branch=2)) == {
        "E-M3", "E-M2", "E-W3", "E-W2", "E-J2", "E-J3"}


def test_enterprise_without_joint_branch_for_one_or_two_members(store, tmp_path):
    seed(store, tmp_path, *enterprise_cases())
    gaps = found(store, "enterprise_without_joint_branch")
    assert set(gaps) == {"E-M2", "E-M1", "E-W2"}  # E-J2 is in a joint branch; E-M3 has three
    assert gaps["E-W2"]["party_members"] == 2  # the worker who is no party member is not counted
    # where the number comes from: the ledger's recorded number, else the party members at work
    assert gaps["E-W2"]["counted_from"] == "WORKS_AT"
    assert gaps["E-M2"]["counted_from"] == "party_members"
    assert set(found(store, "enterprise_without_joint_branch", min_members_for_branch=4)) == {
        "E-M3", "E-M2", "E-M1", "E-W3", "E-W2"}  # E-J3 is in a joint branch


def test_enterprise_without_instructor_from_fifty_employees(store, tmp_path):
    seed(store, tmp_path, *enterprise_cases())
    gaps = found(store, "enterprise_without_instructor")
    # E-M0S has 49 employees, E-I an instructor, E-IP a proposed one; E-WT only a work team.
    assert set(gaps) == {"E-M0", "E-P0", "E-WT", "E-ST"}
    assert gaps["E-M0"]["employees"] == 50
    assert gaps["E-ST"]["town"] == "城关街道" and gaps["E-ST"]["responsible_id"] == "O-S2"
    assert set(found(store, "enterprise_without_instructor", min_employees_for_instructor=85)) == {
        "E-WT", "E-ST"}


def test_an_enterprise_without_a_recorded_number_counts_its_party_member_workers(store, tmp_path):
    # no party_members property: the party members working there (WORKS_AT) are counted
    nodes = [enterprise("E-WP", employees=60), enterprise("E-WN", employees=60)]
    rels = [("LOCATED_IN", "E-WP", "R-V1"), ("LOCATED_IN", "E-WN", "R-V1")]
    for eid, party in (("E-WP", True), ("E-WN", False)):
        people, works = workers(eid, 1, party)
        nodes += people
        rels += works
    seed(store, tmp_path, nodes, rels)
    gaps = found(store, "enterprise_without_instructor")
    assert set(gaps) == {"E-WN"}              # E-WP has a party member: no instructor due
    assert gaps["E-WN"]["party_members"] == 0 and gaps["E-WN"]["counted_from"] == "WORKS_AT"


def grid_cases():
    nodes = [
        ("Region", {"id": "R-G1", "name": "一网格", "kind": "grid", "households": 50}),
        ("Region", {"id": "R-G2", "name": "二网格", "kind": "grid", "households": 50}),
        ("Region", {"id": "R-G3", "name": "三网格", "kind": "grid", "households": 50}),
        ("Region", {"id": "R-G4", "name": "四网格", "kind": "grid"}),
        ("Region", {"id": "R-M1", "name": "幸福社区", "kind": "community", "households": 900}),
        ("Region", {"id": "R-K1", "name": "锦绣小区", "kind": "compound", "households": 300}),
        ("Region", {"id": "R-K2", "name": "阳光小区", "kind": "compound", "households": 200}),
        ("OrgUnit", {"id": "O-G2", "name": "二网格党支部", "kind": "grid_branch"}),
        ("OrgUnit", {"id": "O-K2", "name": "阳光小区党支部", "kind": "grid_branch"}),
        ("OrgUnit", {"id": "O-M1", "name": "幸福社区党委", "kind": "community_committee"}),
        ("Person", {"id": "P-C1", "name": "联系人甲", "party_member": True}),
        ("Person", {"id": "P-C2", "name": "联系人乙", "party_member": True}),
    ]
    rels = [("PART_OF", g, "R-V1") for g in ("R-G1", "R-G2", "R-G3", "R-G4")]
    rels += [("PART_OF", "R-M1", "R-S2"), ("PART_OF", "R-K1", "R-M1"), ("PART_OF", "R-K2", "R-M1"),
             ("BASED_IN", "O-G2", "R-G2"), ("BASED_IN", "O-K2", "R-K2"),
             ("BASED_IN", "O-M1", "R-M1"),
             ("MEMBER_OF", "O-G2", "O-V1"), ("MEMBER_OF", "O-K2", "O-M1"),
             ("MEMBER_OF", "O-M1", "O-S2"),
             # R-G1: 30 + 20 = 50 households looked after, exactly its 50: no gap.
             ("CONTACTS", "P-C1", "R-G1", {"households": 30}),
             ("CONTACTS", "P-C2", "R-G1", {"households": 20}),
             # R-G2: 49 of 50. R-G3: none. R-G4: households unknown. R-K1: not a grid.
             ("CONTACTS", "P-C1", "R-G2", {"households": 49})]
    return nodes, rels


def test_grid_without_branch_covers_grids_and_compounds(store, tmp_path):
    seed(store, tmp_path, *grid_cases())
    gaps = found(store, "grid_without_branch")
    assert set(gaps) == {"R-G1", "R-G3", "R-G4", "R-K1"}  # not R-G2, R-K2 nor the community
    assert gaps["R-G1"]["responsible_id"] == "O-V1" and gaps["R-G1"]["town"] == "青山镇"
    assert gaps["R-K1"]["responsible_id"] == "O-M1" and gaps["R-K1"]["town"] == "城关街道"
    assert gaps["R-K1"]["kind"] == "compound"


def test_grid_contact_gap_when_households_exceed_contacts(store, tmp_path):
    seed(store, tmp_path, *grid_cases())
    gaps = found(store, "grid_contact_gap")
    assert set(gaps) == {"R-G2", "R-G3"}  # R-G1 is exactly covered; R-G4 has no households
    assert (gaps["R-G2"]["contacted"], gaps["R-G2"]["gap"], gaps["R-G2"]["contacts"]) == (49, 1, 1)
    assert (gaps["R-G3"]["contacted"], gaps["R-G3"]["gap"]) == (0, 50)
    assert gaps["R-G2"]["responsible_id"] == "O-G2"  # the grid's own branch must act
    assert gaps["R-G3"]["responsible_id"] == "O-V1"  # no branch: the village's


def village(vid, stars=None, weak=None, tags=None):
    branch = {"id": f"O-{vid}", "name": f"{vid}党支部", "kind": "village_branch"}
    branch.update({k: v for k, v in (("stars", stars), ("weak", weak)) if v is not None})
    region = {"id": f"R-{vid}", "name": f"{vid}村", "kind": "village"}
    if tags:
        region["tags"] = tags
    nodes = [("Region", region), ("OrgUnit", branch)]
    rels = [("PART_OF", region["id"], "R-T1"), ("BASED_IN", branch["id"], region["id"]),
            ("MEMBER_OF", branch["id"], "O-T1"),
            ("LEADS", "P-SC", branch["id"], {"role": "secretary"})]
    return nodes, rels


def villages(*specs, extra_nodes=(), extra_rels=()):
    nodes, rels = list(extra_nodes), list(extra_rels)
    for spec in specs:
        more_nodes, more_rels = village(*spec[:1], **spec[1])
        nodes += more_nodes
        rels += more_rels
    return nodes, rels


def first_secretary_cases():
    cadre = ("Person", {"id": "P-FS", "name": "第一书记甲", "party_member": True})
    return villages(
        ("FLAG", {"stars": 4, "weak": True}),      # flagged 软弱涣散
        ("STAR2", {"stars": 2}), ("STAR3", {"stars": 3}),
        ("TP", {"stars": 5, "tags": ["脱贫村"]}), ("YD", {"stars": 4, "tags": ["易地扶贫搬迁村"]}),
        ("ZY", {"stars": 4, "tags": ["专业村"]}),
        ("HAS", {"stars": 1}), ("PROP", {"stars": 1}), ("TEAM", {"stars": 1}),
        ("OLD", {"stars": 1}), ("LONG", {"stars": 1}),
        extra_nodes=[cadre],
        extra_rels=[("STATIONED_IN", "P-FS", "R-HAS", {"role": "first_secretary"}),
                    # since 2019, two-year term: in office 2019-2020, then 期满
                    ("STATIONED_IN", "P-FS", "R-OLD", {"role": "first_secretary", "since": 2019}),
                    # since 2019 until 2030: in office 2019-2030
                    ("STATIONED_IN", "P-FS", "R-LONG", {"role": "first_secretary",
                                                        "since": 2019, "until": 2030}),
                    ("STATIONED_IN", "P-FS", "R-PROP", {"role": "first_secretary",
                                                        "status": "proposed"}),
                    ("STATIONED_IN", "P-FS", "R-TEAM", {"role": "work_team"})])


def test_village_without_first_secretary(store, tmp_path):
    seed(store, tmp_path, *first_secretary_cases())
    gaps = found(store, "village_without_first_secretary", as_of=dt.date(2025, 6, 30))
    # HAS has one in office (no since: no known end), PROP a proposed one, LONG until 2030;
    # OLD's term ran out in 2020 (seed 004: 期满调整更换).
    assert set(gaps) == {"R-FLAG", "R-STAR2", "R-TP", "R-YD", "R-TEAM", "R-OLD"}
    assert gaps["R-FLAG"]["weak"] is True and gaps["R-TP"]["weak"] is False
    assert gaps["R-TP"]["tags"] == ["脱贫村"] and gaps["R-STAR2"]["stars"] == 2
    assert gaps["R-STAR2"]["responsible_id"] == "O-T1" and gaps["R-STAR2"]["town"] == "青山镇"
    assert gaps["R-FLAG"]["reason"] == "no_first_secretary"
    assert (gaps["R-OLD"]["reason"], gaps["R-OLD"]["last_since"],
            gaps["R-OLD"]["last_until"]) == ("term_ended", 2019, 2020)
    # People read the reasons in words (vocabulary.py); JSON keeps the codes.
    assert {vocabulary.code_zh("reason", g["reason"]) for g in gaps.values()} == {
        "未选派驻村第一书记", "第一书记任期届满，未调整更换"}
    assert gaps["R-OLD"]["as_of"] == "2025-06-30"
    assert set(found(store, "village_without_first_secretary", as_of=dt.date(2025, 6, 30),
                     weak_max_stars=3, first_secretary_tags=["专业村"])) == {
        "R-FLAG", "R-STAR2", "R-STAR3", "R-ZY", "R-TEAM", "R-OLD"}
    # In 2020 OLD's first secretary was in office; with seven-year terms he still is in 2025.
    assert "R-OLD" not in found(store, "village_without_first_secretary", as_of=dt.date(2020, 1, 1))
    assert "R-OLD" not in found(store, "village_without_first_secretary",
                                as_of=dt.date(2025, 6, 30), term_years=7)
    # Before 2019 nobody had been stationed in OLD or LONG: no first secretary at all.
    early = found(store, "village_without_first_secretary", as_of=dt.date(2018, 6, 30))
    assert early["R-OLD"]["reason"] == early["R-LONG"]["reason"] == "no_first_secretary"
    assert "R-LONG" not in found(store, "village_without_first_secretary",
                                 as_of=dt.date(2030, 12, 31))
    assert "R-LONG" in found(store, "village_without_first_secretary", as_of=dt.date(2031, 1, 1))


def pairing_cases():
    joint = ("OrgUnit", {"id": "O-LC", "name": "联村党总支", "kind": "joint_village_branch"})
    return villages(
        ("A", {"stars": 1}), ("IN", {"stars": 2}), ("OUT", {"weak": True, "stars": 4}),
        ("JOIN", {"stars": 0}), ("THREE", {"stars": 3}), ("TWO", {"stars": 2}),
        ("WEAK5", {"stars": 5, "weak": True}), ("STRONG", {"stars": 5}),
        ("VE", {"stars": 1}),
        extra_nodes=[joint, ("OrgUnit", {"id": "O-EVE", "name": "企业党支部",
                                         "kind": "enterprise_branch"})],
        extra_rels=[("CO_BUILDS", "O-STRONG", "O-IN", {"mode": "strong_weak", "since": 2023}),
                    # 村企共建 is no 跨村联建: VE stays unpaired
                    ("CO_BUILDS", "O-EVE", "O-VE", {"mode": "village_enterprise", "since": 2023}),
                    ("MEMBER_OF", "O-EVE", "O-T1"), ("LEADS", "P-SC", "O-EVE", {"role": "secretary"}),
                    ("CO_BUILDS", "O-OUT", "O-STRONG", {"mode": "alliance", "status": "proposed"}),
                    ("MEMBER_OF", "O-LC", "O-T1"), ("MEMBER_OF", "O-JOIN", "O-LC"),
                    ("LEADS", "P-SC", "O-LC", {"role": "secretary"})])


def test_weak_village_unpaired(store, tmp_path):
    seed(store, tmp_path, *pairing_cases())
    gaps = found(store, "weak_village_unpaired")
    # IN is supported, OUT supports (a proposed pair), JOIN is in a joint-village branch,
    # THREE has three stars, STRONG five; VE's only link is with an enterprise (村企共建).
    assert set(gaps) == {"R-A", "R-TWO", "R-WEAK5", "R-VE"}
    assert gaps["R-A"]["branch"] == ["O-A"] and gaps["R-A"]["responsible_id"] == "O-T1"
    assert set(found(store, "weak_village_unpaired", weak_max_stars=3)) == {
        "R-A", "R-TWO", "R-WEAK5", "R-THREE", "R-VE"}


def test_a_proposed_pair_closes_the_pairing_gap(store, tmp_path):
    seed(store, tmp_path, *pairing_cases())
    # What `orggraph pair --apply` writes: a proposed strong_weak pair between the branches.
    store.query("MATCH (a:OrgUnit {id: $a}), (b:OrgUnit {id: $b}) "
                "CREATE (a)-[:CO_BUILDS {mode: 'strong_weak', status: 'proposed'}]->(b)",
                {"a": "O-STRONG", "b": "O-A"}, write=True)
    assert set(found(store, "weak_village_unpaired")) == {"R-TWO", "R-WEAK5", "R-VE"}


def org_cases():
    def org(oid, kind="village_branch", **props):
        return ("OrgUnit", {"id": oid, "name": f"组织{oid}", "kind": kind, **props})
    nodes = [org("O-NOSEC"), org("O-DEPUTY"), org("O-PART"), org("O-ORPHAN"),
             org("O-TOWN3", "town_committee"), org("O-C2", "county_committee"),
             # Party groups have a group leader, not a secretary: a building group and the
             # group of a rural grid (网格党小组). An urban grid's branch needs a secretary.
             org("O-BG", "building_group"), org("O-RG", "grid_branch"), org("O-UG", "grid_branch"),
             ("Region", {"id": "R-GV", "name": "一组网格", "kind": "grid"}),
             ("Region", {"id": "R-MG", "name": "东门社区", "kind": "community"}),
             ("Region", {"id": "R-GU", "name": "东门一网格", "kind": "grid"}),
             ("Region", {"id": "R-T3", "name": "白水镇", "kind": "town"}),
             ("Person", {"id": "P-D", "name": "副书记甲", "party_member": True})]
    rels = [("MEMBER_OF", o, "O-T1") for o in ("O-NOSEC", "O-DEPUTY", "O-PART")]
    rels += [("PART_OF", "R-GV", "R-V1"), ("PART_OF", "R-MG", "R-S2"), ("PART_OF", "R-GU", "R-MG"),
             ("BASED_IN", "O-RG", "R-GV"), ("BASED_IN", "O-UG", "R-GU"),
             ("MEMBER_OF", "O-RG", "O-V1"), ("MEMBER_OF", "O-BG", "O-V1"),
             ("MEMBER_OF", "O-UG", "O-S2")]
    rels += [("BASED_IN", o, "R-V1") for o in ("O-NOSEC", "O-DEPUTY", "O-PART", "O-ORPHAN")]
    rels += [("PART_OF", "R-T3", "R-C"), ("BASED_IN", "O-TOWN3", "R-T3"),
             ("LEADS", "P-D", "O-DEPUTY", {"role": "deputy_secretary"}),
             ("LEADS", "P-D", "O-PART", {"role": "part_time_member"})]
    rels += [("LEADS", "P-SC", o, {"role": "secretary"}) for o in ("O-ORPHAN", "O-TOWN3", "O-C2")]
    return nodes, rels


def test_org_without_secretary(store, tmp_path):
    seed(store, tmp_path, *org_cases())
    gaps = found(store, "org_without_secretary")
    assert set(gaps) == {"O-NOSEC", "O-DEPUTY", "O-PART", "O-UG"}  # not the groups O-BG, O-RG
    assert gaps["O-DEPUTY"]["deputies"] == 1 and gaps["O-NOSEC"]["deputies"] == 0
    assert gaps["O-NOSEC"]["responsible_id"] == "O-T1" and gaps["O-NOSEC"]["town"] == "青山镇"


def test_org_without_parent(store, tmp_path):
    seed(store, tmp_path, *org_cases())
    gaps = found(store, "org_without_parent")
    # County committees (O-C, O-C2) have no parent by design.
    assert set(gaps) == {"O-ORPHAN", "O-TOWN3"}
    assert gaps["O-ORPHAN"]["responsible_id"] == "O-T1"  # the committee of its town
    assert gaps["O-TOWN3"]["responsible_id"] == "O-C"  # a town committee's: the county's
    assert gaps["O-TOWN3"]["town"] == "白水镇"


def chain_cases():
    def org(oid, kind, **props):
        return ("OrgUnit", {"id": oid, "name": f"组织{oid}", "kind": kind, **props})
    nodes = [("IndustryChain", {"id": f"C-{c}", "name": f"{c}产业链"}) for c in
             ("TEA", "BAMBOO", "NOLEAD", "UNORG")]
    nodes += [enterprise(e, party_members=5) for e in
              ("E-LEAD", "E-IN", "E-DEEP", "E-OUT", "E-BARE", "E-BLEAD", "E-ULEAD")]
    nodes += [org("O-KTEA", "chain_committee"), org("O-KNOLEAD", "chain_committee"),
              org("O-LEAD", "enterprise_branch"), org("O-IN", "enterprise_branch"),
              org("O-DEEP", "enterprise_branch"), org("O-JNT", "joint_branch"),
              org("O-OUT", "enterprise_branch"), org("O-BLEAD", "enterprise_branch")]
    rels = [("LOCATED_IN", e, "R-V1") for e in ("E-LEAD", "E-IN", "E-DEEP", "E-OUT", "E-BARE",
                                                 "E-BLEAD", "E-ULEAD")]
    rels += [("BASED_IN", "O-KTEA", "C-TEA"), ("BASED_IN", "O-KNOLEAD", "C-NOLEAD"),
             ("MEMBER_OF", "O-KTEA", "O-C"), ("MEMBER_OF", "O-KNOLEAD", "O-C"),
             ("LEADS", "E-LEAD", "C-TEA"), ("LEADS", "E-BLEAD", "C-BAMBOO"),
             ("LEADS", "E-ULEAD", "C-UNORG"),
             ("BASED_IN", "O-LEAD", "E-LEAD"), ("BASED_IN", "O-IN", "E-IN"),
             ("BASED_IN", "O-DEEP", "E-DEEP"), ("BASED_IN", "O-OUT", "E-OUT"),
             ("BASED_IN", "O-BLEAD", "E-BLEAD"),
             ("MEMBER_OF", "O-LEAD", "O-KTEA"), ("MEMBER_OF", "O-IN", "O-KTEA"),
             ("MEMBER_OF", "O-DEEP", "O-JNT"), ("MEMBER_OF", "O-JNT", "O-KTEA"),
             ("MEMBER_OF", "O-OUT", "O-T1"), ("MEMBER_OF", "O-BLEAD", "O-T1")]
    rels += [("MEMBER_OF", e, "C-TEA", {"tier": "midstream"})
             for e in ("E-IN", "E-DEEP", "E-OUT", "E-BARE")]
    rels += [("MEMBER_OF", "E-IN", "C-BAMBOO", {"tier": "upstream"})]
    # Instructors: E-LEAD's in office from 2024, E-BLEAD's term ended in 2020.
    nodes += [("Person", {"id": "P-CI", "name": "指导员乙", "party_member": True})]
    rels += [("STATIONED_IN", "P-CI", "E-LEAD", {"role": "instructor", "since": 2024}),
             ("STATIONED_IN", "P-CI", "E-BLEAD", {"role": "instructor", "since": 2019})]
    return nodes, rels


def test_chain_member_outside_alliance(store, tmp_path):
    seed(store, tmp_path, *chain_cases())
    rows = coverage.find_gaps(store, ["chain_member_outside_alliance"])
    pairs = {(f["id"], f["chain"]) for f in rows}
    # E-IN's branch is in the tea alliance, E-DEEP's through its joint branch; E-IN is also on
    # the bamboo chain, which has no committee at all.
    assert pairs == {("E-OUT", "C-TEA"), ("E-BARE", "C-TEA"), ("E-IN", "C-BAMBOO")}
    by_pair = {(f["id"], f["chain"]): f for f in rows}
    assert by_pair[("E-OUT", "C-TEA")]["organised"] is True
    assert by_pair[("E-BARE", "C-TEA")]["organised"] is False
    assert by_pair[("E-OUT", "C-TEA")]["responsible_id"] == "O-KTEA"
    assert by_pair[("E-IN", "C-BAMBOO")]["responsible_id"] == "O-T1"  # no committee: the town's


def test_chain_without_leader(store, tmp_path):
    seed(store, tmp_path, *chain_cases())
    gaps = found(store, "chain_without_leader")
    assert set(gaps) == {"C-NOLEAD", "C-UNORG"}  # C-TEA and C-BAMBOO have organised leaders
    assert gaps["C-NOLEAD"]["leaders"] == [] and gaps["C-NOLEAD"]["responsible_id"] == "O-KNOLEAD"
    assert gaps["C-UNORG"]["unorganised_leaders"] == ["E-ULEAD"]
    assert gaps["C-UNORG"]["town"] == "青山镇"  # where its leader lies


def test_chain_leader_without_instructor(store, tmp_path):
    seed(store, tmp_path, *chain_cases())
    gaps = found(store, "chain_leader_without_instructor", as_of=dt.date(2025, 6, 30))
    assert set(gaps) == {"E-BLEAD", "E-ULEAD"}
    assert gaps["E-ULEAD"]["chains"] == ["C-UNORG"] and gaps["E-ULEAD"]["organised"] is False
    assert gaps["E-BLEAD"]["organised"] is True  # O-BLEAD is BASED_IN it
    # In 2020 E-BLEAD's instructor was in office and E-LEAD's not yet.
    assert set(found(store, "chain_leader_without_instructor", as_of=dt.date(2020, 6, 30))) == {
        "E-LEAD", "E-ULEAD"}


def street_cases():
    nodes = [("Region", {"id": "R-S3", "name": "东城街道", "kind": "street"}),
             ("OrgUnit", {"id": "O-S3", "name": "东城街道党工委", "kind": "street_committee"})]
    rels = [("PART_OF", "R-S3", "R-C"), ("BASED_IN", "O-S3", "R-S3"), ("MEMBER_OF", "O-S3", "O-C"),
            ("LEADS", "P-SC", "O-S3", {"role": "secretary"})]
    for i in range(3):   # 东城 has three part-time members; 城关 (O-S2) none
        nodes.append(("Person", {"id": f"P-ST{i}", "name": f"兼职委员{i}", "party_member": True}))
        rels.append(("LEADS", f"P-ST{i}", "O-S3", {"role": "part_time_member"}))
    return nodes, rels


def test_street_committee_short_of_members(store, tmp_path):
    seed(store, tmp_path, *street_cases())
    gaps = found(store, "street_committee_short_of_members")
    assert set(gaps) == {"O-S2"}
    assert gaps["O-S2"]["part_time_members"] == 0 and gaps["O-S2"]["responsible_id"] == "O-C"
    assert set(found(store, "street_committee_short_of_members", min_part_time_members=4)) == {
        "O-S2", "O-S3"}


def unit_cases():
    def org(oid, kind):
        return ("OrgUnit", {"id": oid, "name": f"组织{oid}", "kind": kind})
    nodes = [org("O-AG1", "agency_branch"), org("O-AG2", "agency_branch"),
             org("O-AG3", "agency_branch"), org("O-MU", "community_committee"),
             ("Region", {"id": "R-MU", "name": "南门社区", "kind": "community"})]
    rels = [("PART_OF", "R-MU", "R-S2"), ("BASED_IN", "O-MU", "R-MU"), ("MEMBER_OF", "O-MU", "O-S2")]
    rels += [("MEMBER_OF", o, "O-C") for o in ("O-AG1", "O-AG2", "O-AG3")]
    rels += [("LEADS", "P-SC", o, {"role": "secretary"}) for o in ("O-AG1", "O-AG2", "O-AG3", "O-MU")]
    # AG1 reported to the community (单位到社区报到); AG2 only has an alliance with it.
    rels += [("CO_BUILDS", "O-AG1", "O-MU", {"mode": "agency_community", "since": 2022}),
             ("CO_BUILDS", "O-AG2", "O-MU", {"mode": "alliance", "since": 2022})]
    return nodes, rels


def test_unit_not_reported(store, tmp_path):
    seed(store, tmp_path, *unit_cases())
    gaps = found(store, "unit_not_reported")
    assert set(gaps) == {"O-AG2", "O-AG3"}
    assert gaps["O-AG3"]["responsible_id"] == "O-C" and gaps["O-AG3"]["kind"] == "agency_branch"


def contact_cases():
    # Grids exactly covered (25 = 10 + 15, 26 = 6 + 20): no grid_contact_gap.
    nodes = [("Region", {"id": "R-GA", "name": "甲网格", "kind": "grid", "households": 25}),
             ("Region", {"id": "R-GB", "name": "乙网格", "kind": "grid", "households": 26})]
    rels = [("PART_OF", "R-GA", "R-V1"), ("PART_OF", "R-GB", "R-V1")]
    for pid, a, b in (("P-K16", 10, 6), ("P-K15", 15, 0), ("P-K20", 0, 20)):
        nodes.append(("Person", {"id": pid, "name": f"李{pid[-2:]}", "party_member": True}))
        rels.append(("MEMBER_OF", pid, "O-V1"))
        rels += [("CONTACTS", pid, g, {"households": h}) for g, h in (("R-GA", a), ("R-GB", b)) if h]
    return nodes, rels


def test_member_contact_overload(store, tmp_path):
    seed(store, tmp_path, *contact_cases())
    gaps = found(store, "member_contact_overload")
    assert set(gaps) == {"P-K16", "P-K20"}   # 10 + 6 in two grids; 15 is the limit itself
    assert gaps["P-K16"]["households"] == 16 and gaps["P-K16"]["regions"] == ["R-GA", "R-GB"]
    assert gaps["P-K16"]["name"] == "李**" and gaps["P-K16"]["responsible_id"] == "O-V1"
    assert set(found(store, "member_contact_overload", max_contact_households=16)) == {"P-K20"}


def community_cases():
    nodes = [("Region", {"id": "R-M1", "name": "幸福社区", "kind": "community"})]
    rels = [("PART_OF", "R-M1", "R-S2")]
    for cid, part_time, deputies in (("M0", 0, 0), ("M2", 2, 1), ("M3", 3, 0)):
        nodes.append(("OrgUnit", {"id": f"O-{cid}", "name": f"{cid}社区党委",
                                  "kind": "community_committee"}))
        rels += [("BASED_IN", f"O-{cid}", "R-M1"), ("MEMBER_OF", f"O-{cid}", "O-S2"),
                 ("LEADS", "P-SC", f"O-{cid}", {"role": "secretary"})]
        for i in range(part_time + deputies):
            pid = f"P-{cid}-{i}"
            nodes.append(("Person", {"id": pid, "name": f"委员{i}", "party_member": True}))
            role = "part_time_member" if i < part_time else "deputy_secretary"
            rels.append(("LEADS", pid, f"O-{cid}", {"role": role}))
    return nodes, rels


def test_community_committee_short_of_members(store, tmp_path):
    seed(store, tmp_path, *community_cases())
    gaps = found(store, "community_committee_short_of_members")
    assert set(gaps) == {"O-M0", "O-M2"}  # a deputy secretary is no part-time member
    assert gaps["O-M2"]["part_time_members"] == 2 and gaps["O-M0"]["part_time_members"] == 0
    assert gaps["O-M2"]["responsible_id"] == "O-S2" and gaps["O-M2"]["town"] == "城关街道"
    assert set(found(store, "community_committee_short_of_members", min_part_time_members=2)) == {
        "O-M0"}


def member_cases():
    def person(pid, **props):
        return ("Person", {"id": pid, "name": f"张{pid[-1]}某", **props})
    nodes = [person("P-A", party_member=True, in_service=True),
             person("P-B", party_member=True, in_service=True),
             person("P-C", party_member=True, in_service=False),
             person("P-D", party_member=False, in_service=True),
             person("P-E", party_member=True),
             person("P-F", party_member=True, in_service=True),
             enterprise("E-F", party_members=1),
             ("Region", {"id": "R-M1", "name": "幸福社区", "kind": "community"})]
    rels = [("PART_OF", "R-M1", "R-S2"), ("MEMBER_OF", "P-A", "O-V1"), ("MEMBER_OF", "P-B", "O-V1"),
            ("REPORTS_TO", "P-B", "R-M1"), ("WORKS_AT", "P-F", "E-F"),
            ("LOCATED_IN", "E-F", "R-S2")]
    return nodes, rels


def test_member_not_reported_with_names_masked(store, tmp_path):
    seed(store, tmp_path, *member_cases())
    gaps = found(store, "member_not_reported")
    assert set(gaps) == {"P-A", "P-F"}  # P-B reported; P-C retired; P-D no member; P-E unknown
    assert gaps["P-A"]["name"] == "张**" and gaps["P-A"]["responsible_id"] == "O-V1"
    assert gaps["P-A"]["town"] == "青山镇"
    assert gaps["P-F"]["town"] == "城关街道" and gaps["P-F"]["employer"] == ["E-F"]
    shown = coverage.find_gaps(store, ["member_not_reported"], show_names=True)
    assert {f["name"] for f in shown} == {"张A某", "张F某"}


ALL_CASES = (enterprise_cases, grid_cases, first_secretary_cases, pairing_cases, org_cases,
             chain_cases, community_cases, member_cases, street_cases, unit_cases, contact_cases)


def all_cases():
    nodes, rels, seen = [], [], set()
    for cases in ALL_CASES:
        more_nodes, more_rels = cases()
        for label, props in more_nodes:
            if props["id"] not in seen:  # R-M1 is shared by several case sets
                seen.add(props["id"])
                nodes.append((label, props))
        rels += [r for r in more_rels if r not in rels]
    return nodes, rels


def test_within_keeps_findings_inside_the_region(store, tmp_path):
    seed(store, tmp_path, *all_cases())
    everything = coverage.find_gaps(store)
    street = coverage.find_gaps(store, within="R-S2")
    assert street and all(f["town_id"] == "R-S2" for f in street)
    assert {(f["rule"], f["id"]) for f in street} == {
        (f["rule"], f["id"]) for f in everything if f["town_id"] == "R-S2"}
    grid = coverage.find_gaps(store, within="R-G3")
    assert {(f["rule"], f["id"]) for f in grid} == {("grid_without_branch", "R-G3"),
                                                    ("grid_contact_gap", "R-G3")}
    with pytest.raises(queries.QueryError, match="没有编号为 .* 的区域"):
        coverage.find_gaps(store, within="E-M3")


class _Everything:
    def __contains__(self, item):
        return True


def test_within_read_in_the_rules_finds_what_the_whole_catalogue_finds_there(store, tmp_path,
                                                                            monkeypatch):
    # The region and enterprise rules take `within` and read only that part of the graph; where
    # the store follows keys cheaply (Neo4j), every rule reads only the region's nodes of its
    # label by key (Rule.keyed_text) and the rules on persons only the persons of the region's
    # organisations and enterprises (`within/` queries); the findings of every region are those
    # of the whole catalogue that lie there, on either path.
    seed(store, tmp_path, *all_cases())
    regions = sorted(r["id"] for r in store.query("MATCH (r:Region) RETURN r.id AS id"))
    pushed = {region: coverage.find_gaps(store, within=region) for region in regions}
    read = []
    query = store.query
    monkeypatch.setattr(store, "query", lambda text, params=None, **kw: read.append(
        (text, params or {}, len(rows := query(text, params, **kw)))) or rows)
    coverage.find_gaps(store, within="R-S2")
    inside = {text: n for text, params, n in read}
    read.clear()
    coverage.find_gaps(store)
    everywhere = {text: n for text, params, n in read}
    monkeypatch.setattr(store, "query", query)
    rules = {coverage.rule(r).query.text: r for r in coverage.RULE_IDS}
    if store.follows_keys:
        keyed = {r.keyed_text for r in coverage.RULES} | {
            r.within_query.text for r in coverage.RULES if r.within_query}
        assert not set(inside) & set(rules)  # no rule read the whole graph
        assert 0 < sum(n for t, n in inside.items() if t in keyed) < sum(
            n for t, n in everywhere.items() if t in rules)
    else:  # LadybugDB: the rules over the whole graph, the region and enterprise ones within it
        assert 0 < sum(n for t, n in inside.items() if "$within" in t) < sum(
            n for t, n in everywhere.items() if "$within" in t)
    # As before: every rule over the whole graph, every finding placed, kept by where it lies.
    params = coverage.Rule.params
    monkeypatch.setattr(coverage.Rule, "params",
                        lambda self, values: params(self, {**values, "within": ""}))
    monkeypatch.setattr(store, "follows_keys", False)
    monkeypatch.setattr(Places, "below", lambda self, region: _Everything())
    for region in regions:
        assert pushed[region] == coverage.find_gaps(store, within=region), region
    assert sum(map(len, pushed.values())) > len(regions)
    for rule_id in coverage.RULE_IDS:  # each rule has findings in several regions
        assert sum(f["rule"] == rule_id for found in pushed.values() for f in found) > 1, rule_id


def test_the_rules_on_persons_read_by_key_inside_a_region_state_each_rule(store, tmp_path,
                                                                          monkeypatch):
    # Inside a region, where the store follows keys (Neo4j), the two rules on persons read only
    # the persons of the region's organisations and enterprises (places/people_of) with their
    # `within/` queries. The path is forced on either store: its answers are the rules' own —
    # more than 15 households (15 is the limit itself), counted from CONTACTS; in-service party
    # members with no REPORTS_TO; responsible by MEMBER_OF, employer by WORKS_AT.
    (contacts, contacted), (members, related) = contact_cases(), member_cases()
    seed(store, tmp_path, contacts + members, contacted + related)
    monkeypatch.setattr(store, "follows_keys", True)
    read = []
    query = store.query
    monkeypatch.setattr(store, "query", lambda text, params=None, **kw: read.append(text)
                        or query(text, params, **kw))

    def rule(rule_id, within, **settings):
        return {f["id"]: f for f in coverage.find_gaps(
            store, [rule_id], within=within, settings=coverage.CoverageSettings(**settings))}

    overload = rule("member_contact_overload", "R-T1")
    assert set(overload) == {"P-K16", "P-K20"}
    assert overload["P-K16"]["households"] == 16
    assert overload["P-K16"]["regions"] == ["R-GA", "R-GB"]
    assert overload["P-K16"]["responsible_id"] == "O-V1"
    assert overload["P-K16"]["town"] == "青山镇"
    assert set(rule("member_contact_overload", "R-T1", max_contact_households=16)) == {"P-K20"}
    assert set(rule("member_contact_overload", "R-T1", max_contact_households=14)) == {
        "P-K15", "P-K16", "P-K20"}
    assert rule("member_contact_overload", "R-S2") == {}
    unreported = rule("member_not_reported", "R-T1")
    assert set(unreported) == {"P-A"}  # P-B reported to 幸福社区; P-K* are not in service
    assert unreported["P-A"]["responsible_id"] == "O-V1" and unreported["P-A"]["town"] == "青山镇"
    unreported = rule("member_not_reported", "R-S2")
    assert set(unreported) == {"P-F"}  # found through its employer E-F, located in 城关街道
    assert unreported["P-F"]["employer"] == ["E-F"] and unreported["P-F"]["town"] == "城关街道"
    library = queries.library()
    assert {library[f"within/{r}"].text for r in ("member_contact_overload",
                                                  "member_not_reported")} <= set(read)
    assert library["places/people_of"].text in read
    assert not {coverage.rule(r).query.text for r in ("member_contact_overload",
                                                      "member_not_reported")} & set(read)


def test_an_organisation_in_an_enterprise_below_the_region_lies_there(store, tmp_path):
    # places/below walks down from a region at any depth: the enterprises LOCATED_IN a region
    # below it and the organisations BASED_IN those. An enterprise's branch with no higher
    # organisation (none to be found below the town committee) in a village of 青山镇 lies in
    # 青山镇: its finding is in the coverage of the town, and not of 城关街道.
    nodes = [enterprise("E-X", party_members=4),
             ("OrgUnit", {"id": "O-X", "name": "组织O-X", "kind": "enterprise_branch"})]
    rels = [("LOCATED_IN", "E-X", "R-V1"), ("BASED_IN", "O-X", "E-X"),
            ("LEADS", "P-SC", "O-X", {"role": "secretary"})]
    seed(store, tmp_path, nodes, rels)
    below = Places(store).below_by_label("R-T1")
    assert "E-X" in below["Enterprise"] and "O-X" in below["OrgUnit"]
    assert "O-X" not in Places(store).below("R-S2")
    town = coverage.find_gaps(store, ["org_without_parent"], within="R-T1")
    assert {f["id"] for f in town} == {"O-X"} and town[0]["town"] == "青山镇"
    assert coverage.find_gaps(store, ["org_without_parent"], within="R-S2") == []


def test_summary_counts_rule_by_town(store, tmp_path):
    seed(store, tmp_path, *all_cases())
    findings = coverage.find_gaps(store)
    rows = {row["rule"]: row for row in coverage.summary(findings)}
    assert list(rows) == [*coverage.RULE_IDS, coverage.TOTAL]
    assert rows["enterprise_without_instructor"]["城关街道"] == 1
    assert rows["enterprise_without_instructor"]["青山镇"] == 3
    assert rows["grid_without_branch"]["total"] == 6
    assert rows[coverage.TOTAL]["total"] == len(findings)
    for town in ("青山镇", "城关街道"):
        assert rows[coverage.TOTAL][town] == sum(f["town"] == town for f in findings)


class _CountingPlaces(Places):
    """Notes how many reads the prefetch took, to tell whether any node was read later alone."""
    def prefetch(self, walked=(), seen=()):
        super().prefetch(walked, seen)
        self.after_prefetch = self.queries


class _LazyPlaces(Places):
    """No prefetch: every node is read on its own when a walk first touches it."""
    def prefetch(self, walked=(), seen=()):
        pass


def test_places_reads_only_around_the_findings_and_prefetch_changes_no_answer(store, tmp_path):
    seed(store, tmp_path, *all_cases())
    places = _CountingPlaces(store)
    findings = coverage.find_gaps(store, places=places)
    # The prefetch reached every node the walks touched: nothing was read alone afterwards.
    assert places.queries == places.after_prefetch
    lazy = _LazyPlaces(store)
    assert coverage.find_gaps(store, places=lazy) == findings
    assert lazy.queries > places.queries
    # Persons are never read, and nodes no finding leads to are left unread.
    assert not any(node.startswith("P-") for node in places.nodes)
    everything = sum(store.counts()["nodes"][label]
                     for label in ("Region", "OrgUnit", "Enterprise", "IndustryChain"))
    assert len(places.nodes) < everything
    # Within a street: the same findings as filtering the whole catalogue by town.
    street = coverage.find_gaps(store, within="R-S2", places=_LazyPlaces(store))
    assert street == [f for f in findings if f["town_id"] == "R-S2"]


def test_every_rule_has_a_query_with_a_header_and_texts():
    library = queries.library()
    assert {n.split("/", 1)[1] for n in library if n.startswith("coverage/")} == set(
        coverage.RULE_IDS)
    for rule in coverage.RULES:
        zh, en = rule.text()
        assert zh and en and rule.source and "{" not in zh + en
        declared = {p.name for p in rule.query.params}
        values = coverage.parameters(coverage.CoverageSettings(), VillageSettings(), 2025)
        assert declared == set(rule.params(values)) and declared <= set(values)


def test_rule_texts_are_chinese_with_the_thresholds_in_force():
    """Titles, descriptions and sources as TERMS.md §2 writes them: no English, no
    "拟派也算"-style asides, titles of at most 12 characters, the thresholds in force."""
    latin = re.compile(r"[A-Za-z]")
    for row in coverage.catalogue():
        assert not latin.search(row["title"] + row["zh"] + row["source"]), row["rule"]
        assert len(row["title"]) <= 12 and "也算" not in row["zh"], row["rule"]
        assert row["source"].startswith("《"), row["rule"]
    rows = {r["rule"]: r for r in coverage.catalogue(
        settings=coverage.CoverageSettings(min_members_for_branch=4),
        villages=VillageSettings(weak_max_stars=3, first_secretary_tags=[], term_years=3))}
    assert rows["enterprise_without_branch"]["zh"].startswith("党员4名以上的企业")
    assert "党员1至3名" in rows["enterprise_without_joint_branch"]["zh"]
    assert rows["village_without_first_secretary"]["zh"].startswith(
        "弱村（软弱涣散或三星级及以下）未选派驻村第一书记（含拟选派）；任期3年")
    tagged = coverage.rule("village_without_first_secretary").text(
        villages=VillageSettings(first_secretary_tags=["脱贫村", "专业村"]))[0]
    assert "二星级及以下）及脱贫村、专业村未选派" in tagged


def test_both_stores_give_identical_findings(tmp_path, neo4j_uri):
    bundle = write_bundle(tmp_path / "all", BASE_NODES + all_cases()[0], BASE_RELS + all_cases()[1])
    results = []
    for db in (str(tmp_path / "e.lbug"), neo4j_uri):
        with open_store(db) as store:
            store.delete_all()
            store.ensure_schema()
            load_bundle(store, bundle)
            results.append(coverage.find_gaps(store))
    assert results[0] == results[1]
    assert {f["rule"] for f in results[0]} == set(coverage.RULE_IDS)


def test_settings_come_from_the_config_table():
    settings = VillageSettings(first_secretary_tags=["脱贫村"])
    assert settings.first_secretary_tags == ("脱贫村",)
    with pytest.raises(ValueError):
        coverage.CoverageSettings(min_members_for_branch=0)
    with pytest.raises(ValueError):
        VillageSettings(weak_max_stars=6)


# --- the command line ------------------------------------------------------------------------

@pytest.fixture
def seeded_db(db, tmp_path):
    with open_store(db) as store:
        seed(store, tmp_path, *all_cases())
    return db


def test_cli_table_groups_by_rule_with_texts(seeded_db):
    out = run("--db", seeded_db, "coverage").output
    assert "企业应建未建党组织：5条" in out
    assert "党员3名以上的企业未单独组建党组织" in out and "《中国共产党章程》第三十条" in out
    assert "网格党员联系户未全覆盖：2条" in out
    assert "张**" in out and "张A某" not in out
    en = run("--db", seeded_db, "coverage", "--lang", "en").output
    assert "enterprise_without_branch: 5 finding(s)" in en and "grid_contact_gap: 2 finding(s)" in en


def test_cli_json_csv_and_options(seeded_db, tmp_path):
    rows = json.loads(run("--db", seeded_db, "coverage", "--rule", "enterprise_without_branch",
                          "--min-members", "2", "--format", "json").output)
    assert {r["id"] for r in rows} == {"E-M3", "E-M2", "E-W3", "E-W2", "E-BARE", "E-ULEAD",
                                        "E-J2", "E-J3"}
    assert set(rows[0]) >= {"rule", "id", "label", "name", "town", "responsible", "party_members"}
    shown = json.loads(run("--db", seeded_db, "coverage", "--rule", "member_not_reported",
                           "--show-names", "--format", "json").output)
    assert {r["name"] for r in shown} == {"张A某", "张F某"}
    csv_text = run("--db", seeded_db, "coverage", "--within", "R-S2", "--summary",
                   "--format", "csv").output
    assert csv_text.splitlines()[0] == "问题类型,问题名称,城关街道,合计"
    assert csv_text.splitlines()[-1].startswith("合计,合计,")
    en = run("--db", seeded_db, "coverage", "--within", "R-S2", "--summary", "--format", "csv",
             "--lang", "en").output
    assert en.splitlines()[0] == "rule,title,城关街道,total"
    config = tmp_path / "c.toml"
    config.write_text("[coverage]\nmin_employees_for_instructor = 85\n", encoding="utf-8")
    rows = json.loads(run("--db", seeded_db, "--config", str(config), "coverage", "--rule",
                          "enterprise_without_instructor", "--format", "json").output)
    assert {r["id"] for r in rows} == {"E-WT", "E-ST"}
    bad = run("--db", seeded_db, "coverage", "--rule", "nope", ok=False)
    assert bad.exit_code != 0


def test_cli_workbook_has_summary_rules_and_a_sheet_per_rule(seeded_db, tmp_path):
    book = tmp_path / "gaps.xlsx"
    run("--db", seeded_db, "coverage", "--within", "R-S2", "--format", "xlsx", "-o", str(book))
    sheets = openpyxl.load_workbook(book).sheetnames
    assert sheets[:2] == ["汇总", "问题类型及依据"] and "网格（小区）未建党组织" in sheets
    assert "网格党员联系户未全覆盖" not in sheets  # no findings in the street, no sheet
    run("--db", seeded_db, "coverage", "--within", "R-S2", "--format", "xlsx", "-o", str(book),
        "--lang", "en")
    sheets = openpyxl.load_workbook(book).sheetnames
    assert sheets[:2] == ["summary", "rules"] and "grid_without_branch" in sheets
    assert "grid_contact_gap" not in sheets


@pytest.mark.slow
def test_every_rule_finds_something_on_the_demo_county(tmp_path):
    from orggraph.resources import demo_bundle

    if not (demo_bundle() / "nodes").is_dir():
        pytest.skip("seeds/demo has not been generated")
    with open_store(str(tmp_path / "demo.lbug")) as store:
        load_bundle(store, demo_bundle())
        findings = coverage.find_gaps(store)
    counts = {rule_id: sum(f["rule"] == rule_id for f in findings) for rule_id in coverage.RULE_IDS}
    assert all(counts.values()), counts
    assert all(f["name"] != f["name"].rstrip("*") for f in findings if f["label"] == "Person")
