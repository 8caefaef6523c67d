"""The synthetic bundle generator: determinism, integrity against orggraph.model, the demo county's
shape, and the findings planted in it (with a plain-Python reading of each coverage rule).

Only the county scale runs here; city and province are measured by hand (scripts/make_demo.py).
"""
from __future__ import annotations

import csv
import re
from collections import Counter, defaultdict
from pathlib import Path

import pytest

from orggraph import model, values
from orggraph.generate import COLUMNS, collect, write_bundle
from orggraph.generate.geography import distance_km

ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / "seeds" / "demo"
PREFIX = {"Region": "R-", "OrgUnit": "O-", "Person": "P-", "Enterprise": "E-", "IndustryChain": "C-"}

# The demo county (scale county, seed 7): every finding of every coverage rule, and nothing else.
PLANTED = {
    "enterprise_without_branch": ["E-01-0003", "E-01-0005"],          # 0005: counted from WORKS_AT
    "enterprise_without_joint_branch": ["E-01-0004", "E-01-0009"],    # 2 and 1 party members
    "enterprise_without_instructor": ["E-01-0054", "E-01-0058"],      # 50 and 180 employees
    "grid_without_branch": ["R-01S1C1G2", "R-01T01C1G1K3", "R-01T02V01G11"],  # grid, compound, rural
    "village_without_first_secretary": [
        "R-01T04V07",   # 2 stars
        "R-01T06V06",   # 3 stars, flagged weak
        "R-01T08V04",   # 4 stars, 脱贫村
        "R-01T03V07",   # 3 stars, 易地扶贫搬迁村
        "R-01T09V12",   # a work team but no first secretary
    ],
    "org_without_secretary": ["O-01E0037", "O-01S1C1G1", "O-01T09V05"],   # S1C1G1: a deputy only
    "org_without_parent": ["O-01E0030", "O-01S1C1G2K1"],
    "community_committee_short_of_members": ["O-01S1C3"],
    "chain_member_outside_alliance": ["E-01-0141", "E-01-0143", "E-01-0157"],
    "chain_without_leader": ["C-01-3", "C-01-4"],     # 3: leader without organisation; 4: none
    "member_not_reported": ["P-01-03576", "P-01-03588", "P-01-03605"],
    "grid_contact_gap": ["R-01S1C2G1", "R-01T01C2G1", "R-01T02V02G1"],   # 25 short, none, 1 short
    "weak_village_unpaired": [     # T05: no five-star centre in town; T07V10: centres 15+ km away
        "R-01T02V01", "R-01T02V02", "R-01T02V07", "R-01T02V09", "R-01T02V10", "R-01T02V12",
        "R-01T02V14", "R-01T03V09", "R-01T04V08", "R-01T04V09", "R-01T04V11", "R-01T04V13",
        "R-01T04V15", "R-01T05V04", "R-01T05V06", "R-01T05V07", "R-01T05V12", "R-01T06V01",
        "R-01T06V03", "R-01T06V06", "R-01T06V08", "R-01T06V09", "R-01T07V10", "R-01T08V14",
        "R-01T08V15", "R-01T09V01", "R-01T09V02", "R-01T09V03", "R-01T09V04", "R-01T09V12",
        "R-01T09V13", "R-01T09V14", "R-01T09V15",
    ],
}


# -- reading a bundle as a loader would ------------------------------------------------------------

def _files(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def _schema(name: str):
    return model.LABEL_BY_NAME.get(name) or model.REL_BY_NAME[name]


def read_raw(root: Path) -> dict[str, tuple[list[str], list[list[str]]]]:
    raw = {}
    for name in COLUMNS:
        sub = "nodes" if name in model.LABEL_BY_NAME else "rels"
        with open(root / sub / f"{name}.csv", encoding="utf-8-sig", newline="") as f:
            header, *rows = list(csv.reader(f))
        raw[name] = (header, rows)
    return raw


def typed(raw) -> dict[str, list[dict]]:
    out = {}
    for name, (header, rows) in raw.items():
        schema = _schema(name)
        props = [schema.prop(c) for c in header]
        out[name] = [{c: (values.parse(p, cell) if p is not None and cell != "" else (cell or None))
                      for c, p, cell in zip(header, props, row)} for row in rows]
    return out


@pytest.fixture(scope="module")
def demo_dir(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("demo")
    write_bundle(out, "county", 7)
    return out


@pytest.fixture(scope="module")
def raw(demo_dir):
    return read_raw(demo_dir)


@pytest.fixture(scope="module")
def bundle(raw):
    return typed(raw)


@pytest.fixture(scope="module")
def graph(bundle):
    return Graph(bundle)


# -- determinism ----------------------------------------------------------------------------------

def test_same_seed_gives_the_same_bytes(demo_dir, tmp_path):
    write_bundle(tmp_path, "county", 7)
    assert _files(tmp_path) == _files(demo_dir)


def test_another_seed_gives_another_county(demo_dir, tmp_path):
    write_bundle(tmp_path, "county", 8)
    other, demo = _files(tmp_path), _files(demo_dir)
    assert other.keys() == demo.keys()
    assert other["nodes/Region.csv"] != demo["nodes/Region.csv"]
    assert other["nodes/Person.csv"] != demo["nodes/Person.csv"]


def test_committed_demo_is_what_the_generator_writes(demo_dir):
    assert _files(DEMO) == _files(demo_dir), "run: python scripts/make_demo.py"


def test_collect_matches_the_written_files(bundle):
    rows = collect("county", 7)
    assert {k: len(v) for k, v in rows.items()} == {k: len(v) for k, v in bundle.items()}


# -- the files against the model -----------------------------------------------------------------

def test_headers_are_model_properties(raw):
    for name, (header, rows) in raw.items():
        schema = _schema(name)
        lead = ["id"] if name in model.LABEL_BY_NAME else ["from", "to"]
        assert header[:len(lead)] == lead, name
        assert len(set(header)) == len(header), name
        assert set(header[len(lead):]) <= set(schema.prop_names), name
        assert all(len(r) == len(header) for r in rows), name


def test_values_parse_within_enums_and_ranges(raw):
    for name, (header, rows) in raw.items():
        schema = _schema(name)
        for c, column in enumerate(header):
            prop = schema.prop(column)
            for r, row in enumerate(rows):
                cell = row[c]
                if prop is not None and prop.required:
                    assert cell, f"{name} row {r + 2}: {column} is required"
                if cell and prop is not None:
                    values.parse(prop, cell)  # raises with the reason
                assert cell == cell.strip() and "\n" not in cell, (name, r, column)
    # booleans and lists are spelled the contract's way
    header, rows = raw["Region"]
    tags = header.index("tags")
    assert any(";" in row[tags] for row in rows)
    for name in ("OrgUnit", "Person"):
        header, rows = raw[name]
        for column in header:
            if _schema(name).prop(column) and _schema(name).prop(column).type == model.BOOL:
                i = header.index(column)
                assert {row[i] for row in rows} <= {"true", "false", ""}


def test_ids_are_unique_across_files_with_label_prefixes(bundle):
    seen: dict[str, str] = {}
    for label in model.LABEL_BY_NAME:
        for row in bundle[label]:
            assert row["id"] not in seen, f"{row['id']} in {label} and {seen.get(row['id'])}"
            assert row["id"].startswith(PREFIX[label]) and len(row["id"]) <= 16
            seen[row["id"]] = label


def test_relationship_endpoints_exist_with_allowed_labels(bundle):
    label_of = {row["id"]: label for label in model.LABEL_BY_NAME for row in bundle[label]}
    for rel in model.REL_TYPES:
        seen = set()
        for row in bundle[rel.name]:
            pair = (label_of.get(row["from"]), label_of.get(row["to"]))
            assert None not in pair, f"{rel.name} {row['from']} -> {row['to']}: unknown id"
            assert pair in rel.endpoints, f"{rel.name} {pair} not allowed"
            assert rel.allow_self or row["from"] != row["to"]
            key = (row["from"], row["to"])
            assert key not in seen, f"{rel.name} {key} twice"
            seen.add(key)
            for prop in rel.props:
                if prop.only_on and row.get(prop.name) is not None:
                    assert pair in prop.only_on, f"{rel.name}.{prop.name} on {pair}"
    for row in bundle["MEMBER_OF"]:
        if row["from"].startswith("E-"):
            assert row["tier"] in ("upstream", "midstream", "downstream")
    for row in bundle["LEADS"]:
        if row["from"].startswith("P-"):
            assert row["role"]


# -- a small graph over the typed rows -----------------------------------------------------------

class Graph:
    def __init__(self, b: dict[str, list[dict]]) -> None:
        self.b = b
        self.node = {r["id"]: r for label in model.LABEL_BY_NAME for r in b[label]}
        self.label = {r["id"]: label for label in model.LABEL_BY_NAME for r in b[label]}
        self.out: dict[str, dict[str, list[dict]]] = defaultdict(lambda: defaultdict(list))
        self.inc: dict[str, dict[str, list[dict]]] = defaultdict(lambda: defaultdict(list))
        for rel in model.REL_BY_NAME:
            for r in b[rel]:
                self.out[rel][r["from"]].append(r)
                self.inc[rel][r["to"]].append(r)

    def kind(self, kind: str) -> list[dict]:
        return [r for r in self.b["Region"] + self.b["OrgUnit"] if r.get("kind") == kind]

    def orgs_in(self, node_id: str) -> list[str]:
        return [r["from"] for r in self.inc["BASED_IN"][node_id]]

    def branch(self, village_id: str) -> dict:
        found = [self.node[o] for o in self.orgs_in(village_id)
                 if self.node[o]["kind"] == "village_branch"]
        assert len(found) == 1
        return found[0]

    def weak(self, village_id: str) -> bool:
        b = self.branch(village_id)
        return bool(b["weak"]) or b["stars"] <= 2

    def parents(self, org_id: str) -> list[str]:
        return [r["to"] for r in self.out["MEMBER_OF"][org_id] if self.label[r["to"]] == "OrgUnit"]

    def roles(self, org_id: str) -> Counter:
        return Counter(r["role"] for r in self.inc["LEADS"][org_id] if self.label[r["from"]] == "Person")

    def party_members(self, e: dict) -> int:
        if e["party_members"] is not None:
            return e["party_members"]
        return sum(1 for r in self.inc["WORKS_AT"][e["id"]] if self.node[r["from"]]["party_member"])

    def stationed(self, node_id: str) -> set[str]:
        return {r["role"] for r in self.inc["STATIONED_IN"][node_id]}


def findings(g: Graph) -> dict[str, list[str]]:
    """Each coverage rule as the brief states it, in plain Python."""
    out: dict[str, list[str]] = defaultdict(list)
    for e in g.b["Enterprise"]:
        n, covered = g.party_members(e), bool(g.orgs_in(e["id"]))
        if n >= 3 and not covered:
            out["enterprise_without_branch"].append(e["id"])
        if 1 <= n <= 2 and not covered:
            out["enterprise_without_joint_branch"].append(e["id"])
        if n == 0 and e["employees"] >= 50 and "instructor" not in g.stationed(e["id"]):
            out["enterprise_without_instructor"].append(e["id"])
    for r in g.kind("grid") + g.kind("compound"):
        if not g.orgs_in(r["id"]):
            out["grid_without_branch"].append(r["id"])
    co_building = {r[end] for r in g.b["CO_BUILDS"] for end in ("from", "to")}
    for v in g.kind("village"):
        b = g.branch(v["id"])
        needy = g.weak(v["id"]) or {"脱贫村", "易地扶贫搬迁村"} & set(v["tags"] or [])
        if needy and "first_secretary" not in g.stationed(v["id"]):
            out["village_without_first_secretary"].append(v["id"])
        joint = any(g.node[p]["kind"] == "joint_village_branch" for p in g.parents(b["id"]))
        if g.weak(v["id"]) and b["id"] not in co_building and not joint:
            out["weak_village_unpaired"].append(v["id"])
    for o in g.b["OrgUnit"]:
        roles = g.roles(o["id"])
        if not roles["secretary"]:
            out["org_without_secretary"].append(o["id"])
        if o["kind"] != "county_committee" and not g.parents(o["id"]):
            out["org_without_parent"].append(o["id"])
        if o["kind"] == "community_committee" and roles["part_time_member"] < 3:
            out["community_committee_short_of_members"].append(o["id"])
    committee = {c: [o for o in g.orgs_in(c) if g.node[o]["kind"] == "chain_committee"]
                 for c in (r["id"] for r in g.b["IndustryChain"])}
    for r in g.b["MEMBER_OF"]:
        if g.label[r["from"]] == "Enterprise":
            inside = any(k in g.parents(o) for o in g.orgs_in(r["from"]) for k in committee[r["to"]])
            if not inside:
                out["chain_member_outside_alliance"].append(r["from"])
    for c in g.b["IndustryChain"]:
        leaders = [r["from"] for r in g.inc["LEADS"][c["id"]]]
        if not any(g.orgs_in(e) for e in leaders):
            out["chain_without_leader"].append(c["id"])
    for p in g.b["Person"]:
        if p["party_member"] and p["in_service"] and not g.out["REPORTS_TO"][p["id"]]:
            out["member_not_reported"].append(p["id"])
    for r in g.kind("grid"):
        if r["households"] > sum(c["households"] for c in g.inc["CONTACTS"][r["id"]]):
            out["grid_contact_gap"].append(r["id"])
    return {rule: sorted(ids) for rule, ids in out.items()}


def test_planted_findings_are_exactly_these(graph):
    assert findings(graph) == {rule: sorted(ids) for rule, ids in PLANTED.items()}


def test_findings_are_a_minority(graph):
    f = findings(graph)
    assert len(f["weak_village_unpaired"]) < 0.3 * len(graph.kind("village"))
    assert len(f["org_without_secretary"]) < 0.01 * len(graph.b["OrgUnit"])
    assert len(f["village_without_first_secretary"]) < 0.1 * sum(
        1 for v in graph.kind("village") if graph.weak(v["id"]))


def test_boundary_cases_that_are_not_findings(graph):
    g = graph
    ent = {e["id"]: e for e in g.b["Enterprise"]}
    assert any(g.party_members(e) == 3 and g.orgs_in(i) for i, e in ent.items())
    assert any(e["party_members"] == 0 and e["employees"] == 49 and not g.stationed(i)
               for i, e in ent.items())
    assert any(e["party_members"] == 0 and e["employees"] >= 50 and "instructor" in g.stationed(i)
               for i, e in ent.items())
    part_time = [g.roles(o["id"])["part_time_member"] for o in g.kind("community_committee")]
    assert 3 in part_time and sum(3 <= n <= 5 for n in part_time) > len(part_time) / 2
    contacted = Counter()
    for r in g.b["CONTACTS"]:
        contacted[r["to"]] += r["households"]
    assert any(contacted[r["id"]] == r["households"] for r in g.kind("grid"))
    modes = defaultdict(set)
    for r in g.b["CO_BUILDS"]:
        modes[r["to"]].add(r["mode"])
    assert any(modes[g.branch(v["id"])["id"]] == {"village_enterprise"} and g.weak(v["id"])
               for v in g.kind("village"))
    reports = set(g.out["REPORTS_TO"])
    people = g.b["Person"]
    assert any(not p["party_member"] and p["in_service"] and p["id"] not in reports for p in people)
    assert any(p["party_member"] and not p["in_service"] and p["id"] not in reports for p in people)
    # a 3-star village, neither weak nor tagged, needs no first secretary and has none
    assert any(g.branch(v["id"])["stars"] == 3 and not g.weak(v["id"]) and not v["tags"]
               and "first_secretary" not in g.stationed(v["id"]) for v in g.kind("village"))


# -- the demo county's shape --------------------------------------------------------------------

def test_demo_has_the_stated_counts(graph):
    g = graph
    assert len(g.kind("county")) == 1
    assert len(g.kind("town")) >= 8 and len(g.kind("street")) >= 1
    assert len(g.kind("village")) >= 120
    assert len(g.b["Enterprise"]) >= 150
    assert len(g.kind("community")) >= 3
    for kind in ("grid", "compound", "building"):
        assert g.kind(kind)
    for kind in ("county_committee", "town_committee", "street_committee", "village_branch",
                 "joint_village_branch", "community_committee", "grid_branch", "building_group",
                 "enterprise_branch", "joint_branch", "chain_committee", "agency_branch"):
        assert g.kind(kind), kind
    assert len(g.kind("village_branch")) == len(g.kind("village"))
    assert len(g.b["IndustryChain"]) == 4
    assert len(g.b["Person"]) >= 3000
    assert {r["role"] for r in g.b["LEADS"] if r["role"]} == {
        "secretary", "deputy_secretary", "part_time_member"}
    assert {r["role"] for r in g.b["STATIONED_IN"]} == {"first_secretary", "work_team", "instructor"}
    assert {r["mode"] for r in g.b["CO_BUILDS"]} == {"strong_weak", "village_enterprise",
                                                     "agency_community"}
    assert {r["status"] for r in g.b["CO_BUILDS"]} == {"active"}
    assert all(r["since"] for r in g.b["CO_BUILDS"])


def test_every_village_branch_sits_in_its_town(graph):
    g = graph
    for v in g.kind("village"):
        town = g.out["PART_OF"][v["id"]][0]["to"]
        assert g.node[town]["kind"] == "town"
        committee = [o for o in g.orgs_in(town) if g.node[o]["kind"] == "town_committee"]
        assert committee and committee[0] in g.parents(g.branch(v["id"])["id"])


def test_joint_village_branches(graph):
    g = graph
    for joint in g.kind("joint_village_branch"):
        centres = [r["from"] for r in g.inc["LEADS"][joint["id"]] if g.label[r["from"]] == "OrgUnit"]
        members = [r["from"] for r in g.inc["MEMBER_OF"][joint["id"]]]
        assert len(centres) == 1 and g.node[centres[0]]["stars"] == 5
        assert 3 <= 1 + len(members) <= 7
        assert g.roles(joint["id"])["secretary"] == 1


def test_star_ratings_are_skewed_and_drive_scores(graph):
    g = graph
    stars = Counter(b["stars"] for b in g.kind("village_branch"))
    assert stars[2] > stars[3] > stars[4] > stars[5] >= 8
    assert stars[5] <= 0.1 * sum(stars.values())
    by_stars = defaultdict(list)
    for v in g.kind("village"):
        s = g.branch(v["id"])["stars"]
        score = sum(v[p] for p in model.SCORE_PROPS) / len(model.SCORE_PROPS)
        by_stars[s].append((score, v["collective_income"]))
    means = [sum(x[0] for x in by_stars[s]) / len(by_stars[s]) for s in range(1, 6)]
    incomes = [sorted(x[1] for x in by_stars[s])[len(by_stars[s]) // 2] for s in range(1, 6)]
    assert means == sorted(means) and incomes == sorted(incomes)


def test_villages_are_described(graph):
    villages = graph.kind("village")
    for v in villages:
        assert v["households"] and v["population"] > v["households"]
        assert v["main_industry"] and v["willing_to_join"] is not None
        assert re.fullmatch(r"[\u4e00-\u9fff]{2,4}村", v["name"])
    tags = Counter(t for v in villages for t in v["tags"] or [])
    assert {"脱贫村", "易地扶贫搬迁村", "信访重点村", "专业村"} <= set(tags)
    assert len({v["main_industry"] for v in villages}) >= 6


def test_geography(graph):
    g = graph
    county = g.kind("county")[0]
    for town in g.kind("town") + g.kind("street"):
        assert distance_km((town["lat"], town["lon"]), (county["lat"], county["lon"])) < 25
    far = 0
    for v in g.kind("village"):
        town = g.node[g.out["PART_OF"][v["id"]][0]["to"]]
        km = distance_km((v["lat"], v["lon"]), (town["lat"], town["lon"]))
        assert km < 15
        far += km > 7
    assert far == 1       # the remote mountain village


def test_pairing_situations(graph):
    """Towns with enough five-star centres, and weak villages with no centre in reach."""
    g = graph
    unpaired = set(findings(g)["weak_village_unpaired"])
    towns = defaultdict(list)
    for v in g.kind("village"):
        towns[g.out["PART_OF"][v["id"]][0]["to"]].append(v)
    reachable, stranded, rich = 0, [], 0
    for villages in towns.values():
        centres = [v for v in villages if g.branch(v["id"])["stars"] == 5]
        rich += len(centres) >= 2
        for v in villages:
            if v["id"] in unpaired:
                near = [c for c in centres
                        if distance_km((v["lat"], v["lon"]), (c["lat"], c["lon"])) <= 15]
                if near:
                    reachable += 1
                else:
                    stranded.append((v["id"], bool(centres)))
    assert rich >= 2 and reachable >= 15
    assert 2 <= len(stranded) <= 8
    assert ("R-01T07V10", True) in stranded      # its town has a centre, but 15+ km away


def test_chains_have_leaders_of_different_reach(graph):
    g = graph
    degree = Counter()
    for r in g.b["SUPPLIES"]:
        degree[r["from"]] += 1
        degree[r["to"]] += 1
        assert 0 < r["weight"] <= 1
    leader = {r["to"]: r["from"] for r in g.b["LEADS"] if g.label[r["from"]] == "Enterprise"}
    members = defaultdict(list)
    for r in g.b["MEMBER_OF"]:
        if g.label[r["from"]] == "Enterprise":
            members[r["to"]].append(r["from"])
    tea, nev, food, herbs = sorted(members)
    assert degree[leader[tea]] > 2 * max(degree[m] for m in members[tea])     # the hub
    assert degree[leader[nev]] == 1 and max(degree[m] for m in members[nev]) >= 8  # a line's end
    assert degree[leader[food]] >= 4
    assert herbs not in leader and len(members[herbs]) == 4
    for chain in (tea, nev, food, herbs):
        committees = [o for o in g.orgs_in(chain) if g.node[o]["kind"] == "chain_committee"]
        assert len(committees) == 1
        assert g.inc["MEMBER_OF"][committees[0]]         # some member organisations joined


def test_people(graph):
    g = graph
    for p in g.b["Person"]:
        assert re.fullmatch(r"[\u4e00-\u9fff]{2,4}", p["name"]), p["name"]
        assert p["gender"] in ("男", "女") and 1935 <= p["birth_year"] <= 2005
    cadres = [p for p in g.b["Person"] if p["specialty"]]
    assert {p["specialty"] for p in cadres} == set(model.SPECIALTIES)
    free = [p for p in cadres if not g.out["STATIONED_IN"][p["id"]]]
    assert len(free) >= 5 and len({p["specialty"] for p in free}) == 5
    since = {r["since"] for r in g.b["STATIONED_IN"] if r["role"] == "first_secretary"}
    assert since and min(since) >= 2015 and max(since) <= 2025
    for r in g.b["CONTACTS"]:
        assert 1 <= r["households"] <= 15
    for grid in g.kind("grid"):
        parent = g.node[g.out["PART_OF"][grid["id"]][0]["to"]]
        if parent["kind"] == "community":
            assert 50 <= grid["households"] <= 300
    reported = [r["to"] for r in g.b["REPORTS_TO"]]
    assert {g.node[t]["kind"] for t in reported} == {"community", "compound"}
