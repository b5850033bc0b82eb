"""The program's dates are Copenhagen's, whatever the server process's own time zone is."""

import time
from datetime import date

import pytest
import time_machine
from django.urls import reverse

from factories import ParticipantFactory
from referrals.forms import ReferralForm, TriageDateForm
from referrals.models import Participant, ParticipantStatus

pytestmark = pytest.mark.django_db
# 23:30 in UTC is already the next day (00:30) in Copenhagen.
LATE_EVENING_UTC = "2025-03-04 23:30 +0000"
COPENHAGEN_DAY = date(2025, 3, 5)


@pytest.fixture
def utc_server(monkeypatch):
    """A server process running in UTC (the OS clock), not in Europe/Copenhagen."""
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


@time_machine.travel(LATE_EVENING_UTC, tick=False)
def test_referral_is_dated_with_the_copenhagen_date(client, personas, referral_post, utc_server):
    client.force_login(personas["social_worker_h"])
    response = client.post(reverse("referrals:create"), referral_post)
    assert response.status_code == 302
    participant = Participant.objects.get()
    assert participant.referred_on == COPENHAGEN_DAY


@time_machine.travel(LATE_EVENING_UTC, tick=False)
def test_forms_default_to_the_copenhagen_date(utc_server, hovedstaden):
    participant = ParticipantFactory(region=hovedstaden, status=ParticipantStatus.REFERRED)
    assert ReferralForm().today == COPENHAGEN_DAY
    assert TriageDateForm(participant=participant).today == COPENHAGEN_DAY
