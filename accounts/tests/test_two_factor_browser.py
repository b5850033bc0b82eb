import pytest
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_a_consultant_sets_up_two_factor_login_with_the_qr_code_under_the_strict_csp(page, consultant_h, settings):
    settings.REQUIRE_2FA = True
    errors = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.goto("/login/")
    page.get_by_label("Brugernavn").fill(consultant_h.username)
    page.get_by_label("Adgangskode").fill("test-password-123")
    page.get_by_role("button", name="Log ind").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Totrinslogin")
    qr = page.get_by_role("img", name="QR-kode til opsætning af godkendelsesappen")
    expect(qr).to_be_visible()
    assert qr.evaluate("image => image.naturalWidth") > 0, "the data: image must load under the CSP"
    device = TOTPDevice.objects.get(user=consultant_h)
    code = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift).token()
    page.get_by_label("Kode").fill(f"{code:06d}")
    page.get_by_role("button", name="Slå totrinslogin til").click()

    expect(page.locator(".backup-codes li")).to_have_count(10)
    page.get_by_role("link", name="Jeg har noteret koderne – fortsæt").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Godt at se dig")
    assert not [error for error in errors if "Content Security Policy" in error]
