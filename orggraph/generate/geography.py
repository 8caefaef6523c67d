"""Where things are: real county centroids, and points placed some kilometres around them.

The centroids and statistical codes are those of real counties of 遵义市 (Guizhou); the generated
counties get invented names, so no real county is described. Provinces lay their counties out on a
jittered grid around the province's centre instead.
"""
from __future__ import annotations

import math
import random
from dataclasses import dataclass

from ..geo import haversine_km

KM_PER_DEG_LAT = 110.574
KM_PER_DEG_LON_EQUATOR = 111.320


@dataclass(frozen=True)
class Centroid:
    real_name: str  # the real county whose centre and code these are (not used in the data)
    code: str       # 6-digit administrative division code
    lat: float
    lon: float


# Real county seats of 遵义市, Guizhou (a tea, food and auto-parts region).
COUNTY_CENTROIDS = (
    Centroid("湄潭县", "520328", 27.7660, 107.4650),
    Centroid("凤冈县", "520327", 27.9546, 107.7166),
    Centroid("余庆县", "520329", 27.2153, 107.9055),
    Centroid("绥阳县", "520323", 27.9463, 107.1910),
    Centroid("正安县", "520324", 28.5533, 107.4536),
    Centroid("务川仡佬族苗族自治县", "520326", 28.5221, 107.8891),
    Centroid("桐梓县", "520322", 28.1336, 106.8258),
    Centroid("仁怀市", "520382", 27.7920, 106.4010),
)
CITY_CODE = "520300"  # 遵义市
PROVINCE_CENTRE = (26.80, 106.70)  # roughly the middle of Guizhou
PROVINCE_CODE = "520000"


def province_centroid(index: int, count: int, rng: random.Random) -> Centroid:
    """Counties of a generated province: a jittered square grid, about 38 km apart."""
    side = max(1, math.ceil(math.sqrt(count)))
    row, col = divmod(index, side)
    lat = PROVINCE_CENTRE[0] + (row - (side - 1) / 2) * 0.34 + rng.uniform(-0.06, 0.06)
    lon = PROVINCE_CENTRE[1] + (col - (side - 1) / 2) * 0.38 + rng.uniform(-0.06, 0.06)
    city, county = divmod(index, 10)
    return Centroid("", f"52{city + 1:02d}{county + 21:02d}", round(lat, 4), round(lon, 4))


def offset(lat: float, lon: float, east_km: float, north_km: float) -> tuple[float, float]:
    """The point east_km east and north_km north of (lat, lon), rounded to ~0.1 m."""
    new_lat = lat + north_km / KM_PER_DEG_LAT
    new_lon = lon + east_km / (KM_PER_DEG_LON_EQUATOR * math.cos(math.radians(lat)))
    return round(new_lat, 6), round(new_lon, 6)


def polar(lat: float, lon: float, km: float, angle: float) -> tuple[float, float]:
    return offset(lat, lon, km * math.cos(angle), km * math.sin(angle))


def distance_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance between two (lat, lon) points."""
    return haversine_km(*a, *b)
