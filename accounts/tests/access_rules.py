"""This app's rows of the URL × role table (see accounts/tests/test_url_matrix.py)."""

from accounts.permissions import PUBLIC

LEADER, CONSULTANT, STUDENT, SOCIAL, EVALUATOR, VOLUNTEER = (
    "project_leader",
    "consultant",
    "student_assistant",
    "social_worker",
    "evaluator",
    "volunteer",
)
# Every staff role. A volunteer reaches only the portal's pages (portal/tests/access_rules.py).
ALL = {LEADER, CONSULTANT, STUDENT, SOCIAL, EVALUATOR}
CASEWORK = {LEADER, CONSULTANT}

EXPECTED = {
    "accounts:home": ALL,
    "accounts:login": PUBLIC,
    "accounts:logout": PUBLIC,
    # The one-time set-up link: the secret in the address is the credential.
    "accounts:setup": PUBLIC,
    # Two-factor code and set-up: logged in, second factor not yet required (login_only).
    "accounts:verify": ALL,
    "accounts:two_factor": ALL,
    # Replacing the authenticator and renewing backup codes: a verified session (require_roles).
    "accounts:two_factor_replace": ALL,
    "accounts:backup_codes": ALL,
    "audit:list": {LEADER},
    "notifications:list": ALL,
    "notifications:read_all": ALL,
    "set_language": PUBLIC,
    "healthz": PUBLIC,
}

# URL kwarg → function(ctx) returning a value in scope for each role's persona; ctx holds
# "personas" (see conftest.py), "hovedstaden", "dignity" and the values already built.


def _setup_token(ctx) -> str:
    from accounts.services import setup_link_issue
    from factories import UserFactory

    url, _emailed = setup_link_issue(actor=None, user=UserFactory(username="ny.medarbejder", role="evaluator"))
    return url.rstrip("/").rsplit("/", 1)[1]


SAMPLES: dict = {"setup_token": _setup_token}
