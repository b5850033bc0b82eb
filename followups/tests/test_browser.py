"""The consultant's daily path in Chromium: schedule and hold the match meeting, see the plan,
record the day-after follow-up and watch it leave the today page."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import expect

from matches.tests.factories import proposed_match

pytestmark = pytest.mark.browser

CPH = ZoneInfo("Europe/Copenhagen")


def test_schedule_hold_and_follow_up_the_day_after(page, login, personas, time_machine):
    consultant = personas["consultant_h"]
    time_machine.move_to(datetime(2024, 3, 12, 8, 0, tzinfo=CPH), tick=True)
    match = proposed_match(by=consultant, on=date(2024, 3, 1), referred_by=personas["social_worker_h"])
    login(consultant.username)

    page.goto(f"/matches/{match.pk}/")
    page.get_by_role("link", name="Aftal matchmøde").click()
    page.get_by_label("Dato og tidspunkt").fill("2024-03-12T10:00")
    page.get_by_role("radio", name="Organisationens kontor").check()
    page.get_by_label("Adresse").fill("Borgergade 10, 1300 København K")
    page.get_by_role("button", name="Gem matchmødet").click()
    expect(page.get_by_text("Matchmødet er aftalt.")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Matchmøde aftalt")

    # After the meeting (a new login: sessions end after 45 idle minutes).
    time_machine.move_to(datetime(2024, 3, 12, 11, 30, tzinfo=CPH), tick=True)
    login(consultant.username)
    page.goto(f"/matches/{match.pk}/")
    page.get_by_role("link", name="Hold matchmødet").click()
    for checkbox in page.locator("fieldset.checklist input[type=checkbox]").all():
        checkbox.check()
    page.get_by_role("checkbox", name="Sprogtræning (dansk)").check()
    page.get_by_role("button", name="Matchmødet er holdt").click()
    expect(page.get_by_text("Matchmødet er holdt, og matchet er startet.")).to_be_visible()
    plan = page.get_by_role("table", name="Opfølgningsplan")
    expect(plan.get_by_role("row").nth(1)).to_contain_text("Dagen efter matchmødet")
    expect(plan).to_contain_text("13. marts 2024")

    # The next morning (a new login: the session of yesterday has expired).
    time_machine.move_to(datetime(2024, 3, 13, 9, 0, tzinfo=CPH), tick=True)
    login(consultant.username)
    page.goto("/followups/today/")
    due = page.locator("#due-followups")
    expect(due).to_contain_text(match.reference)
    due.get_by_role("link", name=f"Registrér {match.reference}").click()
    page.get_by_role("radio", name="Telefon").check()
    page.get_by_label("Hvor ofte de ses").select_option("weekly")
    page.get_by_label("Noter").fill("God første gang.")
    page.get_by_role("button", name="Gem opfølgningen").click()

    expect(page.get_by_text("Opfølgningen er registreret.")).to_be_visible()
    expect(page.get_by_text("Intet forfaldent. Godt gået.")).to_be_visible()
    expect(page.locator("#due-followups")).to_have_count(0)
    # The other panels load into the page by themselves, each in place of its heading.
    expect(page.get_by_role("heading", name="Tid til at sige tak")).to_be_visible()
    expect(page.get_by_text("Ingen mærkedage i denne uge.")).to_be_visible()
    expect(page.locator("[aria-busy=true]")).to_have_count(0)
