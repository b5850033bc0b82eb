"""The pair fills in the star through the volunteer's link on a phone, in Danish with the
participant's Arabic beside it (right to left); the consultant then sees the radar."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import expect

from matches.tests.factories import active_match
from outcomes.services import link_issue, reading_record

pytestmark = pytest.mark.browser

CPH = ZoneInfo("Europe/Copenhagen")


def test_fill_the_star_through_the_link_on_a_phone_and_see_the_radar(page, login, personas, time_machine):
    consultant = personas["consultant_h"]
    time_machine.move_to(datetime(2024, 6, 10, 9, 0, tzinfo=CPH), tick=True)
    match = active_match(by=consultant, start=date(2024, 3, 5), first_name="Amina")
    reading_record(match=match, on=date(2024, 3, 10), filled_by="pair", scores={"danish": 3, "home": 4}, by=consultant)
    _link, secret, _emailed = link_issue(match=match, by=consultant)

    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"/outcomes/r/{secret}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Amina")
    danish = page.get_by_role("group", name="Dansk sprog")
    expect(danish.locator('[lang="ar"][dir="rtl"]').first).to_contain_text("اللغة الدانماركية")
    danish.get_by_role("radio", name="6", exact=True).check()
    page.get_by_role("group", name="At føle sig hjemme i Danmark").get_by_role("radio", name="7", exact=True).check()
    # Touch-friendly: each choice is at least 44 px high on a phone.
    box = danish.locator(".star-choice span").first.bounding_box()
    assert box["height"] >= 44
    page.get_by_role("button", name="Gem målingen").click()
    expect(page.get_by_role("heading", name="Tak")).to_be_visible()

    login(consultant.username)
    page.goto(f"/matches/{match.pk}/")
    star = page.locator("#star-panel")
    expect(star.locator("svg polygon.star-latest")).to_have_count(1)
    expect(star.locator("svg polygon.star-first")).to_have_count(1)
    table = star.get_by_role("table", name="Første og seneste måling")
    expect(table.get_by_role("row", name="Dansk sprog")).to_contain_text("+3")
