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

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date

from lib.dates import add_months

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


def pct(n: int, denominator: int) -> int | None:
    """A whole percentage rounded half up (exact integer arithmetic); None for an empty set."""
    if not denominator:
        return None
    return (200 * n + denominator) // (2 * denominator)


def median_one_decimal(values: list[int]) -> float:
    ordered = sorted(values)
    middle = len(ordered) // 2
    value = ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2
    # A median of whole numbers is whole or a half: one decimal is exact.
    return round(float(value), 1)


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
    changes: dict[str, list[int]] = defaultdict(list)
    for (_match, area), points in scored.items():
        if len(points) >= 2:
            points.sort()
            changes[area].append(points[-1][1] - points[0][1])
    order = [*DEFAULT_AREAS, *sorted(set(changes) - set(DEFAULT_AREAS))]
    return {
        area: {
            "n": len(changes[area]),
            "median_change": median_one_decimal(changes[area]),
            "improved_pct": pct(sum(1 for change in changes[area] if change > 0), len(changes[area])),
        }
        for area in order
        if changes.get(area)
    }


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
