"""The referral rules live in the services, not only in the views and forms."""

from datetime import date

import pytest
import time_machine

from factories import ParticipantFactory
from referrals import services
from referrals.models import ParticipantStatus

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
        status_changed_on=date(2024, 1, 15),
        first_name="Nour",
    )


def test_social_worker_cannot_update_a_triaged_referral(personas, referral):
    referral.status = S.WAITING
    referral.save()
    with pytest.raises(services.ReferralError, match="visiteret"):
        services.participant_update(
            participant=referral, data={"first_name": "Changed"}, by=personas["social_worker_h"], on=date(2024, 2, 1)
        )
    referral.refresh_from_db()
    assert referral.first_name == "Nour"


def test_social_worker_may_update_while_it_awaits_triage_and_a_consultant_always(personas, referral):
    services.participant_update(
        participant=referral, data={"first_name": "Nur"}, by=personas["social_worker_h"], on=date(2024, 2, 1)
    )
    referral.refresh_from_db()
    assert referral.first_name == "Nur"
    referral.status = S.WAITING
    referral.save()
    services.participant_update(
        participant=referral, data={"first_name": "Noor"}, by=personas["consultant_h"], on=date(2024, 2, 1)
    )
    referral.refresh_from_db()
    assert referral.first_name == "Noor"


@time_machine.travel(TODAY, tick=False)
@pytest.mark.parametrize(
    ("day", "message"),
    [
        (date(2024, 2, 2), "fremtiden"),
        (date(2024, 1, 9), "henvisningsdatoen"),
        (date(2024, 1, 12), "statusændring"),
    ],
)
@pytest.mark.parametrize("step", ["accept", "request_info", "decline"])
def test_triage_services_refuse_implausible_dates(personas, referral, day, message, step):
    call = {
        "accept": lambda **kw: services.participant_accept(**kw),
        "request_info": lambda **kw: services.participant_request_info(message="Sprog?", **kw),
        "decline": lambda **kw: services.participant_decline(reason="Nej", **kw),
    }[step]
    with pytest.raises(services.ReferralError, match=message):
        call(participant=referral, by=personas["consultant_h"], on=day)
    referral.refresh_from_db()
    assert referral.status == S.REFERRED
    assert not referral.status_changes.exists()


@time_machine.travel(TODAY, tick=False)
def test_triage_service_accepts_a_plausible_date(personas, referral):
    services.participant_accept(participant=referral, by=personas["consultant_h"], on=date(2024, 1, 15))
    referral.refresh_from_db()
    assert (referral.status, referral.accepted_on) == (S.WAITING, date(2024, 1, 15))


@time_machine.travel(TODAY, tick=False)
def test_a_refused_triage_is_shown_at_its_form(client, personas, referral, monkeypatch):
    """The form checks the date too; if the service refuses anyway (the rule lives there), the
    page shows its message at the form (like every action view) and nothing is saved."""
    from django.urls import reverse

    def refuse(**_kwargs):
        raise services.ReferralError("Nej tak.")

    monkeypatch.setattr(services, "participant_accept", refuse)
    client.force_login(personas["consultant_h"])
    response = client.post(
        reverse("referrals:accept", kwargs={"participant_id": referral.pk}), {"accept-on": "2024-01-20"}
    )
    assert response.status_code == 400
    assert response.context["accept_form"].non_field_errors() == ["Nej tak."]
    assert "Nej tak." in response.content.decode()
    referral.refresh_from_db()
    assert referral.status == S.REFERRED
