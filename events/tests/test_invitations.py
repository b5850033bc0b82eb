"""Invitation criteria against hand-built volunteer sets; the preview; the e-mail (Bcc, no names)."""

from datetime import date

import pytest
import time_machine
from django.core import mail
from django.urls import reverse

from audit.models import AuditEvent
from events import services
from events.models import Attendance, Invitation, Kind
from events.selectors import Criteria, invitation_candidates
from factories import VolunteerFactory
from volunteers.models import VolunteerStatus

from .helpers import make_event

pytestmark = pytest.mark.django_db
S = VolunteerStatus
TODAY = date(2024, 6, 1)


@pytest.fixture
def people(hovedstaden, syddanmark):
    """One volunteer per distinguishing fact, in Hovedstaden unless said otherwise."""
    v = {
        "matched": VolunteerFactory(region=hovedstaden, status=S.MATCHED, approved_on=date(2023, 12, 1)),
        "waiting": VolunteerFactory(region=hovedstaden, status=S.APPROVED, approved_on=date(2023, 12, 1)),
        "new": VolunteerFactory(region=hovedstaden, status=S.APPROVED, approved_on=date(2024, 4, 1)),
        "applicant": VolunteerFactory(region=hovedstaden, status=S.APPLIED),
        "paused": VolunteerFactory(region=hovedstaden, status=S.PAUSED, approved_on=date(2023, 12, 1)),
        "left": VolunteerFactory(region=hovedstaden, status=S.LEFT, approved_on=date(2023, 12, 1)),
        "south": VolunteerFactory(region=syddanmark, status=S.APPROVED, approved_on=date(2023, 12, 1)),
        "at_course": VolunteerFactory(region=hovedstaden, status=S.MATCHED, approved_on=date(2023, 12, 1)),
        "exchange_recent": VolunteerFactory(region=hovedstaden, status=S.MATCHED, approved_on=date(2023, 12, 1)),
        "exchange_old": VolunteerFactory(region=hovedstaden, status=S.MATCHED, approved_on=date(2023, 12, 1)),
    }
    course = make_event(kind=Kind.COURSE, held_on=date(2024, 3, 1))
    recent = make_event(hovedstaden, held_on=date(2023, 12, 1))
    old = make_event(hovedstaden, held_on=date(2023, 5, 1))
    Attendance.objects.create(event=course, volunteer=v["at_course"])
    Attendance.objects.create(event=recent, volunteer=v["exchange_recent"])
    Attendance.objects.create(event=old, volunteer=v["exchange_old"])
    return v


def picked(people, user, event, **criteria):
    found = invitation_candidates(user=user, event=event, criteria=Criteria(**criteria), today=TODAY)
    return {name for name, volunteer in people.items() if volunteer in found}


def test_each_criterion_picks_the_right_volunteers(people, leader, hovedstaden, syddanmark):
    event = make_event(hovedstaden, held_on=date(2024, 6, 20))
    h = (hovedstaden,)
    everyone_approved = {"matched", "waiting", "new", "at_course", "exchange_recent", "exchange_old"}
    assert picked(people, leader, event, regions=h) == everyone_approved
    assert picked(people, leader, event, regions=(hovedstaden, syddanmark)) == everyone_approved | {"south"}
    assert picked(people, leader, event, regions=h, waiting=False) == {
        "matched",
        "at_course",
        "exchange_recent",
        "exchange_old",
    }
    assert picked(people, leader, event, regions=h, active=False) == {"waiting", "new"}
    assert picked(people, leader, event, regions=h, new_within_months=3) == {"new"}
    assert picked(people, leader, event, regions=h, never_attended=True) == {"matched", "waiting", "new"}
    assert picked(people, leader, event, regions=h, no_exchange_last_year=True) == everyone_approved - {
        "exchange_recent"
    }
    assert picked(people, leader, event, regions=h, active=False, new_within_months=3, never_attended=True) == {"new"}


def test_already_invited_and_out_of_scope_volunteers_are_not_picked(people, consultant_h, hovedstaden, syddanmark):
    event = make_event(held_on=date(2024, 6, 20))  # national
    Invitation.objects.create(event=event, volunteer=people["waiting"])
    found = picked(people, consultant_h, event, regions=(hovedstaden, syddanmark))
    assert "waiting" not in found and "south" not in found and "matched" in found


@time_machine.travel(TODAY)
def test_preview_then_send_invites_by_one_bcc_email_without_names(
    client, consultant_h, people, hovedstaden, django_capture_on_commit_callbacks
):
    event = make_event(hovedstaden, held_on=date(2024, 6, 20), starts_at="17:00")
    people["new"].email = "ny@example.org"
    people["new"].save()
    people["waiting"].email = "venter@example.org"
    people["waiting"].save()
    client.force_login(consultant_h)
    url = reverse("events:invite", kwargs={"event_id": event.pk})
    query = f"?regions={hovedstaden.pk}&waiting=on"
    preview = client.get(url + query)
    assert preview.status_code == 200
    assert {v.pk for v in preview.context["candidates"]} == {people["waiting"].pk, people["new"].pk}
    assert not Invitation.objects.exists()
    assert AuditEvent.objects.filter(detail__startswith="event invitation list").exists()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url + query)
    assert response.status_code == 302
    assert set(event.invitations.values_list("volunteer_id", flat=True)) == {people["waiting"].pk, people["new"].pk}
    [message] = mail.outbox
    assert message.to == [] and sorted(message.bcc) == ["ny@example.org", "venter@example.org"]
    for volunteer in (people["waiting"], people["new"]):
        assert volunteer.first_name not in message.subject and volunteer.last_name not in message.body
    assert message.attachments[0][0] == "arrangement.ics"

    # Sending again invites nobody twice.
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url + query)
    assert event.invitations.count() == 2 and len(mail.outbox) == 1


def test_criteria_need_a_group_of_volunteers(client, consultant_h, hovedstaden):
    event = make_event(hovedstaden, held_on=date(2099, 1, 1))
    client.force_login(consultant_h)
    response = client.get(reverse("events:invite", kwargs={"event_id": event.pk}) + f"?regions={hovedstaden.pk}")
    assert response.status_code == 400
    assert response.context["candidates"] is None


def test_consultant_cannot_invite_to_another_regions_event(client, consultant_h, syddanmark):
    event = make_event(syddanmark, held_on=date(2099, 1, 1))
    client.force_login(consultant_h)
    assert client.get(reverse("events:invite", kwargs={"event_id": event.pk})).status_code == 404


def test_service_invites_the_given_volunteers_once(consultant_h, hovedstaden):
    event = make_event(hovedstaden)
    volunteers = [VolunteerFactory(region=hovedstaden, approved=True) for _ in range(3)]
    assert services.invitations_send(event=event, volunteers=volunteers, by=consultant_h) == (3, 0)
    assert services.invitations_send(event=event, volunteers=volunteers, by=consultant_h) == (0, 0)


def test_a_region_id_beyond_any_integer_is_an_unknown_choice(client, consultant_h, hovedstaden):
    event = make_event(hovedstaden, held_on=date(2099, 1, 1))
    client.force_login(consultant_h)
    url = reverse("events:invite", kwargs={"event_id": event.pk})
    response = client.get(url, {"regions": ["99999999999999999999999", hovedstaden.pk], "active": "on"})
    assert response.status_code == 400  # the form names the unknown choice; no server error
    assert "99999999999999999999999" in response.content.decode()
