from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.sessions.models import Session
from django.urls import reverse

pytestmark = pytest.mark.django_db
START = datetime(2026, 3, 2, 9, 0, tzinfo=ZoneInfo("Europe/Copenhagen"))


def _expiry(client):
    return Session.objects.get(session_key=client.session.session_key).expire_date


def test_the_session_is_written_at_most_once_a_minute_and_still_expires_when_idle(client, consultant_h):
    with time_machine.travel(START, tick=False) as clock:
        client.post(reverse("accounts:login"), {"username": "konsulent.h", "password": "test-password-123"})
        client.get(reverse("accounts:home"))
        first = _expiry(client)
        clock.shift(timedelta(seconds=30))
        client.get(reverse("accounts:home"))
        assert _expiry(client) == first  # no write within the minute
        clock.shift(timedelta(seconds=60))
        client.get(reverse("accounts:home"))
        assert _expiry(client) == first + timedelta(seconds=90)  # activity moves the expiry on
        clock.shift(timedelta(minutes=46))
        assert client.get(reverse("accounts:home")).status_code == 302  # idle too long: logged out
