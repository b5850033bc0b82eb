"""This app's rows of the URL × role table (see accounts/tests/test_url_matrix.py)."""

from accounts.tests.access_rules import CASEWORK, LEADER


def _expense(ctx):
    """An expense of the volunteer persona's match in Hovedstaden (the consultant's region)."""
    from factories import ExpenseFactory, active_match_for

    return ExpenseFactory(match=active_match_for(ctx["personas"]["volunteer"].volunteer)).pk


EXPECTED = {
    "expenses:list": CASEWORK,
    "expenses:export": {LEADER},
    "expenses:approve": CASEWORK,
    "expenses:reject": CASEWORK,
    "expenses:approve_over": {LEADER},
    "expenses:pay": {LEADER},
    "expenses:receipt": CASEWORK,
}

SAMPLES = {"expense_id": _expense}
