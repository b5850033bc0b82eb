from datetime import date

import pytest
from django.urls import reverse

from factories import MatchFactory, ParticipantFactory, VolunteerFactory
from lib.http import client_ip
from lib.lifecycle import InvalidTransition
from matches.models import Match, MatchStatus
from matches.services import match_end, match_propose, match_start
from referrals.models import Participant, ParticipantStatus
from volunteers.models import VolunteerStatus

pytestmark = pytest.mark.django_db


def test_student_assistant_sees_recruitment_not_matched_volunteers(client, student):
    applicant = VolunteerFactory(status=VolunteerStatus.APPLIED)
    matched = VolunteerFactory(status=VolunteerStatus.MATCHED, approved_on=date(2024, 1, 1))
    client.force_login(student)
    assert client.get(reverse("volunteers:detail", kwargs={"volunteer_id": applicant.pk})).status_code == 200
    assert client.get(reverse("volunteers:detail", kwargs={"volunteer_id": matched.pk})).status_code == 404


def test_student_assistant_does_not_see_outcome_reasons(client, student, consultant_h):
    volunteer = VolunteerFactory(status=VolunteerStatus.APPLIED)
    volunteer.transition(
        VolunteerStatus.WITHDREW, on=date(2024, 1, 5), by=consultant_h, reason="Deltagers sag var for tung"
    )
    client.force_login(student)
    page = client.get(reverse("volunteers:detail", kwargs={"volunteer_id": volunteer.pk})).content.decode()
    assert "for tung" not in page
    client.force_login(consultant_h)
    page = client.get(reverse("volunteers:detail", kwargs={"volunteer_id": volunteer.pk})).content.decode()
    assert "for tung" in page


def test_a_stale_second_transition_is_refused():
    participant = ParticipantFactory()
    stale = Participant.objects.get(pk=participant.pk)
    participant.transition(ParticipantStatus.WAITING, on=date(2024, 2, 1))
    with pytest.raises(InvalidTransition):
        stale.transition(ParticipantStatus.DECLINED, on=date(2024, 2, 1))
    assert Participant.objects.get(pk=participant.pk).status == ParticipantStatus.WAITING
    assert participant.status_changes.count() == 1


def test_ending_a_match_keeps_its_reason_off_the_volunteer_record(consultant_h):
    participant = ParticipantFactory(waiting=True)
    volunteer = VolunteerFactory(approved=True)
    match = match_propose(participant=participant, volunteer=volunteer, by=consultant_h, on=date(2024, 3, 1))
    match_start(match=match, on=date(2024, 3, 5), by=consultant_h)
    match_end(
        match=match,
        on=date(2024, 6, 1),
        by=consultant_h,
        reason="Deltagers tilstand forværredes",
        volunteer_leaves=True,
    )
    volunteer.refresh_from_db()
    assert volunteer.status == VolunteerStatus.LEFT
    assert not volunteer.status_changes.filter(reason__contains="tilstand").exists()


def test_ending_the_second_match_of_a_two_place_volunteer_frees_them(consultant_h):
    volunteer = VolunteerFactory(status=VolunteerStatus.MATCHED, approved_on=date(2024, 1, 1), capacity=2)
    first = MatchFactory(volunteer=volunteer, slot=1, status=MatchStatus.ACTIVE, started_on=date(2024, 3, 1))
    second = MatchFactory(volunteer=volunteer, slot=2, status=MatchStatus.ACTIVE, started_on=date(2024, 3, 1))
    stale_second = Match.objects.get(pk=second.pk)  # loaded before the first ends, as a second request would
    match_end(match=first, on=date(2024, 6, 1), by=consultant_h, reason="x")
    match_end(match=stale_second, on=date(2024, 6, 2), by=consultant_h, reason="y")
    volunteer.refresh_from_db()
    assert volunteer.status == VolunteerStatus.APPROVED


def test_client_ip_trusts_only_the_configured_number_of_proxies(rf, settings):
    request = rf.get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.7, 10.0.0.2")
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_ip(request) == "10.0.0.1"
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_ip(request) == "10.0.0.2"
    settings.TRUSTED_PROXY_COUNT = 2
    assert client_ip(request) == "203.0.113.7"
    # Fewer entries than proxies: the header did not come through them all.
    settings.TRUSTED_PROXY_COUNT = 4
    assert client_ip(request) == "10.0.0.1"


def test_a_refused_transition_in_a_view_is_a_message_not_a_server_error(client, consultant_h):
    participant = ParticipantFactory(status=ParticipantStatus.DECLINED)
    client.force_login(consultant_h)
    url = reverse("referrals:accept", kwargs={"participant_id": participant.pk})
    response = client.post(url, {"on": "2024-02-01"}, HTTP_REFERER="/referrals/")
    assert response.status_code in (302, 400)
    assert Participant.objects.get(pk=participant.pk).status == ParticipantStatus.DECLINED
