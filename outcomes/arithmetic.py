"""The contract's `star` figures (../shared/docs/kpi-definitions.md), pure: plain data in, the
`star` dict out. The ORM loading is `outcomes.kpi.star_report`.

- Active at `as_of`: started on or before, not ended/cancelled on or before, not in a pause that
  began on or before `as_of` and had not ended by then.
- Coverage: active matches with a reading with scores dated after `as_of` minus four calendar
  months (clamped like the six-month mark) up to and including `as_of`, over active matches.
- Not this time: "not this time" records dated in [from, min(to, as_of)], by reason.
- Distance per area: over matches with at least two readings in [from, min(to, as_of)] that score
  the area, change = latest such score minus first; n, median (one decimal), share improved.
"""

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date

from lib.dates import add_months
from lib.percentages import pct

REASONS = ("declined", "not_relevant", "could_not_meet")
DEFAULT_AREAS = ("danish", "network", "authorities", "everyday", "health", "work", "home", "confidence")
COVERAGE_MONTHS = 4


@dataclass(frozen=True)
class MatchSpan:
    match_id: int
    started_on: date | None
    ended_on: date | None = None
    cancelled_on: date | None = None
    pauses: tuple[tuple[date, date | None], ...] = ()


@dataclass(frozen=True)
class ReadingRow:
    match_id: int
    on: date
    not_this_time: str = ""
    scores: Mapping[str, int] = field(default_factory=dict)


def median_one_decimal(values: list[int]) -> float | None:
    """The median, one decimal (a median of whole numbers is whole or a half: exact)."""
    return median_of_counts(Counter(values))


def median_of_counts(counts: Mapping[int, int]) -> float | None:
    """median_one_decimal of the values `counts` lists ({value: how many times}); None when empty.
    The database gives the changes as such a histogram (outcomes.kpi)."""
    total = sum(counts.values())
    if not total:
        return None
    ordered = sorted(value for value, n in counts.items() if n)

    def nth(index: int) -> int:  # the index-th value (0-based) of the sorted list
        seen = 0
        for value in ordered:
            seen += counts[value]
            if index < seen:
                return value
        raise IndexError(index)

    middle = total // 2
    value = nth(middle) if total % 2 else (nth(middle - 1) + nth(middle)) / 2
    return round(float(value), 1)


def distance_row(counts: Mapping[int, int]) -> dict:
    """One area's distance figures from its histogram of changes {change: matches}."""
    n = sum(counts.values())
    improved = sum(count for change, count in counts.items() if change > 0)
    return {"n": n, "median_change": median_of_counts(counts), "improved_pct": pct(improved, n)}


def area_order(codes) -> list[str]:
    """The default areas in the contract's order, then any other area by code."""
    codes = set(codes)
    return [*(code for code in DEFAULT_AREAS if code in codes), *sorted(codes - set(DEFAULT_AREAS))]


def is_active(match: MatchSpan, as_of: date) -> bool:
    if match.started_on is None or match.started_on > as_of:
        return False
    if match.ended_on is not None and match.ended_on <= as_of:
        return False
    if match.cancelled_on is not None and match.cancelled_on <= as_of:
        return False
    return not any(start <= as_of and (end is None or end > as_of) for start, end in match.pauses)


def coverage(matches: Iterable[MatchSpan], readings: Iterable[ReadingRow], as_of: date) -> tuple[int, int]:
    """(active matches, those with a recent reading with scores)."""
    active = {match.match_id for match in matches if is_active(match, as_of)}
    after = add_months(as_of, -COVERAGE_MONTHS)
    recent = {
        reading.match_id
        for reading in readings
        if reading.match_id in active and not reading.not_this_time and reading.scores and after < reading.on <= as_of
    }
    return len(active), len(recent)


def not_this_time(readings: Iterable[ReadingRow], date_from: date, until: date) -> dict[str, int]:
    counts = dict.fromkeys(REASONS, 0)
    for reading in readings:
        if reading.not_this_time and date_from <= reading.on <= until:
            counts[reading.not_this_time] = counts.get(reading.not_this_time, 0) + 1
    return counts


def distance(readings: Iterable[ReadingRow], date_from: date, until: date) -> dict[str, dict]:
    # (match, area) -> [(on, score)] of the readings in the period that score the area.
    scored: dict[tuple[int, str], list[tuple[date, int]]] = defaultdict(list)
    for reading in readings:
        if reading.not_this_time or not date_from <= reading.on <= until:
            continue
        for area, score in reading.scores.items():
            scored[(reading.match_id, area)].append((reading.on, score))
    changes: dict[str, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    for (_match, area), points in scored.items():
        if len(points) >= 2:
            points.sort()
            changes[area][points[-1][1] - points[0][1]] += 1
    return {area: distance_row(changes[area]) for area in area_order(changes)}


def star_figures(
    *, matches: Iterable[MatchSpan], readings: Iterable[ReadingRow], date_from: date, date_to: date, as_of: date
) -> dict:
    """The `star` key of kpi_report. Nothing dated after `as_of` counts."""
    matches = list(matches)
    readings = [reading for reading in readings if reading.on <= as_of]
    until = min(date_to, as_of)
    active, with_recent = coverage(matches, readings, as_of)
    return {
        "active_matches": active,
        "with_recent_reading": with_recent,
        "coverage_pct": pct(with_recent, active),
        "not_this_time": not_this_time(readings, date_from, until),
        "distance": distance(readings, date_from, until),
    }
