"""This app's rows of the URL × role table (see accounts/tests/test_url_matrix.py).

The volunteer role reaches these pages and nothing else: every other app's row leaves it out, so
the matrix checks that each staff page refuses a volunteer (403)."""

from accounts.permissions import PUBLIC
from accounts.tests.access_rules import CASEWORK, VOLUNTEER


def _callback(ctx):
    from portal.models import CallbackRequest

    volunteer = ctx["personas"]["volunteer"].volunteer
    return CallbackRequest.objects.create(volunteer=volunteer, region=volunteer.region, category="practical").pk


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
    "portal:callback_handled": CASEWORK,
}

SAMPLES = {"callback_id": _callback, "login_token": lambda ctx: "no-such-token"}
