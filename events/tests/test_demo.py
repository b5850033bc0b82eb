from datetime import date

import pytest

from events.demo import EVENTS
from events.models import Attendance, Event, Feedback, SignUp

pytestmark = pytest.mark.django_db


def test_demo_events_are_built_idempotently():
    from demo import builder

    def counts():
        return (Event.objects.count(), Attendance.objects.count(), Feedback.objects.count(), SignUp.objects.count())

    builder.build(seed=3, today=date(2026, 11, 26), participants=30, volunteers=80)
    first = counts()
    builder.build(seed=3, today=date(2026, 11, 26), participants=30, volunteers=80)
    assert counts() == first
    assert first[0] == len(EVENTS) and first[1] > 0 and first[2] > 0
    assert not Attendance.objects.filter(event__held_on__gt=date(2026, 11, 26)).exists()
    assert not SignUp.objects.filter(event__held_on__lt=date(2026, 11, 26)).exists()
