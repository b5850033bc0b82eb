"""When a star reading is due. Pure: dates in, a date out.

Decision: a reading is due every `interval_months` of *active* time, counted from the match's
start date (so it lines up with the three-month follow-up). A pause moves every later due date on
by the pause's length, and nothing is due while the match is paused. A reading — or a "not this
time" — answers every due date up to about half an interval after it, so a reading a few weeks
early or late counts for the date it was meant for, and the next one is due on the schedule again.
"""

from collections.abc import Iterable
from datetime import date, timedelta

from lib.dates import add_months

Pause = tuple[date, date | None]


def _grace(interval_months: int) -> timedelta:
    return timedelta(days=interval_months * 365 // 24)


def is_paused(pauses: Iterable[Pause], day: date) -> bool:
    return any(start <= day and (end is None or end > day) for start, end in pauses)


def scheduled(started_on: date, interval_months: int, pauses: Iterable[Pause], k: int) -> date | None:
    """The k-th due date (k >= 1), moved on by the pauses that began on or before it; None when an
    open pause began before it (nothing is due until the match resumes)."""
    due = add_months(started_on, k * interval_months)
    for start, end in sorted(pauses):
        if start > due:
            break
        if end is None:
            return None
        due += end - start
    return due


def next_due(
    *,
    started_on: date,
    interval_months: int,
    pauses: Iterable[Pause] = (),
    last_reading_on: date | None = None,
    today: date,
) -> date | None:
    """The earliest due date not answered by the latest reading; None while the match is paused."""
    pauses = list(pauses)
    if is_paused(pauses, today):
        return None
    answered_until = last_reading_on + _grace(interval_months) if last_reading_on else None
    k = 1
    if answered_until is not None and not pauses:
        # Without pauses every due date before answered_until's month is answered: start there
        # instead of walking every interval of a long match.
        months = (answered_until.year - started_on.year) * 12 + answered_until.month - started_on.month
        k = max(1, months // interval_months - 1)
    while True:
        due = scheduled(started_on, interval_months, pauses, k)
        if due is None:
            return None
        if answered_until is None or due > answered_until:
            return due
        k += 1


def surely_not_due(today: date, interval_months: int) -> tuple[date, date]:
    """(started_after, read_since): a match started after the first date, or with a reading on or
    after the second, has nothing due today, whatever its pauses (they only move due dates on).
    Lets a database leave most matches out before next_due runs. The first due date is
    add_months(start, interval); three days of margin cover add_months clamping to a month's end."""
    started_after = add_months(today, -interval_months) + timedelta(days=3)
    read_since = today - _grace(interval_months)
    return started_after, read_since
