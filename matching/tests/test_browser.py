import pytest
from playwright.sync_api import expect

from factories import ParticipantFactory
from matches.models import Match

pytestmark = pytest.mark.browser


def test_consultant_proposes_a_suggested_volunteer_who_then_leaves_other_suggestions(
    page, login, personas, hovedstaden, waiting_h, anne
):
    other = ParticipantFactory(region=hovedstaden, waiting=True, postcode="2100", interests=["walks"])
    login(personas["consultant_h"].username)

    page.goto(f"/matching/participant/{waiting_h.pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Find en frivillig")
    card = page.locator(".candidate").filter(has_text="Anne Holm")
    expect(card).to_contain_text("Begge holder af gåture og natur")
    expect(card).to_contain_text("fra hinanden")
    card.get_by_role("link", name="Foreslå Anne Holm").click()

    expect(page.get_by_text("Bedste forslag")).to_be_visible()
    page.get_by_label("Hvorfor dette match").fill("Begge går gerne ture i Fælledparken.")
    page.get_by_role("button", name="Foreslå matchet").click()
    expect(page.locator(".message--success")).to_contain_text("Matchet er foreslået")
    assert Match.objects.filter(participant=waiting_h, volunteer=anne, status="proposed").exists()

    page.goto(f"/matching/participant/{other.pk}/")
    expect(page.get_by_role("heading", level=2, name="0 forslag")).to_be_visible()
    expect(page.locator(".candidate").filter(has_text="Anne Holm")).to_have_count(0)
