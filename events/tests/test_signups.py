"""Places and the waiting list: first come first served, a freed place goes to the first waiting."""

from datetime import date

import pytest
import time_machine
from django.urls import reverse

from events import services
from events.models import SignUp
from events.services import EventError
from factories import VolunteerFactory

from .helpers import make_event

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def today():
    with time_machine.travel(date(2024, 5, 1), tick=False):
        yield


def volunteers(region, n):
    return [VolunteerFactory(region=region, approved=True) for _ in range(n)]


def state(event):
    return [(s.volunteer_id, s.waiting_position) for s in SignUp.objects.filter(event=event).order_by("pk")]


def test_places_then_a_numbered_waiting_list(consultant_h, hovedstaden):
    event = make_event(hovedstaden, capacity=2)
    a, b, c, d = volunteers(hovedstaden, 4)
    for volunteer in (a, b, c, d):
        services.signup_add(event=event, volunteer=volunteer, by=consultant_h)
    assert state(event) == [(a.pk, None), (b.pk, None), (c.pk, 1), (d.pk, 2)]


def test_a_cancelled_place_goes_to_the_first_waiting_and_the_rest_move_up(consultant_h, hovedstaden):
    event = make_event(hovedstaden, capacity=1)
    a, b, c = volunteers(hovedstaden, 3)
    for volunteer in (a, b, c):
        services.signup_add(event=event, volunteer=volunteer, by=consultant_h)
    promoted = services.signup_cancel(signup=SignUp.objects.get(volunteer=a), by=consultant_h)
    assert [s.volunteer for s in promoted] == [b]
    assert state(event) == [(b.pk, None), (c.pk, 1)]


def test_leaving_the_waiting_list_moves_those_behind_up(consultant_h, hovedstaden):
    event = make_event(hovedstaden, capacity=1)
    a, b, c, d = volunteers(hovedstaden, 4)
    for volunteer in (a, b, c, d):
        services.signup_add(event=event, volunteer=volunteer, by=consultant_h)
    assert services.signup_cancel(signup=SignUp.objects.get(volunteer=b), by=consultant_h) == []
    assert state(event) == [(a.pk, None), (c.pk, 1), (d.pk, 2)]


def test_more_places_let_the_waiting_in_and_fewer_than_taken_are_refused(consultant_h, hovedstaden):
    event = make_event(hovedstaden, capacity=1)
    a, b, c = volunteers(hovedstaden, 3)
    for volunteer in (a, b, c):
        services.signup_add(event=event, volunteer=volunteer, by=consultant_h)
    services.event_update(event=event, by=consultant_h, capacity=2)
    assert state(event) == [(a.pk, None), (b.pk, None), (c.pk, 1)]
    with pytest.raises(EventError):
        services.event_update(event=event, by=consultant_h, capacity=1)
    services.event_update(event=event, by=consultant_h, capacity=None)
    assert state(event) == [(a.pk, None), (b.pk, None), (c.pk, None)]


def test_no_limit_means_everyone_gets_a_place(consultant_h, hovedstaden):
    event = make_event(hovedstaden)
    for volunteer in volunteers(hovedstaden, 5):
        services.signup_add(event=event, volunteer=volunteer, by=consultant_h)
    assert not SignUp.objects.filter(waiting_position__isnull=False).exists()


def test_signing_up_twice_or_after_the_event_is_refused(consultant_h, hovedstaden):
    event = make_event(hovedstaden)
    [a] = volunteers(hovedstaden, 1)
    services.signup_add(event=event, volunteer=a, by=consultant_h)
    with pytest.raises(EventError):
        services.signup_add(event=event, volunteer=a, by=consultant_h)
    past = make_event(hovedstaden, held_on=date(2024, 4, 1))
    with pytest.raises(EventError):
        services.signup_add(event=past, volunteer=a, by=consultant_h)


def test_signup_page_form_shows_the_waiting_list(client, consultant_h, hovedstaden):
    event = make_event(hovedstaden, capacity=1)
    a, b = volunteers(hovedstaden, 2)
    client.force_login(consultant_h)
    url = reverse("events:signup_add", kwargs={"event_id": event.pk})
    assert client.post(url, {"volunteer": a.pk}).status_code == 302
    assert client.post(url, {"volunteer": b.pk}).status_code == 302
    assert client.post(url, {"volunteer": b.pk}).status_code == 400  # already signed up
    page = client.get(reverse("events:detail", kwargs={"event_id": event.pk}))
    assert [s.volunteer for s in page.context["waiting"]] == [b]
    cancel = reverse("events:signup_cancel", kwargs={"signup_id": SignUp.objects.get(volunteer=a).pk})
    assert client.post(cancel).status_code == 302
    assert state(event) == [(b.pk, None)]


def test_consultant_cannot_sign_up_another_regions_volunteer(client, consultant_h, hovedstaden, syddanmark):
    event = make_event(None, capacity=5)  # national
    [south] = volunteers(syddanmark, 1)
    client.force_login(consultant_h)
    response = client.post(reverse("events:signup_add", kwargs={"event_id": event.pk}), {"volunteer": south.pk})
    assert response.status_code == 400 and not SignUp.objects.exists()
