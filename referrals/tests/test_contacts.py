"""The social worker sees their region's contact consultant(s) on the home page and referral pages."""

import pytest
from django.urls import reverse

from factories import ParticipantFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def contact(hovedstaden):
    return UserFactory(
        username="kontakt.h",
        first_name="Mette",
        last_name="Lund",
        phone="+4533445566",
        email="mette@example.org",
        regions=[hovedstaden],
    )


def test_social_worker_sees_the_contact_consultant_everywhere(client, social_worker_h, consultant_h, contact, dignity):
    participant = ParticipantFactory(region=dignity.region, treatment_centre=dignity, referred_by=social_worker_h)
    client.force_login(social_worker_h)
    for url in (
        reverse("accounts:home"),
        reverse("referrals:list"),
        reverse("referrals:detail", kwargs={"participant_id": participant.pk}),
    ):
        page = client.get(url).content.decode()
        assert "Mette Lund" in page and "+4533445566" in page and "mette@example.org" in page, url
        assert "Dine kontaktkonsulenter" in page  # consultant_h works in the region too


def test_another_regions_consultant_is_not_shown(client, social_worker_s, contact):
    client.force_login(social_worker_s)
    assert "Mette Lund" not in client.get(reverse("accounts:home")).content.decode()


def test_consultants_do_not_get_the_contact_box(client, consultant_h, contact):
    client.force_login(consultant_h)
    assert "kontaktkonsulent" not in client.get(reverse("accounts:home")).content.decode()
