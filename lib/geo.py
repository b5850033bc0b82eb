"""Danish postcodes with approximate coordinates, and the one great-circle distance.

Postal code data © GeoNames (geonames.org), CC BY 4.0 — see lib/data/ATTRIBUTION.md.
No Django here: the matching engine (a pure module) measures its distances with this haversine.
"""

import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np

EARTH_RADIUS_KM = 6371.0088  # the mean Earth radius (IUGG)
POSTCODES_CSV = Path(__file__).parent / "data" / "dk_postcodes.csv"
MUNICIPALITIES_CSV = Path(__file__).parent / "data" / "dk_municipalities.csv"


@dataclass(frozen=True, slots=True)
class Postcode:
    code: str
    place: str
    municipality: str
    region_code: str
    lat: float
    lon: float


@cache
def postcodes() -> dict[str, Postcode]:
    with POSTCODES_CSV.open(encoding="utf-8") as handle:
        return {
            row["postcode"]: Postcode(
                code=row["postcode"],
                place=row["place"],
                municipality=row["municipality"],
                region_code=row["region_code"],
                lat=float(row["lat"]),
                lon=float(row["lon"]),
            )
            for row in csv.DictReader(handle)
            if row["non_geographic"] != "1"
        }


@dataclass(frozen=True, slots=True)
class Municipality:
    code: str
    name: str
    region_code: str
    lat: float  # an approximate centre: the median of its postcode points
    lon: float


@cache
def municipalities() -> dict[str, Municipality]:
    """The 98 municipalities by name (names are unique; a postcode's `municipality` is one of them)."""
    with MUNICIPALITIES_CSV.open(encoding="utf-8") as handle:
        return {
            row["municipality"]: Municipality(
                code=row["municipality_code"],
                name=row["municipality"],
                region_code=row["region_code"],
                lat=float(row["approx_lat"]),
                lon=float(row["approx_lon"]),
            )
            for row in csv.DictReader(handle)
        }


def lookup(code: str | None) -> Postcode | None:
    return postcodes().get((code or "").strip())


def distance_km(a: str | None, b: str | None) -> float | None:
    first, second = lookup(a), lookup(b)
    if first is None or second is None:
        return None
    return float(haversine_km(first.lat, first.lon, second.lat, second.lon))


def haversine_km(lat1, lon1, lat2, lon2):
    """Great-circle distance in km between points given in degrees (numbers or broadcasting arrays)."""
    phi1, phi2 = np.radians(lat1), np.radians(lat2)
    return great_circle_km(phi1, np.radians(lon1), np.cos(phi1), phi2, np.radians(lon2), np.cos(phi2))


def great_circle_km(phi1, lam1, cos_phi1, phi2, lam2, cos_phi2):
    """The haversine formula on radians, with the cosines of the latitudes given.

    Callers measuring many distances (the matching engine) compute radians and cosines once
    per person instead of once per pair.
    """
    s1 = np.sin((phi2 - phi1) * 0.5)
    s2 = np.sin((lam2 - lam1) * 0.5)
    a = s1 * s1 + cos_phi1 * cos_phi2 * (s2 * s2)
    return 2.0 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.minimum(a, 1.0)))
