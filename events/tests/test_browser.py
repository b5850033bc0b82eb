"""A consultant in Chromium: creates an experience-exchange meeting, invites by criteria, records
attendance for 15 volunteers on one page (a phone), and the dashboard's figure changes."""

import re
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import expect

from reports.tests.factories import history_match

pytestmark = pytest.mark.browser
CPH = ZoneInfo("Europe/Copenhagen")


def reach(page) -> str:
    page.goto("/reports/")
    page.get_by_label(re.compile(r"^Fra\b")).fill("2024-01-01")
    page.get_by_label(re.compile(r"^Til\b")).fill("2024-06-30")
    page.get_by_label(re.compile(r"^Tal pr\.")).fill("2024-06-30")
    page.get_by_role("button", name="Vis").click()
    page.wait_for_url("**date_from=2024-01-01**")
    row = page.locator('table[data-table="event_reach"] tr').filter(has_text="Deltog i et arrangement")
    return row.locator("td").first.inner_text()


def test_consultant_runs_an_experience_exchange_meeting(page, login, personas, time_machine):
    consultant = personas["consultant_h"]
    time_machine.move_to(datetime(2024, 6, 20, 9, 0, tzinfo=CPH), tick=True)
    for index in range(15):
        history_match(started=date(2024, 1, 1 + index), region_slug="hovedstaden")
    history_match(started=date(2024, 2, 1), region_slug="syddanmark")  # another region: not invited
    login(consultant.username)
    assert reach(page) == "0"

    page.goto("/events/")
    page.get_by_role("link", name="Nyt arrangement").click()
    page.get_by_label("Type").select_option("exchange")
    page.get_by_label("Titel").fill("Erfaringsudvekslingsmøde")
    page.get_by_label("Emne").fill("At lytte til svære historier")
    page.get_by_label("Dato").fill("2024-06-20")
    page.get_by_label("Begynder").fill("17:00")
    page.get_by_label("Slutter").fill("19:00")
    page.get_by_label("Sted", exact=True).fill("Foreningens lokaler")
    page.get_by_label("Pladser").fill("16")
    page.get_by_role("button", name="Gem arrangementet").click()
    expect(page.get_by_text("Arrangementet er oprettet.")).to_be_visible()

    page.get_by_role("link", name="Invitér frivillige").click()
    page.get_by_role("checkbox", name="Godkendt og venter stadig på et match").uncheck()
    page.get_by_role("button", name="Vis, hvem der får en").click()
    expect(page.get_by_role("heading", name="15 frivillige får en invitation")).to_be_visible()
    page.get_by_role("button", name="Send invitationerne").click()
    expect(page.get_by_text("15 frivillige er inviteret")).to_be_visible()

    page.set_viewport_size({"width": 390, "height": 844})
    page.get_by_role("link", name="Registrér, hvem der kom").click()
    ticks = page.locator(".tick-list input[type=checkbox]")
    expect(ticks).to_have_count(15)
    for index in range(15):
        ticks.nth(index).check()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.get_by_role("button", name="Gem deltagelse").click()
    expect(page.get_by_text("Deltagelsen er gemt: 15 tilføjet, 0 fjernet.")).to_be_visible()

    page.set_viewport_size({"width": 1280, "height": 900})
    assert reach(page) == "15"
