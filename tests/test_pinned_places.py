"""Pinned by tests written against the survivors of mutation testing (scripts/mutation,
docs/TESTING.md): places (orggraph/analyses/places.py), on a graph kept in memory."""
from __future__ import annotations

from orggraph.analyses import places as places_module
from orggraph.analyses.places import Places


# --- places (orggraph/analyses/places.py), on a graph kept in memory ----------------------------


# county K > town T > village V > grid G; street S in K. O-A is a chain committee (an alliance)
# whose id sorts before O-T, O-V's higher organisation. O-X and O-Y are members of each other.
_REGIONS = {"K": ("清溪县", "county", []), "T": ("青山镇", "town", ["K"]),
            "S": ("城关街道", "street", ["K"]), "V": ("东坪村", "village", ["T"]),
            "G": ("一网格", "grid", ["V"])}
_ORGS = {  # id: (name, kind, member_of, based in a region, an enterprise, a chain)
    "O-K": ("县委", "county_committee", [], ["K"], [], []),
    "O-T": ("镇党委", "town_committee", ["O-K"], ["T"], [], []),
    "O-S": ("街道党工委", "street_committee", ["O-K"], ["S"], [], []),
    "O-V": ("东坪村党支部", "village_branch", ["O-T", "O-A"], ["V"], [], []),
    "O-A": ("茶叶链党委", "chain_committee", ["O-T"], [], [], ["CH"]),
    "O-E": ("茶企支部", "enterprise_branch", ["O-T"], [], ["E1"], []),
    "O-C2": ("竹链党委", "chain_committee", [], ["S"], [], ["CH2"]),
    "O-X": ("甲", "enterprise_branch", ["O-Y"], [], [], []),
    "O-Y": ("乙", "enterprise_branch", ["O-X"], [], [], []),
}
_ENTERPRISES = {"E1": ("茶企", ["V"]), "E2": ("无址企业", [])}
_CHAINS = {"CH": ("茶叶链", ["E1"], ["O-A"]), "CH2": ("竹链", [], ["O-C2"])}


class _PlacesStore:
    def __init__(self):
        library = places_module.queries.library()
        self.by_text = {library[f"places/{n}"].text: n
                        for n in ("regions", "orgs", "enterprises", "chains")}
        self.asked = []

    def query(self, text, params=None):
        name, ids = self.by_text[text], params["ids"]
        self.asked.append((name, tuple(ids)))
        rows = []
        for i in sorted(ids):
            if name == "regions" and i in _REGIONS:
                n, kind, part_of = _REGIONS[i]
                based = [o for o, v in _ORGS.items() if i in v[3]]
                rows.append({"id": i, "name": n, "kind": kind, "part_of": part_of,
                             "based": based + [None]})
            elif name == "orgs" and i in _ORGS:
                n, kind, member_of, region, enterprise, chain = _ORGS[i]
                rows.append({"id": i, "name": n, "kind": kind, "member_of": member_of,
                             "in_region": region, "in_enterprise": enterprise, "in_chain": chain})
            elif name == "enterprises" and i in _ENTERPRISES:
                rows.append({"id": i, "name": _ENTERPRISES[i][0], "located_in": _ENTERPRISES[i][1]})
            elif name == "chains" and i in _CHAINS:
                n, leaders, based = _CHAINS[i]
                rows.append({"id": i, "name": n, "leaders": leaders, "based": based or None})
        return rows


def test_a_node_lies_where_it_is_located_or_based_or_where_its_higher_organisation_lies():
    places = Places(_PlacesStore())
    assert [places.label(i) for i in ("K", "O-T", "E1", "CH", "nope", None)] == [
        "Region", "OrgUnit", "Enterprise", "IndustryChain", None, None]
    assert places.region_of("V") == "V" and places.region_of("E1") == "V"
    assert places.region_of("E2") is None and places.region_of(None) is None
    assert places.region_of("O-V") == "V"
    assert places.region_of("O-E") == "V"            # based in its enterprise
    assert places.region_of("O-A") == "V"            # based in a chain: where its leader lies
    assert places.region_of("CH2") == "S"            # no leader: where its committee lies
    assert places.region_of("O-X") is None           # members of each other, based nowhere
    assert places.parents("O-V") == ["O-T", "O-A"]   # the higher organisation before an alliance
    assert places.get("V", "name") == "东坪村" and places.get("O-T", "kind") == "town_committee"
    assert places.get("nope", "name") is None


def test_towns_and_committees_are_found_walking_up_the_regions():
    places = Places(_PlacesStore())
    assert places.ancestors("G") == ["G", "V", "T", "K"] and places.ancestors(None) == []
    assert places.town_of("G") == "T" and places.town_of("S") == "S" and places.town_of("K") is None
    assert places.is_within("G", "T") and places.is_within("G", "G")
    assert not places.is_within("G", "S")
    assert places.nearest_org("G") == "O-V"
    assert places.nearest_org("G", exclude="O-V") == "O-T"
    assert places.nearest_org("G", ("county_committee",)) == "O-K"
    assert places.nearest_org(None) is None and places.nearest_org("G", ("agency_branch",)) is None
    assert places.committee_of("G") == "O-T" and places.committee_of("T", exclude="O-T") == "O-K"
    assert places.committee_of("S") == "O-S"
    assert places_module.COMMITTEE_KINDS == ("town_committee", "street_committee",
                                             "county_committee")
    assert places_module.TOWN_KINDS == ("town", "street")


def test_prefetch_reads_a_walk_up_step_by_step_and_nothing_is_read_twice():
    store = _PlacesStore()
    places = Places(store)
    places.prefetch(walked=["G"])
    # G, then V, then T with O-V, then K with O-T, then O-K: four labels a step
    assert places.queries == 20 == len(store.asked)
    assert [ids for name, ids in store.asked if name == "regions"] == [
        ("G",), ("V",), ("O-V", "T"), ("K", "O-T"), ("O-K",)]
    assert places.nodes["G"] == {"label": "Region", "name": "一网格", "kind": "grid",
                                 ("PART_OF", "out"): ["V"], ("BASED_IN", "in"): []}
    assert places.nodes["V"][("BASED_IN", "in")] == ["O-V"]   # the empty id left out
    assert (places.committee_of("G"), places.town_of("G"), places.region_of("G")) == (
        "O-T", "T", "G")
    assert places.queries == 20
    assert places.region_of("E1") == "V" and places.queries == 24
    assert places.label("nope") is None and places.queries == 28 and "nope" in places.missing
    assert places.label("nope") is None and places.queries == 28
    seen = Places(_PlacesStore())
    seen.prefetch(seen=["O-T"])
    assert seen.queries == 4 and "O-K" not in seen.nodes       # looked at, not walked from
    chain = Places(_PlacesStore())
    chain.prefetch(walked=["CH"])
    assert {"E1", "O-A", "V"} <= set(chain.nodes)
    assert chain.nodes["CH"][("BASED_IN", "in")] == ["O-A"]


def test_reads_go_in_batches(monkeypatch):
    monkeypatch.setattr(places_module, "BATCH", 2)
    store = _PlacesStore()
    places = Places(store)
    places._read(["V", "T", "K", None, "T"])
    assert places.queries == 8
    assert [ids for name, ids in store.asked if name == "regions"] == [("K", "T"), ("V",)]
