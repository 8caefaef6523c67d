"""Where a node lies and which organisation stands above it, read only around the nodes asked.

`Places.prefetch(ids)` reads those nodes and everything a walk up from them can reach (regions
PART_OF, the organisations BASED_IN them, higher organisations, where enterprises are LOCATED_IN
and chains lie) in a few batched queries per step up (`cypher/places/*.cypher`, the ids as a list
parameter), so a province-wide catalogue reads thousands of nodes, not the whole graph. A node
asked for that was not prefetched is read on its own when first touched: answers never depend
on what was prefetched, only the number of queries does. Persons are left out (they are many):
a person lies where their organisation or employer lies.
"""
from __future__ import annotations

from .. import queries
from ..store import Store

TOWN_KINDS = ("town", "street")
# The organisations that answer for everything in their area, nearest first when walking up.
COMMITTEE_KINDS = ("town_committee", "street_committee", "county_committee")
# Alliances an organisation may join besides its higher organisation: not its parent.
ALLIANCE_KINDS = ("chain_committee", "joint_village_branch")

# label -> (query, {edge name: columns of the row whose ids it joins}); edge names are
# (relationship, "out" or "in"), as the walks below ask for them.
_READS = {
    "Region": ("places/regions", {("PART_OF", "out"): ("part_of",),
                                  ("BASED_IN", "in"): ("based",)}),
    "OrgUnit": ("places/orgs", {("MEMBER_OF", "out"): ("member_of",),
                                ("BASED_IN", "out"): ("in_region", "in_enterprise", "in_chain")}),
    "Enterprise": ("places/enterprises", {("LOCATED_IN", "out"): ("located_in",)}),
    "IndustryChain": ("places/chains", {("LEADS", "in"): ("leaders",),
                                        ("BASED_IN", "in"): ("based",)}),
}
# The label of the nodes each column of those reads names: a node reached through a column is
# read by its own label's query only (ids are unique across labels).
_COLUMN_LABEL = {"part_of": "Region", "based": "OrgUnit", "member_of": "OrgUnit",
                 "in_region": "Region", "in_enterprise": "Enterprise",
                 "in_chain": "IndustryChain", "located_in": "Region", "leaders": "Enterprise"}
# What a walk up from a node of each label may visit next (and so should be prefetched whole);
# the organisations BASED_IN a region are only looked at (kind, name), not walked from.
_WALKED = {"Region": (("PART_OF", "out"),),
           "OrgUnit": (("BASED_IN", "out"), ("MEMBER_OF", "out")),
           "Enterprise": (("LOCATED_IN", "out"),),
           "IndustryChain": (("LEADS", "in"), ("BASED_IN", "in"))}
_SEEN = {"Region": (("BASED_IN", "in"),)}
BATCH = 5000  # ids per query: keeps each parameter list and each result small


class Places:
    LABELS = tuple(_READS)  # the labels of the nodes it reads (below_by_label's keys)

    def __init__(self, store: Store):
        self.store = store
        self.nodes: dict[str, dict] = {}   # id -> {"label", "name", "kind", edge name: [ids]}
        self.missing: set[str] = set()     # ids asked for that are no Region/OrgUnit/…
        self.queries = 0                   # how many reads so far (for tests and benchmarks)
        self._below: dict[str, dict[str, set]] = {}  # region -> label -> ids (below_by_label)
        self._people: dict[str, set] = {}            # region -> person ids (people_below)
        self._known: dict[str, str] = {}  # id -> its label, known from a column that named it

    # -- reading -------------------------------------------------------------------------

    def _read(self, ids) -> None:
        """Read these ids that are not read yet: each by its label's query where a column read
        before named it, the others by every label's."""
        todo = sorted({i for i in ids if i is not None} - self.nodes.keys() - self.missing)
        for start in range(0, len(todo), BATCH):
            batch = todo[start:start + BATCH]
            for label in _READS:
                self._read_label(label, [i for i in batch if self._known.get(i, label) == label])
            self.missing.update(i for i in batch if i not in self.nodes)

    def _read_label(self, label: str, ids: list[str]) -> None:
        """Read the nodes of `label` among these ids (none asked: no query)."""
        if not ids:
            return
        name, edges = _READS[label]
        query = queries.find(name)
        self.queries += 1
        for row in self.store.query(query.text, query.bind(ids=ids)):
            node = {"label": label, "name": row.get("name"), "kind": row.get("kind")}
            for edge, columns in edges.items():
                node[edge] = sorted({i for c in columns for i in row[c] or [] if i})
                for column in columns:
                    for i in row[column] or []:
                        if i:
                            self._known.setdefault(i, _COLUMN_LABEL[column])
            self.nodes[row["id"]] = node

    def has_label(self, node: str | None, label: str) -> bool:
        """Whether `node` is a node of `label`; a node not read yet is read by that label's query
        only (another label's node with this id is then still unread, not missing)."""
        if node is None:
            return False
        if node not in self.nodes and node not in self.missing:
            self._read_label(label, [node])
        return self.label(node) == label if node in self.nodes else False

    def prefetch(self, walked=(), seen=()) -> None:
        """Read the `walked` ids and all a walk up from them reaches, and the `seen` ids (only
        their name and kind are wanted), step by step, each step in batched queries."""
        self._read([*walked, *seen])
        expanded: set[str] = set()
        frontier = set(walked)
        while frontier:
            expanded |= frontier
            nxt, looked = set(), set()
            for node_id in frontier:
                node = self.nodes.get(node_id)
                if node is None:
                    continue
                for edge in _WALKED[node["label"]]:
                    nxt.update(node[edge])
                for edge in _SEEN.get(node["label"], ()):
                    looked.update(node[edge])
            self._read(nxt | looked)
            frontier = nxt - expanded

    def _node(self, node: str | None) -> dict | None:
        if node is None or node in self.missing:
            return None
        if node not in self.nodes:
            self._read([node])
        return self.nodes.get(node)

    def _edges(self, node: str, edge: tuple[str, str], label: str | None = None) -> list[str]:
        found = (self._node(node) or {}).get(edge, [])
        return [n for n in found if label is None or self.label(n) == label]

    def below(self, region: str) -> set[str]:
        """Every node that may lie at or below `region` (`region_of` and `is_within`), read by
        walking down from it: its regions, the enterprises located there, the organisations
        based in either and every organisation below those (MEMBER_OF), the chains their
        enterprises lead or their organisations are based in, and the organisations based in
        those chains, until nothing is added. More than lies there (a node based in two
        places, say), never less: a caller still asks `is_within` of each."""
        return set().union(*self.below_by_label(region).values())

    def below_by_label(self, region: str) -> dict[str, set]:
        """`below`, by label (Region, Enterprise, OrgUnit, IndustryChain); read once per region."""
        if region not in self._below:
            self._below[region] = self._walk_down(region)
        return self._below[region]

    def people_below(self, region: str) -> set[str]:
        """Every person who may lie at or below `region`: a person lies where their organisation
        or employer lies (the coverage rules on persons), so the members of the organisations
        and those working at the enterprises of `below_by_label`. More than lies there, never
        less."""
        if region not in self._people:
            parts = self.below_by_label(region)
            self._people[region] = self._ids("places/people_of",
                                             parts["OrgUnit"] | parts["Enterprise"])
        return self._people[region]

    def _walk_down(self, region: str) -> dict[str, set]:
        found: dict[str, set] = {}
        for row in self._rows("places/below", within=region):
            found.setdefault(row["label"], set()).add(row["id"])
        orgs: set[str] = set()
        chains: set[str] = set()
        todo_orgs, todo_chains = found.get("OrgUnit", set()), found.get("IndustryChain", set())
        while todo_orgs or todo_chains:
            chains |= todo_chains
            under = (todo_orgs | self._ids("places/orgs_in_chains", todo_chains)) - orgs
            step = under
            while step:   # and every organisation below those, a level at a time
                orgs |= step
                step = self._ids("places/orgs_under", step) - orgs
                under |= step
            todo_orgs, todo_chains = set(), self._ids("places/chains_of", under) - chains
        return {"Region": found.get("Region", set()), "Enterprise": found.get("Enterprise", set()),
                "OrgUnit": orgs, "IndustryChain": chains}

    def _rows(self, name: str, **params) -> list[dict]:
        query = queries.find(name)
        self.queries += 1
        return self.store.query(query.text, query.bind(**params))

    def _ids(self, name: str, ids: set[str]) -> set[str]:
        """The ids a `places/` query finds for these ids, BATCH at a time."""
        ids = sorted(ids)
        return {row["id"] for start in range(0, len(ids), BATCH)
                for row in self._rows(name, ids=ids[start:start + BATCH])}

    # -- the walks -----------------------------------------------------------------------

    def label(self, node: str | None) -> str | None:
        return (self._node(node) or {}).get("label")

    def get(self, node: str | None, prop: str):
        return (self._node(node) or {}).get(prop)

    def region_of(self, node: str | None, _seen: frozenset = frozenset()) -> str | None:
        """The Region a node lies in: itself, where it is located or based, or where its
        higher organisation lies."""
        label = self.label(node)
        if label is None or node in _seen:
            return None
        seen = _seen | {node}
        if label == "Region":
            return node
        if label == "Enterprise":
            return next(iter(self._edges(node, ("LOCATED_IN", "out"), "Region")), None)
        if label == "OrgUnit":
            candidates = self._edges(node, ("BASED_IN", "out")) + self.parents(node)
        else:  # an industry chain lies where its leader, else its committee, lies
            candidates = (self._edges(node, ("LEADS", "in"), "Enterprise")
                          + self._edges(node, ("BASED_IN", "in")))
        for candidate in candidates:
            found = self.region_of(candidate, seen)
            if found:
                return found
        return None

    def parents(self, org: str) -> list[str]:
        """The organisations `org` is MEMBER_OF, its higher organisation before any alliance."""
        found = self._edges(org, ("MEMBER_OF", "out"), "OrgUnit")
        return sorted(found, key=lambda o: (self.get(o, "kind") in ALLIANCE_KINDS, o))

    def ancestors(self, region: str | None) -> list[str]:
        """The region, then each region it is PART_OF, up to the top."""
        chain: list[str] = []
        while self.label(region) is not None and region not in chain:
            chain.append(region)
            region = next(iter(self._edges(region, ("PART_OF", "out"), "Region")), None)
        return chain

    def town_of(self, region: str | None) -> str | None:
        return next((r for r in self.ancestors(region) if self.get(r, "kind") in TOWN_KINDS), None)

    def is_within(self, region: str | None, area: str) -> bool:
        return area in self.ancestors(region)

    def nearest_org(self, region: str | None, kinds: tuple[str, ...] | None = None,
                    exclude: str | None = None) -> str | None:
        """The first organisation BASED_IN the region or a region above it (of `kinds`)."""
        for place in self.ancestors(region):
            for org in self._edges(place, ("BASED_IN", "in"), "OrgUnit"):
                if org != exclude and (kinds is None or self.get(org, "kind") in kinds):
                    return org
        return None

    def committee_of(self, region: str | None, exclude: str | None = None) -> str | None:
        return self.nearest_org(region, COMMITTEE_KINDS, exclude)
