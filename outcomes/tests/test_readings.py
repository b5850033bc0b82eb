"""Readings entered by the consultant, who sees them, and the audit trail."""

from datetime import date

import pytest
import time_machine
from django.urls import reverse

from audit.models import Action, AuditEvent
from matches.tests.factories import active_match
from outcomes.models import Reading
from outcomes.services import ReadingError, reading_record

pytestmark = pytest.mark.django_db

START = date(2024, 3, 5)
TODAY = date(2024, 6, 10)


def _post(client, match, **data):
    return client.post(reverse("outcomes:reading_new", kwargs={"match_id": match.pk}), data)


@time_machine.travel(TODAY, tick=False)
def test_consultant_enters_a_reading_from_paper(client, consultant_h):
    match = active_match(by=consultant_h, start=START)
    client.force_login(consultant_h)
    page = client.get(reverse("outcomes:reading_new", kwargs={"match_id": match.pk}))
    assert page.status_code == 200
    # The participant's mother tongue is Arabic: its wording beside the Danish, right to left.
    assert 'lang="ar" dir="rtl"' in page.content.decode()
    response = _post(
        client, match, on="2024-06-01", score_danish="4", score_network="7", filled_by="consultant", action="save"
    )
    assert response.status_code == 302
    reading = Reading.objects.get(match=match)
    assert reading.score_map() == {"danish": 4, "network": 7}
    assert (reading.on, reading.filled_by, reading.recorded_by) == (date(2024, 6, 1), "consultant", consultant_h)
    assert AuditEvent.objects.filter(
        action=Action.CREATE, target_type="outcomes.reading", target_id=str(reading.pk), actor=consultant_h
    ).exists()
    assert AuditEvent.objects.filter(action=Action.VIEW, target_type="matches.match", actor=consultant_h).exists()


@time_machine.travel(TODAY, tick=False)
def test_not_this_time_with_a_reason_saves_no_scores(client, consultant_h):
    match = active_match(by=consultant_h, start=START)
    client.force_login(consultant_h)
    response = _post(
        client,
        match,
        on="2024-06-01",
        score_danish="4",
        not_this_time="declined",
        filled_by="pair",
        action="not_this_time",
    )
    assert response.status_code == 302
    reading = Reading.objects.get(match=match)
    assert (reading.not_this_time, reading.score_map()) == ("declined", {})


@time_machine.travel(TODAY, tick=False)
@pytest.mark.parametrize(
    "data",
    [
        {"on": "2024-06-01", "filled_by": "pair", "action": "save"},  # no score at all
        {"on": "2024-06-01", "filled_by": "pair", "action": "not_this_time"},  # no reason
        {"on": "2024-03-01", "filled_by": "pair", "action": "save", "score_danish": "5"},  # before the start
        {"on": "2024-06-11", "filled_by": "pair", "action": "save", "score_danish": "5"},  # in the future
        {"on": "2024-06-01", "filled_by": "pair", "action": "save", "score_danish": "11"},  # off the scale
    ],
)
def test_bad_input_shows_a_message_and_saves_nothing(client, consultant_h, data):
    match = active_match(by=consultant_h, start=START)
    client.force_login(consultant_h)
    response = _post(client, match, **data)
    assert response.status_code == 200
    assert response.context["form"].errors
    assert not Reading.objects.exists()


@time_machine.travel(TODAY, tick=False)
def test_one_reading_per_match_per_day(consultant_h):
    match = active_match(by=consultant_h, start=START)
    reading_record(match=match, on=TODAY, filled_by="pair", scores={"danish": 5}, by=consultant_h)
    with pytest.raises(ReadingError):
        reading_record(match=match, on=TODAY, filled_by="pair", scores={"danish": 6}, by=consultant_h)
    with pytest.raises(ReadingError):
        reading_record(match=match, on=date(2024, 6, 1), filled_by="pair", scores={"x": 6}, by=consultant_h)
    assert Reading.objects.count() == 1


@time_machine.travel(TODAY, tick=False)
def test_readings_are_for_the_consultant_and_leader_of_the_region_only(client, personas, syddanmark):
    theirs = active_match(by=personas["consultant_s"], region=syddanmark, start=START)
    reading_record(match=theirs, on=TODAY, filled_by="pair", scores={"danish": 5}, by=personas["consultant_s"])
    star = reverse("outcomes:match_star", kwargs={"match_id": theirs.pk})
    client.force_login(personas["consultant_h"])
    assert client.get(star).status_code == 404
    assert client.get(reverse("outcomes:reading_new", kwargs={"match_id": theirs.pk})).status_code == 404
    assert client.get(reverse("outcomes:link_new", kwargs={"match_id": theirs.pk})).status_code == 404
    for persona in ("consultant_s", "leader"):
        client.force_login(personas[persona])
        assert client.get(star).status_code == 200
    for persona in ("social_worker_s", "student", "evaluator"):
        client.force_login(personas[persona])
        assert client.get(star).status_code == 403


@time_machine.travel(TODAY, tick=False)
def test_the_match_page_loads_the_star_for_casework_only(client, consultant_h, social_worker_h, hovedstaden):
    match = active_match(by=consultant_h, start=START, referred_by=social_worker_h)
    star = reverse("outcomes:match_star", kwargs={"match_id": match.pk})
    client.force_login(consultant_h)
    assert star in client.get(reverse("matches:detail", kwargs={"match_id": match.pk})).content.decode()
    client.force_login(social_worker_h)
    page = client.get(reverse("matches:detail", kwargs={"match_id": match.pk}))
    assert page.status_code == 200 and star not in page.content.decode()
    # Before the match starts there is nothing to measure.
    from matches.tests.factories import proposed_match

    proposed = proposed_match(by=consultant_h)
    client.force_login(consultant_h)
    page = client.get(reverse("matches:detail", kwargs={"match_id": proposed.pk}))
    assert "/outcomes/matches/" not in page.content.decode()


@time_machine.travel(TODAY, tick=False)
def test_showing_the_readings_is_audited_with_their_ids(client, consultant_h):
    match = active_match(by=consultant_h, start=START)
    first = reading_record(match=match, on=date(2024, 4, 1), filled_by="pair", scores={"danish": 3}, by=consultant_h)
    latest = reading_record(match=match, on=TODAY, filled_by="pair", scores={"danish": 6}, by=consultant_h)
    client.force_login(consultant_h)
    response = client.get(reverse("outcomes:match_star", kwargs={"match_id": match.pk}), HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    event = AuditEvent.objects.filter(action=Action.VIEW, target_type="outcomes.reading").get()
    assert event.actor == consultant_h and f"{first.pk},{latest.pk}" in event.detail
