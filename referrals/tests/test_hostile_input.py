"""Inputs a security test found answering 500: each is a clear message now."""

import pytest
from django.urls import reverse

from factories import VolunteerFactory
from volunteers.models import Screening

pytestmark = pytest.mark.django_db


def test_an_absurd_waiting_days_filter_is_a_message_not_a_server_error(client, consultant_h):
    client.force_login(consultant_h)
    response = client.get(reverse("referrals:waiting"), {"waiting_days": "99999999999999999999999"})
    assert response.status_code == 200
    assert "36500" in response.content.decode()


def test_a_screening_in_year_one_is_a_message_not_a_server_error(client, consultant_h, hovedstaden):
    volunteer = VolunteerFactory(region=hovedstaden)
    client.force_login(consultant_h)
    url = reverse("volunteers:screening_book", kwargs={"volunteer_id": volunteer.pk})
    response = client.post(url, {"meeting_at": "0001-01-01T00:00", "place": "Kontoret"})
    assert response.status_code in (200, 400)
    assert "inden for et år" in response.content.decode()
    assert not Screening.objects.exists()
