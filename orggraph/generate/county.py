"""One county, start to finish: draw the world, plant the gaps, write its rows."""
from __future__ import annotations

import random

from . import chains, enterprises, orgs, people, plants, regions
from .geography import Centroid
from .rows import Rows
from .scales import Scale
from .world import County


def generate_county(rng: random.Random, scale: Scale, number: int, name: str,
                    centroid: Centroid) -> Rows:
    county = County(rng, scale, number, name, centroid.lat, centroid.lon, centroid.code)
    regions.build(county)
    firm_names: set[str] = set()
    enterprises.draw(county, firm_names)
    chains.build(county, firm_names)
    plants.before(county)
    orgs.build(county)
    enterprises.cover(county)
    chains.organise(county)
    plants.after(county)
    rows = Rows()
    regions.emit(county, rows)
    enterprises.emit(county, rows)
    chains.emit(county, rows)
    orgs.emit(county, rows)
    people.build(county, rows)
    return rows
