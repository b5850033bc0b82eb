"""The contract's `star` figures from the database: a thin loader beside the pure arithmetic.

Phase 2 wires `star_report` into reports' kpi_report, dashboard and funder report. Four queries
whatever the data size; the arithmetic runs in Python over plain tuples.
"""

from datetime import date

from matches.models import Match, MatchPause

from .arithmetic import MatchSpan, ReadingRow, star_figures
from .models import Reading, Score


def star_report(*, date_from: date, date_to: date, as_of: date, regions: tuple[str, ...] | None = None) -> dict:
    """The `star` key of kpi_report for these region slugs (None: every region)."""
    matches = Match.objects.filter(started_on__isnull=False, started_on__lte=as_of)
    if regions is not None:
        matches = matches.filter(region__slug__in=regions)
    pauses: dict[int, list] = {}
    for match_id, starts_on, ends_on in MatchPause.objects.filter(match__in=matches, starts_on__lte=as_of).values_list(
        "match_id", "starts_on", "ends_on"
    ):
        pauses.setdefault(match_id, []).append((starts_on, ends_on))
    spans = [
        MatchSpan(pk, started_on, ended_on, cancelled_on, tuple(pauses.get(pk, ())))
        for pk, started_on, ended_on, cancelled_on in matches.values_list(
            "pk", "started_on", "ended_on", "cancelled_on"
        )
    ]
    readings = Reading.objects.filter(match__in=matches, on__lte=as_of)
    scores: dict[int, dict[str, int]] = {}
    for reading_id, area, value in Score.objects.filter(reading__in=readings).values_list(
        "reading_id", "area", "value"
    ):
        scores.setdefault(reading_id, {})[area] = value
    rows = [
        ReadingRow(match_id, on, not_this_time, scores.get(pk, {}))
        for pk, match_id, on, not_this_time in readings.values_list("pk", "match_id", "on", "not_this_time")
    ]
    return star_figures(matches=spans, readings=rows, date_from=date_from, date_to=date_to, as_of=as_of)
