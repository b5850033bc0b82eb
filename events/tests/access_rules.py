"""The events app's rows of the URL × role table (see accounts/tests/test_url_matrix.py)."""

from accounts.tests.access_rules import CONSULTANT, LEADER

CASEWORK = {LEADER, CONSULTANT}

EXPECTED = {
    "events:list": CASEWORK,
    "events:create": CASEWORK,
    "events:detail": CASEWORK,
    "events:edit": CASEWORK,
    "events:invite": CASEWORK,
    "events:signup_add": CASEWORK,
    "events:attendance": CASEWORK,
    "events:calendar": CASEWORK,
    "events:signup_cancel": CASEWORK,
    "events:feedback": CASEWORK,
}


def _event(ctx):
    from datetime import date

    from events.models import Event

    return Event.objects.create(
        kind="exchange", title="Erfaringsudveksling", held_on=date(2024, 1, 10), region=ctx["hovedstaden"]
    ).pk


def _signup(ctx):
    from events.models import SignUp

    return SignUp.objects.create(event_id=ctx["event_id"], volunteer_id=ctx["volunteer_id"]).pk


def _attendance(ctx):
    from events.models import Attendance

    return Attendance.objects.create(event_id=ctx["event_id"], volunteer_id=ctx["volunteer_id"]).pk


SAMPLES = {"event_id": _event, "signup_id": _signup, "attendance_id": _attendance}
