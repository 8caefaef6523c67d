"""A small graph kept in memory that answers the place queries (cypher/places/*) as a store
would, for tests of orggraph/analyses/places.py and what walks with it (coverage)."""
from __future__ import annotations

from orggraph import queries

# county K > town T > village V > grid G; street S in K. O-A is a chain committee (an alliance)
# whose id sorts before O-T, O-V's higher organisation. O-X and O-Y are members of each other.
REGIONS = {"K": ("清溪县", "county", []), "T": ("青山镇", "town", ["K"]),
            "S": ("城关街道", "street", ["K"]), "V": ("东坪村", "village", ["T"]),
            "G": ("一网格", "grid", ["V"]), "W": ("西村", "village", ["S"]),
            "Y": ("云岭镇", "town", ["K"])}   # a town whose id sorts after "X"
ORGS = {  # id: (name, kind, member_of, based in a region, an enterprise, a chain)
    "O-K": ("县委", "county_committee", [], ["K"], [], []),
    "O-T": ("镇党委", "town_committee", ["O-K"], ["T"], [], []),
    "O-S": ("街道党工委", "street_committee", ["O-K"], ["S"], [], []),
    "O-V": ("东坪村党支部", "village_branch", ["O-T", "O-A"], ["V"], [], []),
    "O-A": ("茶叶链党委", "chain_committee", ["O-T"], [], [], ["CH"]),
    "O-E": ("茶企支部", "enterprise_branch", ["O-T"], [], ["E1"], []),
    "O-C2": ("竹链党委", "chain_committee", [], ["S"], [], ["CH2"]),
    "O-X": ("甲", "enterprise_branch", ["O-Y"], [], [], []),
    "O-Y": ("乙", "enterprise_branch", ["O-X"], [], [], []),
    "O-P": ("丙", "party_group", ["O-T"], [], [], []),   # based nowhere: where its parent lies
    "O-Q": ("丁", "party_group", ["O-V"], [], [], []),   # its parent is no committee
    # below V's branch, based in a chain led by no enterprise: the chain's committee and its
    # member lie there too (places/chains_of, orgs_in_chains, orgs_under)
    "O-R": ("戊", "party_group", ["O-V"], [], [], ["CH3"]),
    "O-C3": ("果链党委", "chain_committee", [], [], [], ["CH3"]),
    "O-C4": ("果链支部", "party_group", ["O-C3"], [], [], []),
}
# E3 in W leads CH4, and no organisation is based in W, E3 or CH4
ENTERPRISES = {"E1": ("茶企", ["V"]), "E2": ("无址企业", []), "E3": ("笋企", ["W"])}
CHAINS = {"CH": ("茶叶链", ["E1"], ["O-A"]), "CH2": ("竹链", [], ["O-C2"]),
          "CH3": ("果链", [], ["O-R", "O-C3"]), "CH4": ("笋链", ["E3"], [])}
# person: (organisations MEMBER_OF, enterprises WORKS_AT)
PEOPLE = {"P1": (["O-V"], []), "P2": ([], ["E1"]), "P3": (["O-S"], []), "P4": (["O-C4"], []),
          "P5": (["O-Q"], ["E2"])}
_DOWN = ("below", "orgs_in_chains", "orgs_under", "chains_of", "people_of")


def _regions_below(region):
    found, todo = set(), [region]
    while todo:
        r = todo.pop()
        if r in REGIONS and r not in found:
            found.add(r)
            todo += [k for k, v in REGIONS.items() if r in v[2]]
    return found


def _down(name, params):
    """The walk-down queries (cypher/places/below, …), as the .cypher files state them."""
    if name == "below":
        regions = _regions_below(params["within"])
        enterprises = {e for e, (_, at) in ENTERPRISES.items() if set(at) & regions}
        orgs = {o for o, v in ORGS.items() if set(v[3]) & regions or set(v[4]) & enterprises}
        chains = {c for c, (_, leaders, _) in CHAINS.items() if set(leaders) & enterprises}
        return ([{"id": i, "label": "Region"} for i in regions]
                + [{"id": i, "label": "Enterprise"} for i in enterprises]
                + [{"id": i, "label": "OrgUnit"} for i in orgs]
                + [{"id": i, "label": "IndustryChain"} for i in chains])
    ids = set(params["ids"])
    if name == "orgs_in_chains":
        found = {o for c in ids if c in CHAINS for o in CHAINS[c][2]}
    elif name == "orgs_under":
        found = {o for o, v in ORGS.items() if set(v[2]) & ids}
    elif name == "chains_of":
        found = {c for o in ids if o in ORGS for c in ORGS[o][5]}
    else:
        found = {p for p, (orgs, works) in PEOPLE.items() if set(orgs + works) & ids}
    return [{"id": i} for i in found]


class PlacesStore:
    def __init__(self):
        library = queries.library()
        self.by_text = {library[f"places/{n}"].text: n
                        for n in ("regions", "orgs", "enterprises", "chains", *_DOWN)}
        self.asked = []

    def query(self, text, params=None):
        name = self.by_text[text]
        if name in _DOWN:
            self.asked.append((name, params.get("within") or tuple(params["ids"])))
            return _down(name, params)
        ids = params["ids"]
        self.asked.append((name, tuple(ids)))
        rows = []
        for i in sorted(ids):
            if name == "regions" and i in REGIONS:
                n, kind, part_of = REGIONS[i]
                based = [o for o, v in ORGS.items() if i in v[3]]
                rows.append({"id": i, "name": n, "kind": kind, "part_of": part_of,
                             "based": based + [None]})
            elif name == "orgs" and i in ORGS:
                n, kind, member_of, region, enterprise, chain = ORGS[i]
                rows.append({"id": i, "name": n, "kind": kind, "member_of": member_of,
                             "in_region": region, "in_enterprise": enterprise, "in_chain": chain})
            elif name == "enterprises" and i in ENTERPRISES:
                rows.append({"id": i, "name": ENTERPRISES[i][0], "located_in": ENTERPRISES[i][1]})
            elif name == "chains" and i in CHAINS:
                n, leaders, based = CHAINS[i]
                rows.append({"id": i, "name": n, "leaders": leaders, "based": based or None})
        return rows
