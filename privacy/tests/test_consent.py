"""Consent is recorded with the text version, the date and who recorded it; after a withdrawal
nothing new is recorded about the person."""

from datetime import date

import pytest

from factories import MatchFactory, ParticipantFactory, VolunteerFactory
from lib.errors import OperationRefused
from privacy.services import consent_withdraw
from referrals import services as referrals
from referrals.models import ConsentKind, ConsentText, ParticipantStatus
from volunteers import services as volunteers

ON = date(2026, 5, 1)


def test_a_referral_records_the_consent_text_in_use(dignity, social_worker_h):
    ConsentText.objects.create(kind=ConsentKind.PARTICIPANT, version=2, text="Ny", published_on=date(2026, 1, 1))
    ConsentText.objects.create(kind=ConsentKind.PARTICIPANT, version=3, text="Senere", published_on=date(2099, 1, 1))
    participant = referrals.participant_refer(
        data={"first_name": "Amina", "consent_on": ON}, centre=dignity, by=social_worker_h, on=ON
    )
    assert participant.consent_text.version == 2
    assert participant.consent_recorded_by == social_worker_h and participant.consent_on == ON


def test_after_withdrawal_no_note_reacceptance_or_volunteer_note(hovedstaden, leader, consultant_h):
    participant = ParticipantFactory(region=hovedstaden, waiting=True)
    consent_withdraw(person=participant, by=leader, on=ON)
    participant.refresh_from_db()
    assert participant.status == ParticipantStatus.WITHDRAWN
    with pytest.raises(OperationRefused):
        referrals.participant_note_add(participant=participant, by=consultant_h, text="x")
    with pytest.raises(OperationRefused):
        referrals.participant_reaccept(participant=participant, by=consultant_h, on=ON)
    with pytest.raises(OperationRefused):
        consent_withdraw(person=participant, by=leader, on=ON)
    volunteer = VolunteerFactory(region=hovedstaden)
    consent_withdraw(person=volunteer, by=leader, on=ON)
    volunteer.refresh_from_db()
    assert volunteer.status == "withdrew"
    with pytest.raises(OperationRefused):
        volunteers.volunteer_note_add(volunteer=volunteer, text="x", casework_only=False, by=consultant_h)


def test_withdrawal_waits_for_an_open_match_to_end(hovedstaden, leader):
    match = MatchFactory(participant=ParticipantFactory(region=hovedstaden, status=ParticipantStatus.MATCHED))
    with pytest.raises(OperationRefused):
        consent_withdraw(person=match.participant, by=leader, on=ON)
    with pytest.raises(OperationRefused):
        consent_withdraw(person=match.volunteer, by=leader, on=ON)
