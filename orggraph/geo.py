"""Great-circle distance: the one formula pairing, cadre matching and the generator share."""
from __future__ import annotations

import math

EARTH_RADIUS_KM = 6371.0088  # the mean radius (IUGG)


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = (math.sin((p2 - p1) / 2) ** 2
         + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2)
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


def point(lat: float | None, lon: float | None) -> tuple[float, float] | None:
    """(lat, lon) where both are known, else None."""
    return (lat, lon) if lat is not None and lon is not None else None
