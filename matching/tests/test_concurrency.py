"""Two consultants propose the same volunteer at the same moment: exactly one succeeds."""

import threading
from datetime import date

import pytest
from django.db import connection, connections

from factories import ParticipantFactory, UserFactory, VolunteerFactory
from matches.models import Match
from matches.services import MatchError
from matching import selectors, services


def propose(participant, volunteer, user):
    ranking = selectors.rank_volunteer(participant, volunteer, today=date(2024, 6, 1))
    return services.proposal_create(
        participant=participant,
        volunteer=volunteer,
        by=user,
        on=date(2024, 6, 1),
        reason="test",
        ranking=ranking,
        override_reason="test",
    )


@pytest.fixture
def race(hovedstaden):
    volunteer = VolunteerFactory(region=hovedstaden, approved=True)
    first, second = (ParticipantFactory(region=hovedstaden, waiting=True) for _ in range(2))
    users = [UserFactory(regions=[hovedstaden]) for _ in range(2)]
    return volunteer, [first, second], users


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs PostgreSQL row locks (SQLite has no concurrent writers)"
)
def test_concurrent_proposals_of_the_same_volunteer_exactly_one_wins(race):
    volunteer, participants, users = race
    barrier = threading.Barrier(2)
    outcomes = []

    def attempt(participant, user):
        try:
            barrier.wait(timeout=10)
            propose(participant, volunteer, user)
            outcomes.append("ok")
        except MatchError as error:
            outcomes.append(str(error))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=attempt, args=pair) for pair in zip(participants, users, strict=True)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(outcomes, key=lambda o: o != "ok")[0] == "ok"
    assert outcomes.count("ok") == 1 and len(outcomes) == 2
    assert Match.objects.filter(volunteer=volunteer).count() == 1


@pytest.mark.django_db
def test_second_proposal_of_a_full_volunteer_gets_a_clear_error(race):
    volunteer, (first, second), (one, two) = race
    propose(first, volunteer, one)
    with pytest.raises(MatchError):
        propose(second, volunteer, two)
    assert Match.objects.filter(volunteer=volunteer).count() == 1
    second.refresh_from_db()
    assert second.status == "waiting"


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL row locks")
def test_many_concurrent_proposals_of_one_participant_give_one_match_and_no_error(hovedstaden):
    participant = ParticipantFactory(region=hovedstaden, waiting=True)
    volunteers = [VolunteerFactory(region=hovedstaden, approved=True) for _ in range(8)]
    user = UserFactory(regions=[hovedstaden])
    barrier = threading.Barrier(len(volunteers))
    outcomes = []

    def attempt(volunteer):
        try:
            barrier.wait(timeout=10)
            propose(participant, volunteer, user)
            outcomes.append("ok")
        except MatchError:
            outcomes.append("refused")
        except Exception as error:  # noqa: BLE001 - a deadlock or any server error fails the test
            outcomes.append(repr(error))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=attempt, args=(volunteer,)) for volunteer in volunteers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(outcomes) == ["ok"] + ["refused"] * (len(volunteers) - 1)
    assert Match.objects.filter(participant=participant).count() == 1
