"""Pure arithmetic for the KPI figures (no Django): rounding half up, shares, medians.

Percentages are whole numbers rounded half up (22.58 -> 23, 12.5 -> 13) of a stated
denominator; a share of an empty set is None (JSON null).
"""

from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal

# The contract's rounding is in lib (outcomes uses it too); reports' modules import it from here.
from lib.percentages import pct  # noqa: F401


def share(n: int, denominator: int) -> dict:
    """{"n": n, "pct": pct} — the shape the KPI contract uses for a counted group."""
    return {"n": n, "pct": pct(n, denominator)}


def round_half_up(value: float | int) -> int:
    """A non-negative number of halves or wholes (a median of days) rounded half up."""
    return int(Decimal(str(value)).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def median(values: Iterable[int]) -> float | None:
    """Median of the (at most two) middle values, or of any list; None when empty."""
    ordered = sorted(values)
    if not ordered:
        return None
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[middle]
    return (ordered[middle - 1] + ordered[middle]) / 2


def age_group(start_year: int | None, birth_year: int | None) -> str:
    """The contract's age groups: under-18, 18-30, 31-40, 41-50, 51-60, 61+, unknown."""
    if start_year is None or birth_year is None:
        return "unknown"
    age = start_year - birth_year
    if age < 18:
        return "under-18"
    for upper, label in ((30, "18-30"), (40, "31-40"), (50, "41-50"), (60, "51-60")):
        if age <= upper:
            return label
    return "61+"


AGE_GROUPS = ("under-18", "18-30", "31-40", "41-50", "51-60", "61+", "unknown")
GENDERS = ("female", "male", "other", "unknown")
SMALL_CELL = 5


def is_small(n: int | None) -> bool:
    """A cell describing 1-4 people (0 describes nobody and is shown)."""
    return n is not None and 0 < n < SMALL_CELL
