"""This app's rows of the URL × role table (see accounts/tests/test_url_matrix.py)."""

from accounts.tests.access_rules import CONSULTANT, LEADER, SOCIAL

CASEWORK = {LEADER, CONSULTANT}

EXPECTED = {
    "planning:index": CASEWORK,
    "planning:needs": CASEWORK,
    "planning:campaign_start": CASEWORK,
    "planning:participant_estimate": {LEADER, CONSULTANT, SOCIAL},
    "planning:region_estimate": CASEWORK,
}

SAMPLES: dict = {}
