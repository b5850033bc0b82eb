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
    with django_assert_num_queries(4):
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
