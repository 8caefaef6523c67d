"""Where a node lies and which organisation stands above it, from a small projection.

Regions, organisations, enterprises and chains with PART_OF, BASED_IN, MEMBER_OF, LOCATED_IN and
LEADS are read once into networkx; every question after that is a walk in memory. Persons are left
out (they are many): a person lies where their organisation or employer lies.
"""
from __future__ import annotations

from .store import Store

TOWN_KINDS = ("town", "street")
# The organisations that answer for everything in their area, nearest first when walking up.
COMMITTEE_KINDS = ("town_committee", "street_committee", "county_committee")
# Alliances an organisation may join besides its higher organisation: not its parent.
ALLIANCE_KINDS = ("chain_committee", "joint_village_branch")
_LABELS = ("Region", "OrgUnit", "Enterprise", "IndustryChain")
_TYPES = ("PART_OF", "BASED_IN", "MEMBER_OF", "LOCATED_IN", "LEADS")


class Places:
    def __init__(self, store: Store):
        self.graph = store.project(_LABELS, _TYPES)

    def _targets(self, node: str, rel: str, label: str | None = None) -> list[str]:
        found = {b for _, b, key in self.graph.out_edges(node, keys=True) if key == rel}
        return sorted(b for b in found if label is None or self.label(b) == label)

    def _sources(self, node: str, rel: str, label: str | None = None) -> list[str]:
        found = {a for a, _, key in self.graph.in_edges(node, keys=True) if key == rel}
        return sorted(a for a in found if label is None or self.label(a) == label)

    def label(self, node: str) -> str | None:
        return self.graph.nodes[node].get("label") if node in self.graph else None

    def get(self, node: str | None, prop: str):
        return self.graph.nodes[node].get(prop) if node in self.graph else None

    def region_of(self, node: str | None, _seen: frozenset = frozenset()) -> str | None:
        """The Region a node lies in: itself, where it is located or based, or where its
        higher organisation lies."""
        if node not in self.graph or node in _seen:
            return None
        seen = _seen | {node}
        label = self.label(node)
        if label == "Region":
            return node
        if label == "Enterprise":
            return next(iter(self._targets(node, "LOCATED_IN", "Region")), None)
        if label == "OrgUnit":
            candidates = self._targets(node, "BASED_IN") + self.parents(node)
        else:  # an industry chain lies where its leader, else its committee, lies
            candidates = (self._sources(node, "LEADS", "Enterprise")
                          + self._sources(node, "BASED_IN"))
        for candidate in candidates:
            found = self.region_of(candidate, seen)
            if found:
                return found
        return None

    def parents(self, org: str) -> list[str]:
        """The organisations `org` is MEMBER_OF, its higher organisation before any alliance."""
        found = self._targets(org, "MEMBER_OF", "OrgUnit")
        return sorted(found, key=lambda o: (self.get(o, "kind") in ALLIANCE_KINDS, o))

    def ancestors(self, region: str | None) -> list[str]:
        """The region, then each region it is PART_OF, up to the top."""
        chain: list[str] = []
        while region in self.graph and region not in chain:
            chain.append(region)
            region = next(iter(self._targets(region, "PART_OF", "Region")), None)
        return chain

    def town_of(self, region: str | None) -> str | None:
        return next((r for r in self.ancestors(region) if self.get(r, "kind") in TOWN_KINDS), None)

    def is_within(self, region: str | None, area: str) -> bool:
        return area in self.ancestors(region)

    def nearest_org(self, region: str | None, kinds: tuple[str, ...] | None = None,
                    exclude: str | None = None) -> str | None:
        """The first organisation BASED_IN the region or a region above it (of `kinds`)."""
        for place in self.ancestors(region):
            for org in self._sources(place, "BASED_IN", "OrgUnit"):
                if org != exclude and (kinds is None or self.get(org, "kind") in kinds):
                    return org
        return None

    def committee_of(self, region: str | None, exclude: str | None = None) -> str | None:
        return self.nearest_org(region, COMMITTEE_KINDS, exclude)
