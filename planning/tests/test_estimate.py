"""The estimator and its back-test on constructed histories, computed by hand (no database)."""

from datetime import date, timedelta

import pytest

from planning.estimate import Estimate, Flow, Spell, backtest, estimate, judge, weeks_range

ON = date(2025, 6, 2)


def weekly_meetings(*, on=ON, weeks=52, wait_days=35, every=7):
    """A first match meeting every `every` days back from `on`, each after `wait_days` on the list."""
    return [
        Spell(accepted_on=on - timedelta(days=k * every + wait_days), started_on=on - timedelta(days=k * every))
        for k in range(0, weeks * 7 // every)
    ]


def waiting(n, *, since=date(2025, 3, 1)):
    return [Spell(accepted_on=since) for _ in range(n)]


def test_steady_flow():
    # 1 meeting a week: 26 in 26 weeks, 52 in 52 weeks; 4 waiting, so the new one is 5th:
    # 5 / 1 = 5 weeks from both windows; 0.75 × 5 = 3.75 → 3, 1.25 × 5 = 6.25 → 7.
    said = estimate(Flow(weekly_meetings() + waiting(4)), on=ON)
    assert said == Estimate(queue=4, short_matches=26, long_matches=52, low_weeks=3, high_weeks=7)


def test_a_backlog_waits_longer():
    # 19 waiting: 20 / 1 = 20 weeks → 15 to 25.
    said = estimate(Flow(weekly_meetings() + waiting(19)), on=ON)
    assert (said.queue, said.low_weeks, said.high_weeks) == (19, 15, 25)


def test_a_slowing_flow_widens_the_range():
    # Every second week in the last 26 weeks (13), weekly before (26 more): 39 in 52 weeks.
    recent = weekly_meetings(weeks=26, every=14)
    before = weekly_meetings(on=ON - timedelta(days=182), weeks=26)
    said = estimate(Flow(recent + before + waiting(5)), on=ON)
    assert (said.short_matches, said.long_matches) == (13, 39)
    # 6 / 0.5 = 12 weeks, 6 / 0.75 = 8 weeks → floor(0.75 × 8) = 6, ceil(1.25 × 12) = 15.
    assert (said.low_weeks, said.high_weeks) == (6, 15)


def test_no_data():
    said = estimate(Flow([]), on=ON)
    assert not said.enough and said.queue == 0 and said.low_weeks is None


def test_too_few_matches_gives_no_estimate():
    nine = weekly_meetings(weeks=9)
    assert estimate(Flow(nine + waiting(2)), on=ON).enough is False
    assert estimate(Flow(weekly_meetings(weeks=10) + waiting(2)), on=ON).enough is True


def test_range_is_at_least_one_week_and_two_wide():
    # A short queue and a fast flow: 1 / 2 a week = half a week.
    assert weeks_range(0, 52, 104) == (1, 3)


def test_a_spell_leaves_the_queue_at_its_meeting_or_when_it_left():
    spells = [
        Spell(date(2025, 1, 1), started_on=date(2025, 3, 1)),
        Spell(date(2025, 1, 1), left_on=date(2025, 2, 1)),
        Spell(date(2025, 1, 1)),
    ]
    flow = Flow(spells)
    assert [flow.queue(d) for d in (date(2024, 12, 31), date(2025, 1, 31), date(2025, 2, 1), date(2025, 3, 1))] == [
        0,
        3,
        2,
        1,
    ]


def test_judging_one_wait():
    said = Estimate(queue=4, short_matches=26, long_matches=52, low_weeks=3, high_weeks=7)  # 21-49 days
    today = date(2025, 3, 30)
    assert judge(Spell(date(2025, 2, 1), started_on=date(2025, 3, 3)), said, today=today) is True  # 30 days
    assert judge(Spell(date(2025, 2, 1), started_on=date(2025, 2, 11)), said, today=today) is False  # 10 days
    assert judge(Spell(date(2025, 2, 25)), said, today=today) is None  # 33 days, still inside
    assert judge(Spell(date(2025, 2, 1)), said, today=today) is False  # 57 days and still waiting
    assert judge(Spell(date(2025, 2, 3), left_on=date(2025, 2, 20)), said, today=today) is None


def test_backtest_arithmetic():
    feb = date(2025, 2, 1)
    history = weekly_meetings(on=feb) + waiting(4, since=date(2024, 12, 1))  # on 1 Feb: 3-7 weeks
    cohort = [
        Spell(date(2025, 2, 2), started_on=date(2025, 3, 4)),  # 30 days: inside
        Spell(date(2025, 2, 2), started_on=date(2025, 2, 12)),  # 10 days: outside
        Spell(date(2025, 2, 25)),  # still waiting, within the range: not judged
        Spell(date(2025, 2, 2)),  # still waiting beyond 7 weeks: outside
        Spell(date(2025, 2, 3), left_on=date(2025, 2, 20)),  # left: not judged
    ]
    result = backtest(Flow(history + cohort), today=date(2025, 3, 30), months=1)
    [month] = result.months
    assert month.month == feb
    assert (month.estimate.low_weeks, month.estimate.high_weeks) == (3, 7)
    assert (month.judged, month.inside) == (3, 1)
    assert result.share == pytest.approx(1 / 3)


def test_backtest_skips_months_without_an_estimate():
    assert backtest(Flow(waiting(3)), today=ON).months == ()
    assert backtest(Flow([]), today=ON).share is None
