from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from outcomes.schedule import next_due, scheduled, surely_not_due

START = date(2024, 1, 31)


def test_first_reading_is_due_one_interval_after_the_start_clamped_like_the_six_month_mark():
    assert next_due(started_on=START, interval_months=3, today=date(2024, 2, 1)) == date(2024, 4, 30)
    assert next_due(started_on=date(2023, 11, 30), interval_months=3, today=date(2024, 1, 1)) == date(2024, 2, 29)


def test_the_interval_is_configurable():
    assert next_due(started_on=START, interval_months=2, today=START) == date(2024, 3, 31)


def test_an_unanswered_due_date_stays_due():
    assert next_due(started_on=START, interval_months=3, today=date(2024, 9, 1)) == date(2024, 4, 30)


def test_a_reading_a_little_early_or_late_answers_its_due_date_and_the_schedule_goes_on():
    early = next_due(started_on=START, interval_months=3, last_reading_on=date(2024, 4, 10), today=date(2024, 5, 1))
    late = next_due(started_on=START, interval_months=3, last_reading_on=date(2024, 5, 20), today=date(2024, 6, 1))
    assert early == late == date(2024, 7, 31)


def test_a_reading_long_before_the_due_date_does_not_answer_it():
    # A baseline reading at the start (within half an interval of it) leaves the first one due.
    assert next_due(started_on=START, interval_months=3, last_reading_on=START, today=START) == date(2024, 4, 30)
    assert next_due(started_on=START, interval_months=3, last_reading_on=date(2024, 3, 14), today=START) == date(
        2024, 4, 30
    )


def test_nothing_is_due_while_paused():
    pauses = [(date(2024, 3, 1), None)]
    assert next_due(started_on=START, interval_months=3, pauses=pauses, today=date(2024, 6, 1)) is None


def test_a_pause_moves_later_due_dates_on_by_its_length():
    pauses = [(date(2024, 3, 1), date(2024, 3, 31))]  # 30 days
    assert next_due(started_on=START, interval_months=3, pauses=pauses, today=date(2024, 4, 2)) == date(2024, 5, 30)
    assert scheduled(START, 3, pauses, 2) == date(2024, 8, 30)


def test_a_pause_after_a_due_date_does_not_move_it():
    pauses = [(date(2024, 5, 10), date(2024, 5, 20))]
    assert scheduled(START, 3, pauses, 1) == date(2024, 4, 30)
    assert scheduled(START, 3, pauses, 2) == date(2024, 8, 10)


def test_a_resumed_match_is_due_again_after_an_open_pause_has_ended():
    pauses = [(date(2024, 3, 1), date(2024, 6, 1))]  # 92 days
    assert next_due(started_on=START, interval_months=3, pauses=pauses, today=date(2024, 6, 1)) == date(2024, 7, 31)


def _walked(started_on, interval_months, last_reading_on, today):
    """The schedule walked from the first due date, the definition the shortcut must agree with."""
    from outcomes.schedule import _grace

    answered_until = last_reading_on + _grace(interval_months)
    k = 1
    while scheduled(started_on, interval_months, [], k) <= answered_until:
        k += 1
    return scheduled(started_on, interval_months, [], k)


def test_a_long_match_without_pauses_gets_the_same_due_date_as_walking_every_interval():
    import random
    from datetime import timedelta

    rng = random.Random(7)
    for _ in range(2000):
        started = date(2019, 1, 1) + timedelta(days=rng.randint(0, 1500))
        last = started + timedelta(days=rng.randint(0, 2000))
        interval = rng.choice([1, 2, 3, 6])
        today = last + timedelta(days=rng.randint(0, 400))
        assert next_due(started_on=started, interval_months=interval, last_reading_on=last, today=today) == _walked(
            started, interval, last, today
        ), (started, last, interval)


@settings(max_examples=400, deadline=None)
@given(
    today=st.dates(min_value=date(2021, 1, 1), max_value=date(2027, 12, 31)),
    started_days=st.integers(min_value=0, max_value=2000),
    read_days=st.one_of(st.none(), st.integers(min_value=0, max_value=400)),
    pause=st.one_of(st.none(), st.tuples(st.integers(0, 600), st.one_of(st.none(), st.integers(1, 200)))),
    interval=st.sampled_from([1, 2, 3, 4, 6]),
)
def test_what_the_database_leaves_out_is_never_due(today, started_days, read_days, pause, interval):
    started_on = today - timedelta(days=started_days)
    last_reading_on = today - timedelta(days=read_days) if read_days is not None and read_days <= started_days else None
    pauses = []
    if pause:
        start = started_on + timedelta(days=pause[0])
        pauses = [(start, None if pause[1] is None else start + timedelta(days=pause[1]))]
    started_after, read_since = surely_not_due(today, interval)
    left_out = started_on > started_after or (last_reading_on is not None and last_reading_on >= read_since)
    due = next_due(
        started_on=started_on,
        interval_months=interval,
        pauses=pauses,
        last_reading_on=last_reading_on,
        today=today,
    )
    if left_out:
        assert due is None or due > today


def test_a_first_due_date_clamped_to_the_month_end_is_kept():
    # Started on 31 March, a month's interval: due 30 April (clamped); on 30 April it must be kept.
    started_after, _read_since = surely_not_due(date(2024, 4, 30), 1)
    assert not date(2024, 3, 31) > started_after
    assert next_due(started_on=date(2024, 3, 31), interval_months=1, today=date(2024, 4, 30)) == date(2024, 4, 30)
    for day in range(1, 32):
        started_on = date(2024, 1, day)
        for today in (date(2024, 2, 28), date(2024, 2, 29), date(2024, 3, 1)):
            due = next_due(started_on=started_on, interval_months=1, today=today)
            if due is not None and due <= today:
                assert not started_on > surely_not_due(today, 1)[0]
