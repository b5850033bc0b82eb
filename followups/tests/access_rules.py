"""This app's rows of the URL × role table (see accounts/tests/test_url_matrix.py)."""

from datetime import date

from accounts.permissions import PUBLIC
from accounts.tests.access_rules import CASEWORK, LEADER

EXPECTED = {
    "followups:today": CASEWORK,
    "followups:today_panel": CASEWORK,
    "followups:record": CASEWORK,
    "followups:flags_handled": CASEWORK,
    "followups:ad_hoc": CASEWORK,
    "followups:cadence": {LEADER},
    "followups:cadence_region": {LEADER},
    "followups:calendar": CASEWORK,
    # A capability URL: the secret token is the credential (calendar apps cannot log in).
    "followups:calendar_feed": PUBLIC,
    # followups' views at the match's address (config/urls.py): the plan is made and dropped here.
    "matches:meeting_hold": CASEWORK,
    "matches:end": CASEWORK,
}


def _followup(ctx):
    from followups.models import FollowUp

    return FollowUp.objects.create(match_id=ctx["match_id"], kind="day_after", due_on=date(2024, 2, 2)).pk


def _token(ctx):
    from followups.services import calendar_token_issue

    return calendar_token_issue(user=ctx["personas"]["consultant_h"])[1]


SAMPLES = {"followup_id": _followup, "token": _token, "panel": lambda ctx: "triage"}
