"""This app's rows of the URL × role table (see accounts/tests/test_url_matrix.py)."""

from accounts.tests.access_rules import CASEWORK, CONSULTANT, LEADER, SOCIAL

EXPECTED = {
    "matches:list": CASEWORK,
    # Social workers see matches of their own referrals, participant side only.
    "matches:detail": {LEADER, CONSULTANT, SOCIAL},
    "matches:meeting": CASEWORK,
    "matches:decline": CASEWORK,
    "matches:pause": CASEWORK,
    "matches:resume": CASEWORK,
    "matches:shared_contact": CASEWORK,
}
