"""The contract's `star` figures against hand-computed cases."""

from datetime import date

from outcomes.arithmetic import MatchSpan, ReadingRow, is_active, median_one_decimal, pct, star_figures

FROM, TO, AS_OF = date(2023, 1, 1), date(2023, 6, 30), date(2023, 8, 31)


def _figures(matches, readings, date_from=FROM, date_to=TO, as_of=AS_OF):
    return star_figures(matches=matches, readings=readings, date_from=date_from, date_to=date_to, as_of=as_of)


def test_active_at_as_of():
    assert is_active(MatchSpan(1, date(2023, 1, 1)), AS_OF)
    assert not is_active(MatchSpan(1, date(2023, 9, 1)), AS_OF)  # starts after as_of
    assert not is_active(MatchSpan(1, None), AS_OF)
    assert not is_active(MatchSpan(1, date(2023, 1, 1), ended_on=AS_OF), AS_OF)  # ended on as_of
    assert is_active(MatchSpan(1, date(2023, 1, 1), ended_on=date(2023, 9, 1)), AS_OF)  # ends later: active
    assert not is_active(MatchSpan(1, date(2023, 1, 1), pauses=((date(2023, 8, 1), None),)), AS_OF)
    assert not is_active(MatchSpan(1, date(2023, 1, 1), pauses=((date(2023, 8, 1), date(2023, 9, 5)),)), AS_OF)
    assert is_active(MatchSpan(1, date(2023, 1, 1), pauses=((date(2023, 8, 1), AS_OF),)), AS_OF)  # resumed on as_of
    assert is_active(MatchSpan(1, date(2023, 1, 1), pauses=((date(2023, 9, 1), None),)), AS_OF)  # pause after


def test_coverage_counts_readings_with_scores_in_the_four_months_up_to_as_of():
    # as_of 2023-06-30 minus four months = 2023-02-28 (clamped): after it, up to and including as_of.
    as_of = date(2023, 6, 30)
    matches = [MatchSpan(i, date(2022, 1, 1)) for i in range(1, 7)]
    matches.append(MatchSpan(7, date(2022, 1, 1), ended_on=date(2023, 5, 1)))  # not active
    readings = [
        ReadingRow(1, date(2023, 2, 28), scores={"danish": 5}),  # on the boundary: out
        ReadingRow(2, date(2023, 3, 1), scores={"danish": 5}),  # in
        ReadingRow(3, date(2023, 6, 30), scores={"danish": 5}),  # as_of: in
        ReadingRow(4, date(2023, 7, 1), scores={"danish": 5}),  # after as_of: out
        ReadingRow(5, date(2023, 5, 1), not_this_time="declined"),  # not scores: out
        ReadingRow(7, date(2023, 4, 1), scores={"danish": 5}),  # not an active match
    ]
    figures = _figures(matches, readings, as_of=as_of)
    # 2 of 6 = 33.3 -> 33
    assert (figures["active_matches"], figures["with_recent_reading"], figures["coverage_pct"]) == (6, 2, 33)


def test_coverage_of_no_active_matches_is_null():
    assert _figures([], [])["coverage_pct"] is None


def test_not_this_time_by_reason_in_the_period_up_to_as_of_every_reason_present():
    readings = [
        ReadingRow(1, date(2022, 12, 31), not_this_time="declined"),  # before from
        ReadingRow(1, date(2023, 1, 1), not_this_time="declined"),
        ReadingRow(2, date(2023, 6, 30), not_this_time="declined"),
        ReadingRow(3, date(2023, 3, 3), not_this_time="could_not_meet"),
        ReadingRow(4, date(2023, 7, 1), not_this_time="could_not_meet"),  # after to
    ]
    assert _figures([], readings)["not_this_time"] == {"declined": 2, "not_relevant": 0, "could_not_meet": 1}
    # as_of before `to` cuts the period: min(to, as_of).
    cut = _figures([], readings, as_of=date(2023, 3, 1))["not_this_time"]
    assert cut == {"declined": 1, "not_relevant": 0, "could_not_meet": 0}


def test_distance_latest_minus_first_per_area_skipping_readings_without_the_area():
    readings = [
        # Match 1: danish 3 -> 6 (+3); network 5 -> (skipped) -> 4 (-1).
        ReadingRow(1, date(2023, 1, 10), scores={"danish": 3, "network": 5}),
        ReadingRow(1, date(2023, 3, 10), scores={"danish": 4}),
        ReadingRow(1, date(2023, 6, 10), scores={"danish": 6, "network": 4}),
        # Match 2: danish 5 -> 5 (0); the reading before `from` and the one after `to` do not count.
        ReadingRow(2, date(2022, 12, 1), scores={"danish": 1}),
        ReadingRow(2, date(2023, 2, 1), scores={"danish": 5, "health": 2}),
        ReadingRow(2, date(2023, 4, 1), not_this_time="declined"),
        ReadingRow(2, date(2023, 5, 1), scores={"danish": 5}),
        ReadingRow(2, date(2023, 7, 1), scores={"danish": 9, "health": 9}),
        # Match 3: danish 2 -> 4 (+2); match 4 has one reading only.
        ReadingRow(3, date(2023, 1, 5), scores={"danish": 2}),
        ReadingRow(3, date(2023, 2, 5), scores={"danish": 4}),
        ReadingRow(4, date(2023, 2, 5), scores={"danish": 9}),
    ]
    distance = _figures([], readings)["distance"]
    # danish changes [+3, 0, +2]: median 2.0, improved 2 of 3 = 66.7 -> 67. health has n = 0: left out.
    assert distance == {
        "danish": {"n": 3, "median_change": 2.0, "improved_pct": 67},
        "network": {"n": 1, "median_change": -1.0, "improved_pct": 0},
    }
    assert list(distance) == ["danish", "network"]


def test_distance_median_of_an_even_count_is_a_half_and_as_of_cuts_the_period():
    readings = [
        ReadingRow(1, date(2023, 1, 1), scores={"home": 2}),
        ReadingRow(1, date(2023, 3, 1), scores={"home": 3}),  # +1
        ReadingRow(1, date(2023, 6, 1), scores={"home": 9}),  # only before as_of 2023-04-30
        ReadingRow(2, date(2023, 1, 1), scores={"home": 6}),
        ReadingRow(2, date(2023, 4, 30), scores={"home": 8}),  # +2
    ]
    distance = _figures([], readings, as_of=date(2023, 4, 30))["distance"]
    assert distance == {"home": {"n": 2, "median_change": 1.5, "improved_pct": 100}}


def test_percentages_round_half_up_and_medians_have_one_decimal():
    assert (pct(1, 8), pct(1, 3), pct(2, 3), pct(0, 0)) == (13, 33, 67, None)
    assert median_one_decimal([-3, -2]) == -2.5
    assert median_one_decimal([4]) == 4.0
