"""The directory of places to refer to: per region and national, kept in the app."""

from datetime import date

import time_machine
from django.urls import reverse

from audit.models import Action, AuditEvent
from factories import VolunteerFactory
from matches.tests.factories import active_match
from support.models import ReferralPlace


def test_followups_places_moved_here_with_their_rows_and_a_category(db):
    place = ReferralPlace.objects.get(name="Retshjælp / advokatvagt")
    assert place.category == "legal_aid" and place.region is None and place.active


def test_consultant_sees_national_places_and_their_regions_only(client, consultant_h, hovedstaden, syddanmark):
    ReferralPlace.objects.create(name="Bisidderordning København", category="accompaniment", region=hovedstaden)
    ReferralPlace.objects.create(name="Gældsrådgivning Odense", category="debt", region=syddanmark)
    client.force_login(consultant_h)
    page = client.get(reverse("support:places")).content.decode()
    assert "Bisidderordning København" in page and "Retshjælp / advokatvagt" in page
    assert "Gældsrådgivning Odense" not in page
    other = ReferralPlace.objects.get(name="Gældsrådgivning Odense")
    assert client.get(reverse("support:place_edit", kwargs={"place_id": other.pk})).status_code == 404


def test_the_region_filter_shows_that_region_and_the_national_places(client, leader, hovedstaden, syddanmark):
    ReferralPlace.objects.create(name="Bisidderordning København", region=hovedstaden)
    ReferralPlace.objects.create(name="Gældsrådgivning Odense", region=syddanmark)
    client.force_login(leader)
    page = client.get(reverse("support:places"), {"region": syddanmark.slug}).content.decode()
    assert "Gældsrådgivning Odense" in page and "Retshjælp / advokatvagt" in page
    assert "Bisidderordning København" not in page


def test_consultant_adds_a_place_in_their_region_but_not_elsewhere(client, consultant_h, hovedstaden, syddanmark):
    client.force_login(consultant_h)
    data = {
        "name": "Mentorordning Nørrebro",
        "category": "mentor",
        "description": "Mentorer for unge",
        "contact": "mentor@example.org",
        "opening_hours": "Man-tors 10-15",
        "active": "on",
    }
    assert client.post(reverse("support:place_create"), {**data, "region": syddanmark.pk}).status_code == 400
    assert not ReferralPlace.objects.filter(name="Mentorordning Nørrebro").exists()
    response = client.post(reverse("support:place_create"), {**data, "region": hovedstaden.pk})
    assert response.status_code == 302
    place = ReferralPlace.objects.get(name="Mentorordning Nørrebro")
    assert (place.region, place.opening_hours) == (hovedstaden, "Man-tors 10-15")
    assert AuditEvent.objects.filter(action=Action.CREATE, target_id=str(place.pk)).exists()
    edit = reverse("support:place_edit", kwargs={"place_id": place.pk})
    assert client.post(edit, {**data, "region": hovedstaden.pk, "active": ""}).status_code == 302
    place.refresh_from_db()
    assert not place.active


@time_machine.travel(date(2024, 3, 6), tick=False)
def test_heavy_responsibility_links_to_the_regions_directory(client, consultant_h, hovedstaden):
    match = active_match(by=consultant_h, start=date(2024, 3, 5), region=hovedstaden)
    ReferralPlace.objects.create(name="Gældsrådgivning Amager", region=hovedstaden, opening_hours="Tirsdag 16-18")
    match.followups.filter(kind="day_after").update(done_on=date(2024, 3, 6), flag_heavy_responsibility=True)
    client.force_login(consultant_h)
    page = client.get(reverse("matches:detail", kwargs={"match_id": match.pk})).content.decode()
    assert "Gældsrådgivning Amager" in page and "Tirsdag 16-18" in page
    assert f"{reverse('support:places')}?region={hovedstaden.slug}" in page
    today = client.get(reverse("followups:today")).content.decode()
    assert f"{reverse('support:places')}?region={hovedstaden.slug}" in today


@time_machine.travel(date(2025, 3, 6), tick=False)
def test_today_page_thanks_volunteers_and_matches_on_their_anniversaries(client, consultant_h, hovedstaden):
    one = VolunteerFactory(region=hovedstaden, approved=True, approved_on=date(2024, 3, 10), first_name="Ulla")
    five = VolunteerFactory(
        region=hovedstaden, approved=True, applied_on=date(2020, 1, 1), approved_on=date(2020, 3, 1), first_name="Fie"
    )
    VolunteerFactory(
        region=hovedstaden, approved=True, applied_on=date(2020, 1, 1), approved_on=date(2022, 3, 6)
    )  # 3 years
    VolunteerFactory(region=hovedstaden, approved_on=date(2024, 3, 6), status="left", first_name="Gik")
    match = active_match(by=consultant_h, start=date(2024, 3, 5), region=hovedstaden)
    client.force_login(consultant_h)
    response = client.get(reverse("followups:today_panel", kwargs={"panel": "recognition"}))
    rows = {row["volunteer"].pk: row["years"] for row in response.context["anniversaries"]}
    assert rows == {one.pk: 1, five.pk: 5}
    assert [row["match"].pk for row in response.context["first_years"]] == [match.pk]
    page = response.content.decode()
    assert "1 år som frivillig" in page and "et år sammen" in page
