"""Two-factor login: set-up, the code step after the password, backup codes, throttling, admin."""

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import services
from audit.models import Action, AuditEvent

START = dt.datetime(2026, 3, 2, 9, 0, 0, tzinfo=dt.UTC)
PASSWORD = "test-password-123"


@pytest.fixture
def clock():
    with time_machine.travel(START, tick=False) as traveller:
        yield traveller


def code_for(device, offset: int = 0) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time += offset
    return f"{totp.token():06d}"


def wrong_code_for(device) -> str:
    valid = {code_for(device, offset) for offset in (-30, 0, 30)}
    return next(code for code in ("123456", "654321", "111111") if code not in valid)


def with_device(user, backup_codes=("abcd2345", "efgh6789")):
    device = TOTPDevice.objects.create(user=user, name="app", confirmed=True)
    backup = StaticDevice.objects.create(user=user, name="backup", confirmed=True)
    for token in backup_codes:
        backup.token_set.create(token=token)
    type(user).objects.filter(pk=user.pk).update(two_factor_enabled=True)
    return device


def password_login(client, user):
    response = client.post(reverse("accounts:login"), {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302 and "_auth_user_id" in client.session
    return response


def test_setup_with_a_valid_code_activates_the_device_and_shows_backup_codes_once(
    client, consultant_h, settings, clock
):
    # Voluntary set-up (REQUIRE_2FA off); when it is required, the set-up link does it (test_setup_link.py).
    settings.REQUIRE_2FA = False
    password_login(client, consultant_h)
    page = client.get(reverse("accounts:two_factor"))
    assert page.status_code == 200
    html = page.content.decode()
    assert 'src="data:image/png;base64,' in html and page.context["secret"] in html
    assert "<script" not in html.split("</head>")[1] and "style=" not in html
    device = TOTPDevice.objects.get(user=consultant_h, confirmed=False)

    response = client.post(reverse("accounts:two_factor"), {"token": code_for(device), "next": "/"})

    assert response.status_code == 200
    codes = response.context["backup_codes"]
    assert len(codes) == 10 and all(code in response.content.decode() for code in codes)
    device.refresh_from_db()
    consultant_h.refresh_from_db()
    assert device.confirmed and consultant_h.two_factor_enabled
    assert StaticDevice.objects.get(user=consultant_h).token_set.count() == 10
    event = AuditEvent.objects.get(action=Action.CREATE, target_id=str(consultant_h.pk))
    assert event.detail == "two-factor login set up" and device.key not in event.detail
    assert client.get(reverse("accounts:home")).status_code == 200
    again = client.get(reverse("accounts:two_factor")).content.decode()
    assert "Totrinslogin er slået til" in again and not any(code in again for code in codes)


def test_a_wrong_code_at_setup_is_refused_and_activates_nothing(client, consultant_h, clock):
    password_login(client, consultant_h)
    client.get(reverse("accounts:two_factor"))
    device = TOTPDevice.objects.get(user=consultant_h)

    response = client.post(reverse("accounts:two_factor"), {"token": wrong_code_for(device)})

    assert response.status_code == 200
    assert "Koden er forkert eller udløbet" in response.content.decode()
    device.refresh_from_db()
    assert not device.confirmed and not StaticDevice.objects.filter(user=consultant_h).exists()
    assert not AuditEvent.objects.filter(target_id=str(consultant_h.pk)).exists()


def test_a_user_with_a_device_who_only_gave_the_password_cannot_open_any_role_page(client, leader, clock):
    device = with_device(leader)
    password_login(client, leader)
    pages = [reverse("accounts:home"), reverse("notifications:list"), reverse("audit:list")]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("accounts:verify")), url

    response = client.post(reverse("accounts:verify"), {"token": code_for(device), "next": reverse("audit:list")})

    assert response.status_code == 302 and response["Location"] == reverse("audit:list")
    for url in pages:
        assert client.get(url).status_code == 200, url


def test_a_wrong_code_is_refused_then_throttled_with_a_danish_message(client, consultant_h, clock):
    device = with_device(consultant_h)
    password_login(client, consultant_h)

    wrong = client.post(reverse("accounts:verify"), {"token": wrong_code_for(device)})
    assert "Koden er forkert eller udløbet" in wrong.content.decode()
    too_soon = client.post(reverse("accounts:verify"), {"token": code_for(device)})
    assert "For mange forkerte koder. Vent 1 sekund" in too_soon.content.decode()
    assert client.get(reverse("accounts:home")).status_code == 302

    clock.shift(2)
    assert client.post(reverse("accounts:verify"), {"token": code_for(device)}).status_code == 302
    assert client.get(reverse("accounts:home")).status_code == 200


def test_a_backup_code_works_once(client, consultant_h, clock):
    with_device(consultant_h)
    password_login(client, consultant_h)

    response = client.post(reverse("accounts:verify"), {"token": "ABCD 2345"}, follow=True)
    assert response.status_code == 200 and "Der er 1 reservekode tilbage" in response.content.decode()
    client.post(reverse("accounts:logout"))

    clock.shift(5)
    password_login(client, consultant_h)
    again = client.post(reverse("accounts:verify"), {"token": "abcd2345"})
    assert again.status_code == 200 and "Koden er forkert" in again.content.decode()
    assert client.get(reverse("accounts:home")).status_code == 302


def test_require_2fa_sends_a_user_without_a_device_to_setup(client, social_worker_h, settings):
    settings.REQUIRE_2FA = True
    password_login(client, social_worker_h)
    response = client.get(reverse("notifications:list"))
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:two_factor") + "?next=%2Fnotifications%2F"
    # Without the requirement, a user without a device goes on with the password only.
    settings.REQUIRE_2FA = False
    assert client.get(reverse("notifications:list")).status_code == 200


def test_public_pages_do_not_ask_for_a_code(client, consultant_h, settings):
    settings.REQUIRE_2FA = True
    password_login(client, consultant_h)
    assert client.get(reverse("healthz")).status_code == 200


def test_an_unverified_user_cannot_replace_their_device_on_the_setup_page(client, consultant_h, clock):
    device = with_device(consultant_h)
    password_login(client, consultant_h)
    response = client.get(reverse("accounts:two_factor"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:verify"))
    client.post(reverse("accounts:two_factor"), {"token": "123456"})
    assert list(TOTPDevice.objects.filter(user=consultant_h)) == [device]


def test_verify_ignores_a_next_address_on_another_site(client, consultant_h, clock):
    device = with_device(consultant_h)
    password_login(client, consultant_h)
    response = client.post(reverse("accounts:verify"), {"token": code_for(device), "next": "https://evil.example/"})
    assert response["Location"] == reverse("accounts:home")


def test_the_admin_also_demands_the_code(client, leader, clock):
    device = with_device(leader)
    password_login(client, leader)

    response = client.get("/admin/", follow=True)
    assert response.redirect_chain[-1][0].startswith(reverse("accounts:verify"))

    client.post(reverse("accounts:verify"), {"token": code_for(device), "next": "/admin/"})
    assert client.get("/admin/").status_code == 200


def test_the_admin_refuses_everyone_unverified_when_2fa_is_required(client, leader, settings):
    settings.REQUIRE_2FA = True
    password_login(client, leader)
    response = client.get("/admin/", follow=True)
    assert response.redirect_chain[-1][0].startswith(reverse("accounts:two_factor"))


def test_the_admin_does_not_show_device_secrets(client, leader, consultant_h, clock):
    leader_device = with_device(leader)
    device = with_device(consultant_h)
    password_login(client, leader)
    client.post(reverse("accounts:verify"), {"token": code_for(leader_device)})
    page = client.get(reverse("admin:otp_totp_totpdevice_change", args=[device.pk]))
    assert page.status_code == 200 and device.key not in page.content.decode()


def test_a_user_whose_device_vanished_is_not_stuck_on_the_code_page(client, consultant_h, clock):
    with_device(consultant_h)
    TOTPDevice.objects.filter(user=consultant_h).delete()  # e.g. removed outside the admin
    password_login(client, consultant_h)
    assert client.get(reverse("accounts:home"))["Location"].startswith(reverse("accounts:verify"))
    response = client.get(reverse("accounts:verify"))
    assert response.status_code == 302 and response["Location"] == reverse("accounts:home")
    assert client.get(reverse("accounts:home")).status_code == 200


# --- Self-service: a new phone, new backup codes ---


def verified_login(client, user):
    device = with_device(user)
    password_login(client, user)
    client.post(reverse("accounts:verify"), {"token": code_for(device)})
    return device


def refused(user, token: str) -> bool:
    try:
        services.two_factor_verify(user=user, token=token)
    except ValidationError:
        return True
    return False


def test_the_two_factor_page_offers_a_new_phone_and_new_backup_codes(client, consultant_h, clock):
    verified_login(client, consultant_h)
    html = client.get(reverse("accounts:two_factor")).content.decode()
    assert reverse("accounts:two_factor_replace") in html and reverse("accounts:backup_codes") in html
    assert "Du har 2 ubrugte reservekoder." in html


def test_replacing_the_authenticator_asks_for_a_current_code_then_the_new_app(client, consultant_h, settings, clock):
    settings.REQUIRE_2FA = True
    old = verified_login(client, consultant_h)
    url = reverse("accounts:two_factor_replace")

    page = client.get(url)
    assert page.context["step"] == 1 and "qr_code" not in page.context
    page = client.post(url, {"token": wrong_code_for(old)})
    assert page.context["step"] == 1 and page.context["form"].errors["token"]
    assert not TOTPDevice.objects.filter(user=consultant_h, confirmed=False).exists()

    clock.shift(30)
    assert client.post(url, {"token": code_for(old)})["Location"] == url
    page = client.get(url)
    assert page.context["step"] == 2 and page.context["qr_code"].startswith("data:image/png;base64,")
    new = TOTPDevice.objects.get(user=consultant_h, confirmed=False)
    assert refused(consultant_h, "000000") and TOTPDevice.objects.get(pk=old.pk).confirmed  # old app still works

    clock.shift(30)
    page = client.post(url, {"token": code_for(new)})
    assert page.status_code == 200 and len(page.context["backup_codes"]) == 10
    assert "no-store" in page["Cache-Control"]
    assert list(TOTPDevice.objects.filter(user=consultant_h, confirmed=True)) == [new]
    assert client.get(reverse("accounts:home")).status_code == 200  # the session stays verified

    clock.shift(30)
    assert refused(consultant_h, "abcd2345")  # the old backup codes
    clock.shift(30)
    assert refused(consultant_h, code_for(old))  # the old app
    clock.shift(30)
    assert not refused(consultant_h, code_for(new))
    clock.shift(30)
    assert not refused(consultant_h, page.context["backup_codes"][0])
    event = AuditEvent.objects.get(action=Action.CHANGE, target_id=str(consultant_h.pk))
    assert event.actor == consultant_h and event.detail == "authenticator replaced"


def test_a_lost_phone_is_replaced_with_a_backup_code(client, consultant_h, clock):
    verified_login(client, consultant_h)
    url = reverse("accounts:two_factor_replace")
    clock.shift(30)
    assert client.post(url, {"token": "abcd-2345"})["Location"] == url
    assert client.get(url).context["step"] == 2
    assert not StaticDevice.objects.get(user=consultant_h).token_set.filter(token="abcd2345").exists()


def test_the_new_qr_code_is_offered_for_ten_minutes_after_the_current_code(client, consultant_h, clock):
    old = verified_login(client, consultant_h)
    url = reverse("accounts:two_factor_replace")
    clock.shift(30)
    client.post(url, {"token": code_for(old)})
    clock.shift(dt.timedelta(minutes=11))
    assert client.get(url).context["step"] == 1


def test_renewing_backup_codes_shows_new_ones_once_and_the_old_stop_working(client, consultant_h, clock):
    device = verified_login(client, consultant_h)
    url = reverse("accounts:backup_codes")
    assert client.get(url).status_code == 200

    clock.shift(30)
    page = client.post(url, {"token": wrong_code_for(device)})
    assert page.context["form"].errors["token"] and "backup_codes" not in page.context
    assert StaticDevice.objects.get(user=consultant_h).token_set.count() == 2

    clock.shift(30)
    page = client.post(url, {"token": code_for(device)})
    codes = page.context["backup_codes"]
    assert len(codes) == 10 and page.context["renewed"] and "no-store" in page["Cache-Control"]
    assert "Dine gamle reservekoder virker ikke længere." in page.content.decode()
    assert refused(consultant_h, "abcd2345") and refused(consultant_h, "efgh6789")
    clock.shift(30)
    assert not refused(consultant_h, codes[0]) and refused(consultant_h, codes[0])  # each works once
    assert TOTPDevice.objects.filter(pk=device.pk, confirmed=True).exists()  # the app is kept
    event = AuditEvent.objects.get(action=Action.CHANGE, target_id=str(consultant_h.pk))
    assert event.actor == consultant_h and event.detail == "backup codes renewed"


def test_without_two_factor_the_self_service_pages_lead_to_the_set_up(client, consultant_h):
    client.force_login(consultant_h)
    for name in ("accounts:two_factor_replace", "accounts:backup_codes"):
        assert client.get(reverse(name))["Location"] == reverse("accounts:two_factor")
