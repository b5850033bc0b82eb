"""Danish postcodes with approximate coordinates.

Postal code data © GeoNames (geonames.org), CC BY 4.0 — see lib/data/ATTRIBUTION.md.
"""

import csv
import math
from dataclasses import dataclass
from functools import cache
from pathlib import Path

POSTCODES_CSV = Path(__file__).parent / "data" / "dk_postcodes.csv"


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


def lookup(code: str | None) -> Postcode | None:
    return postcodes().get((code or "").strip())


def distance_km(a: str | None, b: str | None) -> float | None:
    first, second = lookup(a), lookup(b)
    if first is None or second is None:
        return None
    return haversine_km(first.lat, first.lon, second.lat, second.lon)


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi, dlam = phi2 - phi1, math.radians(lon2 - lon1)
    h = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlam / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(h))
