"""On a phone (390×844): a volunteer logs in with the link e-mailed (printed) to them, sees their
match, claims an expense with a receipt photo; the consultant approves it; the remaining allowance
changes on both sides."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from expenses.models import Allowance
from factories import PNG_BYTES, active_match_for

pytestmark = pytest.mark.browser


def _volunteer_login(page, email):
    page.context.clear_cookies()
    page.goto("/portal/login/")
    page.get_by_label("Din e-mailadresse").fill(email)
    page.get_by_role("button", name="Send mig et loginlink").click()
    expect(page.get_by_role("heading", name="Tjek din e-mail")).to_be_visible()
    path = re.search(r"https?://[^/\s]+(/portal/login/[^/\s]+/)", mail.outbox[-1].body).group(1)
    page.goto(path)
    page.get_by_role("button", name="Log ind").click()
    page.wait_for_url("**/portal/")


def _no_sideways_scroll(page):
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_volunteer_claims_an_expense_and_the_consultant_approves_it(page, login, volunteer_user, consultant_h):
    today = timezone.localdate()
    match = active_match_for(
        volunteer_user.volunteer, consultant=consultant_h, started_on=today - timedelta(days=60), six_month_on=None
    )
    match.participant.first_name, match.participant.birth_country = "Amina", "SY"
    match.participant.save(update_fields=["first_name", "birth_country"])
    Allowance.objects.create(region=None, year=today.year, amount=1000)
    page.set_viewport_size({"width": 390, "height": 844})

    _volunteer_login(page, "frivillig@example.org")
    expect(page.get_by_role("heading", name="Dit match med Amina")).to_be_visible()
    expect(page.get_by_test_id("remaining")).to_have_text("1.000,00 kr.")
    assert "Syrien" not in page.content()
    _no_sideways_scroll(page)

    page.goto("/portal/expenses/new/")
    page.get_by_label("Dato").fill(today.isoformat())
    page.get_by_label("Beløb (kr.)").fill("150")
    page.get_by_label("Kategori").select_option("cafe")
    page.get_by_label("Kvittering").set_input_files(
        {"name": "kvittering.png", "mimeType": "image/png", "buffer": PNG_BYTES}
    )
    _no_sideways_scroll(page)
    page.get_by_role("button", name="Send udlægget").click()
    expect(page.get_by_text("Din konsulent ser på udlægget")).to_be_visible()

    login(consultant_h.username)
    page.goto(f"/matches/{match.pk}/")
    panel = page.locator("#expenses")
    expect(panel.get_by_test_id("remaining")).to_have_text("1.000,00 kr.")
    panel.get_by_role("link", name=re.compile("^Godkend")).click()
    page.get_by_role("button", name="Godkend udlægget").click()
    expect(page.locator("#expenses").get_by_test_id("remaining")).to_have_text("850,00 kr.")

    _volunteer_login(page, "frivillig@example.org")
    expect(page.get_by_test_id("remaining")).to_have_text("850,00 kr.")


def test_portal_pages_have_no_serious_accessibility_violations_and_fit_a_phone(page, volunteer_user, consultant_h):
    from accounts.tests.test_accessibility import audit_errors, audit_page
    from events.models import Attendance, Event, Invitation, SignUp
    from support.models import ReferralPlace

    today = timezone.localdate()
    volunteer = volunteer_user.volunteer
    coming = Event.objects.create(
        title="Erfaringsudveksling om grænser", held_on=today + timedelta(days=7), place="Frivilligcentret, Nørrebro"
    )
    Invitation.objects.create(event=coming, volunteer=volunteer)
    SignUp.objects.create(event=coming, volunteer=volunteer, waiting_position=1)
    held = Event.objects.create(title="Introduktionskursus", held_on=today - timedelta(days=7))
    Attendance.objects.create(event=held, volunteer=volunteer)
    active_match_for(volunteer_user.volunteer, consultant=consultant_h, started_on=today - timedelta(days=60))
    ReferralPlace.objects.create(name="Borgerservice", description="Hjælp til breve", contact="https://example.org")
    page.set_viewport_size({"width": 390, "height": 844})
    found = audit_page(page, "/portal/login/")
    _volunteer_login(page, "frivillig@example.org")
    for path in [
        "/portal/",
        "/portal/expenses/",
        "/portal/expenses/new/",
        "/portal/talk/",
        "/portal/help/",
        "/portal/me/",
        "/portal/events/",
        f"/portal/events/{held.pk}/feedback/",
    ]:
        found += audit_page(page, path)
        _no_sideways_scroll(page)
    found += audit_errors(page, "/portal/expenses/new/", "Send udlægget")
    found += audit_errors(page, "/portal/talk/", "Bed om at blive ringet op")
    found += audit_errors(page, f"/portal/events/{held.pk}/feedback/", "Send tilbagemelding")
    assert found == []
