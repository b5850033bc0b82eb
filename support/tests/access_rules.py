"""This app's rows of the URL × role table (see accounts/tests/test_url_matrix.py)."""

from datetime import date

from accounts.tests.access_rules import CASEWORK

EXPECTED = {
    "support:places": CASEWORK,
    "support:place_create": CASEWORK,
    "support:place_edit": CASEWORK,
    "support:supervision_create": CASEWORK,
    "support:supervision_edit": CASEWORK,
    "support:requirement_record": CASEWORK,
}


def _place(ctx):
    from support.models import ReferralPlace

    return ReferralPlace.objects.create(name="Retshjælpen", region=ctx["hovedstaden"]).pk


def _supervision(ctx):
    from support.models import SupervisionRequest

    return SupervisionRequest.objects.create(
        volunteer_id=ctx["volunteer_id"], requested_on=date(2024, 2, 2), reason="boundaries"
    ).pk


SAMPLES = {"place_id": _place, "supervision_id": _supervision}
