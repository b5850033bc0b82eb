import pytest
from django.urls import reverse


def test_login_page_is_danish_by_default(client, db):
    response = client.get(reverse("accounts:login"))
    assert response.status_code == 200
    assert 'lang="da"' in response.content.decode()
    assert "Log ind" in response.content.decode()


def test_login_and_logout(client, consultant_h):
    response = client.post(reverse("accounts:login"), {"username": "konsulent.h", "password": "test-password-123"})
    assert response.status_code == 302 and response["Location"] == reverse("accounts:home")
    assert client.get(reverse("accounts:home")).status_code == 200
    client.post(reverse("accounts:logout"))
    assert client.get(reverse("accounts:home")).status_code == 302


def test_wrong_password_is_refused_and_repeated_failures_lock(client, consultant_h, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        response = client.post(reverse("accounts:login"), {"username": "konsulent.h", "password": "wrong"})
    assert client.get(reverse("accounts:home")).status_code == 302
    response = client.post(reverse("accounts:login"), {"username": "konsulent.h", "password": "test-password-123"})
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_logout_needs_post(client, consultant_h):
    client.force_login(consultant_h)
    assert client.get(reverse("accounts:logout")).status_code == 405


@pytest.mark.parametrize("language,text", [("en", "Log in"), ("da", "Log ind")])
def test_language_switch(client, db, language, text):
    client.post(reverse("set_language"), {"language": language, "next": "/login/"})
    assert text in client.get(reverse("accounts:login")).content.decode()


def test_pages_send_a_strict_content_security_policy(client, db):
    response = client.get(reverse("accounts:login"))
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy


def test_home_shows_counts_for_the_consultants_region_only(client, consultant_h, syddanmark):
    from factories import ParticipantFactory

    ParticipantFactory(waiting=True)
    ParticipantFactory(waiting=True, region=syddanmark)
    client.force_login(consultant_h)
    response = client.get(reverse("accounts:home"))
    waiting = next(card for card in response.context["cards"] if card["label"] == "På ventelisten")
    assert waiting["value"] == 1


def test_forged_forwarded_addresses_do_not_dodge_the_lockout_when_no_proxy_is_trusted(client, consultant_h, settings):
    settings.TRUSTED_PROXY_COUNT = 0
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        client.post(
            reverse("accounts:login"),
            {"username": "konsulent.h", "password": "wrong"},
            HTTP_X_FORWARDED_FOR=f"198.51.100.{attempt}",
        )
    response = client.post(
        reverse("accounts:login"),
        {"username": "konsulent.h", "password": "test-password-123"},
        HTTP_X_FORWARDED_FOR="198.51.100.99",
    )
    assert response.status_code == 429


def test_an_account_is_locked_after_failures_from_many_addresses(client, consultant_h, settings):
    settings.TRUSTED_PROXY_COUNT = 0
    settings.ACCOUNT_FAILURE_LIMIT = 2 * settings.AXES_FAILURE_LIMIT
    for attempt in range(settings.ACCOUNT_FAILURE_LIMIT):
        # Under the per-address limit at each address, over the account's limit in all.
        client.post(
            reverse("accounts:login"),
            {"username": "konsulent.h", "password": "wrong"},
            REMOTE_ADDR=f"198.51.100.{attempt // 2}",
        )
    response = client.post(
        reverse("accounts:login"),
        {"username": "konsulent.h", "password": "test-password-123"},
        REMOTE_ADDR="203.0.113.50",
    )
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_pages_with_personal_data_are_never_stored(client, consultant_h):
    client.force_login(consultant_h)
    response = client.get(reverse("accounts:home"))
    assert "no-store" in response["Cache-Control"]


def test_the_language_cookie_is_samesite_and_http_only(client, db):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/login/"})
    cookie = response.cookies["django_language"]
    assert cookie["samesite"] == "Lax" and cookie["httponly"]
