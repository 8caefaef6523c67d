"""How big a generated bundle is: sizes per county, and how many counties."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Scale:
    name: str
    words: str                  # the scale as a person says it (乡镇、县、市、省)
    counties: int
    towns: int                  # towns per county, besides its streets
    streets: int
    villages: int               # per county
    street_communities: int     # per street
    seat_communities: int       # in the town that holds the county seat
    enterprises: int            # per county, besides the industry-chain enterprises
    agencies: int               # county agencies with a party branch
    spare_cadres: int           # cadres with a specialty, not yet stationed anywhere


SCALES: dict[str, Scale] = {
    # One town and its villages, for a first try in well under a second.
    "town": Scale("town", "一个乡镇", counties=1, towns=1, streets=0, villages=30,
                  street_communities=0, seat_communities=2, enterprises=20, agencies=3,
                  spare_cadres=4),
    "county": Scale("county", "一个县", counties=1, towns=9, streets=1, villages=130,
                    street_communities=4, seat_communities=2, enterprises=130, agencies=18,
                    spare_cadres=10),
    "city": Scale("city", "一个市", counties=8, towns=9, streets=1, villages=130,
                  street_communities=4, seat_communities=2, enterprises=130, agencies=18,
                  spare_cadres=10),
    "province": Scale("province", "一个省", counties=100, towns=12, streets=2, villages=200,
                      street_communities=5, seat_communities=2, enterprises=1950, agencies=25,
                      spare_cadres=15),
}


def scale(name: str) -> Scale:
    try:
        return SCALES[name]
    except KeyError:
        raise ValueError(f"unknown scale {name!r}: one of {', '.join(SCALES)}") from None
