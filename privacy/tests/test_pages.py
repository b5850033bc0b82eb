"""The leader's pages for a person's rights: confirmed, audited, refused for everyone else."""

import json
from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEvent
from audit.services import audit_listed
from factories import ParticipantFactory, VolunteerFactory
from privacy.access import access_log
from referrals.models import ParticipantNote, ParticipantStatus
from volunteers.models import Posting


@pytest.fixture
def waiting(hovedstaden, consultant_h):
    participant = ParticipantFactory(region=hovedstaden, waiting=True, first_name="Kanariefugl")
    ParticipantNote.objects.create(participant=participant, author=consultant_h, text="note")
    return participant


def test_person_page_offers_the_leader_the_three_buttons(client, leader, waiting, consultant_h):
    client.force_login(leader)
    page = client.get(reverse("referrals:detail", kwargs={"participant_id": waiting.pk})).content.decode()
    for name in ("participant_export", "participant_withdraw", "participant_erase"):
        assert reverse(f"privacy:{name}", kwargs={"participant_id": waiting.pk}) in page
    client.force_login(consultant_h)
    page = client.get(reverse("referrals:detail", kwargs={"participant_id": waiting.pk})).content.decode()
    assert "/privacy/" not in page


def test_access_export_page_and_json_list_everything_and_are_audited(client, leader, consultant_h, waiting):
    client.force_login(consultant_h)
    client.get(reverse("referrals:detail", kwargs={"participant_id": waiting.pk}))
    client.force_login(leader)
    page = client.get(reverse("privacy:participant_export", kwargs={"participant_id": waiting.pk}))
    text = page.content.decode()
    assert page.status_code == 200 and "Kanariefugl" in text and "Projektkonsulent" in text  # the access log, in Danish
    response = client.get(reverse("privacy:participant_export_json", kwargs={"participant_id": waiting.pk}))
    data = json.loads(response.content)
    assert data["person"][0]["first_name"] == "Kanariefugl"
    assert data["notes"][0]["text"] == "note"
    assert {row["role"] for row in data["access_log"]} >= {"Projektkonsulent"}
    exports = AuditEvent.objects.filter(action="export", target_type="referrals.participant", target_id=str(waiting.pk))
    assert exports.count() == 2


def test_withdrawing_consent_stops_processing(client, leader, waiting):
    Posting.objects.create(participant=waiting, text="x", group_size=5, approved_at=timezone.now())
    client.force_login(leader)
    url = reverse("privacy:participant_withdraw", kwargs={"participant_id": waiting.pk})
    assert client.post(url, {"on": date.today().isoformat()}).status_code == 400  # not confirmed
    response = client.post(url, {"on": date.today().isoformat(), "confirm": "on"})
    assert response.status_code == 302
    waiting.refresh_from_db()
    assert waiting.status == ParticipantStatus.WITHDRAWN and waiting.consent_withdrawn_on == date.today()
    assert waiting.consent_withdrawn_by == leader and not Posting.objects.filter(participant=waiting).exists()
    note = client.post(reverse("referrals:note_add", kwargs={"participant_id": waiting.pk}), {"text": "ny"})
    assert note.status_code in (302, 400) and waiting.notes.count() == 1
    assert AuditEvent.objects.filter(detail="consent withdrawn", target_id=str(waiting.pk)).exists()


def test_withdrawing_a_volunteers_consent_takes_them_out(client, leader, hovedstaden):
    volunteer = VolunteerFactory(region=hovedstaden, approved=True)
    client.force_login(leader)
    url = reverse("privacy:volunteer_withdraw", kwargs={"volunteer_id": volunteer.pk})
    assert client.post(url, {"on": date.today().isoformat(), "confirm": "on"}).status_code == 302
    volunteer.refresh_from_db()
    assert volunteer.status == "left" and volunteer.consent_withdrawn_on == date.today()


def test_erasure_needs_the_reference_typed(client, leader, waiting):
    client.force_login(leader)
    url = reverse("privacy:participant_erase", kwargs={"participant_id": waiting.pk})
    assert client.get(url).status_code == 200
    assert client.post(url, {"reference": "wrong"}).status_code == 400
    waiting.refresh_from_db()
    assert waiting.erased_on is None
    assert client.post(url, {"reference": waiting.reference.lower()}).status_code == 302
    waiting.refresh_from_db()
    assert waiting.erased_on == timezone.localdate() and waiting.first_name == "" and waiting.notes.count() == 0


def test_out_of_scope_is_404_for_nobody_but_the_leader(client, consultant_h, waiting):
    client.force_login(consultant_h)
    url = reverse("privacy:participant_erase", kwargs={"participant_id": waiting.pk})
    assert client.post(url, {"reference": waiting.reference}).status_code == 403
    waiting.refresh_from_db()
    assert waiting.erased_on is None


def test_the_access_log_includes_list_pages_that_showed_the_person(leader, waiting):
    audit_listed(actor=leader, target_type="referrals.participant", ids=[waiting.pk + 100, waiting.pk], what="list")
    audit_listed(actor=leader, target_type="referrals.participant", ids=[waiting.pk + 1000], what="list")
    events = access_log(waiting, [])
    assert [event.detail for event in events] == [f"list: {waiting.pk + 100},{waiting.pk}"]
