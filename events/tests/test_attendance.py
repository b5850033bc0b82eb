"""The attendance page: everyone on one page, one POST saves every tick (audited), walk-ins."""

from datetime import date

import pytest
import time_machine
from django.urls import reverse

from audit.models import AuditEvent
from events import services
from events.models import Attendance, Invitation, SignUp
from factories import VolunteerFactory

from .helpers import make_event

pytestmark = pytest.mark.django_db
TODAY = date(2024, 6, 1)


@pytest.fixture(autouse=True)
def today():
    with time_machine.travel(TODAY, tick=False):
        yield


def url(event):
    return reverse("events:attendance", kwargs={"event_id": event.pk})


def test_one_post_records_every_tick_and_audits_each_volunteer(client, consultant_h, hovedstaden):
    event = make_event(hovedstaden, held_on=TODAY)
    signed = [VolunteerFactory(region=hovedstaden, approved=True) for _ in range(10)]
    invited = [VolunteerFactory(region=hovedstaden, approved=True) for _ in range(6)]
    SignUp.objects.bulk_create(SignUp(event=event, volunteer=v) for v in signed)
    Invitation.objects.bulk_create(Invitation(event=event, volunteer=v) for v in invited)
    client.force_login(consultant_h)
    page = client.get(url(event))
    assert page.status_code == 200
    assert len(page.context["form"].fields["present"].choices) == 16
    came = signed[:9] + invited[:6]
    response = client.post(url(event), {"present": [v.pk for v in came]})
    assert response.status_code == 302
    assert set(event.attendances.values_list("volunteer_id", flat=True)) == {v.pk for v in came}
    assert AuditEvent.objects.filter(detail="event attended", target_type="volunteers.volunteer").count() == 15
    assert set(event.attendances.filter(walk_in=True).values_list("volunteer_id", flat=True)) == {v.pk for v in invited}

    # Untick one, keep the rest: one removal, nothing added twice.
    client.post(url(event), {"present": [v.pk for v in came[1:]]})
    assert event.attendances.count() == 14
    assert AuditEvent.objects.filter(detail="event attendance removed").count() == 1


def test_a_walk_in_is_added_with_the_ticks(client, consultant_h, hovedstaden):
    event = make_event(hovedstaden, held_on=TODAY)
    listed = VolunteerFactory(region=hovedstaden, approved=True)
    SignUp.objects.create(event=event, volunteer=listed)
    walk_in = VolunteerFactory(region=hovedstaden, approved=True)
    client.force_login(consultant_h)
    client.post(url(event), {"present": [listed.pk], "walk_in": walk_in.pk})
    rows = {a.volunteer_id: a.walk_in for a in Attendance.objects.all()}
    assert rows == {listed.pk: False, walk_in.pk: True}
    # The walk-in is on the list from now on.
    assert str(walk_in.pk) in dict(client.get(url(event)).context["form"].fields["present"].choices)


def test_attendance_before_the_day_is_refused(client, consultant_h, hovedstaden):
    event = make_event(hovedstaden, held_on=date(2024, 6, 2))
    volunteer = VolunteerFactory(region=hovedstaden, approved=True)
    SignUp.objects.create(event=event, volunteer=volunteer)
    client.force_login(consultant_h)
    assert client.post(url(event), {"present": [volunteer.pk]}).status_code == 400
    assert not Attendance.objects.exists()


def test_other_regions_volunteers_are_not_listed_or_ticked(client, consultant_h, hovedstaden, syddanmark):
    event = make_event(None, held_on=TODAY)  # national: each consultant records their own region
    mine = VolunteerFactory(region=hovedstaden, approved=True)
    theirs = VolunteerFactory(region=syddanmark, approved=True)
    SignUp.objects.bulk_create([SignUp(event=event, volunteer=mine), SignUp(event=event, volunteer=theirs)])
    client.force_login(consultant_h)
    assert dict(client.get(url(event)).context["form"].fields["present"].choices) == {str(mine.pk): str(mine)}
    assert client.post(url(event), {"present": [mine.pk, theirs.pk]}).status_code == 400
    assert not Attendance.objects.exists()


def test_another_regions_event_is_not_found(client, consultant_h, syddanmark):
    event = make_event(syddanmark, held_on=TODAY)
    client.force_login(consultant_h)
    assert client.get(url(event)).status_code == 404


def test_the_service_only_changes_the_volunteers_shown(consultant_h, hovedstaden):
    event = make_event(hovedstaden, held_on=TODAY)
    a, b = VolunteerFactory(region=hovedstaden, approved=True), VolunteerFactory(region=hovedstaden, approved=True)
    Attendance.objects.create(event=event, volunteer=b)
    assert services.attendance_record(event=event, shown=[a], present={a.pk}, by=consultant_h) == (1, 0)
    assert event.attendances.count() == 2
