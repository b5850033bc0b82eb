"""Named personas, built once per test: a consultant in each region, a project leader, a social
worker per centre, a student assistant, an evaluator."""

import os

import pytest
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

from accounts.models import Role
from factories import CentreFactory, UserFactory, region

# No timing deadlines (2 shared cores make timings noisy); in CI the examples are derandomised so
# a run is reproducible.
hypothesis_settings.register_profile(
    "project",
    deadline=None,
    derandomize=os.environ.get("CI") == "true",
    suppress_health_check=[HealthCheck.too_slow],
)
hypothesis_settings.load_profile("project")


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with empty caches: ids repeat between tests, cached pages must not."""
    from django.core.cache import caches

    for alias in ("default", "figures"):
        caches[alias].clear()


@pytest.fixture(autouse=True)
def _danish_after_each_test():
    """A request with the English cookie leaves English active in the thread (the language
    middleware activates, nothing deactivates): the next test in the same worker starts in Danish."""
    from django.conf import settings
    from django.utils import translation

    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def hovedstaden(db):
    return region("hovedstaden")


@pytest.fixture
def syddanmark(db):
    return region("syddanmark")


@pytest.fixture
def dignity(hovedstaden):
    return CentreFactory(name="DIGNITY", region=hovedstaden)


@pytest.fixture
def att(syddanmark):
    return CentreFactory(name="ATT", region=syddanmark)


@pytest.fixture
def leader(db):
    return UserFactory(username="leder", role=Role.PROJECT_LEADER, is_staff=True)


@pytest.fixture
def consultant_h(hovedstaden):
    return UserFactory(username="konsulent.h", role=Role.CONSULTANT, regions=[hovedstaden])


@pytest.fixture
def consultant_s(syddanmark):
    return UserFactory(username="konsulent.s", role=Role.CONSULTANT, regions=[syddanmark])


@pytest.fixture
def student(hovedstaden, syddanmark):
    return UserFactory(username="student", role=Role.STUDENT_ASSISTANT, regions=[hovedstaden, syddanmark])


@pytest.fixture
def social_worker_h(dignity):
    return UserFactory(username="sr.dignity", role=Role.SOCIAL_WORKER, treatment_centre=dignity)


@pytest.fixture
def social_worker_s(att):
    return UserFactory(username="sr.att", role=Role.SOCIAL_WORKER, treatment_centre=att)


@pytest.fixture
def evaluator(db):
    return UserFactory(username="evaluator", role=Role.EVALUATOR)


@pytest.fixture
def volunteer_user(hovedstaden):
    """A volunteer in the program (approved) with their portal account. Not in `personas`: those are
    staff, and many tests count the volunteers of a region; the URL matrices add it themselves."""
    from factories import VolunteerFactory

    user = UserFactory(username="frivillig", role=Role.VOLUNTEER)
    VolunteerFactory(region=hovedstaden, approved=True, email="frivillig@example.org", user=user)
    return user


@pytest.fixture
def personas(leader, consultant_h, consultant_s, student, social_worker_h, social_worker_s, evaluator):
    return {
        "leader": leader,
        "consultant_h": consultant_h,
        "consultant_s": consultant_s,
        "student": student,
        "social_worker_h": social_worker_h,
        "social_worker_s": social_worker_s,
        "evaluator": evaluator,
    }


# --- Browser tests (Playwright driving Debian's Chromium; never a downloaded browser) ---

CHROMIUM = "/usr/bin/chromium"


@pytest.fixture(scope="session")
def browser():
    import os
    import shutil

    if not shutil.which(CHROMIUM):
        if os.environ.get("CI") == "true":
            pytest.fail(f"{CHROMIUM} is missing; .ci/run installs Debian's chromium package.")
        pytest.skip(f"browser tests need Debian's chromium at {CHROMIUM} (apt-get install chromium)")
    # Playwright's sync API runs an event loop in this thread; the ORM calls in the test are safe.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield chromium
        chromium.close()


def restore_migration_data() -> None:
    """A transactional test's flush deletes rows made by data migrations; run them again.

    Every RunPython in the project's migrations is idempotent (get_or_create)."""
    import importlib
    import pkgutil

    from django.apps import apps as django_apps
    from django.db import migrations

    from lib.project import project_apps

    for app in project_apps():
        try:
            package = importlib.import_module(f"{app.name}.migrations")
        except ModuleNotFoundError:
            continue
        for info in sorted(pkgutil.iter_modules(package.__path__), key=lambda item: item.name):
            module = importlib.import_module(f"{app.name}.migrations.{info.name}")
            for operation in module.Migration.operations:
                if isinstance(operation, migrations.RunPython):
                    operation.code(django_apps, None)


@pytest.fixture
def page(browser, live_server, transactional_db):
    restore_migration_data()
    context = browser.new_context(base_url=live_server.url, locale="da-DK")
    tab = context.new_page()
    tab.set_default_timeout(15_000)
    yield tab
    context.close()


@pytest.fixture
def login(page):
    def log_in(username: str, password: str = "test-password-123"):
        # A fresh session every time: a request still in flight when a test moves the clock on
        # would otherwise refresh the old session's expiry, and /login/ would redirect away. Its
        # response is waited for first: arriving after the cookies are cleared, it set them again.
        page.wait_for_load_state("networkidle")
        page.context.clear_cookies()
        page.goto("/login/")
        page.get_by_label("Brugernavn").fill(username)
        page.get_by_label("Adgangskode").fill(password)
        page.get_by_role("button", name="Log ind").click()
        page.wait_for_url("**/")

    return log_in


@pytest.fixture
def referral_post():
    """A complete, valid referral form as a browser would post it."""
    return {
        "first_name": "Nour",
        "last_name": "Al-Amin",
        "phone": "20 30 40 50",
        "email": "",
        "address": "Nørrebrogade 1",
        "postcode": "2200",
        "gender": "female",
        "birth_year": "1979",
        "birth_country": "SY",
        "arrival_year": "2015",
        "has_children": "true",
        "mother_tongue": "ar",
        "other_languages": ["da", "en"],
        "another_language": "",
        "danish_level": "some",
        "needs_interpreter": "on",
        "interpreter_language": "",
        "needs": ["social", "danish"],
        "interests": ["walks", "cooking"],
        "interests_other": "",
        "availability": ["weekday_daytime"],
        "mobility_limits": "",
        "wished_volunteer_gender": "female",
        "wished_age_min": "35",
        "wished_age_max": "60",
        "wishes_other": "",
        "referral_reason": "Afslutter behandling om to måneder og er meget alene.",
        "motivation_confirmed": "on",
        "consent_given": "on",
        "consent_on": "2025-03-03",
    }
