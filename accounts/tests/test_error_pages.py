"""403, 404, 500, the CSRF failure and the log-in lock-out answer in Danish, in the site layout,
with a way back to the home page (DEBUG is off in tests, as in production)."""

import pytest
from django.conf import settings as django_settings
from django.test import Client
from django.urls import path, reverse

import config.urls
from accounts.permissions import public
from factories import ParticipantFactory

PERSONAL = "Amira Hassan 010190-1234"


@public
def boom(request):
    raise RuntimeError(f"failed for {PERSONAL}")


# This module doubles as a URL configuration: the site's URLs plus one view that fails.
urlpatterns = [*config.urls.urlpatterns, path("boom/", boom)]
handler500 = config.urls.handler500


def assert_in_layout(html: str) -> None:
    assert 'class="site-header"' in html and 'lang="da"' in html
    assert f'href="{reverse("accounts:home")}"' in html and "Gå til forsiden" in html


def test_wrong_role_gets_the_danish_403_page(client, social_worker_h):
    client.force_login(social_worker_h)
    response = client.get(reverse("reports:dashboard"))
    assert response.status_code == 403
    html = response.content.decode()
    assert_in_layout(html)
    assert "Ingen adgang" in html and "Forbidden" not in html
    assert "<nav" in html  # the user's own navigation, to go somewhere they may go


def test_out_of_scope_record_gets_the_danish_404_page(client, consultant_h, syddanmark):
    other_region = ParticipantFactory(region=syddanmark)
    client.force_login(consultant_h)
    response = client.get(reverse("referrals:detail", kwargs={"participant_id": other_region.pk}))
    assert response.status_code == 404
    html = response.content.decode()
    assert_in_layout(html)
    assert "Siden findes ikke" in html and other_region.full_name not in html


def test_unknown_address_gets_the_danish_404_page(client, db):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert_in_layout(response.content.decode())
    assert "Siden findes ikke" in response.content.decode()


def test_error_pages_follow_the_chosen_language(client, consultant_h):
    client.force_login(consultant_h)
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get("/no-such-page/").content.decode()
    assert "Page not found" in html and "Go to the home page" in html and 'lang="en"' in html


@pytest.fixture
def failing_client(settings, db):
    settings.ROOT_URLCONF = __name__
    client = Client(raise_request_exception=False)
    return client


def test_server_error_gets_the_danish_500_page_without_details(failing_client, consultant_h):
    failing_client.force_login(consultant_h)
    response = failing_client.get("/boom/")
    assert response.status_code == 500
    html = response.content.decode()
    assert 'class="site-header"' in html and "Der skete en fejl" in html and 'href="/"' in html
    assert PERSONAL not in html and "RuntimeError" not in html and "Traceback" not in html
    assert consultant_h.username not in html


def test_500_page_falls_back_to_plain_danish_when_its_template_fails(failing_client, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("template storage down")

    monkeypatch.setattr(config.urls.loader, "render_to_string", broken)
    response = failing_client.get("/boom/")
    assert response.status_code == 500
    assert "Der skete en fejl" in response.content.decode() and "storage" not in response.content.decode()


def test_csrf_failure_gets_the_danish_page(db):
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("accounts:login"), {"username": "x", "password": "y"})
    assert response.status_code == 403
    html = response.content.decode()
    assert_in_layout(html)
    assert "Formularen er udløbet" in html and "CSRF verification failed" not in html


def test_lock_out_after_failed_logins_is_a_danish_page(client, consultant_h, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("accounts:login"), {"username": consultant_h.username, "password": "wrong"})
    response = client.post(reverse("accounts:login"), {"username": consultant_h.username, "password": "wrong"})
    assert response.status_code == 429
    html = response.content.decode()
    assert_in_layout(html)
    assert "For mange mislykkede loginforsøg" in html and "Account locked" not in html
