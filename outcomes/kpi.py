"""The contract's `star` figures (../shared/docs/kpi-definitions.md) computed in the database.

Three queries whatever the amount of data, each returning a handful of rows: the active matches
and those covered (one aggregate), "not this time" by reason (one GROUP BY), and the distance
travelled as a histogram of changes per area (counted from AreaProgress, the first and latest
score per match and area that database triggers keep, with index seeks only where the period cuts
a match's readings; raw SQL around ORM-built parts, portable to SQLite and PostgreSQL). Python
only shapes the rows, with the pure helpers of outcomes.arithmetic, which is also the reference
the tests hold this module to.
"""

from datetime import date

from django.db import connection
from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet

from lib.dates import add_months
from matches.models import Match, MatchPause

from .arithmetic import COVERAGE_MONTHS, REASONS, area_order, distance_row, pct
from .models import AreaProgress, Reading, Score

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
    """A match has a reading with scores in (after, as_of] if the latest scored reading of one of its
    areas (AreaProgress) falls there; otherwise only if one area's latest is after as_of, and then
    the readings are looked at. For as_of today that never happens."""
    after = add_months(as_of, -COVERAGE_MONTHS)
    progress = AreaProgress.objects.filter(match=OuterRef("pk"))
    recent = Reading.objects.filter(
        Exists(Score.objects.filter(reading=OuterRef("pk"))),
        match=OuterRef("pk"),
        not_this_time="",
        on__gt=after,
        on__lte=as_of,
    )
    covered = Exists(progress.filter(latest_on__gt=after, latest_on__lte=as_of)) | (
        Exists(progress.filter(latest_on__gt=as_of)) & Exists(recent)
    )
    counts = matches.filter(active_q(as_of)).aggregate(active=Count("pk"), recent=Count("pk", filter=covered))
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

    AreaProgress holds each match and area's first and latest scored reading over all of its
    readings. Where both lie in the period they are the period's first and latest, so the
    histogram is:
    - every row's change, counted by (area, first score, latest score) from a covering index;
    - minus the rows the period cuts (a first before it or a latest after it: a range on first_on
      and one on latest_on, empty for a period from the program's start to today);
    - plus those rows' changes within the period: on the side the period cuts, an index seek
      finds the period's own first (or latest) reading that scores the area (readings by (match,
      date), then the score by (reading, area)); the other side is the row's."""
    progress = AreaProgress.objects.all()
    every = progress if regions is None else progress.filter(match__region__slug__in=regions)
    every = (
        every.filter(first_on__lt=F("latest_on"))
        .values_list("area", "first_value", "latest_value")
        .annotate(n=Count("*"))
        .order_by()
    )
    # Each part is one index range over every region (a region's rows are kept after, so that the
    # planner does not walk the region's rows instead); NOT (first_on < date_from) keeps the parts
    # apart without offering SQLite's planner a second range to choose.
    columns = ("match_id", "area", "first_on", "first_value", "latest_on", "latest_value")
    cut = (
        progress.filter(first_on__lt=date_from)
        .values_list(*columns)
        .union(progress.filter(latest_on__gt=until).exclude(first_on__lt=date_from).values_list(*columns), all=True)
    )
    scope_sql, scope_params = "", ()
    if regions is not None:
        scope_sql, scope_params = _scoped(regions).values("pk").query.sql_with_params()
        scope_sql = f"WHERE match_id IN ({scope_sql})"
    every_sql, every_params = every.query.sql_with_params()
    cut_sql, cut_params = cut.query.sql_with_params()
    quote = connection.ops.quote_name
    reading, score = quote(Reading._meta.db_table), quote(Score._meta.db_table)
    on = quote("on")

    def key(day: str, value: str) -> str:
        return f"CAST({day} AS VARCHAR(10)) || CAST({value} + {SCORE_OFFSET} AS VARCHAR(2))"

    def seek(direction: str) -> str:
        return (
            f"(SELECT {key(f'r.{on}', 's.value')} "
            f"FROM {reading} r JOIN {score} s ON s.reading_id = r.id AND s.area = c.area "
            f"WHERE r.match_id = c.match_id AND r.{on} >= %s AND r.{on} <= %s AND r.not_this_time = '' "
            f"ORDER BY r.{on} {direction} LIMIT 1)"
        )

    def value(column: str) -> str:
        return f"CAST(SUBSTR({column}, {DATE_LENGTH + 1}) AS INTEGER) - {SCORE_OFFSET}"

    sql = (
        f"WITH everywhere ({', '.join(columns)}) AS MATERIALIZED ({cut_sql}), "
        f"c AS MATERIALIZED (SELECT * FROM everywhere {scope_sql}), "
        f"k AS MATERIALIZED (SELECT area, "
        f"CASE WHEN first_on >= %s THEN {key('first_on', 'first_value')} ELSE {seek('ASC')} END AS first_key, "
        f"CASE WHEN latest_on <= %s THEN {key('latest_on', 'latest_value')} ELSE {seek('DESC')} END AS last_key "
        f"FROM c WHERE first_on < latest_on AND latest_on >= %s AND first_on <= %s) "
        f"SELECT * FROM ({every_sql}) e "
        f"UNION ALL SELECT area, first_value, latest_value, -COUNT(*) FROM c "
        f"WHERE first_on < latest_on GROUP BY 1, 2, 3 "
        f"UNION ALL SELECT area, {value('first_key')}, {value('last_key')}, COUNT(*) FROM k "
        f"WHERE first_key < last_key GROUP BY 1, 2, 3"
    )
    seeks = (date_from, until)
    params = (
        *cut_params,
        *scope_params,
        *(date_from, *seeks, until, *seeks),  # k's two CASEs
        *(date_from, until),  # k's WHERE
        *every_params,
    )
    counts: dict[tuple[str, int], int] = {}
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for area, first, latest, n in cursor.fetchall():
            counts[(area, latest - first)] = counts.get((area, latest - first), 0) + n
    histograms: dict[str, dict[int, int]] = {}
    for (area, change), n in counts.items():
        if n:
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
