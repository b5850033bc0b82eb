"""This app's rows of the URL × role table (see accounts/tests/test_url_matrix.py)."""

from accounts.tests.access_rules import EVALUATOR, LEADER

EXPECTED = {
    "privacy:participant_export": {LEADER},
    "privacy:participant_export_json": {LEADER},
    "privacy:participant_withdraw": {LEADER},
    "privacy:participant_erase": {LEADER},
    "privacy:volunteer_export": {LEADER},
    "privacy:volunteer_export_json": {LEADER},
    "privacy:volunteer_withdraw": {LEADER},
    "privacy:volunteer_erase": {LEADER},
    "privacy:evaluator_export": {LEADER, EVALUATOR},
}

SAMPLES: dict = {}
