"""A deterministic synthetic bundle: a county (the demo), a city, or a province.

    generate(scale="county", seed=7)   yields (file name, rows) batches, one county at a time;
                                       rows are tuples in the order of COLUMNS[file name]
    write_bundle(out_dir, scale, seed) writes nodes/<Label>.csv, rels/<TYPE>.csv (streaming)
                                       and meta.csv (the data's date, AS_OF)

Same scale and seed, same bytes. A county holds everything the coverage rules, the pairing and
the chain-influence analyses look at, with a planted minority of gaps (see plants.py).
"""
from __future__ import annotations

import random
from pathlib import Path
from typing import Iterator

from ..load import bundle, bundle_writer
from . import geography, names
from .county import generate_county
from .rows import COLUMNS, Rows
from .scales import SCALES, Scale, scale as get_scale

__all__ = ["COLUMNS", "SCALES", "Scale", "generate", "write_bundle", "collect"]


def _counties(sc: Scale, rng: random.Random) -> list[tuple[str, geography.Centroid]]:
    taken: set[str] = {"青溪县"}
    out = [("青溪县", geography.COUNTY_CENTROIDS[0])]
    for i in range(1, sc.counties):
        name = names.unique(rng, lambda r: r.choice(names.COUNTY_STEMS)
                            + r.choice(names.COUNTY_FORMS) + "县", taken)  # invented names
        if sc.name == "province":
            out.append((name, geography.province_centroid(i, sc.counties, rng)))
        else:
            out.append((name, geography.COUNTY_CENTROIDS[i % len(geography.COUNTY_CENTROIDS)]))
    if sc.name == "province":
        out[0] = ("青溪县", geography.province_centroid(0, sc.counties, rng))
    return out


def _above(sc: Scale, counties: list[tuple[str, geography.Centroid]]) -> tuple[Rows, list[str]]:
    """The city or province above the counties, and the parent id of each county."""
    rows = Rows()
    if sc.name == "county":
        return rows, [""]
    if sc.name == "city":
        rows.add("Region", "R-M01", name="遵义市", kind="city", code=f"{geography.CITY_CODE}000000")
        return rows, ["R-M01"] * len(counties)
    lat, lon = geography.PROVINCE_CENTRE
    rows.add("Region", "R-P", name="贵州省", kind="province",
             code=f"{geography.PROVINCE_CODE}000000", lat=lat, lon=lon)
    parents, taken = [], set()
    rng = random.Random(len(counties))
    for i, (_, c) in enumerate(counties):
        city = f"R-M{c.code[2:4]}"
        if i % 10 == 0:
            name = names.unique(rng, lambda r: r.choice(names.COUNTY_STEMS)
                                + r.choice(names.COUNTY_FORMS) + "市", taken)
            rows.add("Region", city, name=name, kind="city", code=f"{c.code[:4]}00000000")
            rows.rel("PART_OF", city, "R-P")
        parents.append(city)
    return rows, parents


def generate(scale: str = "county", seed: int = 7) -> Iterator[tuple[str, list[tuple]]]:
    """Rows per label and relationship type, county by county (bounded memory)."""
    sc = get_scale(scale)
    rng = random.Random(seed)
    counties = _counties(sc, rng)
    top, parents = _above(sc, counties)
    yield from ((name, rows) for name, rows in top.by_name.items() if rows)
    for i, (name, centroid) in enumerate(counties):
        county_rng = random.Random(seed * 1_000_003 + i + 1)
        rows = generate_county(county_rng, sc, i + 1, name, centroid)
        if parents[i]:
            rows.rel("PART_OF", f"R-{i + 1:02d}", parents[i])
        yield from ((name, batch) for name, batch in rows.by_name.items() if batch)


def collect(scale: str = "county", seed: int = 7) -> dict[str, list[dict]]:
    """All rows as dicts per file name: for tests and small scales only."""
    out: dict[str, list[dict]] = {name: [] for name in COLUMNS}
    for name, rows in generate(scale, seed):
        cols = COLUMNS[name]
        out[name].extend(dict(zip(cols, row)) for row in rows)
    return out


# The date the generated data describe (the bundle's meta.csv): stations since 2021-2024 are
# judged in 2025, so some first secretaries' two-year terms have run out.
AS_OF = "2025-06-30"


def write_bundle(out_dir: str | Path, scale: str = "county", seed: int = 7) -> dict[str, int]:
    """Write the bundle folder (with meta.csv: as_of); returns the row count per file name."""
    with bundle_writer.BundleWriter(out_dir, COLUMNS) as writer:
        for name, rows in generate(scale, seed):
            writer.write(name, rows)
    (Path(out_dir) / bundle.META_FILE).write_text(f"as_of\n{AS_OF}\n", encoding="utf-8-sig")
    return writer.counts
