"""The database loader gives the pure arithmetic's figures, in a constant number of queries."""

from datetime import date

import pytest
import time_machine

from matches.services import match_pause, match_resume
from matches.tests.factories import active_match
from outcomes.kpi import star_report
from outcomes.services import reading_record

pytestmark = pytest.mark.django_db


@time_machine.travel(date(2024, 12, 31), tick=False)
def test_star_report_from_the_database(consultant_h, consultant_s, syddanmark, django_assert_num_queries):
    a = active_match(by=consultant_h, start=date(2024, 3, 5))
    b = active_match(by=consultant_h, start=date(2024, 3, 5))
    paused = active_match(by=consultant_h, start=date(2024, 3, 5))
    south = active_match(by=consultant_s, region=syddanmark, start=date(2024, 3, 5))
    for match, by in ((a, consultant_h), (south, consultant_s)):
        reading_record(match=match, on=date(2024, 4, 1), filled_by="pair", scores={"danish": 3, "work": 5}, by=by)
        reading_record(match=match, on=date(2024, 7, 1), filled_by="pair", scores={"danish": 5}, by=by)
    reading_record(
        match=b, on=date(2024, 7, 1), filled_by="pair", scores={}, not_this_time="could_not_meet", by=consultant_h
    )
    match_pause(match=paused, by=consultant_h, on=date(2024, 8, 1))
    match_resume(match=paused, by=consultant_h, on=date(2024, 9, 1))
    match_pause(match=paused, by=consultant_h, on=date(2024, 10, 1))
    with django_assert_num_queries(3):
        everywhere = star_report(date_from=date(2024, 1, 1), date_to=date(2024, 12, 31), as_of=date(2024, 10, 15))
    # Active at 15 Oct: a, b, south (paused is in a pause). Recent (after 15 June): a and south.
    assert everywhere == {
        "active_matches": 3,
        "with_recent_reading": 2,
        "coverage_pct": 67,
        "not_this_time": {"declined": 0, "not_relevant": 0, "could_not_meet": 1},
        "distance": {"danish": {"n": 2, "median_change": 2.0, "improved_pct": 100}},
    }
    hovedstaden = star_report(
        date_from=date(2024, 1, 1), date_to=date(2024, 12, 31), as_of=date(2024, 10, 15), regions=("hovedstaden",)
    )
    assert (hovedstaden["active_matches"], hovedstaden["distance"]["danish"]["n"]) == (2, 1)
    # As of before the second readings: no distance yet, and nothing recent for coverage rules' sake.
    early = star_report(date_from=date(2024, 1, 1), date_to=date(2024, 12, 31), as_of=date(2024, 5, 1))
    assert early["distance"] == {} and early["with_recent_reading"] == 2


def _pure_figures(*, date_from, date_to, as_of, regions=None):
    """The reference: every match, pause, reading and score loaded into the pure arithmetic."""
    from matches.models import Match, MatchPause
    from outcomes.arithmetic import MatchSpan, ReadingRow, star_figures
    from outcomes.models import Reading, Score

    matches = Match.objects.all() if regions is None else Match.objects.filter(region__slug__in=regions)
    pauses: dict[int, list] = {}
    for match_id, starts_on, ends_on in MatchPause.objects.values_list("match_id", "starts_on", "ends_on"):
        pauses.setdefault(match_id, []).append((starts_on, ends_on))
    spans = [
        MatchSpan(pk, started, ended, cancelled, tuple(pauses.get(pk, ())))
        for pk, started, ended, cancelled in matches.values_list("pk", "started_on", "ended_on", "cancelled_on")
    ]
    scores: dict[int, dict] = {}
    for reading_id, area, value in Score.objects.values_list("reading_id", "area", "value"):
        scores.setdefault(reading_id, {})[area] = value
    rows = [
        ReadingRow(match_id, on, reason, scores.get(pk, {}))
        for pk, match_id, on, reason in Reading.objects.filter(match__in=matches).values_list(
            "pk", "match_id", "on", "not_this_time"
        )
    ]
    return star_figures(matches=spans, readings=rows, date_from=date_from, date_to=date_to, as_of=as_of)


@time_machine.travel(date(2025, 12, 31), tick=False)
def test_the_database_agrees_with_the_pure_arithmetic_on_random_histories(consultant_h, consultant_s, syddanmark):
    import random

    from matches.models import MatchPause
    from outcomes.models import Reading, Score
    from outcomes.services import current_version

    rng = random.Random(13)
    version = current_version()
    codes = [area.code for area in version.areas.all()]
    matches = [active_match(by=consultant_h, start=date(2024, 3, 5 + i)) for i in range(4)]
    matches += [active_match(by=consultant_s, region=syddanmark, start=date(2024, 3, 5 + i)) for i in range(3)]
    MatchPause.objects.create(match=matches[0], starts_on=date(2024, 9, 1), ends_on=date(2024, 10, 1))
    MatchPause.objects.create(match=matches[1], starts_on=date(2024, 11, 1))
    matches[2].ended_on = date(2025, 3, 1)
    matches[2].save(update_fields=["ended_on"])
    for match in matches:
        for day in sorted(rng.sample(range(0, 600), 9)):
            on = date.fromordinal(match.started_on.toordinal() + day)
            reason = rng.choice(["", "", "", "declined", "not_relevant", "could_not_meet"])
            reading = Reading.objects.create(
                match=match, version=version, on=on, filled_by="pair", not_this_time=reason
            )
            if not reason:
                for code in rng.sample(codes, rng.randint(1, len(codes))):
                    Score.objects.create(reading=reading, area=code, value=rng.randint(1, 10))
    cases = [
        (date(2024, 1, 1), date(2025, 12, 31), date(2025, 12, 31), None),
        (date(2024, 3, 1), date(2024, 12, 31), date(2024, 10, 15), None),
        (date(2024, 6, 1), date(2025, 6, 30), date(2025, 8, 31), ("hovedstaden",)),
        (date(2024, 1, 1), date(2024, 6, 30), date(2024, 9, 30), ("syddanmark",)),
    ]
    for date_from, date_to, as_of, regions in cases:
        period = {"date_from": date_from, "date_to": date_to, "as_of": as_of, "regions": regions}
        assert star_report(**period) == _pure_figures(**period), period
