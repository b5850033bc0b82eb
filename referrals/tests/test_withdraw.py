"""Withdrawing a referral or a person on the waiting list, with a reason; accepting them again."""

from datetime import date

import pytest
import time_machine
from django.urls import reverse

from audit.models import AuditEvent
from factories import ParticipantFactory
from matches.tests.factories import proposed_match
from notifications.models import Notification
from referrals.models import Participant, ParticipantStatus, WithdrawalReason

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


@pytest.fixture
def waiting(referral):
    Participant.objects.filter(pk=referral.pk).update(
        status=S.WAITING,
        accepted_on=date(2024, 1, 12),
        waiting_since=date(2024, 1, 12),
        status_changed_on=date(2024, 1, 12),
    )
    referral.refresh_from_db()
    return referral


def url(name, participant):
    return reverse(f"referrals:{name}", kwargs={"participant_id": participant.pk})


def reason():
    return WithdrawalReason.objects.get(name="Har fået anden støtte")


@time_machine.travel(TODAY, tick=False)
def test_consultant_withdraws_a_waiting_person_who_leaves_the_waiting_list(client, personas, waiting):
    client.force_login(personas["consultant_h"])
    page = client.get(url("withdraw", waiting))
    assert page.status_code == 200 and "Årsag til tilbagetrækning" in page.content.decode()
    response = client.post(
        url("withdraw", waiting),
        {"withdraw-on": "2024-02-01", "withdraw-reason": reason().pk, "withdraw-comment": "Ringede"},
    )
    assert response.status_code == 302
    waiting.refresh_from_db()
    assert waiting.status == S.WITHDRAWN and waiting.withdrawal_reason == reason()
    change = waiting.status_changes.get()
    assert (change.to_status, change.on, change.by, change.reason) == (
        S.WITHDRAWN,
        date(2024, 2, 1),
        personas["consultant_h"],
        "Ringede",
    )
    assert not Participant.objects.waiting().filter(pk=waiting.pk).exists()
    assert AuditEvent.objects.filter(target_id=str(waiting.pk), detail="status: withdrawn").exists()
    assert Notification.objects.filter(recipient=personas["social_worker_h"]).count() == 1
    waiting_page = client.get(reverse("referrals:waiting")).content.decode()
    assert waiting.reference not in waiting_page


@time_machine.travel(TODAY, tick=False)
def test_withdrawn_person_can_be_accepted_again_and_waits_from_then(client, personas, waiting):
    client.force_login(personas["consultant_h"])
    client.post(url("withdraw", waiting), {"withdraw-on": "2024-01-20", "withdraw-reason": reason().pk})
    detail = client.get(url("detail", waiting)).content.decode()
    assert "Visitér til ventelisten igen" in detail and "Har fået anden støtte" in detail
    response = client.post(url("reaccept", waiting), {"reaccept-on": "2024-02-01"})
    assert response.status_code == 302
    waiting.refresh_from_db()
    assert waiting.status == S.WAITING and waiting.withdrawal_reason is None
    assert waiting.accepted_on == date(2024, 1, 12) and waiting.waiting_since == date(2024, 2, 1)


@time_machine.travel(TODAY, tick=False)
def test_social_worker_withdraws_their_own_referral_before_triage_and_the_consultant_is_told(
    client, personas, referral
):
    client.force_login(personas["social_worker_h"])
    assert "Træk henvisningen tilbage" in client.get(url("detail", referral)).content.decode()
    client.post(url("withdraw", referral), {"withdraw-on": "2024-02-01", "withdraw-reason": reason().pk})
    referral.refresh_from_db()
    assert referral.status == S.WITHDRAWN
    assert Notification.objects.filter(recipient=personas["consultant_h"]).count() == 1


@time_machine.travel(TODAY, tick=False)
def test_social_worker_cannot_withdraw_after_triage_nor_reaccept(client, personas, waiting):
    client.force_login(personas["social_worker_h"])
    response = client.post(url("withdraw", waiting), {"withdraw-on": "2024-02-01", "withdraw-reason": reason().pk})
    assert response.status_code == 302
    waiting.refresh_from_db()
    assert waiting.status == S.WAITING
    assert client.post(url("reaccept", waiting), {"reaccept-on": "2024-02-01"}).status_code == 403


@time_machine.travel(TODAY, tick=False)
def test_a_matched_person_cannot_be_withdrawn(client, personas, hovedstaden):
    match = proposed_match(by=personas["consultant_h"], on=date(2024, 1, 20))
    client.force_login(personas["consultant_h"])
    response = client.post(
        url("withdraw", match.participant), {"withdraw-on": "2024-02-01", "withdraw-reason": reason().pk}
    )
    assert response.status_code == 302
    match.participant.refresh_from_db()
    assert match.participant.status == S.MATCHED


@time_machine.travel(TODAY, tick=False)
@pytest.mark.parametrize(
    "data",
    [
        {"withdraw-on": "2024-02-01"},
        {"withdraw-on": "2024-03-01", "withdraw-reason": "REASON"},
        {"withdraw-on": "2024-01-01", "withdraw-reason": "REASON"},
    ],
)
def test_invalid_withdrawal_shows_the_errors_and_changes_nothing(client, personas, waiting, data):
    data = {key: (reason().pk if value == "REASON" else value) for key, value in data.items()}
    client.force_login(personas["consultant_h"])
    response = client.post(url("withdraw", waiting), data)
    assert response.status_code == 400
    waiting.refresh_from_db()
    assert waiting.status == S.WAITING and not waiting.status_changes.exists()


def test_consultant_of_another_region_gets_404(client, personas, waiting):
    client.force_login(personas["consultant_s"])
    assert client.get(url("withdraw", waiting)).status_code == 404
