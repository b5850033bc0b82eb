"""Batch proposal for a region: explained pairs, accept or reject each, nothing automatic."""

import pytest
from django.urls import reverse

from factories import ParticipantFactory, VolunteerFactory
from matches.models import Match, MatchStatus
from matching.models import MatchingDecision
from volunteers import pool_version
from volunteers.models import Volunteer


def url(name, **kwargs):
    return reverse(f"matching:{name}", kwargs=kwargs)


@pytest.fixture
def two_pairs(hovedstaden, waiting_h, anne):
    other = ParticipantFactory(region=hovedstaden, waiting=True, postcode="2800", interests=["music"])
    bo = VolunteerFactory(region=hovedstaden, approved=True, postcode="2800", interests=["music"])
    return {waiting_h: anne, other: bo}


def pairs(response):
    return {(shown.participant, shown.volunteer) for shown in response.context["pairs"]}


def test_batch_shows_explained_pairs_and_saves_nothing(client, consultant_h, hovedstaden, two_pairs):
    client.force_login(consultant_h)
    response = client.get(url("batch", region=hovedstaden.slug))
    assert response.status_code == 200
    assert pairs(response) == set(two_pairs.items())
    assert all(shown.reasons for shown in response.context["pairs"])
    assert not Match.objects.exists()


def test_batch_accept_creates_a_proposed_match_and_the_volunteer_leaves_other_suggestions(
    client, consultant_h, hovedstaden, waiting_h, anne, two_pairs
):
    third = ParticipantFactory(region=hovedstaden, waiting=True, postcode="2100", interests=["walks"])
    client.force_login(consultant_h)
    assert anne in [c.volunteer for c in client.get(url("suggest", participant_id=third.pk)).context["candidates"]]
    response = client.post(
        url("batch_accept", region=hovedstaden.slug), {"participant": waiting_h.pk, "volunteer": anne.pk}
    )
    assert response.status_code == 302
    match = Match.objects.get()
    assert (match.participant, match.volunteer, match.status) == (waiting_h, anne, MatchStatus.PROPOSED)
    assert MatchingDecision.objects.get().source == "batch"
    assert anne not in [c.volunteer for c in client.get(url("suggest", participant_id=third.pk)).context["candidates"]]
    again = client.get(url("batch", region=hovedstaden.slug))
    assert (waiting_h, anne) not in pairs(again)


def test_batch_reject_leaves_the_pair_out_until_start_over(
    client, consultant_h, hovedstaden, waiting_h, anne, two_pairs
):
    client.force_login(consultant_h)
    client.post(url("batch_reject", region=hovedstaden.slug), {"participant": waiting_h.pk, "volunteer": anne.pk})
    assert (waiting_h, anne) not in pairs(client.get(url("batch", region=hovedstaden.slug)))
    assert not Match.objects.exists()
    client.post(url("batch_reject", region=hovedstaden.slug), {"clear": "1"})
    assert (waiting_h, anne) in pairs(client.get(url("batch", region=hovedstaden.slug)))


def test_batch_of_another_region_is_not_found(client, consultant_s, hovedstaden, waiting_h, anne):
    client.force_login(consultant_s)
    assert client.get(url("batch", region=hovedstaden.slug)).status_code == 404
    data = {"participant": waiting_h.pk, "volunteer": anne.pk}
    assert client.post(url("batch_accept", region=hovedstaden.slug), data).status_code == 404
    assert not Match.objects.exists()


def test_batch_accept_of_a_participant_outside_the_region_is_not_found(client, leader, hovedstaden, syddanmark, anne):
    elsewhere = ParticipantFactory(region=syddanmark, waiting=True)
    client.force_login(leader)
    data = {"participant": elsewhere.pk, "volunteer": anne.pk}
    assert client.post(url("batch_accept", region=hovedstaden.slug), data).status_code == 404


def test_batch_page_query_count(client, consultant_h, hovedstaden, django_assert_num_queries):
    client.force_login(consultant_h)
    page = url("batch", region=hovedstaden.slug)
    client.get(page)  # the session is saved once after the login
    for more in (5, 15):
        for _ in range(more):
            ParticipantFactory(region=hovedstaden, waiting=True, interests=["walks", "music"], availability=["weekend"])
            VolunteerFactory(region=hovedstaden, approved=True, interests=["walks", "music"], availability=["weekend"])
        pool_version.bump()
        # 10 for the page (session, user, region, configuration, waiting list, two audit events with
        # their listed ids, notification badge), the scope check, the requirements needed before a
        # first match (part of the pool's key) and the paired volunteers' records; the first request
        # also loads the region's pool (two queries).
        with django_assert_num_queries(15):
            response = client.get(page)
        assert len(response.context["pairs"]) == Volunteer.objects.count()
        with django_assert_num_queries(13):
            client.get(page)


def test_batch_accept_refuses_a_pair_the_engine_excludes(client, consultant_h, hovedstaden, anne):
    from django.contrib.messages import get_messages

    heavy = ParticipantFactory(region=hovedstaden, waiting=True, postcode="2100", heavy_case=True)
    assert anne.professional_background is False
    client.force_login(consultant_h)
    response = client.post(
        url("batch_accept", region=hovedstaden.slug), {"participant": heavy.pk, "volunteer": anne.pk}
    )
    assert response.status_code == 302
    assert not Match.objects.exists() and not MatchingDecision.objects.exists()
    [message] = [str(m) for m in get_messages(response.wsgi_request)]
    assert "samlet forslag" in message and "Tungere sag kræver en frivillig med faglig baggrund" in message


def test_batch_proposal_service_refuses_an_excluded_pair(consultant_h, hovedstaden, anne):
    from datetime import date

    from matches.services import MatchError
    from matching import selectors, services
    from matching.models import DecisionSource

    heavy = ParticipantFactory(region=hovedstaden, waiting=True, postcode="2100", heavy_case=True)
    ranking = selectors.rank_volunteer(heavy, anne, today=date(2024, 3, 1))
    assert ranking.rank is None
    with pytest.raises(MatchError):
        services.proposal_create(
            participant=heavy,
            volunteer=anne,
            by=consultant_h,
            on=date(2024, 3, 1),
            reason="x",
            ranking=ranking,
            source=DecisionSource.BATCH,
        )
    assert not Match.objects.exists()


@pytest.mark.parametrize("data", [{"participant": "abc", "volunteer": "1"}, {"participant": "1"}, {}])
def test_batch_accept_with_a_malformed_pair_is_a_message_not_an_error(client, consultant_h, hovedstaden, data):
    from django.contrib.messages import get_messages

    client.force_login(consultant_h)
    response = client.post(url("batch_accept", region=hovedstaden.slug), data)
    assert response.status_code == 302 and response["Location"] == url("batch", region=hovedstaden.slug)
    assert [str(m) for m in get_messages(response.wsgi_request)] == ["Vælg et par at acceptere."]
    assert not Match.objects.exists()


def test_batch_counts_only_volunteers_with_free_capacity(client, consultant_h, hovedstaden, two_pairs):
    from factories import MatchFactory

    MatchFactory(volunteer=VolunteerFactory(region=hovedstaden, approved=True, capacity=1))
    client.force_login(consultant_h)
    response = client.get(url("batch", region=hovedstaden.slug))
    assert response.context["volunteer_count"] == 2
