import re

import pytest
from playwright.sync_api import expect

from referrals.models import Participant

pytestmark = pytest.mark.browser


def test_social_worker_refers_consultant_accepts_and_the_participant_waits(page, login, personas):
    login(personas["social_worker_h"].username)
    page.get_by_role("link", name="Henvisninger", exact=True).click()
    page.get_by_role("link", name="Ny henvisning").click()
    page.get_by_label("Fornavn").fill("Laila")
    page.get_by_label("Efternavn").fill("Hosseini")
    page.get_by_label("Telefon").fill("20 30 40 50")
    page.get_by_label("Postnummer").fill("2200")
    page.get_by_label(re.compile(r"^Køn")).select_option(label="Kvinde")
    page.get_by_label("Fødselsår").fill("1981")
    page.get_by_label("Fødeland").select_option("AF")
    page.get_by_label(re.compile(r"^Modersmål")).select_option("prs")
    page.get_by_label("Danskniveau").select_option("some")
    page.get_by_label("Socialt samvær").check()
    page.get_by_label("Hvorfor henvises personen nu?").fill("Afslutter behandling og er meget alene.")
    page.get_by_label("Personen er motiveret").check()
    page.get_by_label("Personen har givet samtykke").check()
    page.get_by_role("button", name="Send henvisning").click()
    expect(page.locator(".message")).to_contain_text("Henvisningen er registreret")
    reference = Participant.objects.get().reference
    page.get_by_role("button", name="Log ud").click()

    login(personas["consultant_h"].username)
    page.get_by_role("link", name="Henvisninger", exact=True).click()
    page.get_by_role("link", name=reference).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Laila Hosseini")
    page.get_by_role("button", name="Visitér", exact=True).click()
    expect(page.locator(".message")).to_contain_text("Visiteret til ventelisten")

    page.get_by_role("link", name="Venteliste", exact=True).click()
    expect(page).to_have_url(re.compile(r"/referrals/waiting/"))
    row = page.get_by_role("row").filter(has_text="Laila Hosseini")
    expect(row).to_contain_text(reference)
    expect(row).to_contain_text("dari")


def test_long_pickers_narrow_as_you_type_and_keep_the_choice(page, login, personas):
    login(personas["social_worker_h"].username)
    page.goto("/referrals/new/")
    country = page.locator("#id_birth_country")
    search = country.locator("xpath=preceding-sibling::input[@type='search'][1]")
    expect(search).to_have_attribute("placeholder", "Skriv for at finde i listen")
    assert country.locator("optgroup").first.get_attribute("label") == "Mest almindelige"
    search.fill("afgh")
    assert country.locator("option").all_inner_texts()[1:] == ["Afghanistan"]
    country.select_option("AF")
    search.fill("")
    assert country.locator("option").count() > 200 and country.input_value() == "AF"
