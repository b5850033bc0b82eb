"""The volunteer's link: no password, one match, once, 14 days; anything else gets a plain page."""

from datetime import date, timedelta

import pytest
import time_machine
from django.core import mail
from django.test import override_settings
from django.urls import reverse

from audit.models import Action, AuditEvent
from matches.tests.factories import active_match
from outcomes.models import ReadingLink
from outcomes.services import link_issue

pytestmark = pytest.mark.django_db

START = date(2024, 3, 5)
TODAY = date(2024, 6, 10)
FILL = {"score_danish": "6", "score_home": "8", "filled_by": "pair", "comment": "Godt", "action": "save"}


def _url(secret):
    return reverse("outcomes:fill", kwargs={"link_token": secret})


@pytest.fixture
def match(consultant_h):
    return active_match(by=consultant_h, start=START, first_name="Amina", last_name="Rahimi")


@time_machine.travel(TODAY, tick=False)
def test_the_pair_fills_in_the_star_through_the_link_once(client, match, consultant_h):
    _link, secret, _emailed = link_issue(match=match, by=consultant_h)
    page = client.get(_url(secret))
    body = page.content.decode()
    assert page.status_code == 200
    assert "Amina" in body and "Rahimi" not in body and match.reference not in body
    assert 'lang="ar" dir="rtl"' in body  # the participant's language beside the Danish
    assert page["Cache-Control"] == "private, no-store"
    response = client.post(_url(secret), FILL)
    assert response.status_code == 200 and "Tak" in response.content.decode()
    reading = match.star_readings.get()
    assert (reading.on, reading.recorded_by, reading.score_map()) == (TODAY, None, {"danish": 6, "home": 8})
    assert AuditEvent.objects.filter(action=Action.CREATE, target_type="outcomes.reading", actor=None).exists()
    # Used: a second visit or submission is refused and saves nothing.
    again = client.get(_url(secret))
    assert again.status_code == 410 and "allerede" in again.content.decode()
    assert client.post(_url(secret), {**FILL, "score_danish": "2"}).status_code == 410
    assert match.star_readings.count() == 1


def test_an_expired_link_is_refused(client, match, consultant_h):
    with time_machine.travel(TODAY, tick=False):
        _link, secret, _emailed = link_issue(match=match, by=consultant_h)
    with time_machine.travel(TODAY + timedelta(days=13), tick=False):
        assert client.get(_url(secret)).status_code == 200
    with time_machine.travel(TODAY + timedelta(days=14, seconds=1), tick=False):
        response = client.get(_url(secret))
        assert response.status_code == 410 and "udløbet" in response.content.decode()
        assert client.post(_url(secret), FILL).status_code == 410
    assert not match.star_readings.exists()


@time_machine.travel(TODAY, tick=False)
def test_a_tampered_link_gets_a_plain_page_and_no_form(client, match, consultant_h):
    _link, secret, _emailed = link_issue(match=match, by=consultant_h)
    tampered = secret[:-1] + ("A" if secret[-1] != "A" else "B")
    response = client.get(_url(tampered))
    assert response.status_code == 404 and "Amina" not in response.content.decode()
    assert "ikke gyldigt" in response.content.decode()
    assert client.post(_url(tampered), FILL).status_code == 404
    assert not match.star_readings.exists()


@time_machine.travel(TODAY, tick=False)
def test_a_link_only_ever_opens_its_own_match(client, match, consultant_h):
    other = active_match(by=consultant_h, start=START, first_name="Zahra")
    _link, secret, _emailed = link_issue(match=match, by=consultant_h)
    body = client.get(_url(secret)).content.decode()
    assert "Zahra" not in body
    client.post(_url(secret), FILL)
    assert match.star_readings.count() == 1 and not other.star_readings.exists()


@time_machine.travel(TODAY, tick=False)
def test_a_new_link_stops_the_earlier_one(client, match, consultant_h):
    _old, first, _e = link_issue(match=match, by=consultant_h)
    _new, second, _e = link_issue(match=match, by=consultant_h)
    assert client.get(_url(first)).status_code == 410
    assert client.get(_url(second)).status_code == 200


@time_machine.travel(TODAY, tick=False)
def test_only_a_hash_of_the_link_is_stored(match, consultant_h):
    link, secret, _emailed = link_issue(match=match, by=consultant_h)
    assert secret not in link.token_hash and ReadingLink.objects.for_token(secret).get() == link


@time_machine.travel(TODAY, tick=False)
def test_consultant_copies_the_link_when_email_is_not_set_up(client, match, consultant_h):
    client.force_login(consultant_h)
    url = reverse("outcomes:link_new", kwargs={"match_id": match.pk})
    assert client.get(url).status_code == 200
    response = client.post(url)
    assert response.status_code == 200 and not response.context["emailed"]
    assert "/outcomes/r/" in response.context["url"]
    assert response["Cache-Control"] == "private, no-store"
    assert not mail.outbox


@time_machine.travel(TODAY, tick=False)
@override_settings(EMAIL_ENABLED=True)
def test_the_link_is_emailed_to_the_volunteer_without_personal_data_in_the_subject(
    client, match, consultant_h, django_capture_on_commit_callbacks
):
    client.force_login(consultant_h)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("outcomes:link_new", kwargs={"match_id": match.pk}))
    assert response.context["emailed"]
    (message,) = mail.outbox
    assert message.to == [match.volunteer.email]
    assert "Amina" not in message.subject and match.reference not in message.subject
    assert "Amina" not in message.body and "/outcomes/r/" in message.body


@time_machine.travel(TODAY, tick=False)
def test_no_link_for_a_match_that_is_not_running(client, consultant_h):
    from matches.tests.factories import proposed_match

    proposed = proposed_match(by=consultant_h)
    client.force_login(consultant_h)
    response = client.post(reverse("outcomes:link_new", kwargs={"match_id": proposed.pk}))
    assert response.status_code == 302 and not ReadingLink.objects.exists()
