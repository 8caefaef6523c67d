"""Pinned by tests written against the survivors of mutation testing (scripts/mutation,
docs/TESTING.md): places (orggraph/analyses/places.py), on a graph kept in memory."""
from __future__ import annotations

from orggraph.analyses import places as places_module
from orggraph.analyses.places import Places
from support.places_graph import PlacesStore


# --- places (orggraph/analyses/places.py), on a graph kept in memory ----------------------------


def test_a_node_lies_where_it_is_located_or_based_or_where_its_higher_organisation_lies():
    places = Places(PlacesStore())
    assert [places.label(i) for i in ("K", "O-T", "E1", "CH", "nope", None)] == [
        "Region", "OrgUnit", "Enterprise", "IndustryChain", None, None]
    assert places.region_of("V") == "V" and places.region_of("E1") == "V"
    assert places.region_of("E2") is None and places.region_of(None) is None
    assert places.region_of("O-V") == "V"
    assert places.region_of("O-E") == "V"            # based in its enterprise
    assert places.region_of("O-A") == "V"            # based in a chain: where its leader lies
    assert places.region_of("CH2") == "S"            # no leader: where its committee lies
    assert places.region_of("O-X") is None           # members of each other, based nowhere
    assert places.region_of("O-P") == "T"            # based nowhere: where its parent lies
    assert places.parents("O-V") == ["O-T", "O-A"]   # the higher organisation before an alliance
    assert places.get("V", "name") == "东坪村" and places.get("O-T", "kind") == "town_committee"
    assert places.get("nope", "name") is None


def test_towns_and_committees_are_found_walking_up_the_regions():
    places = Places(PlacesStore())
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
    store = PlacesStore()
    places = Places(store)
    places.prefetch(walked=["G"])
    # G (by every label's query: four), then V, then T with O-V, then K with O-T, then O-K:
    # each named by a column read before, so read by its own label's query only
    assert places.queries == 10 == len(store.asked)
    assert [ids for name, ids in store.asked if name == "regions"] == [
        ("G",), ("V",), ("T",), ("K",)]
    assert [ids for name, ids in store.asked if name == "orgs"] == [
        ("G",), ("O-V",), ("O-T",), ("O-K",)]
    assert places.nodes["G"] == {"label": "Region", "name": "一网格", "kind": "grid",
                                 ("PART_OF", "out"): ["V"], ("BASED_IN", "in"): []}
    assert places.nodes["V"][("BASED_IN", "in")] == ["O-V"]   # the empty id left out
    assert (places.committee_of("G"), places.town_of("G"), places.region_of("G")) == (
        "O-T", "T", "G")
    assert places.queries == 10
    assert places.region_of("E1") == "V" and places.queries == 14   # E1 named by no column read
    assert places.label("nope") is None and places.queries == 18 and "nope" in places.missing
    assert places.label("nope") is None and places.queries == 18
    seen = Places(PlacesStore())
    seen.prefetch(seen=["O-T"])
    assert seen.queries == 4 and "O-K" not in seen.nodes       # looked at, not walked from
    chain = Places(PlacesStore())
    chain.prefetch(walked=["CH"])
    assert {"E1", "O-A", "V"} <= set(chain.nodes)
    assert chain.nodes["CH"][("BASED_IN", "in")] == ["O-A"]


def test_reads_go_in_batches(monkeypatch):
    monkeypatch.setattr(places_module, "BATCH", 2)
    store = PlacesStore()
    places = Places(store)
    places._read(["V", "T", "K", None, "T"])
    assert places.queries == 8
    assert [ids for name, ids in store.asked if name == "regions"] == [("K", "T"), ("V",)]


def test_has_label_reads_by_that_label_only_and_leaves_other_labels_unread():
    store = PlacesStore()
    places = Places(store)
    assert places.has_label("T", "Region") and store.asked == [("regions", ("T",))]
    assert not places.has_label("O-T", "Region") and places.queries == 2
    assert "O-T" not in places.missing                 # not a region, but maybe another label
    assert places.label("O-T") == "OrgUnit" and places.has_label("O-T", "OrgUnit")
    assert not places.has_label("nope", "Region") and not places.has_label(None, "Region")
    assert places.label("nope") is None and "nope" in places.missing
    queries = places.queries
    assert not places.has_label("nope", "Region") and places.queries == queries


def test_what_may_lie_below_a_region_is_read_walking_down_and_once_per_region(monkeypatch):
    store = PlacesStore()
    places = Places(store)
    below = places.below_by_label("T")
    assert below == {"Region": {"T", "V", "G"}, "Enterprise": {"E1"}, "IndustryChain": {"CH", "CH3"},
                     "OrgUnit": {"O-T", "O-V", "O-E", "O-A", "O-P", "O-Q", "O-R", "O-C3", "O-C4"}}
    assert [name for name, _ in store.asked] == [
        "below", "orgs_in_chains", "orgs_under", "orgs_under", "chains_of",
        "orgs_in_chains", "orgs_under", "orgs_under", "chains_of"]
    assert places.below("T") == set().union(*below.values()) and places.queries == 9
    # O-C2 is based in S and in its chain CH2: the chain lies there too
    assert places.below_by_label("S") == {"Region": {"S", "W"}, "Enterprise": {"E3"},
                                          "IndustryChain": {"CH2", "CH4"},
                                          "OrgUnit": {"O-S", "O-C2"}}
    # a chain led from a village where no organisation is based
    assert places.below_by_label("W") == {"Region": {"W"}, "Enterprise": {"E3"},
                                          "IndustryChain": {"CH4"}, "OrgUnit": set()}
    assert places.below("nowhere") == set()
    assert places.people_below("T") == {"P1", "P2", "P4", "P5"}
    asked = len(store.asked)
    assert places.people_below("T") == {"P1", "P2", "P4", "P5"} and len(store.asked) == asked
    assert places.people_below("S") == {"P3"}
    before = places.queries
    assert places.parents("nope") == [] and places.queries == before + 4 == len(store.asked)
    # the ids go BATCH at a time
    monkeypatch.setattr(places_module, "BATCH", 2)
    store = PlacesStore()
    assert Places(store).below_by_label("T") == below
    assert [ids for name, ids in store.asked if name == "orgs_under"][:2] == [
        ("O-A", "O-E"), ("O-T", "O-V")]
    assert Places(store)._ids("places/orgs_under", set()) == set()


def test_a_region_where_no_chain_is_led_still_walks_down_its_organisations():
    """`places/below` finds no chain (no enterprise there leads one): the walk goes on from the
    organisations alone, and finds the chains they are based in on the way down."""
    class NoChainLed(PlacesStore):
        def query(self, text, params=None):
            rows = super().query(text, params)
            if self.by_text[text] == "below":
                rows = [row for row in rows if row["label"] != "IndustryChain"]
            return rows

    assert Places(NoChainLed()).below_by_label("V") == {
        "Region": {"V", "G"}, "Enterprise": {"E1"}, "IndustryChain": {"CH3"},
        "OrgUnit": {"O-V", "O-E", "O-Q", "O-R", "O-C3", "O-C4"}}
