"""This app's rows of the URL × role table (see accounts/tests/test_url_matrix.py)."""

from accounts.tests.access_rules import CONSULTANT, EVALUATOR, LEADER

EXPECTED = {
    "reports:dashboard": {LEADER, CONSULTANT, EVALUATOR},
    "reports:download": {LEADER, CONSULTANT, EVALUATOR},
}
SAMPLES: dict = {}
