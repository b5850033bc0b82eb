from datetime import date

import pytest
from django.db import IntegrityError, transaction

from factories import MatchFactory, ParticipantFactory, VolunteerFactory
from lib.lifecycle import InvalidTransition
from matches.models import MatchStatus
from matches.services import MatchError, match_cancel, match_end, match_propose, match_start
from referrals.models import ParticipantStatus
from volunteers.models import VolunteerStatus

pytestmark = pytest.mark.django_db


def test_participant_allowed_transition_is_dated_and_recorded(consultant_h):
    participant = ParticipantFactory()
    participant.transition(ParticipantStatus.WAITING, on=date(2024, 2, 1), by=consultant_h, reason="ok")
    participant.refresh_from_db()
    assert participant.status == ParticipantStatus.WAITING
    change = participant.status_changes.get()
    assert (change.from_status, change.to_status, change.on, change.by) == (
        "referred",
        "waiting",
        date(2024, 2, 1),
        consultant_h,
    )


@pytest.mark.parametrize(
    "start,target",
    [
        (ParticipantStatus.REFERRED, ParticipantStatus.MATCHED),
        (ParticipantStatus.DECLINED, ParticipantStatus.WAITING),
        (ParticipantStatus.WITHDRAWN, ParticipantStatus.REFERRED),
    ],
)
def test_participant_refused_transitions(start, target):
    participant = ParticipantFactory(status=start)
    with pytest.raises(InvalidTransition):
        participant.transition(target, on=date(2024, 2, 1))
    participant.refresh_from_db()
    assert participant.status == start and not participant.status_changes.exists()


@pytest.mark.parametrize(
    "start,target,allowed",
    [
        (VolunteerStatus.APPLIED, VolunteerStatus.SCREENING_BOOKED, True),
        (VolunteerStatus.SCREENED, VolunteerStatus.APPROVED, True),
        (VolunteerStatus.APPLIED, VolunteerStatus.APPROVED, False),
        (VolunteerStatus.NOT_SUITABLE, VolunteerStatus.APPROVED, False),
        (VolunteerStatus.APPROVED, VolunteerStatus.LEFT, True),
    ],
)
def test_volunteer_transitions(start, target, allowed):
    volunteer = VolunteerFactory(status=start)
    if allowed:
        volunteer.transition(target, on=date(2024, 1, 1))
        assert volunteer.status == target
    else:
        with pytest.raises(InvalidTransition):
            volunteer.transition(target, on=date(2024, 1, 1))


def test_match_refuses_going_back_from_ended():
    match = MatchFactory(status=MatchStatus.ENDED, slot=None, started_on=date(2024, 2, 10), ended_on=date(2024, 5, 1))
    with pytest.raises(InvalidTransition):
        match.transition(MatchStatus.ACTIVE, on=date(2024, 6, 1))


def test_database_refuses_two_open_matches_for_a_single_place_volunteer():
    volunteer = VolunteerFactory(status=VolunteerStatus.MATCHED, capacity=1)
    MatchFactory(volunteer=volunteer, slot=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        MatchFactory(volunteer=volunteer, slot=1)


def test_database_refuses_two_open_matches_for_a_participant():
    participant = ParticipantFactory(status=ParticipantStatus.MATCHED)
    MatchFactory(participant=participant)
    with pytest.raises(IntegrityError), transaction.atomic():
        MatchFactory(participant=participant)


def test_closed_matches_do_not_occupy_a_place():
    volunteer = VolunteerFactory(status=VolunteerStatus.MATCHED)
    MatchFactory(
        volunteer=volunteer, status=MatchStatus.ENDED, slot=None, started_on=date(2024, 2, 5), ended_on=date(2024, 3, 1)
    )
    MatchFactory(volunteer=volunteer, slot=1)


@pytest.mark.parametrize(
    "fields",
    [
        {"started_on": date(2024, 1, 1), "proposed_on": date(2024, 2, 1)},
        {"started_on": date(2024, 3, 1), "ended_on": date(2024, 2, 1)},
        {"ended_on": date(2024, 2, 1)},
        {"six_month_assessment": "well_functioning"},
        {"cancelled_on": date(2024, 3, 1), "started_on": date(2024, 2, 2)},
    ],
)
def test_match_date_constraints(fields):
    with pytest.raises(IntegrityError), transaction.atomic():
        MatchFactory(status=MatchStatus.ENDED, slot=None, **fields)


def test_database_refuses_arrival_before_birth():
    with pytest.raises(IntegrityError), transaction.atomic():
        ParticipantFactory(birth_year=1990, arrival_year=1980)


def test_unique_references():
    ParticipantFactory(reference="P-1")
    with pytest.raises(IntegrityError), transaction.atomic():
        ParticipantFactory(reference="P-1")


def _waiting_pair(capacity=1):
    return ParticipantFactory(waiting=True), VolunteerFactory(approved=True, capacity=capacity)


def test_propose_moves_both_people_on(consultant_h):
    participant, volunteer = _waiting_pair()
    match = match_propose(
        participant=participant, volunteer=volunteer, by=consultant_h, on=date(2024, 3, 1), reason="Tæt på"
    )
    participant.refresh_from_db()
    volunteer.refresh_from_db()
    assert match.status == MatchStatus.PROPOSED and match.slot == 1
    assert participant.status == ParticipantStatus.MATCHED
    assert volunteer.status == VolunteerStatus.MATCHED


def test_second_proposal_of_a_full_volunteer_is_refused(consultant_h):
    participant, volunteer = _waiting_pair()
    match_propose(participant=participant, volunteer=volunteer, by=consultant_h, on=date(2024, 3, 1))
    with pytest.raises(MatchError):
        match_propose(
            participant=ParticipantFactory(waiting=True), volunteer=volunteer, by=consultant_h, on=date(2024, 3, 1)
        )


def test_volunteer_able_to_take_more_gets_a_second_place(consultant_h):
    participant, volunteer = _waiting_pair(capacity=2)
    match_propose(participant=participant, volunteer=volunteer, by=consultant_h, on=date(2024, 3, 1))
    second = match_propose(
        participant=ParticipantFactory(waiting=True), volunteer=volunteer, by=consultant_h, on=date(2024, 3, 2)
    )
    assert second.slot == 2


def test_start_sets_six_month_mark_at_month_end(consultant_h):
    participant, volunteer = _waiting_pair()
    match = match_propose(participant=participant, volunteer=volunteer, by=consultant_h, on=date(2023, 8, 20))
    match_start(match=match, on=date(2023, 8, 31), by=consultant_h)
    match.refresh_from_db()
    assert match.status == MatchStatus.ACTIVE
    assert match.six_month_on == date(2024, 2, 29)


def test_cancel_returns_participant_to_waiting_with_original_date(consultant_h):
    participant, volunteer = _waiting_pair()
    match = match_propose(participant=participant, volunteer=volunteer, by=consultant_h, on=date(2024, 3, 1))
    match_cancel(match=match, on=date(2024, 3, 10), by=consultant_h, reason="Kemien passede ikke")
    participant.refresh_from_db()
    volunteer.refresh_from_db()
    assert participant.status == ParticipantStatus.WAITING and participant.waiting_since == date(2024, 1, 20)
    assert volunteer.status == VolunteerStatus.APPROVED
    assert match.cancelled_on == date(2024, 3, 10) and match.slot is None


def test_end_with_wish_for_new_volunteer_gives_priority(consultant_h):
    participant, volunteer = _waiting_pair()
    match = match_propose(participant=participant, volunteer=volunteer, by=consultant_h, on=date(2024, 3, 1))
    match_start(match=match, on=date(2024, 3, 5), by=consultant_h)
    match_end(match=match, on=date(2024, 9, 5), by=consultant_h, reason="Flyttede", participant_wants_new=True)
    participant.refresh_from_db()
    assert participant.status == ParticipantStatus.WAITING and participant.priority
    assert participant.waiting_since == date(2024, 1, 20)
