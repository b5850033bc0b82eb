"""A notice names the person only for a reader who may see that person's record; e-mails never."""

import pytest
from django.core import mail
from django.utils import translation

from factories import ParticipantFactory
from notifications.services import notify

pytestmark = pytest.mark.django_db
MSG = "Referral %(reference)s was withdrawn."


def _text(user):
    with translation.override("en"):
        return user.notifications.get().text


def test_only_readers_who_see_the_record_get_the_name(
    settings,
    leader,
    consultant_h,
    consultant_s,
    social_worker_h,
    social_worker_s,
    dignity,
    django_capture_on_commit_callbacks,
):
    settings.EMAIL_ENABLED = True
    for user in (leader, consultant_h, consultant_s, social_worker_h, social_worker_s):
        user.email = f"{user.username}@example.org"
        user.save()
    person = ParticipantFactory(
        region=dignity.region,
        treatment_centre=dignity,
        referred_by=social_worker_h,
        first_name="Amina",
        last_name="Rahimi",
    )
    readers = [leader, consultant_h, consultant_s, social_worker_h, social_worker_s]
    with django_capture_on_commit_callbacks(execute=True):
        notify(recipients=readers, message=MSG, params={"reference": person.reference}, person=person)
    for user in (leader, consultant_h, social_worker_h):
        assert _text(user) == f"Referral {person.reference} (Amina Rahimi) was withdrawn."
    for user in (consultant_s, social_worker_s):
        assert _text(user) == f"Referral {person.reference} was withdrawn."
    [message] = mail.outbox
    assert "Amina" not in message.subject + message.body and "Rahimi" not in message.body
    assert all("Amina" not in str(alt) for alt in getattr(message, "alternatives", []))
