from datetime import date

import pytest
import time_machine
from django.urls import reverse

from factories import ParticipantFactory
from notifications.models import Notification
from referrals.models import ParticipantNote, ParticipantStatus

pytestmark = pytest.mark.django_db
TODAY = "2024-02-01 10:00 +0100"
S = ParticipantStatus


@pytest.fixture
def referral(personas, hovedstaden, dignity):
    return ParticipantFactory(
        region=hovedstaden,
        treatment_centre=dignity,
        referred_by=personas["social_worker_h"],
        referred_on=date(2024, 1, 10),
        status_changed_on=date(2024, 1, 10),
    )


def url(name, participant):
    return reverse(f"referrals:{name}", kwargs={"participant_id": participant.pk})


@time_machine.travel(TODAY, tick=False)
def test_consultant_accepts_onto_the_waiting_list_dated_and_attributed(client, personas, referral):
    client.force_login(personas["consultant_h"])
    response = client.post(url("accept", referral), {"accept-on": "2024-01-30", "accept-priority": "on"})
    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.status == S.WAITING
    assert referral.accepted_on == referral.waiting_since == date(2024, 1, 30)
    assert referral.priority is True
    change = referral.status_changes.get()
    assert (change.to_status, change.on, change.by) == (S.WAITING, date(2024, 1, 30), personas["consultant_h"])
    notice = Notification.objects.get(recipient=personas["social_worker_h"])
    assert referral.reference in notice.text


@time_machine.travel(TODAY, tick=False)
def test_request_for_information_reaches_the_social_worker_who_answers_by_editing(
    client, personas, referral, referral_post
):
    client.force_login(personas["consultant_h"])
    client.post(
        url("request_info", referral),
        {"request_info-on": "2024-02-01", "request_info-message": "Hvilke sprog taler hun?"},
    )
    referral.refresh_from_db()
    assert referral.status == S.INFO_REQUESTED
    assert Notification.objects.filter(recipient=personas["social_worker_h"]).count() == 1

    client.force_login(personas["social_worker_h"])
    page = client.get(url("detail", referral)).content.decode()
    assert "Hvilke sprog taler hun?" in page
    response = client.post(url("edit", referral), {**referral_post, "consent_on": "2024-01-10"})
    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.status == S.REFERRED
    assert referral.first_name == "Nour"
    assert [c.to_status for c in referral.status_changes.all()] == [S.INFO_REQUESTED, S.REFERRED]
    assert Notification.objects.filter(recipient=personas["consultant_h"]).count() == 1


@time_machine.travel(TODAY, tick=False)
def test_decline_needs_a_reason_and_invalid_input_changes_nothing(client, personas, referral):
    client.force_login(personas["consultant_h"])
    response = client.post(url("decline", referral), {"decline-on": "2024-02-01", "decline-reason": ""})
    assert response.status_code == 400
    assert "Dette felt er påkrævet." in response.content.decode()
    referral.refresh_from_db()
    assert referral.status == S.REFERRED and not referral.status_changes.exists()

    response = client.post(
        url("decline", referral), {"decline-on": "2024-02-01", "decline-reason": "Psykosenær; ikke nu."}
    )
    referral.refresh_from_db()
    assert referral.status == S.DECLINED
    assert referral.status_changes.get().reason == "Psykosenær; ikke nu."
    # The social worker sees the reason addressed to them.
    client.force_login(personas["social_worker_h"])
    assert "Psykosenær; ikke nu." in client.get(url("detail", referral)).content.decode()


@time_machine.travel(TODAY, tick=False)
@pytest.mark.parametrize(
    ("day", "message"),
    [
        ("2024-02-02", "Datoen kan ikke ligge i fremtiden."),
        ("2024-01-09", "Datoen kan ikke ligge før henvisningsdatoen."),
    ],
)
def test_triage_date_must_be_plausible(client, personas, referral, day, message):
    client.force_login(personas["consultant_h"])
    response = client.post(url("accept", referral), {"accept-on": day})
    assert response.status_code == 400
    assert message in response.content.decode()
    referral.refresh_from_db()
    assert referral.status == S.REFERRED and referral.accepted_on is None


@time_machine.travel(TODAY, tick=False)
def test_a_triaged_referral_cannot_be_triaged_again_or_edited_by_the_social_worker(
    client, personas, referral, referral_post
):
    client.force_login(personas["consultant_h"])
    client.post(url("accept", referral), {"accept-on": "2024-02-01"})
    response = client.post(url("decline", referral), {"decline-on": "2024-02-01", "decline-reason": "x"})
    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.status == S.WAITING

    client.force_login(personas["social_worker_h"])
    response = client.post(url("edit", referral), {**referral_post, "first_name": "Ændret"})
    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.first_name != "Ændret"


def test_triage_urls_redirect_on_get(client, personas, referral):
    client.force_login(personas["consultant_h"])
    assert client.get(url("accept", referral))["Location"] == url("detail", referral)


def test_consultant_adds_a_note_and_an_empty_note_is_refused(client, personas, referral):
    client.force_login(personas["consultant_h"])
    response = client.post(url("note_add", referral), {"text": "   "})
    assert response.status_code == 400
    assert "Dette felt er påkrævet." in response.content.decode()
    assert not ParticipantNote.objects.exists()
    client.post(url("note_add", referral), {"text": "Talte med socialrådgiveren."})
    note = ParticipantNote.objects.get()
    assert note.author == personas["consultant_h"] and note.participant == referral


@time_machine.travel(TODAY, tick=False)
def test_consultant_edits_and_invalid_edit_saves_nothing(client, personas, referral, referral_post):
    client.force_login(personas["consultant_h"])
    response = client.post(url("edit", referral), {**referral_post, "postcode": "0000", "first_name": "Ny"})
    assert response.status_code == 200
    referral.refresh_from_db()
    assert referral.first_name != "Ny"
    response = client.post(url("edit", referral), {**referral_post, "consent_on": "2024-01-10"})
    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.first_name == "Nour" and referral.status == S.REFERRED


def test_edit_form_view_is_audited_also_when_shown_again_with_errors(client, personas, referral, referral_post):
    from audit.models import Action, AuditEvent

    def views():
        return AuditEvent.objects.filter(
            action=Action.VIEW, actor=personas["consultant_h"], target_id=str(referral.pk)
        ).count()

    client.force_login(personas["consultant_h"])
    assert client.get(url("edit", referral)).status_code == 200
    assert views() == 1
    response = client.post(url("edit", referral), {**referral_post, "postcode": "0000"})
    assert response.status_code == 200 and response.context["form"].errors
    assert views() == 2


@time_machine.travel(TODAY, tick=False)
def test_triage_forms_have_unique_ids_and_their_labels_point_to_their_own_fields(client, personas, referral):
    import re

    client.force_login(personas["consultant_h"])
    page = client.get(url("detail", referral)).content.decode()
    ids = re.findall(r'\sid="([^"]+)"', page)
    assert len(ids) == len(set(ids)), sorted(i for i in ids if ids.count(i) > 1)
    for prefix in ("accept", "request_info", "decline"):
        assert f'for="id_{prefix}-on"' in page and f'id="id_{prefix}-on"' in page


def test_a_waiting_participants_page_links_to_the_postings(client, consultant_h, hovedstaden):
    participant = ParticipantFactory(region=hovedstaden, waiting=True)
    client.force_login(consultant_h)
    page = client.get(reverse("referrals:detail", kwargs={"participant_id": participant.pk})).content.decode()
    assert reverse("volunteers:posting_create", kwargs={"participant_id": participant.pk}) in page
    assert "Anonymt opslag" in page
