"""The volunteer's events, directory and supervision in the portal: only their own events (invited,
national or their region's), the places and waiting list kept by events.services, feedback only
after attending, the .ics only of their own events."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from events.models import Attendance, Event, Feedback, Invitation, SignUp
from factories import UserFactory, VolunteerFactory
from support.models import ReferralPlace, SupervisionRequest, SupervisionSource


@pytest.fixture
def me(client, volunteer_user):
    client.force_login(volunteer_user)
    return volunteer_user.volunteer


def _event(region, *, days=10, capacity=None, invite=()):
    event = Event.objects.create(
        title="Kursus", held_on=timezone.localdate() + timedelta(days=days), region=region, capacity=capacity
    )
    for volunteer in invite:
        Invitation.objects.create(event=event, volunteer=volunteer)
    return event


def test_the_volunteer_signs_up_cancels_and_the_waiting_list_moves(client, me, hovedstaden):
    other = VolunteerFactory(region=hovedstaden, approved=True)
    event = _event(hovedstaden, capacity=1, invite=[me, other])
    SignUp.objects.create(event=event, volunteer=other)
    page = client.get("/portal/events/")
    assert page.status_code == 200 and "Kursus" in page.content.decode()
    response = client.post(f"/portal/events/{event.pk}/sign-up/")
    assert response.status_code == 302
    assert SignUp.objects.get(event=event, volunteer=me).waiting_position == 1
    assert "nummer 1 på ventelisten" in client.get("/portal/events/").content.decode()
    # The other volunteer cancels (staff side): the volunteer moves in.
    SignUp.objects.filter(volunteer=other).delete()
    client.post(f"/portal/events/{event.pk}/cancel/")
    assert not SignUp.objects.filter(event=event, volunteer=me).exists()
    client.post(f"/portal/events/{event.pk}/sign-up/")
    assert SignUp.objects.get(event=event, volunteer=me).waiting_position is None
    # Signing up twice is refused at the page (400), nothing changes.
    assert client.post(f"/portal/events/{event.pk}/sign-up/").status_code == 400
    assert SignUp.objects.filter(event=event, volunteer=me).count() == 1


def test_cancelling_frees_the_place_for_the_first_waiting(client, me, hovedstaden):
    other = VolunteerFactory(region=hovedstaden, approved=True)
    event = _event(hovedstaden, capacity=1, invite=[me])
    SignUp.objects.create(event=event, volunteer=me)
    SignUp.objects.create(event=event, volunteer=other, waiting_position=1)
    assert client.post(f"/portal/events/{event.pk}/cancel/").status_code == 302
    assert SignUp.objects.get(event=event, volunteer=other).waiting_position is None


def test_only_invited_events_of_the_own_region_or_national(client, me, hovedstaden, syddanmark):
    not_invited = _event(hovedstaden)
    other_region = _event(syddanmark, invite=[me])
    national = _event(None, invite=[me])
    someone_elses = _event(hovedstaden, invite=[VolunteerFactory(region=hovedstaden, approved=True)])
    for event in (not_invited, other_region, someone_elses):
        assert client.post(f"/portal/events/{event.pk}/sign-up/").status_code == 404
    assert not SignUp.objects.exists()
    assert client.post(f"/portal/events/{national.pk}/sign-up/").status_code == 302
    assert SignUp.objects.filter(event=national, volunteer=me).exists()
    body = client.get("/portal/events/").content.decode()
    assert f"/portal/events/{someone_elses.pk}/" not in body and f"/portal/events/{not_invited.pk}/" not in body


def test_a_held_event_cannot_be_signed_up_for(client, me, hovedstaden):
    event = _event(hovedstaden, days=-1, invite=[me])
    assert client.post(f"/portal/events/{event.pk}/sign-up/").status_code == 400
    assert not SignUp.objects.exists()


def test_calendar_only_for_own_events(client, me, hovedstaden):
    mine = _event(hovedstaden, invite=[me])
    other = _event(hovedstaden, invite=[VolunteerFactory(region=hovedstaden, approved=True)])
    response = client.get(f"/portal/events/{mine.pk}/calendar.ics")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    assert b"SUMMARY:Kursus" in response.content
    assert client.get(f"/portal/events/{other.pk}/calendar.ics").status_code == 404


def test_feedback_only_after_attending(client, me, hovedstaden):
    held = _event(hovedstaden, days=-3, invite=[me])
    assert client.get(f"/portal/events/{held.pk}/feedback/").status_code == 404  # invited, did not come
    attendance = Attendance.objects.create(event=held, volunteer=me)
    assert client.get(f"/portal/events/{held.pk}/feedback/").status_code == 200
    response = client.post(f"/portal/events/{held.pk}/feedback/", {"rating": "4", "comment": "Godt"})
    assert response.status_code == 302
    feedback = Feedback.objects.get(attendance=attendance)
    assert (feedback.rating, feedback.comment, feedback.by) == (4, "Godt", None)
    assert client.post(f"/portal/events/{held.pk}/feedback/", {"rating": "9"}).status_code == 400
    coming = _event(hovedstaden, days=2, invite=[me])
    Attendance.objects.create(event=coming, volunteer=me)
    assert client.post(f"/portal/events/{coming.pk}/feedback/", {"rating": "5"}).status_code == 400
    other = VolunteerFactory(region=hovedstaden, approved=True)
    Attendance.objects.create(event=_event(hovedstaden, days=-2), volunteer=other)
    others = Attendance.objects.get(volunteer=other).event
    assert client.get(f"/portal/events/{others.pk}/feedback/").status_code == 404


def test_the_home_page_shows_coming_events(client, me, hovedstaden):
    _event(hovedstaden, invite=[me])
    body = client.get("/portal/").content.decode()
    assert "Kursus" in body and "/portal/events/" in body


def test_directory_shows_support_places(client, me, hovedstaden, syddanmark):
    ReferralPlace.objects.create(name="Borgerservice Hovedstaden", region=hovedstaden)
    ReferralPlace.objects.create(name="Retshjælp national", region=None)
    ReferralPlace.objects.create(name="Borgerservice Syddanmark", region=syddanmark)
    ReferralPlace.objects.create(name="Lukket sted", region=None, active=False)
    body = client.get("/portal/help/").content.decode()
    assert "Borgerservice Hovedstaden" in body and "Retshjælp national" in body
    assert "Syddanmark" not in body and "Lukket sted" not in body


def test_supervision_creates_a_supervision_request(client, me, hovedstaden):
    consultant = UserFactory(role="consultant")
    consultant.regions.add(hovedstaden)
    response = client.post("/portal/talk/", {"category": "supervision", "message": "Svær samtale"})
    assert response.status_code == 302
    request = SupervisionRequest.objects.get(volunteer=me)
    assert (request.source, request.note, request.requested_on) == (
        SupervisionSource.VOLUNTEER,
        "Svær samtale",
        date.today(),
    )
    from portal.models import CallbackRequest

    assert not CallbackRequest.objects.exists()
