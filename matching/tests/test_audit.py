"""Pages that show people are audited: one event per page for a list, ids only."""

import pytest
from django.urls import reverse

from audit.models import DETAIL_MAX, Action, AuditEvent
from audit.services import audit_listed
from factories import ParticipantFactory, VolunteerFactory

pytestmark = pytest.mark.django_db


def url(name, **kwargs):
    return reverse(f"matching:{name}", kwargs=kwargs)


def listed(target_type):
    return AuditEvent.objects.filter(action=Action.VIEW, target_type=target_type, target_id="")


def test_suggest_records_one_event_with_the_suggested_volunteers(client, consultant_h, waiting_h, anne, hovedstaden):
    bo = VolunteerFactory(region=hovedstaden, approved=True, postcode="2200")
    client.force_login(consultant_h)
    client.get(url("suggest", participant_id=waiting_h.pk))
    [event] = listed("volunteers.volunteer")
    assert event.actor == consultant_h
    assert event.detail.startswith(f"suggested for participant {waiting_h.pk}: ")
    assert set(event.detail.split(": ")[1].split(",")) == {str(anne.pk), str(bo.pk)}


def test_suggest_participants_records_one_event_with_the_listed_participants(client, consultant_h, waiting_h, anne):
    client.force_login(consultant_h)
    client.get(url("suggest_participants", volunteer_id=anne.pk))
    [event] = listed("referrals.participant")
    assert event.detail == f"suggested for volunteer {anne.pk}: {waiting_h.pk}"


def test_batch_records_the_participants_and_volunteers_shown(client, consultant_h, hovedstaden, waiting_h, anne):
    alone = ParticipantFactory(region=hovedstaden, waiting=True, postcode="2200", heavy_case=True)
    client.force_login(consultant_h)
    client.get(url("batch", region=hovedstaden.slug))
    [people] = listed("referrals.participant")
    [helpers] = listed("volunteers.volunteer")
    assert people.detail.startswith("batch hovedstaden: ")
    assert set(people.detail.split(": ")[1].split(",")) == {str(waiting_h.pk), str(alone.pk)}
    assert helpers.detail == f"batch hovedstaden: {anne.pk}"


def test_propose_page_records_the_volunteer_view(client, consultant_h, waiting_h, anne):
    client.force_login(consultant_h)
    client.get(url("propose", participant_id=waiting_h.pk), {"volunteer": anne.pk})
    assert AuditEvent.objects.filter(
        action=Action.VIEW, target_type="volunteers.volunteer", target_id=str(anne.pk)
    ).exists()
    assert AuditEvent.objects.filter(
        action=Action.VIEW, target_type="referrals.participant", target_id=str(waiting_h.pk)
    ).exists()


def test_long_lists_are_truncated_to_fit_with_a_count_of_the_rest(consultant_h):
    audit_listed(
        actor=consultant_h, target_type="referrals.participant", ids=range(100000, 100300), what="batch hovedstaden"
    )
    event = AuditEvent.objects.get()
    assert len(event.detail) <= DETAIL_MAX
    shown, rest = event.detail.split(": ")[1].split(" +")
    assert len(shown.split(",")) + int(rest) == 300
    assert shown.split(",")[0] == "100000" and all(len(pk) == 6 for pk in shown.split(","))


def test_nothing_listed_records_nothing(consultant_h):
    audit_listed(actor=consultant_h, target_type="referrals.participant", ids=[], what="batch")
    assert not AuditEvent.objects.exists()
