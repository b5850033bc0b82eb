"""The referring social worker hears about their referral's match: proposed, meeting booked or
moved, started, ended. The notice names the participant (their own referral) beside the reference,
never the volunteer; the e-mail names nobody."""

from datetime import date

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import translation

from followups.services import match_close
from matches.models import MEETING_CHECKLIST, EndReason
from matches.tests.factories import active_match, proposed_match
from notifications.models import Notification

pytestmark = pytest.mark.django_db

MEETING = {
    "starts_at": "2024-03-12T10:00",
    "place_type": "ngo_office",
    "address": "Borgergade 10, 1300 København K",
    "attendees": ["participant", "volunteer", "consultant", "social_worker"],
}


def _url(name, match):
    return reverse(f"matches:{name}", kwargs={"match_id": match.pk})


def _notices(user):
    with translation.override("da"):
        return [notice.text for notice in Notification.objects.filter(recipient=user).order_by("pk")]


def _named(match):
    return f"{match.participant.reference} ({match.participant.full_name})"


def _assert_no_volunteer_name(match, texts):
    for text in texts:
        for name in (match.volunteer.first_name, match.volunteer.last_name):
            assert name not in text


def test_social_worker_is_told_when_a_volunteer_is_proposed(
    settings, consultant_h, social_worker_h, django_capture_on_commit_callbacks
):
    settings.EMAIL_ENABLED = True
    social_worker_h.email = "sr@example.org"
    social_worker_h.save()
    with django_capture_on_commit_callbacks(execute=True):
        match = proposed_match(by=consultant_h, referred_by=social_worker_h)
    [notice] = Notification.objects.filter(recipient=social_worker_h)
    assert notice.url == _url("detail", match)
    [text] = _notices(social_worker_h)
    assert text == f"Der er foreslået en frivillig til henvisning {_named(match)}."
    _assert_no_volunteer_name(match, [text])
    [message] = mail.outbox
    assert message.bcc == ["sr@example.org"]
    assert match.participant.reference not in message.subject and match.participant.first_name not in message.body


def test_consultant_who_phoned_in_the_referral_is_not_told_about_their_own_proposal(consultant_h):
    proposed_match(by=consultant_h, referred_by=consultant_h)
    assert not Notification.objects.filter(recipient=consultant_h).exists()


@time_machine.travel(date(2024, 3, 5), tick=False)
def test_social_worker_is_told_when_the_meeting_is_booked_and_moved(
    client, settings, consultant_h, social_worker_h, django_capture_on_commit_callbacks
):
    settings.EMAIL_ENABLED = True
    social_worker_h.email = "sr@example.org"
    social_worker_h.save()
    match = proposed_match(by=consultant_h, referred_by=social_worker_h)
    client.force_login(consultant_h)
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(_url("meeting", match), MEETING).status_code == 302
        assert client.post(_url("meeting", match), {**MEETING, "starts_at": "2024-03-13T11:00"}).status_code == 302
    texts = _notices(social_worker_h)
    reference = _named(match)
    assert texts[1:] == [
        f"Der er booket et matchmøde for henvisning {reference}.",
        f"Matchmødet for henvisning {reference} er flyttet eller ændret.",
    ]
    _assert_no_volunteer_name(match, texts)
    # The invitation (with the calendar file) is their e-mail; no extra "new notice" e-mail.
    assert [message.attachments != [] for message in mail.outbox] == [True, True]


@time_machine.travel(date(2024, 3, 12), tick=False)
def test_social_worker_is_told_when_the_match_starts(client, consultant_h, social_worker_h):
    match = proposed_match(by=consultant_h, referred_by=social_worker_h)
    client.force_login(consultant_h)
    client.post(_url("meeting", match), MEETING)
    response = client.post(
        _url("meeting_hold", match), {**dict.fromkeys(MEETING_CHECKLIST, "on"), "agreed_frequency": "weekly"}
    )
    assert response.status_code == 302
    assert _notices(social_worker_h)[-1] == f"Matchet for henvisning {_named(match)} er startet."


@time_machine.travel(date(2024, 9, 2), tick=False)
def test_social_worker_is_told_when_the_match_ends(consultant_h, social_worker_h):
    match = active_match(by=consultant_h, referred_by=social_worker_h)
    match_close(
        match=match,
        by=consultant_h,
        on=date(2024, 9, 1),
        planned=True,
        initiated_by="volunteer",
        reason=EndReason.objects.get(name="Deltager flyttede"),
        conversation_with_participant=True,
        conversation_with_volunteer=True,
    )
    texts = _notices(social_worker_h)
    assert texts[-1] == f"Matchet for henvisning {_named(match)} er afsluttet."
    assert len(texts) == 3  # proposed, started, ended
    _assert_no_volunteer_name(match, texts)
