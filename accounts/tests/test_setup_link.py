"""Issue 16: a password someone else knows never sets up the second factor. New accounts and reset
accounts get a one-time set-up link (hashed, expiring, single use) instead of a usable password."""

import datetime as dt
from io import StringIO

import pytest
import time_machine
from django.contrib.auth import SESSION_KEY
from django.core import mail
from django.core.management import CommandError, call_command
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import services
from accounts.models import SetupLink, User
from accounts.tests import test_admin
from accounts.tests.test_admin import _account_data, _admin_url
from accounts.tests.test_two_factor import PASSWORD, code_for, password_login, with_device
from audit.models import Action, AuditEvent
from lib.tokens import hash_token

leader_client = test_admin.leader_client
ctx = test_admin.ctx
NEW_PASSWORD = "a-fresh-long-passphrase-77"


def _token(url: str) -> str:
    return url.rstrip("/").rsplit("/", 1)[1]


def _set_up(client, token: str, *, password=NEW_PASSWORD, code=None):
    url = reverse("accounts:setup", kwargs={"setup_token": token})
    page = client.get(url)
    assert page.status_code == 200
    device = TOTPDevice.objects.get(user__setup_links__token_hash=hash_token(token), confirmed=False)
    data = {"new_password1": password, "new_password2": password, "token": code or code_for(device)}
    return client.post(url, data)


def test_a_new_account_gets_a_set_up_link_not_a_password(leader_client, leader, ctx):
    data = _account_data("ny.konsulent", {"role": "consultant", "regions": "hovedstaden"}, ctx)
    response = leader_client.post(_admin_url("accounts.user", "add"), data)
    assert response.status_code == 200
    user = User.objects.get(username="ny.konsulent")
    assert not user.has_usable_password()
    url = next(link["url"] for link in response.context["links"])
    assert url in response.content.decode()
    stored = SetupLink.objects.get(user=user)
    assert stored.token_hash == hash_token(_token(url)) and _token(url) not in stored.token_hash
    assert AuditEvent.objects.filter(actor=leader, target_id=str(user.pk), detail="set-up link").exists()


def test_the_link_sets_a_password_and_the_authenticator_once(client, consultant_h, settings):
    settings.REQUIRE_2FA = True
    url, _emailed = services.setup_link_issue(actor=None, user=consultant_h)
    response = _set_up(client, _token(url))
    assert response.status_code == 200 and len(response.context["backup_codes"]) == 10
    consultant_h.refresh_from_db()
    assert consultant_h.check_password(NEW_PASSWORD) and consultant_h.two_factor_enabled
    assert SetupLink.objects.get(user=consultant_h).used_at is not None
    # Single use: the link is spent, and never shows a QR code again.
    again = client.get(reverse("accounts:setup", kwargs={"setup_token": _token(url)}))
    assert again.status_code == 410 and "qr-code" not in again.content.decode()
    # The account now logs in with the new password and a code.
    client.post(reverse("accounts:login"), {"username": consultant_h.username, "password": NEW_PASSWORD})
    assert client.get(reverse("accounts:home"))["Location"].startswith(reverse("accounts:verify"))


def test_a_wrong_code_keeps_the_link_and_sets_no_password(client, consultant_h):
    url, _emailed = services.setup_link_issue(actor=None, user=consultant_h)
    response = _set_up(client, _token(url), code="000000")
    assert response.status_code == 400
    consultant_h.refresh_from_db()
    assert not consultant_h.has_usable_password() and not consultant_h.two_factor_enabled
    assert SetupLink.objects.open().filter(user=consultant_h).exists()


def test_the_link_expires(client, consultant_h):
    url, _emailed = services.setup_link_issue(actor=None, user=consultant_h)
    with time_machine.travel(dt.datetime.now(dt.UTC) + dt.timedelta(days=4)):
        response = client.get(reverse("accounts:setup", kwargs={"setup_token": _token(url)}))
    assert response.status_code == 410


def test_an_unknown_link_is_404(client, db):
    assert client.get(reverse("accounts:setup", kwargs={"setup_token": "nope"})).status_code == 404


def test_a_new_link_replaces_the_old_one(client, consultant_h):
    first, _emailed = services.setup_link_issue(actor=None, user=consultant_h)
    services.setup_link_issue(actor=None, user=consultant_h)
    assert client.get(reverse("accounts:setup", kwargs={"setup_token": _token(first)})).status_code == 410


def test_the_link_is_emailed_without_personal_data_in_the_subject(
    consultant_h, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_ENABLED = True
    consultant_h.email = "k@example.org"
    consultant_h.save()
    with django_capture_on_commit_callbacks(execute=True):
        url, emailed = services.setup_link_issue(actor=None, user=consultant_h)
    assert emailed and len(mail.outbox) == 1
    assert url in mail.outbox[0].body and consultant_h.username not in mail.outbox[0].subject


def test_the_leaders_reset_gives_a_new_link_and_the_old_password_and_device_stop_working(
    leader_client, leader, consultant_h
):
    with_device(consultant_h)
    response = leader_client.post(
        _admin_url("accounts.user", "changelist"),
        {"action": "reset_two_factor", "_selected_action": [consultant_h.pk, leader.pk]},
    )
    assert response.status_code == 200
    assert [link["user"] for link in response.context["links"]] == [consultant_h]
    consultant_h.refresh_from_db()
    assert not consultant_h.has_usable_password() and not consultant_h.two_factor_enabled
    assert not TOTPDevice.objects.filter(user=consultant_h).exists()
    assert TOTPDevice.objects.filter(user=leader, confirmed=True).exists()  # a leader's are the operator's
    assert SetupLink.objects.open().filter(user=consultant_h).count() == 1
    fresh = type(leader_client)()
    assert fresh.post(reverse("accounts:login"), {"username": "konsulent.h", "password": PASSWORD}).status_code == 200
    events = AuditEvent.objects.filter(actor=leader, target_id=str(consultant_h.pk)).values_list("detail", flat=True)
    assert {"two-factor login removed", "set-up link"} <= set(events)


def test_the_leader_no_longer_sets_passwords_or_deletes_devices(leader_client, consultant_h):
    device = with_device(consultant_h)
    url = reverse("admin:auth_user_password_change", args=[consultant_h.pk])
    assert leader_client.post(url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD}).status_code == 403
    delete = reverse("admin:otp_totp_totpdevice_delete", args=[device.pk])
    assert leader_client.post(delete, {"post": "yes"}).status_code == 403
    assert TOTPDevice.objects.filter(pk=device.pk).exists()


def test_a_password_alone_does_not_set_up_the_second_factor_when_it_is_required(client, consultant_h, settings):
    settings.REQUIRE_2FA = True
    password_login(client, consultant_h)
    response = client.get(reverse("accounts:two_factor"))
    assert response.status_code == 403 and "qr-code" not in response.content.decode()
    assert client.post(reverse("accounts:two_factor"), {"token": "123456"}).status_code == 403
    assert not TOTPDevice.objects.filter(user=consultant_h).exists()


def test_the_operator_prints_a_link_for_the_first_leader(leader, client):
    out = StringIO()
    call_command("setup_link", leader.username, stdout=out)
    token = _token(out.getvalue().strip())
    assert _set_up(client, token).status_code == 200
    leader.refresh_from_db()
    assert leader.two_factor_enabled and SESSION_KEY not in client.session


def test_demo_data_refuses_a_production_configuration(settings):
    for debug, require in ((False, False), (True, True), (False, True)):
        settings.DEBUG, settings.REQUIRE_2FA = debug, require
        with pytest.raises(CommandError, match="development configuration"):
            call_command("demo_data", "--participants", "1", "--volunteers", "1")
    with pytest.raises(CommandError):
        call_command("demo_data", "--allow-production")


def test_the_set_up_is_audited_on_the_account(client, consultant_h):
    url, _emailed = services.setup_link_issue(actor=None, user=consultant_h)
    _set_up(client, _token(url))
    assert AuditEvent.objects.filter(
        action=Action.CHANGE, actor=consultant_h, detail="account set up with a set-up link"
    ).exists()
