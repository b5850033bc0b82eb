"""Feedback per attendee: a rating from 1 to 5 and a comment; the event page shows it."""

from datetime import date

import pytest
import time_machine
from django.urls import reverse

from events import services
from events.models import Attendance, Feedback
from events.services import EventError
from factories import VolunteerFactory

from .helpers import make_event

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def today():
    with time_machine.travel(date(2024, 6, 1), tick=False):
        yield


@pytest.fixture
def attendance(hovedstaden):
    event = make_event(hovedstaden, held_on=date(2024, 5, 20))
    return Attendance.objects.create(event=event, volunteer=VolunteerFactory(region=hovedstaden, approved=True))


@pytest.mark.parametrize("rating", [0, 6, -1])
def test_ratings_outside_1_to_5_are_refused(attendance, consultant_h, rating):
    with pytest.raises(EventError):
        services.feedback_record(attendance=attendance, rating=rating, by=consultant_h)
    assert not Feedback.objects.exists()


@pytest.mark.parametrize("rating", [1, 5])
def test_ratings_1_and_5_are_kept_and_a_second_answer_replaces_the_first(attendance, consultant_h, rating):
    services.feedback_record(attendance=attendance, rating=rating, comment="Godt", by=consultant_h)
    services.feedback_record(attendance=attendance, rating=3, by=None)  # the volunteer, later in the portal
    feedback = Feedback.objects.get()
    assert (feedback.rating, feedback.comment, feedback.by) == (3, "", None)


def test_feedback_before_the_event_is_refused(consultant_h, hovedstaden):
    event = make_event(hovedstaden, held_on=date(2024, 6, 2))
    attendance = Attendance.objects.create(event=event, volunteer=VolunteerFactory(region=hovedstaden))
    with pytest.raises(EventError):
        services.feedback_record(attendance=attendance, rating=4, by=consultant_h)


def test_the_page_records_feedback_and_the_event_page_shows_it(client, consultant_h, attendance):
    client.force_login(consultant_h)
    url = reverse("events:feedback", kwargs={"attendance_id": attendance.pk})
    assert client.get(url).status_code == 200
    assert client.post(url, {"rating": "7", "comment": "x"}).status_code == 400
    assert client.post(url, {"rating": "4", "comment": "Meget brugbart"}).status_code == 302
    page = client.get(reverse("events:detail", kwargs={"event_id": attendance.event_id}))
    content = page.content.decode()
    assert "Meget brugbart" in content and page.context["feedback"]["average"] == 4


def test_feedback_of_another_regions_volunteer_is_not_found(client, consultant_s, attendance):
    client.force_login(consultant_s)
    assert client.get(reverse("events:feedback", kwargs={"attendance_id": attendance.pk})).status_code == 404
