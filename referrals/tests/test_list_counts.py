"""Lists people use every day show how many results they hold, with the right plural."""

import pytest
from django.urls import reverse

from factories import MatchFactory, ParticipantFactory, VolunteerFactory

pytestmark = pytest.mark.django_db


def test_referral_list_counts(client, consultant_h, hovedstaden):
    ParticipantFactory(region=hovedstaden)
    client.force_login(consultant_h)
    assert "1 henvisning<" in client.get(reverse("referrals:list")).content.decode()
    ParticipantFactory(region=hovedstaden)
    assert "2 henvisninger" in client.get(reverse("referrals:list")).content.decode()


def test_volunteer_list_counts(client, student, hovedstaden):
    VolunteerFactory.create_batch(3, region=hovedstaden)
    client.force_login(student)
    assert "3 frivillige" in client.get(reverse("volunteers:list")).content.decode()


def test_match_list_counts(client, consultant_h, hovedstaden):
    MatchFactory(participant=ParticipantFactory(region=hovedstaden))
    client.force_login(consultant_h)
    assert "1 match<" in client.get(reverse("matches:list")).content.decode()
