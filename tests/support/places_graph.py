"""A small graph kept in memory that answers the place queries (cypher/places/*) as a store
would, for tests of orggraph/analyses/places.py and what walks with it (coverage)."""
from __future__ import annotations

from orggraph import queries

# county K > town T > village V > grid G; street S in K. O-A is a chain committee (an alliance)
# whose id sorts before O-T, O-V's higher organisation. O-X and O-Y are members of each other.
REGIONS = {"K": ("清溪县", "county", []), "T": ("青山镇", "town", ["K"]),
            "S": ("城关街道", "street", ["K"]), "V": ("东坪村", "village", ["T"]),
            "G": ("一网格", "grid", ["V"])}
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
}
ENTERPRISES = {"E1": ("茶企", ["V"]), "E2": ("无址企业", [])}
CHAINS = {"CH": ("茶叶链", ["E1"], ["O-A"]), "CH2": ("竹链", [], ["O-C2"])}


class PlacesStore:
    def __init__(self):
        library = queries.library()
        self.by_text = {library[f"places/{n}"].text: n
                        for n in ("regions", "orgs", "enterprises", "chains")}
        self.asked = []

    def query(self, text, params=None):
        name, ids = self.by_text[text], params["ids"]
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
