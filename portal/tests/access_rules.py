"""This app's rows of the URL × role table (see accounts/tests/test_url_matrix.py).

The volunteer role reaches these pages and nothing else: every other app's row leaves it out, so
the matrix checks that each staff page refuses a volunteer (403)."""

from accounts.permissions import PUBLIC
from accounts.tests.access_rules import CASEWORK, VOLUNTEER


def _callback(ctx):
    from portal.models import CallbackRequest

    volunteer = ctx["personas"]["volunteer"].volunteer
    return CallbackRequest.objects.create(volunteer=volunteer, region=volunteer.region, category="practical").pk


def _own_event(ctx):
    """A held event the matrix volunteer was invited to, signed up for and came to."""
    from datetime import date

    from events.models import Attendance, Event, Invitation, SignUp

    volunteer = ctx["personas"]["volunteer"].volunteer
    event = Event.objects.create(kind="course", title="Kursus", held_on=date(2024, 2, 1), region=ctx["hovedstaden"])
    Invitation.objects.create(event=event, volunteer=volunteer)
    SignUp.objects.create(event=event, volunteer=volunteer)
    Attendance.objects.create(event=event, volunteer=volunteer)
    return event.pk


EXPECTED = {
    "portal:login": PUBLIC,
    "portal:login_sent": PUBLIC,
    "portal:link": PUBLIC,
    "portal:logout": PUBLIC,
    "portal:home": {VOLUNTEER},
    "portal:star": {VOLUNTEER},
    "portal:callback": {VOLUNTEER},
    "portal:directory": {VOLUNTEER},
    "portal:profile": {VOLUNTEER},
    "portal:step_back": {VOLUNTEER},
    "portal:expenses": {VOLUNTEER},
    "portal:expense_new": {VOLUNTEER},
    "portal:receipt": {VOLUNTEER},
    "portal:events": {VOLUNTEER},
    "portal:event_sign_up": {VOLUNTEER},
    "portal:event_cancel": {VOLUNTEER},
    "portal:event_calendar": {VOLUNTEER},
    "portal:event_feedback": {VOLUNTEER},
    "portal:callback_handled": CASEWORK,
}

SAMPLES = {"callback_id": _callback, "own_event_id": _own_event, "login_token": lambda ctx: "no-such-token"}
