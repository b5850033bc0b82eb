"""The contract's `star` figures (../shared/docs/kpi-definitions.md) computed in the database.

Three queries whatever the amount of data, each returning a handful of rows: the active matches
and those covered (one aggregate), "not this time" by reason (one GROUP BY), and the distance
travelled as a histogram of changes per area (index seeks per match and area, then one GROUP BY
over the changes; raw SQL around two ORM-built parts, portable to SQLite and PostgreSQL). Python
only shapes the rows, with the pure helpers of outcomes.arithmetic, which is also the reference
the tests hold this module to.
"""

from datetime import date

from django.db import connection
from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from lib.dates import add_months
from matches.models import Match, MatchPause

from .arithmetic import COVERAGE_MONTHS, REASONS, area_order, distance_row, pct
from .models import Reading, Score, StarArea

# A score is written after its date as two digits (value + 10: 11..20): one string per seek
# carries both, the dates compare as strings (the same match's readings have distinct dates, so
# first < latest means two readings score the area) and the last two characters are the score.
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
    that score the area; change = the latest such score minus the first.

    For each match with two or more readings with scores in the period and each area code of the
    star, two index seeks find the first and the latest reading that scores the area (readings by
    (match, date), then the score by (reading, area)), instead of grouping every score of the
    period: the work grows with matches × areas, not with the number of scores."""
    candidates = (
        _readings(regions)
        .filter(on__gte=date_from, on__lte=until, not_this_time="")
        .values("match_id")
        .annotate(readings=Count("pk"))
        .filter(readings__gte=2)
        .values("match_id")
        .order_by()
    )
    codes = StarArea.objects.values("code").distinct().order_by()
    matches_sql, matches_params = candidates.query.sql_with_params()
    codes_sql, codes_params = codes.query.sql_with_params()
    quote = connection.ops.quote_name
    reading, score = quote(Reading._meta.db_table), quote(Score._meta.db_table)
    on = quote("on")

    def seek(direction: str) -> str:
        return (
            f"(SELECT CAST(r.{on} AS VARCHAR(10)) || CAST(s.value + {SCORE_OFFSET} AS VARCHAR(2)) "
            f"FROM {reading} r JOIN {score} s ON s.reading_id = r.id AND s.area = a.code "
            f"WHERE r.match_id = m.match_id AND r.{on} >= %s AND r.{on} <= %s AND r.not_this_time = '' "
            f"ORDER BY r.{on} {direction} LIMIT 1)"
        )

    sql = (
        f"WITH m AS ({matches_sql}), a AS ({codes_sql}), "
        f"p AS MATERIALIZED (SELECT a.code AS area, {seek('ASC')} AS first_key, {seek('DESC')} AS last_key "
        f"FROM m CROSS JOIN a) "
        f"SELECT area, CAST(SUBSTR(last_key, {DATE_LENGTH + 1}) AS INTEGER) "
        f"- CAST(SUBSTR(first_key, {DATE_LENGTH + 1}) AS INTEGER), COUNT(*) "
        f"FROM p WHERE first_key < last_key GROUP BY 1, 2"
    )
    params = (*matches_params, *codes_params, date_from, until, date_from, until)
    histograms: dict[str, dict[int, int]] = {}
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
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
