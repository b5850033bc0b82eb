import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from volunteers.models import Volunteer, VolunteerStatus

pytestmark = pytest.mark.browser


def test_applicant_applies_and_the_consultant_screens_and_approves(page, login, personas):
    # The applicant, not logged in, on a phone-sized screen.
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/volunteers/apply/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Bliv frivillig")
    page.get_by_label("Fornavn").fill("Maja")
    page.get_by_label("Efternavn").fill("Holm")
    page.get_by_label("E-mail").fill("maja@example.org")
    page.get_by_label("Telefon").fill("+45 20 30 40 50")
    page.get_by_label("Postnummer").fill("2200")
    page.get_by_role("radio", name="Kvinde").check()
    page.get_by_label("Fødselsår").fill("1985")
    page.get_by_role("radio", name="Nej").check()
    page.get_by_role("checkbox", name="Madlavning").check()
    page.get_by_label("Hvorfor vil du gerne være frivillig?").fill("Jeg vil gerne gøre en forskel.")
    page.get_by_label(re.compile("Jeg giver samtykke")).check()
    page.get_by_role("button", name="Send ansøgning").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Tak for din ansøgning")

    # The consultant finds the applicant on the region's board, books and records the screening.
    page.set_viewport_size({"width": 1280, "height": 900})
    login(personas["consultant_h"].username)
    page.get_by_role("link", name="Frivillige", exact=True).click()
    page.get_by_role("link", name="Maja Holm").click()
    page.get_by_role("link", name="Aftal screeningsmøde").click()
    meeting = timezone.localdate() + timedelta(days=10)
    page.get_by_label("Mødetidspunkt").fill(f"{meeting.isoformat()}T10:00")
    page.get_by_label("Sted").fill("Kontoret")
    page.get_by_role("button", name="Gem").click()
    expect(page.get_by_role("status")).to_contain_text("Screeningsmødet er aftalt.")
    page.get_by_role("link", name="Registrér screeningen").click()
    page.get_by_label("Hvordan de har det med at høre svære historier").fill("Er afklaret med det.")
    page.get_by_label("Projektkonsulentens vurdering").fill("Rolig, nysgerrig og tålmodig.")
    page.get_by_role("button", name="Gem screeningen").click()
    expect(page.get_by_role("status")).to_contain_text("Screeningen er registreret.")

    # After sleeping on it, the candidate says yes: approved and available for matching.
    page.get_by_role("link", name="Afgørelse").click()
    page.get_by_role("radio", name="Godkendt, ledig").check()
    page.get_by_role("button", name="Gem").click()
    expect(page.get_by_role("status")).to_contain_text("Afgørelsen er gemt.")
    expect(page.locator(".lead .badge")).to_have_text("Godkendt, ledig")
    volunteer = Volunteer.objects.get(email="maja@example.org")
    assert volunteer.status == VolunteerStatus.APPROVED
    assert Volunteer.objects.available().filter(pk=volunteer.pk).exists()
    assert volunteer.screening.assessment == "Rolig, nysgerrig og tålmodig."


def test_a_long_column_on_a_phone_links_to_everyone_in_the_list(page, login, personas, hovedstaden):
    from factories import VolunteerFactory
    from volunteers.selectors import BOARD_CARDS

    for number in range(BOARD_CARDS + 3):
        VolunteerFactory(region=hovedstaden, last_name=f"Holm-Andersen {number}")
    page.set_viewport_size({"width": 390, "height": 844})
    login(personas["consultant_h"].username)
    page.goto("/volunteers/")
    column = page.locator("section", has=page.get_by_role("heading", name=re.compile("^Har søgt")))
    expect(column.locator(".board__card")).to_have_count(BOARD_CARDS)
    more = column.get_by_role("link", name=f"Vis alle {BOARD_CARDS + 3} i listen")
    box = more.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 390
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    more.click()
    expect(page.get_by_role("status")).to_have_text(f"{BOARD_CARDS + 3} frivillige")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
