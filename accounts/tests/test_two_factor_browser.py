import re
from urllib.parse import urlsplit

import pytest
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from accounts.services import setup_link_issue

pytestmark = pytest.mark.browser

NEW_PASSWORD = "a-fresh-long-passphrase-77"


def test_a_consultant_sets_up_the_account_with_the_qr_code_under_the_strict_csp(page, consultant_h, settings):
    """The set-up link: a password of their own, the QR code, a code; then a login with both."""
    settings.REQUIRE_2FA = True
    url, _emailed = setup_link_issue(actor=None, user=consultant_h)
    errors = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.goto(urlsplit(url).path)

    expect(page.get_by_role("heading", level=1)).to_have_text("Opsæt din konto")
    qr = page.get_by_role("img", name="QR-kode til opsætning af godkendelsesappen")
    expect(qr).to_be_visible()
    assert qr.evaluate("image => image.naturalWidth") > 0, "the data: image must load under the CSP"
    page.get_by_label(re.compile(r"^Ny adgangskode")).fill(NEW_PASSWORD)
    page.get_by_label("Bekræftelse af ny adgangskode").fill(NEW_PASSWORD)
    device = TOTPDevice.objects.get(user=consultant_h)
    code = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift).token()
    page.get_by_label("Kode fra godkendelsesappen").fill(f"{code:06d}")
    page.get_by_role("button", name="Opsæt min konto").click()

    codes = page.locator(".backup-codes li")
    expect(codes).to_have_count(10)
    backup = codes.first.inner_text().strip()
    page.get_by_role("link", name="Jeg har noteret koderne – fortsæt").click()
    page.get_by_label("Brugernavn").fill(consultant_h.username)
    page.get_by_label("Adgangskode").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Log ind").click()
    page.get_by_label("Kode").fill(backup)
    page.get_by_role("button", name="Fortsæt").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Godt at se dig")
    assert not [error for error in errors if "Content Security Policy" in error]
