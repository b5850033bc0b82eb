"""This app's rows of the URL × role table (see accounts/tests/test_url_matrix.py)."""

from accounts.tests.access_rules import CONSULTANT, LEADER

CASEWORK = {LEADER, CONSULTANT}

EXPECTED = {
    "matching:index": CASEWORK,
    "matching:suggest": CASEWORK,
    "matching:why_not": CASEWORK,
    "matching:propose": CASEWORK,
    "matching:suggest_participants": CASEWORK,
    "matching:batch": CASEWORK,
    "matching:batch_accept": CASEWORK,
    "matching:batch_reject": CASEWORK,
    "matching:config": {LEADER},
    "matching:insights": CASEWORK,
}

SAMPLES: dict = {}
