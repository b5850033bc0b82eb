"""The star as configuration: versioned, translated, edited by the project leader."""

import pytest
from django.urls import reverse

from matches.tests.factories import active_match
from outcomes.models import AreaText, Reading, StarVersion
from outcomes.services import current_version, reading_record, star_publish, translation_save

pytestmark = pytest.mark.django_db

CODES = ["danish", "network", "authorities", "everyday", "health", "work", "home", "confidence"]


def _areas(version, **changes):
    areas = []
    for area in version.areas.all():
        text = area.text("da")
        data = {"code": area.code, "name": text.name, "low": text.low, "middle": text.middle, "high": text.high}
        data.update(changes.get(area.code, {}))
        areas.append(data)
    return areas


def test_the_default_star_ships_with_the_contract_codes_in_danish_english_arabic_and_farsi():
    version = current_version()
    assert version.number == 1 and version.interval_months == 3
    assert [area.code for area in version.areas.all()] == CODES
    for area in version.areas.all():
        texts = {text.language: text for text in area.texts.all()}
        assert set(texts) == {"da", "en", "ar", "fa"}
        assert not texts["da"].needs_check and not texts["en"].needs_check
        assert texts["ar"].needs_check and texts["fa"].needs_check
        assert texts["ar"].direction == "rtl" and texts["da"].direction == "ltr"


def test_editing_the_star_publishes_a_new_version_and_past_readings_keep_theirs(consultant_h, leader):
    from datetime import date

    import time_machine

    match = active_match(by=consultant_h)
    with time_machine.travel(date(2024, 6, 1), tick=False):
        reading = reading_record(
            match=match, on=date(2024, 6, 1), filled_by="pair", scores={"danish": 4}, by=consultant_h
        )
    old = current_version()
    new = star_publish(
        by=leader,
        interval_months=2,
        areas=[
            *_areas(old, danish={"name": "Dansk"}),
            {"code": "family", "name": "Familie", "low": "a", "middle": "b", "high": "c"},
        ],
        note="Familie tilføjet",
    )
    assert new.number == 2 and StarVersion.objects.current() == new
    reading.refresh_from_db()
    assert reading.version == old
    assert old.areas.get(code="danish").text("da").name == "Dansk sprog"
    assert new.areas.get(code="danish").texts.get(language="da").name == "Dansk"
    assert [area.code for area in new.areas.all()] == [*CODES, "family"]
    # Translations carried over; the changed area's are to be checked again, English included.
    assert new.areas.get(code="danish").texts.get(language="en").needs_check
    assert not new.areas.get(code="network").texts.get(language="en").needs_check
    assert not new.areas.get(code="family").texts.exclude(language="da").exists()
    assert Reading.objects.filter(version=old).count() == 1


def test_translation_is_saved_in_place_and_confirmed_by_the_leader(leader):
    version = current_version()
    texts = {code: {"name": f"{code} ti", "low": "l", "middle": "m", "high": "h"} for code in CODES[:2]}
    translation_save(version=version, language="ti", texts=texts, checked=False, by=leader)
    assert AreaText.objects.filter(area__version=version, language="ti").count() == 2
    assert all(t.needs_check for t in AreaText.objects.filter(language="ti"))
    translation_save(version=version, language="ti", texts=texts, checked=True, by=leader)
    assert not any(t.needs_check for t in AreaText.objects.filter(language="ti"))
    assert StarVersion.objects.count() == 1


def test_leader_edits_the_star_through_the_pages(client, leader):
    client.force_login(leader)
    page = client.get(reverse("outcomes:star"))
    assert page.status_code == 200
    assert "To be checked by a native speaker" in page.content.decode() or "Skal tjekkes" in page.content.decode()
    version = current_version()
    data = {"areas-TOTAL_FORMS": 9, "areas-INITIAL_FORMS": 8, "interval_months": 4, "note": "ny ordlyd"}
    for index, area in enumerate(_areas(version, work={"high": "Jeg har et arbejde."})):
        data.update({f"areas-{index}-{key}": value for key, value in area.items()})
    response = client.post(reverse("outcomes:star_edit"), data)
    assert response.status_code == 302
    new = current_version()
    assert (new.number, new.interval_months) == (2, 4)
    assert new.areas.get(code="work").text("da").high == "Jeg har et arbejde."


def test_star_edit_refuses_duplicate_codes_and_saves_nothing(client, leader):
    client.force_login(leader)
    version = current_version()
    data = {"areas-TOTAL_FORMS": 8, "areas-INITIAL_FORMS": 8, "interval_months": 3}
    for index, area in enumerate(_areas(version, network={"code": "danish"})):
        data.update({f"areas-{index}-{key}": value for key, value in area.items()})
    response = client.post(reverse("outcomes:star_edit"), data)
    assert response.status_code == 200
    assert StarVersion.objects.count() == 1


def test_leader_adds_a_translation_rendered_right_to_left(client, leader):
    client.force_login(leader)
    response = client.get(reverse("outcomes:translation_add"), {"language": "prs"})
    assert response["Location"] == reverse("outcomes:translation", kwargs={"language": "prs"})
    page = client.get(response["Location"])
    assert 'dir="rtl"' in page.content.decode()
    data = {f"danish__{name}": "متن" for name in ("name", "low", "middle", "high")}
    data["network__name"] = "half filled"
    refused = client.post(response["Location"], data)
    assert refused.status_code == 200 and not AreaText.objects.filter(language="prs").exists()
    del data["network__name"]
    data["checked"] = "on"
    assert client.post(response["Location"], data).status_code == 302
    saved = AreaText.objects.get(language="prs")
    assert saved.area.code == "danish" and not saved.needs_check


def test_danish_is_the_source_not_a_translation(client, leader):
    client.force_login(leader)
    assert client.get(reverse("outcomes:translation", kwargs={"language": "da"})).status_code == 404
    assert client.get(reverse("outcomes:translation", kwargs={"language": "xx-nonsense"})).status_code == 404


def test_the_project_leader_reaches_the_star_from_the_navigation(client, leader, consultant_h, evaluator):
    star = reverse("outcomes:star")
    for user, sees in ((leader, True), (consultant_h, False), (evaluator, False)):
        client.force_login(user)
        nav = client.get(reverse("accounts:home")).content.decode().split('<ul class="nav">', 1)[1].split("</ul>")[0]
        assert (f'href="{star}"' in nav) is sees, user.role
