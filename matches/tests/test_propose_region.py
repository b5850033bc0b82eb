from datetime import date

import pytest

from factories import ParticipantFactory, VolunteerFactory
from matches.models import Match
from matches.services import MatchError, match_propose
from referrals.models import ParticipantStatus
from volunteers.models import VolunteerStatus

pytestmark = pytest.mark.django_db


def test_match_propose_refuses_a_volunteer_of_another_region(consultant_h, hovedstaden, syddanmark):
    participant = ParticipantFactory(region=hovedstaden, waiting=True)
    volunteer = VolunteerFactory(region=syddanmark, approved=True)
    with pytest.raises(MatchError, match="anden region"):
        match_propose(participant=participant, volunteer=volunteer, by=consultant_h, on=date(2024, 3, 1))
    assert not Match.objects.exists()
    participant.refresh_from_db()
    volunteer.refresh_from_db()
    assert (participant.status, volunteer.status) == (ParticipantStatus.WAITING, VolunteerStatus.APPROVED)


def test_match_propose_accepts_a_volunteer_of_the_same_region(consultant_h, hovedstaden):
    participant = ParticipantFactory(region=hovedstaden, waiting=True)
    volunteer = VolunteerFactory(region=hovedstaden, approved=True)
    match = match_propose(participant=participant, volunteer=volunteer, by=consultant_h, on=date(2024, 3, 1))
    assert match.region == hovedstaden
