"""This app's rows of the URL × role table (see accounts/tests/test_url_matrix.py)."""

from accounts.permissions import PUBLIC
from accounts.tests.access_rules import CASEWORK, LEADER

EXPECTED = {
    "outcomes:star": {LEADER},
    "outcomes:star_edit": {LEADER},
    "outcomes:version": {LEADER},
    "outcomes:translation_add": {LEADER},
    "outcomes:translation": {LEADER},
    # Readings are the participant's personal data: never the social worker, student or evaluator.
    "outcomes:match_star": CASEWORK,
    "outcomes:reading_new": CASEWORK,
    "outcomes:link_new": CASEWORK,
    # A capability URL: the secret single-use link is the credential (the volunteer has no login).
    "outcomes:fill": PUBLIC,
}


def _token(ctx):
    from matches.models import Match
    from outcomes.services import link_issue

    return link_issue(match=Match.objects.get(pk=ctx["match_id"]), by=ctx["personas"]["consultant_h"])[1]


SAMPLES = {"number": lambda ctx: 1, "language": lambda ctx: "ar", "link_token": _token}
