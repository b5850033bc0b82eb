"""This app's rows of the URL × role table (see accounts/tests/test_url_matrix.py)."""

from accounts.tests.access_rules import CONSULTANT, LEADER, SOCIAL

REFERRING = {LEADER, CONSULTANT, SOCIAL}
CASEWORK = {LEADER, CONSULTANT}

EXPECTED = {
    "referrals:list": REFERRING,
    "referrals:create": REFERRING,
    "referrals:detail": REFERRING,
    "referrals:edit": REFERRING,
    "referrals:withdraw": REFERRING,
    "referrals:reaccept": CASEWORK,
    "referrals:waiting": CASEWORK,
    "referrals:accept": CASEWORK,
    "referrals:request_info": CASEWORK,
    "referrals:decline": CASEWORK,
    "referrals:note_add": CASEWORK,
}

SAMPLES: dict = {}
