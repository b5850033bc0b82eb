"""How long a new referral may wait: an estimate from the program's own recent flow, and its back-test.

Pure (dates and numbers in, plain data out; no Django). The method is described for readers in
docs/planning.md; in short:

- A **spell** is one participant's time on the waiting list by the waiting-time definition of
  `referrals.selectors.waiting_times`: from acceptance to the first match meeting, or until they
  left the list without one (withdrawn, declined).
- On a day `on`, the **queue** is the spells open that day; the **flow** is the first match
  meetings in the last 26 and 52 weeks (182 and 364 days up to and including `on`), as matches
  per week.
- A new referral has the queue ahead of it: it waits about (queue + 1) / flow weeks (Little's
  law for a queue served first come, first served). The two windows give two such figures; the
  range runs from 0.75 × the smaller to 1.25 × the larger, in whole weeks (at least 1 week,
  at least 2 weeks wide). It is a range, never a promise.
- With fewer than MIN_MATCHES (10) first meetings in the 52 weeks there is no estimate ("too
  little data").

Back-test: on the first of each past month, the estimate made from what was known that day is
compared with the waits of the participants accepted in that month. A wait inside the range is
a hit; a participant still waiting longer than the upper bound counts as a miss (we know they
fell outside); one still waiting within the range, or who left without a meeting, is not judged.
"""

from __future__ import annotations

import math
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

MIN_MATCHES = 10
SHORT_WINDOW_WEEKS = 26
LONG_WINDOW_WEEKS = 52
LOW_FACTOR = 0.75
HIGH_FACTOR = 1.25
MIN_WIDTH_WEEKS = 2


@dataclass(frozen=True, slots=True)
class Spell:
    accepted_on: date
    started_on: date | None = None  # the first match meeting
    left_on: date | None = None  # left the list without a meeting

    def open_on(self, day: date) -> bool:
        return (
            self.accepted_on <= day
            and (self.started_on is None or self.started_on > day)
            and (self.left_on is None or self.left_on > day)
        )

    def wait_days(self) -> int | None:
        if self.started_on is None:
            return None
        return max((self.started_on - self.accepted_on).days, 0)


@dataclass(frozen=True, slots=True)
class Estimate:
    queue: int  # waiting on the day (the new referral comes after them)
    short_matches: int  # first meetings in the last 26 weeks
    long_matches: int  # ... and in the last 52 weeks
    low_weeks: int | None = None  # None: too little data
    high_weeks: int | None = None

    @property
    def enough(self) -> bool:
        return self.low_weeks is not None

    def covers(self, wait_days: int) -> bool:
        return self.enough and self.low_weeks * 7 <= wait_days <= self.high_weeks * 7


class Flow:
    """Spells sorted once, so that each day's queue and flow are a few binary searches."""

    def __init__(self, spells: Iterable[Spell]):
        self.spells = list(spells)
        self._accepted = sorted(s.accepted_on for s in self.spells)
        self._closed = sorted(c for s in self.spells if (c := _closed_on(s)) is not None)
        self._started = sorted(s.started_on for s in self.spells if s.started_on is not None)

    def __len__(self) -> int:
        return len(self.spells)

    def queue(self, day: date) -> int:
        return bisect_right(self._accepted, day) - bisect_right(self._closed, day)

    def matches(self, day: date, weeks: int) -> int:
        """First meetings in the `weeks` weeks up to and including `day`."""
        return bisect_right(self._started, day) - bisect_right(self._started, day - timedelta(days=7 * weeks))


def _closed_on(spell: Spell) -> date | None:
    ends = [d for d in (spell.started_on, spell.left_on) if d is not None]
    return max(min(ends), spell.accepted_on) if ends else None


def weeks_range(queue: int, short_matches: int, long_matches: int) -> tuple[int, int] | None:
    """The range in whole weeks, or None below MIN_MATCHES first meetings in the long window."""
    if long_matches < MIN_MATCHES:
        return None
    ahead = queue + 1
    rates = [n / w for n, w in ((short_matches, SHORT_WINDOW_WEEKS), (long_matches, LONG_WINDOW_WEEKS)) if n]
    points = [ahead / rate for rate in rates]
    low = max(1, math.floor(LOW_FACTOR * min(points)))
    high = max(low + MIN_WIDTH_WEEKS, math.ceil(HIGH_FACTOR * max(points)))
    return low, high


def estimate(flow: Flow, *, on: date) -> Estimate:
    queue = flow.queue(on)
    short, long = flow.matches(on, SHORT_WINDOW_WEEKS), flow.matches(on, LONG_WINDOW_WEEKS)
    found = weeks_range(queue, short, long)
    low, high = found if found else (None, None)
    return Estimate(queue=queue, short_matches=short, long_matches=long, low_weeks=low, high_weeks=high)


@dataclass(frozen=True, slots=True)
class Month:
    """One month of the back-test: the estimate on its first day against the waits that followed."""

    month: date
    estimate: Estimate
    judged: int  # participants accepted that month whose outcome is known against the range
    inside: int


@dataclass(frozen=True, slots=True)
class Backtest:
    months: tuple[Month, ...]

    @property
    def judged(self) -> int:
        return sum(m.judged for m in self.months)

    @property
    def inside(self) -> int:
        return sum(m.inside for m in self.months)

    @property
    def share(self) -> float | None:
        """The share of judged waits inside the range (0-1), None when nothing could be judged."""
        return self.inside / self.judged if self.judged else None


def month_starts(first: date, last: date) -> list[date]:
    """The first day of every month from `first`'s month to `last`'s month, both included."""
    day, months = first.replace(day=1), []
    while day <= last:
        months.append(day)
        day = (day + timedelta(days=32)).replace(day=1)
    return months


def judge(spell: Spell, estimate: Estimate, *, today: date) -> bool | None:
    """True: the wait fell inside the range; False: outside; None: not known yet (or never matched)."""
    wait = spell.wait_days()
    if wait is not None:
        return estimate.covers(wait)
    if spell.left_on is None and (today - spell.accepted_on).days > estimate.high_weeks * 7:
        return False  # still waiting, already beyond the upper bound
    return None


def backtest(flow: Flow, *, today: date, months: int = 24) -> Backtest:
    """The last `months` complete months before `today`'s month, oldest first; months without an
    estimate (too little data then) or without judged participants are left out."""
    start_of_this = today.replace(day=1)
    first = start_of_this
    for _ in range(months):
        first = (first - timedelta(days=1)).replace(day=1)
    by_month: dict[date, list[Spell]] = {}
    for spell in flow.spells:
        by_month.setdefault(spell.accepted_on.replace(day=1), []).append(spell)
    rows = []
    for month in month_starts(first, start_of_this - timedelta(days=1)):
        said = estimate(flow, on=month)
        if not said.enough:
            continue
        verdicts = [judge(s, said, today=today) for s in by_month.get(month, ())]
        judged = [v for v in verdicts if v is not None]
        if judged:
            rows.append(Month(month=month, estimate=said, judged=len(judged), inside=sum(judged)))
    return Backtest(months=tuple(rows))
