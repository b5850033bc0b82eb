"""Date arithmetic in the database gives what Python gives, on SQLite and PostgreSQL."""

from datetime import date

import pytest

from followups.models import FollowUp
from lib.expressions import DaysBetween, Quarter, Year
from matches.tests.factories import active_match

pytestmark = pytest.mark.django_db


def test_days_between_and_year_agree_with_python(consultant_h):
    match = active_match(by=consultant_h)
    pairs = [
        (date(2023, 12, 31), date(2024, 1, 7)),
        (date(2024, 2, 28), date(2024, 3, 1)),
        (date(2024, 5, 1), date(2024, 4, 20)),
    ]
    FollowUp.objects.filter(match=match).delete()
    for due, done in pairs:
        FollowUp.objects.create(match=match, kind="touch_base", due_on=due, done_on=done)
    found = FollowUp.objects.filter(match=match).annotate(days=DaysBetween("done_on", "due_on"), year=Year("due_on"))
    assert sorted(found.values_list("due_on", "days", "year")) == sorted(
        (due, (done - due).days, due.year) for due, done in pairs
    )


def test_quarter_agrees_with_python(consultant_h):
    match = active_match(by=consultant_h)
    FollowUp.objects.filter(match=match).delete()
    days = [date(2024, month, day) for month in range(1, 13) for day in (1, 28)]
    for due in days:
        FollowUp.objects.create(match=match, kind="touch_base", due_on=due)
    found = FollowUp.objects.filter(match=match).annotate(quarter=Quarter("due_on"))
    assert sorted(found.values_list("due_on", "quarter")) == [(due, (due.month - 1) // 3 + 1) for due in days]
