"""The event pages and the volunteer page's events section."""

from datetime import date

import pytest
from django.urls import reverse

from events.models import Attendance, Event, Invitation, SignUp
from factories import VolunteerFactory

from .helpers import make_event

pytestmark = pytest.mark.django_db


def test_consultant_creates_an_event_in_their_region_only(client, consultant_h, hovedstaden, syddanmark):
    client.force_login(consultant_h)
    data = {
        "kind": "exchange",
        "title": "Erfaringsudveksling",
        "held_on": "2099-03-01",
        "starts_at": "17:00",
        "ends_at": "19:00",
        "format": "in_person",
        "place": "Foreningens lokaler",
        "capacity": "16",
    }
    assert client.post(reverse("events:create"), {**data, "region": syddanmark.pk}).status_code == 400
    assert client.post(reverse("events:create"), data).status_code == 400  # national: the leader's
    response = client.post(reverse("events:create"), {**data, "region": hovedstaden.pk})
    event = Event.objects.get()
    assert response.url == reverse("events:detail", kwargs={"event_id": event.pk})
    assert (event.capacity, event.created_by) == (16, consultant_h)


def test_online_events_need_a_link_and_end_after_they_start(client, leader):
    client.force_login(leader)
    data = {"kind": "webinar", "title": "Webinar", "held_on": "2099-03-01", "format": "online"}
    response = client.post(reverse("events:create"), {**data, "starts_at": "17:00", "ends_at": "16:00"})
    assert response.status_code == 400
    assert set(response.context["form"].errors) == {"online_link", "ends_at"}


def test_consultant_cannot_change_a_national_event(client, consultant_h):
    event = make_event(None)
    client.force_login(consultant_h)
    assert client.get(reverse("events:detail", kwargs={"event_id": event.pk})).status_code == 200
    assert client.get(reverse("events:edit", kwargs={"event_id": event.pk})).status_code == 404


def test_the_calendar_file_has_the_event_and_no_people(client, consultant_h, hovedstaden):
    event = make_event(hovedstaden, starts_at="17:00", ends_at="19:00", place="Nørrebro")
    volunteer = VolunteerFactory(region=hovedstaden, approved=True, first_name="Birthe")
    SignUp.objects.create(event=event, volunteer=volunteer)
    client.force_login(consultant_h)
    response = client.get(reverse("events:calendar", kwargs={"event_id": event.pk}))
    body = response.content.decode()
    assert response["Content-Type"].startswith("text/calendar")
    assert "DTSTART;TZID=Europe/Copenhagen:20240601T170000" in body and "Birthe" not in body


def test_the_list_counts_places_waiting_and_attendance(client, consultant_h, hovedstaden):
    event = make_event(hovedstaden, capacity=1, held_on=date(2099, 1, 1))
    a, b = VolunteerFactory(region=hovedstaden, approved=True), VolunteerFactory(region=hovedstaden, approved=True)
    SignUp.objects.create(event=event, volunteer=a)
    SignUp.objects.create(event=event, volunteer=b, waiting_position=1)
    client.force_login(consultant_h)
    [(_heading, coming), _held] = client.get(reverse("events:list")).context["sections"]
    [row] = coming
    assert (row.taken, row.waiting, row.came) == (1, 1, 0)


def test_the_volunteer_page_lists_events_invited_signed_up_and_attended(client, consultant_h, student, hovedstaden):
    volunteer = VolunteerFactory(region=hovedstaden, approved=True)
    invited = make_event(hovedstaden, title="Sommerfest", held_on=date(2099, 6, 1), kind="other")
    signed = make_event(hovedstaden, title="Webinar om breve", held_on=date(2099, 5, 1), kind="webinar")
    attended = make_event(hovedstaden, title="PTSD og traumer", held_on=date(2024, 3, 1), kind="course")
    Invitation.objects.create(event=invited, volunteer=volunteer)
    SignUp.objects.create(event=signed, volunteer=volunteer, waiting_position=2)
    Attendance.objects.create(event=attended, volunteer=volunteer)
    client.force_login(consultant_h)
    content = client.get(reverse("volunteers:detail", kwargs={"volunteer_id": volunteer.pk})).content.decode()
    for title in ("Sommerfest", "Webinar om breve", "PTSD og traumer"):
        assert title in content
    assert reverse("events:detail", kwargs={"event_id": attended.pk}) in content
    client.force_login(student)  # sees the titles, not links to pages they cannot open
    content = client.get(reverse("volunteers:detail", kwargs={"volunteer_id": volunteer.pk})).content.decode()
    assert "PTSD og traumer" in content and reverse("events:detail", kwargs={"event_id": attended.pk}) not in content
