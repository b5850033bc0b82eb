from datetime import date

import pytest

from accounts.models import Role, User
from demo import builder
from matches.models import Match
from referrals.models import Participant, ParticipantStatus
from volunteers.models import Volunteer

pytestmark = pytest.mark.django_db


def _snapshot():
    return (
        sorted(Participant.objects.values_list("reference", "first_name", "status", "postcode")),
        sorted(Volunteer.objects.values_list("reference", "first_name", "status")),
        sorted(Match.objects.values_list("reference", "status", "started_on")),
    )


def test_demo_data_is_idempotent_and_deterministic():
    builder.build(seed=7, today=date(2026, 11, 26), participants=60, volunteers=70)
    first = _snapshot()
    builder.build(seed=7, today=date(2026, 11, 26), participants=60, volunteers=70)
    assert _snapshot() == first
    assert Participant.objects.count() == 60 and Volunteer.objects.count() == 70


def test_demo_data_covers_every_role_and_many_statuses():
    builder.build(seed=1, today=date(2026, 11, 26))
    assert set(User.objects.values_list("role", flat=True)) == set(Role.values)
    statuses = set(Participant.objects.values_list("status", flat=True))
    assert {ParticipantStatus.WAITING, ParticipantStatus.MATCHED, ParticipantStatus.ENDED} <= statuses
    assert Match.objects.filter(started_on__year=2022).exists()
    assert not Participant.objects.exclude(postcode__regex=r"^\d{4}$").exists()


def test_demo_data_rebuilds_after_someone_matched_demo_people_by_hand(consultant_h):
    from matches.services import match_propose

    builder.build(seed=3, today=date(2026, 11, 26), participants=40, volunteers=60)
    waiting = Participant.objects.filter(status=ParticipantStatus.WAITING).first()
    free = Volunteer.objects.filter(status="approved", region=waiting.region).first()
    match_propose(participant=waiting, volunteer=free, by=consultant_h, on=date(2026, 11, 26))
    builder.build(seed=3, today=date(2026, 11, 26), participants=40, volunteers=60)
    assert not Match.objects.exclude(reference__startswith=builder.PREFIX).exists()


def test_demo_data_prints_danish_role_names(settings):
    from io import StringIO

    from django.core.management import call_command

    settings.DEBUG = True
    out = StringIO()
    call_command("demo_data", "--participants", "20", "--volunteers", "20", "--today", "2026-11-26", stdout=out)
    text = out.getvalue()
    assert "Projektleder" in text and "Demodata" in text
    assert "Project leader" not in text and "Consultant" not in text and "Demo logins" not in text
