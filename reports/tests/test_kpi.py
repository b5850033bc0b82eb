"""kpi_report on hand-built histories: one test per rule of ../shared/docs/kpi-definitions.md."""

import json
from datetime import date
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from factories import ParticipantFactory, VolunteerFactory
from matches.models import Assessment
from reports.kpi import Period, compute, kpi_report

from .factories import history_match, star_history

pytestmark = pytest.mark.django_db

D = date


@pytest.fixture(autouse=True)
def _regions(hovedstaden, syddanmark):
    return hovedstaden, syddanmark


FROM, TO = date(2022, 1, 1), date(2023, 12, 31)


def report(date_from=FROM, date_to=TO, as_of=TO, region=None):
    return kpi_report(date_from=date_from, date_to=date_to, as_of=as_of, region=region)


def test_month_end_start_has_its_mark_on_the_last_day_of_february():
    match = history_match(started=D(2022, 8, 31))
    assert match.six_month_on == D(2023, 2, 28)
    before = report(as_of=D(2023, 2, 27))["success"]["period"]
    on_mark = report(as_of=D(2023, 2, 28))["success"]["period"]
    assert before == {"established": 1, "evaluable": 0, "well_functioning": 0, "pct": None}
    assert on_mark == {"established": 1, "evaluable": 1, "well_functioning": 1, "pct": 100}


def test_leap_year_mark_is_29_february():
    match = history_match(started=D(2023, 8, 31))
    assert match.six_month_on == D(2024, 2, 29)
    assert report(date_to=D(2023, 12, 31), as_of=D(2024, 2, 28))["success"]["period"]["evaluable"] == 0
    assert report(date_to=D(2023, 12, 31), as_of=D(2024, 2, 29))["success"]["period"]["evaluable"] == 1


def test_ended_exactly_on_the_mark_is_well_functioning_and_the_day_before_is_not():
    history_match(started=D(2022, 3, 15), ended=D(2022, 9, 15))
    history_match(started=D(2022, 3, 15), ended=D(2022, 9, 14))
    assert report()["success"]["period"] == {"established": 2, "evaluable": 2, "well_functioning": 1, "pct": 50}


def test_an_end_after_as_of_counts_as_no_end():
    history_match(started=D(2022, 1, 10), ended=D(2022, 7, 1))  # ended before its mark (10 July)
    as_of = D(2022, 6, 30)
    assert report(as_of=as_of)["success"]["period"]["evaluable"] == 0
    history_match(started=D(2021, 12, 1), ended=D(2022, 7, 1))
    period = report(date_from=D(2021, 1, 1), as_of=D(2022, 6, 30))["success"]["period"]
    # the December match: mark 1 June <= as_of, its end (1 July) is after as_of: still running
    assert period == {"established": 2, "evaluable": 1, "well_functioning": 1, "pct": 100}


def test_a_match_started_after_as_of_has_not_started_and_is_on_the_way():
    history_match(proposed=D(2023, 8, 20), started=D(2023, 9, 1))
    figures = report(date_to=D(2023, 12, 31), as_of=D(2023, 8, 31))
    assert figures["matches"]["established"] == 0
    assert figures["matches"]["on_the_way"] == 1
    assert figures["participants"]["n"] == 0


def test_started_outside_the_period_is_not_established():
    history_match(started=D(2021, 12, 31))
    history_match(started=D(2022, 1, 1))
    history_match(started=D(2023, 6, 15))
    history_match(started=D(2023, 6, 16))
    figures = report(date_to=D(2023, 6, 15))
    assert figures["matches"]["established"] == 2
    assert figures["matches"]["by_region"] == {"hovedstaden": 2}


def test_assessed_not_well_functioning_is_not_well_functioning():
    history_match(started=D(2022, 2, 1), assessment=Assessment.NOT_WELL_FUNCTIONING)
    history_match(started=D(2022, 2, 1), assessment=Assessment.WELL_FUNCTIONING)
    history_match(started=D(2022, 2, 1))
    assert report()["success"]["period"] == {"established": 3, "evaluable": 3, "well_functioning": 2, "pct": 67}


def test_cancelled_proposals_are_not_on_the_way_once_cancelled():
    history_match(proposed=D(2023, 3, 1), cancelled=D(2023, 3, 20))
    figures = report(as_of=D(2023, 3, 19))
    assert figures["matches"]["on_the_way"] == 1
    figures = report(as_of=D(2023, 3, 20))
    assert figures["matches"]["on_the_way"] == 0
    assert figures["matches"]["established"] == 0


def test_on_the_way_counts_regardless_of_the_period_but_not_before_the_proposal():
    history_match(proposed=D(2019, 5, 1))
    history_match(proposed=D(2024, 1, 5), region_slug="syddanmark")
    figures = report(date_from=D(2023, 1, 1), date_to=D(2023, 1, 31), as_of=D(2024, 1, 4))
    assert figures["matches"]["on_the_way"] == 1
    assert figures["matches"]["on_the_way_by_region"] == {"hovedstaden": 1}
    figures = report(date_from=D(2023, 1, 1), date_to=D(2023, 1, 31), as_of=D(2024, 1, 5))
    assert figures["matches"]["on_the_way_by_region"] == {"hovedstaden": 1, "syddanmark": 1}


def test_cohort_years_and_period_totals():
    history_match(started=D(2022, 1, 5))
    history_match(started=D(2022, 6, 1), ended=D(2022, 8, 1))
    history_match(started=D(2023, 5, 1))
    history_match(started=D(2023, 6, 10))
    success = report(date_to=D(2023, 6, 15), as_of=D(2023, 11, 5))["success"]
    assert success["by_cohort_year"] == {
        "2022": {"established": 2, "evaluable": 2, "well_functioning": 1, "pct": 50},
        "2023": {"established": 2, "evaluable": 1, "well_functioning": 1, "pct": 100},
    }
    assert success["period"] == {"established": 4, "evaluable": 3, "well_functioning": 2, "pct": 67}


def test_region_filter_restricts_every_figure(hovedstaden, syddanmark):
    history_match(started=D(2022, 3, 1), region_slug="syddanmark")
    history_match(started=D(2022, 3, 1), region_slug="hovedstaden")
    history_match(proposed=D(2022, 5, 1), region_slug="syddanmark")
    VolunteerFactory(region=syddanmark, approved=True, applied_on=D(2022, 1, 1), approved_on=D(2022, 2, 1))
    VolunteerFactory(region=hovedstaden, approved=True, applied_on=D(2022, 1, 1), approved_on=D(2022, 2, 1))
    ParticipantFactory(region=syddanmark, referred_on=D(2022, 4, 1), accepted_on=D(2022, 4, 2))
    figures = report(region="syddanmark")
    assert figures["period"]["region"] == "syddanmark"
    assert figures["matches"] == {
        "established": 1,
        "by_region": {"syddanmark": 1},
        "on_the_way": 1,
        "on_the_way_by_region": {"syddanmark": 1},
    }
    assert figures["volunteers"] == {"recruited": 1}
    assert figures["referrals"] == {"received": 1, "accepted": 1}
    assert figures["participants"]["n"] == 1
    assert report()["matches"]["established"] == 2


def test_empty_sets_give_null_shares():
    figures = report()
    assert figures["success"] == {
        "by_cohort_year": {},
        "period": {"established": 0, "evaluable": 0, "well_functioning": 0, "pct": None},
    }
    assert figures["participants"] == {
        "n": 0,
        "gender": {},
        "age_groups": {},
        "birth_countries": {"distinct": 0, "top5": [], "born_in_denmark": {"n": 0, "pct": None}},
        "arrival": {"cutoff_year": 2014, "known": 0, "at_or_before_cutoff": 0, "pct": None, "unknown": 0},
    }
    assert figures["matches"] == {"established": 0, "by_region": {}, "on_the_way": 0, "on_the_way_by_region": {}}


def test_volunteers_recruited_by_approval_date_in_the_period_and_not_after_as_of(hovedstaden):
    for approved in (D(2021, 12, 31), D(2022, 1, 1), D(2022, 6, 1), D(2022, 6, 2)):
        VolunteerFactory(region=hovedstaden, approved=True, applied_on=D(2021, 1, 1), approved_on=approved)
    VolunteerFactory(region=hovedstaden, applied_on=D(2022, 3, 1))  # never approved
    assert report(as_of=D(2022, 6, 1))["volunteers"] == {"recruited": 2}


def test_referrals_received_and_accepted_by_their_own_dates(hovedstaden):
    ParticipantFactory(region=hovedstaden, referred_on=D(2021, 12, 20), accepted_on=D(2022, 1, 3))
    ParticipantFactory(region=hovedstaden, referred_on=D(2022, 2, 1), accepted_on=None)
    ParticipantFactory(region=hovedstaden, referred_on=D(2022, 12, 30), accepted_on=D(2023, 1, 2))
    assert report(date_to=D(2022, 12, 31))["referrals"] == {"received": 2, "accepted": 1}
    assert report(as_of=D(2022, 12, 29))["referrals"] == {"received": 1, "accepted": 1}


def test_participant_profile():
    # 8 matched participants (one with two matches in the period), 1 outside the period
    first = history_match(started=D(2022, 2, 1), ended=D(2022, 12, 1), birth_year=1992, gender="female")
    history_match(started=D(2023, 3, 1), participant=first.participant)  # second match: same person
    history_match(started=D(2022, 2, 1), birth_year=1991, gender="male", birth_country="AF", arrival_year=2014)
    history_match(started=D(2022, 2, 1), birth_year=2005, gender="", birth_country="AF", arrival_year=2010)
    history_match(started=D(2022, 2, 1), birth_year=None, gender="other", birth_country="IQ", arrival_year=2016)
    history_match(started=D(2022, 2, 1), birth_year=1961, birth_country="DK", arrival_year=None)
    history_match(started=D(2022, 2, 1), birth_year=1972, birth_country="", arrival_year=2000)
    history_match(started=D(2022, 2, 1), birth_year=1962, birth_country="IR", arrival_year=2015)
    history_match(started=D(2022, 2, 1), birth_year=1980, birth_country="PK", arrival_year=2015)
    history_match(started=D(2021, 2, 1), birth_country="ER")  # outside the period
    people = report()["participants"]
    assert people["n"] == 8
    assert people["gender"] == {
        "female": {"n": 5, "pct": 63},
        "male": {"n": 1, "pct": 13},
        "other": {"n": 1, "pct": 13},
        "unknown": {"n": 1, "pct": 13},
    }
    # the person with two matches is aged from the first one in the period (2022 - 1992 = 30)
    assert people["age_groups"] == {
        "under-18": {"n": 1, "pct": 13},
        "18-30": {"n": 1, "pct": 13},
        "31-40": {"n": 1, "pct": 13},
        "41-50": {"n": 2, "pct": 25},
        "51-60": {"n": 1, "pct": 13},
        "61+": {"n": 1, "pct": 13},
        "unknown": {"n": 1, "pct": 13},
    }
    countries = people["birth_countries"]
    assert countries["distinct"] == 6
    assert countries["top5"] == [
        {"country": "AF", "name": "Afghanistan", "n": 2, "pct": 25},
        {"country": "DK", "name": "Danmark", "n": 1, "pct": 13},
        {"country": "IQ", "name": "Irak", "n": 1, "pct": 13},
        {"country": "IR", "name": "Iran", "n": 1, "pct": 13},
        {"country": "PK", "name": "Pakistan", "n": 1, "pct": 13},
    ]
    assert countries["born_in_denmark"] == {"n": 1, "pct": 13}
    # known arrival: SY 2015 (first), AF 2014, AF 2010, IQ 2016, 2000, IR 2015, PK 2015 = 7; DK-born unknown
    assert people["arrival"] == {"cutoff_year": 2014, "known": 7, "at_or_before_cutoff": 3, "pct": 43, "unknown": 1}


def test_names_are_danish_whatever_the_active_language(settings):
    from django.utils import translation

    history_match(started=D(2022, 2, 1), birth_country="SY")
    with translation.override("en"):
        top = report()["participants"]["birth_countries"]["top5"]
    assert top == [{"country": "SY", "name": "Syrien", "n": 1, "pct": 100}]


def test_command_prints_exactly_one_json_object():
    history_match(started=D(2022, 2, 1))
    out = StringIO()
    call_command("kpi_report", "--from", "2022-01-01", "--to", "2023-06-15", "--as-of", "2023-08-31", stdout=out)
    data = json.loads(out.getvalue())
    assert list(data) == ["period", "matches", "success", "volunteers", "referrals", "participants", "star"]
    assert data["period"] == {"from": "2022-01-01", "to": "2023-06-15", "as_of": "2023-08-31", "region": None}
    assert data["matches"]["established"] == 1


def test_command_text_format_and_bad_input():
    history_match(started=D(2022, 2, 1))
    out = StringIO()
    call_command(
        "kpi_report",
        "--from",
        "2022-01-01",
        "--to",
        "2022-12-31",
        "--region",
        "hovedstaden",
        "--format",
        "text",
        stdout=out,
    )
    assert "Match etableret i perioden: 1" in out.getvalue()
    with pytest.raises(CommandError):
        call_command("kpi_report", "--from", "2022-01-01", "--to", "2022-12-31", "--region", "narnia")
    with pytest.raises(CommandError):
        call_command("kpi_report", "--from", "2022-13-01", "--to", "2022-12-31")


def _populate(count: int):
    for i in range(count):
        history_match(started=D(2022, 1 + i % 12, 1 + i % 28), birth_country=["SY", "AF", "IQ"][i % 3])
        history_match(proposed=D(2023, 1, 1 + i % 28), region_slug="syddanmark")


def test_query_count_does_not_grow_with_the_data(django_assert_num_queries):
    period = Period(D(2022, 1, 1), D(2023, 12, 31), D(2023, 12, 31))
    _populate(2)
    with django_assert_num_queries(8):
        small = compute(period)
    _populate(20)
    with django_assert_num_queries(8):
        large = compute(period)
    assert small["matches"]["established"] == 2
    assert large["matches"]["established"] == 22


def test_star_key_by_hand():
    star_history()
    star = report(D(2023, 1, 1), D(2023, 6, 30), D(2023, 8, 31))["star"]
    # Active at 31 Aug: a, c, f. Recent (after 30 Apr, with scores): a (20 Jul), c (30 Jun): 2 of 3.
    # danish: a 3 -> 5 (+2), b 6 -> 4 (-2): median 0.0, improved 1 of 2. network: c 2 -> 6 only.
    assert star == {
        "active_matches": 3,
        "with_recent_reading": 2,
        "coverage_pct": 67,
        "not_this_time": {"declined": 1, "not_relevant": 1, "could_not_meet": 1},
        "distance": {
            "danish": {"n": 2, "median_change": 0.0, "improved_pct": 50},
            "network": {"n": 1, "median_change": 4.0, "improved_pct": 100},
        },
    }
    assert list(star["distance"]) == ["danish", "network"]
    hovedstaden = report(D(2023, 1, 1), D(2023, 6, 30), D(2023, 8, 31), region="hovedstaden")["star"]
    assert hovedstaden == {
        "active_matches": 2,
        "with_recent_reading": 1,
        "coverage_pct": 50,
        "not_this_time": {"declined": 1, "not_relevant": 0, "could_not_meet": 1},
        "distance": {"danish": {"n": 2, "median_change": 0.0, "improved_pct": 50}},
    }
    # As of 30 April: a's second reading is dated 10 April (danish +2); b's of 1 May is not yet there.
    early = report(D(2023, 1, 1), D(2023, 6, 30), D(2023, 4, 30))["star"]
    assert early["distance"] == {"danish": {"n": 1, "median_change": 2.0, "improved_pct": 100}}
    assert early["not_this_time"] == {"declined": 0, "not_relevant": 0, "could_not_meet": 0}
    # Active at 30 April: all but the one starting later; recent (after 30 Dec): a, b, c (d reads in June).
    assert (early["active_matches"], early["with_recent_reading"]) == (5, 3)


def test_star_key_of_no_readings_has_every_key():
    assert report()["star"] == {
        "active_matches": 0,
        "with_recent_reading": 0,
        "coverage_pct": None,
        "not_this_time": {"declined": 0, "not_relevant": 0, "could_not_meet": 0},
        "distance": {},
    }


def test_command_prints_the_star_key():
    star_history()
    out = StringIO()
    call_command("kpi_report", "--from", "2023-01-01", "--to", "2023-06-30", "--as-of", "2023-08-31", stdout=out)
    assert json.loads(out.getvalue())["star"]["coverage_pct"] == 67
    out = StringIO()
    args = ("--from", "2023-01-01", "--to", "2023-06-30", "--as-of", "2023-08-31", "--format", "text")
    call_command("kpi_report", *args, stdout=out)
    assert "Forandringsstjernen: 2 af 3 aktive match" in out.getvalue()
    assert "danish: n = 2, median ændring +0,0, forbedret 50 %" in out.getvalue()
