"""The contract's `star` figures (../shared/docs/kpi-definitions.md) computed in the database.

Three queries whatever the amount of data, each returning a handful of rows: the active matches
and those covered (one aggregate), "not this time" by reason (one GROUP BY), and the distance
travelled as a histogram of changes per area (one GROUP BY over the per-match changes). Python
only shapes the rows, with the pure helpers of outcomes.arithmetic, which is also the reference
the tests hold this module to.
"""

from datetime import date

from django.db import connection
from django.db.models import CharField, Count, Exists, F, IntegerField, Max, Min, OuterRef, Q, QuerySet
from django.db.models.functions import Cast, Concat, Substr

from lib.dates import add_months
from matches.models import Match, MatchPause

from .arithmetic import COVERAGE_MONTHS, REASONS, area_order, distance_row, pct
from .models import Reading, Score

# A score is written after its date as two digits (value + 10: 11..20), so that the largest
# "date + score" string of a match's area is its latest reading and the last two characters
# its score: first and latest in one GROUP BY, with no correlated subquery per match.
SCORE_OFFSET = 10
DATE_LENGTH = len("2024-01-31")


def _scoped(regions: tuple[str, ...] | None) -> QuerySet:
    matches = Match.objects.all()
    return matches if regions is None else matches.filter(region__slug__in=regions)


def active_q(as_of: date) -> Q:
    """Started on or before as_of, not ended or cancelled on or before it, not in a pause then."""
    paused = MatchPause.objects.filter(match=OuterRef("pk"), starts_on__lte=as_of).filter(
        Q(ends_on__isnull=True) | Q(ends_on__gt=as_of)
    )
    return (
        Q(started_on__isnull=False, started_on__lte=as_of)
        & (Q(ended_on__isnull=True) | Q(ended_on__gt=as_of))
        & (Q(cancelled_on__isnull=True) | Q(cancelled_on__gt=as_of))
        & ~Exists(paused)
    )


def _coverage(matches: QuerySet, as_of: date) -> tuple[int, int]:
    recent = Reading.objects.filter(
        Exists(Score.objects.filter(reading=OuterRef("pk"))),
        match=OuterRef("pk"),
        not_this_time="",
        on__gt=add_months(as_of, -COVERAGE_MONTHS),
        on__lte=as_of,
    )
    counts = matches.filter(active_q(as_of)).aggregate(active=Count("pk"), recent=Count("pk", filter=Exists(recent)))
    return counts["active"], counts["recent"]


def _readings(regions: tuple[str, ...] | None) -> QuerySet:
    readings = Reading.objects.all()
    return readings if regions is None else readings.filter(match__region__slug__in=regions)


def _not_this_time(regions: tuple[str, ...] | None, date_from: date, until: date) -> dict[str, int]:
    rows = (
        _readings(regions)
        .filter(on__gte=date_from, on__lte=until)
        .exclude(not_this_time="")
        .values_list("not_this_time")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return dict.fromkeys(REASONS, 0) | dict(rows)


def change_histograms(*, date_from: date, until: date, regions: tuple[str, ...] | None) -> dict[str, dict[int, int]]:
    """{area: {change: matches}} over the matches with two or more readings in [date_from, until]
    that score the area; change = the latest such score minus the first."""
    key = Concat(Cast("reading__on", CharField()), Cast(F("value") + SCORE_OFFSET, CharField()))
    score_of = {bound: Cast(Substr(bound(key), DATE_LENGTH + 1), IntegerField()) - SCORE_OFFSET for bound in (Min, Max)}
    per_match = (
        Score.objects.filter(reading__match__in=_scoped(regions), reading__on__gte=date_from, reading__on__lte=until)
        .filter(reading__not_this_time="")
        .values("reading__match_id", "area")
        .annotate(readings=Count("pk"))
        .filter(readings__gte=2)
        .annotate(change=score_of[Max] - score_of[Min])
        .values("area", "change")
        .order_by()
    )
    inner, params = per_match.query.sql_with_params()
    histograms: dict[str, dict[int, int]] = {}
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT area, change, COUNT(*) FROM ({inner}) per_match GROUP BY area, change", params)
        for area, change, n in cursor.fetchall():
            histograms.setdefault(area, {})[change] = n
    return histograms


def star_report(*, date_from: date, date_to: date, as_of: date, regions: tuple[str, ...] | None = None) -> dict:
    """The `star` key of kpi_report for these region slugs (None: every region). Nothing dated
    after as_of counts."""
    matches, until = _scoped(regions), min(date_to, as_of)
    active, with_recent = _coverage(matches, as_of)
    histograms = change_histograms(date_from=date_from, until=until, regions=regions)
    return {
        "active_matches": active,
        "with_recent_reading": with_recent,
        "coverage_pct": pct(with_recent, active),
        "not_this_time": _not_this_time(regions, date_from, until),
        "distance": {area: distance_row(histograms[area]) for area in area_order(histograms)},
    }
