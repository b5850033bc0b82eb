"""This app's rows of the URL × role table (see accounts/tests/test_url_matrix.py)."""

from accounts.tests.access_rules import LEADER

EXPECTED = {
    "transfer:import": {LEADER},
    "transfer:import_preview": {LEADER},
    "transfer:import_confirm": {LEADER},
}
SAMPLES: dict = {}
