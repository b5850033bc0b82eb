"""The volunteer's login by e-mailed link: neutral answer, single use, 15 minutes, this browser only,
rate-limited; access ends when the volunteer leaves; volunteer sessions idle out after 30 minutes."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from factories import VolunteerFactory
from portal import services
from portal.models import LoginLink
from volunteers.models import VolunteerStatus


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _mail_on_commit(django_capture_on_commit_callbacks):
    """The link is e-mailed once the request's transaction commits; run those callbacks."""
    global _capture
    _capture = django_capture_on_commit_callbacks


@pytest.fixture
def volunteer(hovedstaden):
    return VolunteerFactory(region=hovedstaden, approved=True, email="lise@example.org")


_capture = None


def _ask(client, email):
    with _capture(execute=True):
        return client.post("/portal/login/", {"email": email})


def _link_path(message) -> str:
    return re.search(r"https?://[^/\s]+(/portal/login/[^/\s]+/)", message.body).group(1)


def test_a_volunteer_gets_a_link_that_logs_in_once(client, volunteer):
    response = _ask(client, "Lise@Example.org")
    assert response.status_code == 302 and response["Location"] == "/portal/login/sent/"
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["lise@example.org"]
    assert "lise" not in mail.outbox[0].subject.lower()
    path = _link_path(mail.outbox[0])
    assert client.get(path).status_code == 200  # a button: a mail program's preview cannot use it up
    response = client.post(path)
    assert response.status_code == 302 and response["Location"] == "/portal/"
    volunteer.refresh_from_db()
    assert volunteer.user.role == "volunteer" and not volunteer.user.has_usable_password()
    assert client.get("/portal/").status_code == 200
    # Used: a second time refuses, also from the same browser.
    client.post("/portal/logout/")
    response = client.post(path)
    assert response.status_code == 400 and "allerede brugt" in response.content.decode()


def test_unknown_address_gets_the_same_answer_and_no_mail(client, volunteer):
    known = _ask(client, "lise@example.org")
    unknown = _ask(Client(), "nobody@example.org")
    assert (known.status_code, known["Location"]) == (unknown.status_code, unknown["Location"])
    assert len(mail.outbox) == 1


@pytest.mark.parametrize(
    "status", [VolunteerStatus.APPLIED, VolunteerStatus.SCREENED, VolunteerStatus.LEFT, VolunteerStatus.NOT_SUITABLE]
)
def test_only_volunteers_in_the_program_get_a_link(client, hovedstaden, status):
    VolunteerFactory(region=hovedstaden, status=status, email="x@example.org")
    assert _ask(client, "x@example.org").status_code == 302
    assert mail.outbox == []


def test_an_expired_link_is_refused(client, volunteer):
    _ask(client, "lise@example.org")
    path = _link_path(mail.outbox[0])
    with time_machine.travel(timezone.now() + timedelta(minutes=16)):
        response = client.post(path)
    assert response.status_code == 400 and "udløbet" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_link_works_only_in_the_browser_that_asked(client, volunteer):
    _ask(client, "lise@example.org")
    path = _link_path(mail.outbox[0])
    other = Client()
    response = other.post(path)
    assert response.status_code == 400 and "samme browser" in response.content.decode()
    assert other.get("/portal/").status_code == 302
    assert client.post(path).status_code == 302  # still good where it was asked for


def test_a_new_link_replaces_the_earlier_one(client, volunteer):
    _ask(client, "lise@example.org")
    _ask(client, "lise@example.org")
    first, second = (_link_path(message) for message in mail.outbox)
    assert client.post(first).status_code == 400
    assert client.post(second).status_code == 302


def test_only_digests_are_stored(client, volunteer):
    _ask(client, "lise@example.org")
    token = _link_path(mail.outbox[0]).rstrip("/").rsplit("/", 1)[1]
    link = LoginLink.objects.get()
    assert token not in (link.token_hash, link.browser_hash)


def test_requests_are_rate_limited_per_address(client, volunteer):
    for _ in range(services.RATE_PER_ADDRESS):
        assert _ask(client, "lise@example.org").status_code == 302
    assert _ask(client, "lise@example.org").status_code == 429
    assert len(mail.outbox) == services.RATE_PER_ADDRESS


def test_requests_are_rate_limited_per_client(client, volunteer):
    for number in range(services.RATE_PER_CLIENT):
        _ask(client, f"someone{number}@example.org")
    response = _ask(client, "lise@example.org")
    assert response.status_code == 429 and mail.outbox == []


def test_access_ends_when_the_volunteer_leaves(client, volunteer_user):
    client.force_login(volunteer_user)
    assert client.get("/portal/").status_code == 200
    volunteer = volunteer_user.volunteer
    volunteer.status = VolunteerStatus.LEFT
    volunteer.save(update_fields=["status"])
    response = client.get("/portal/")
    assert response.status_code == 302 and response["Location"] == "/portal/login/"
    assert "_auth_user_id" not in client.session


def test_volunteer_sessions_idle_out_after_30_minutes_staff_after_45(client, volunteer, consultant_h):
    _ask(client, "lise@example.org")
    client.post(_link_path(mail.outbox[0]))
    assert client.session.get_expiry_age() == 30 * 60
    assert client.session.get_expire_at_browser_close()
    with time_machine.travel(timezone.now() + timedelta(minutes=31)):
        assert client.get("/portal/").status_code == 302
    staff = Client()
    staff.force_login(consultant_h)
    assert staff.session.get_expiry_age() == 45 * 60


def test_a_volunteer_never_gets_the_staff_pages_or_the_admin(client, volunteer_user):
    client.force_login(volunteer_user)
    for url in ("/", "/referrals/", "/matches/", "/volunteers/", "/followups/today/", "/expenses/", "/admin/"):
        assert client.get(url).status_code in (403, 302), url
    assert client.get("/admin/").status_code == 302
