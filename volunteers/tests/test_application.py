"""The public application form: region from postcode, campaign attribution, consent, spam limits."""

from datetime import date

import pytest
import time_machine
from django.core import mail
from django.core.cache import cache
from django.urls import reverse

from audit.models import AuditEvent
from notifications.models import Notification
from regions.models import Region
from volunteers import services
from volunteers.models import Volunteer, VolunteerStatus

from .factories import CampaignFactory

pytestmark = pytest.mark.django_db

URL = reverse("volunteers:apply")


@pytest.fixture(autouse=True)
def fresh_rate_limit():
    cache.clear()
    yield
    cache.clear()


def application(**overrides):
    data = {
        "first_name": "Maja",
        "last_name": "Holm",
        "email": "maja@example.org",
        "phone": "+45 20 30 40 50",
        "postcode": "2200",
        "gender": "female",
        "birth_year": "1985",
        "education_job": "Sygeplejerske",
        "has_children": "no",
        "languages": ["da", "en"],
        "interests": ["walks", "cooking"],
        "availability": ["weekend"],
        "hours_per_month": "8",
        "earlier_volunteering": "Lektiecafé",
        "experience_vulnerable": "Hospital",
        "motivation": "Jeg vil gerne gøre en forskel.",
        "consent": "on",
        "website": "",
        "c": "",
    }
    data.update(overrides)
    return data


def test_anonymous_applicant_is_stored_in_the_postcode_region_and_the_consultant_is_notified(
    client, consultant_h, consultant_s, hovedstaden
):
    response = client.post(URL, application())
    assert response.status_code == 302 and response["Location"] == reverse("volunteers:apply_done")
    volunteer = Volunteer.objects.get()
    assert volunteer.region == hovedstaden and volunteer.status == VolunteerStatus.APPLIED
    assert volunteer.applied_on and volunteer.consent_on == volunteer.applied_on
    assert volunteer.interests == ["walks", "cooking"] and volunteer.has_children is False
    assert volunteer.status_changes.get().to_status == VolunteerStatus.APPLIED
    assert Notification.objects.filter(recipient=consultant_h).count() == 1
    assert not Notification.objects.filter(recipient=consultant_s).exists()
    notice = Notification.objects.get()
    # The region's consultant may see the volunteer: the notice names them (the e-mail never does).
    assert f"{volunteer.reference} ({volunteer.full_name})" in notice.text
    assert AuditEvent.objects.filter(target_id=str(volunteer.pk), action="create").exists()
    assert client.get(reverse("volunteers:apply_done")).status_code == 200


def test_application_through_a_campaign_link_is_attributed_to_the_campaign(client, hovedstaden):
    campaign = CampaignFactory(region=hovedstaden)
    page = client.get(URL + f"?c={campaign.slug}")
    assert page.context["form"]["c"].value() == campaign.slug
    client.post(URL, application(c=campaign.slug))
    assert Volunteer.objects.get().campaign == campaign


@pytest.mark.parametrize(
    "period", [(date(2024, 1, 1), date(2024, 2, 29)), (date(2024, 4, 1), None)], ids=["ended", "not_started"]
)
def test_application_outside_the_campaign_period_is_accepted_but_not_attributed(client, hovedstaden, period):
    starts_on, ends_on = period
    campaign = CampaignFactory(region=hovedstaden, starts_on=starts_on, ends_on=ends_on)
    with time_machine.travel(date(2024, 3, 15), tick=False):
        response = client.post(URL, application(c=campaign.slug))
    assert response.status_code == 302
    assert Volunteer.objects.get().campaign is None


def test_unknown_campaign_code_still_accepts_the_application(client, hovedstaden):
    client.post(URL, application(c="nonsense"))
    assert Volunteer.objects.get().campaign is None


@pytest.mark.parametrize(
    ("field", "value"),
    [("consent", ""), ("postcode", "9999"), ("postcode", "22"), ("birth_year", "2020"), ("motivation", "")],
)
def test_invalid_application_shows_the_field_error_and_saves_nothing(client, hovedstaden, field, value):
    response = client.post(URL, application(**{field: value}))
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not Volunteer.objects.exists()


def test_filled_honeypot_pretends_success_and_saves_nothing(client, hovedstaden):
    response = client.post(URL, application(website="http://spam.example"))
    assert response.status_code == 302
    assert not Volunteer.objects.exists()


def test_rate_limit_per_address_refuses_further_applications(client, hovedstaden, monkeypatch):
    monkeypatch.setattr(services, "APPLY_RATE_LIMIT", 2)
    for number in range(2):
        assert client.post(URL, application(email=f"a{number}@example.org")).status_code == 302
    response = client.post(URL, application(email="third@example.org"))
    assert response.status_code == 429
    assert Volunteer.objects.count() == 2
    # Another address is not affected.
    assert client.post(URL, application(), REMOTE_ADDR="10.0.0.9").status_code == 302


def test_region_without_program_notifies_project_leaders(client, leader, consultant_h):
    client.post(URL, application(postcode="8000"))  # Aarhus, Region Midtjylland: not active
    volunteer = Volunteer.objects.get()
    assert volunteer.region == Region.objects.get(slug="midtjylland")
    assert list(Notification.objects.values_list("recipient__username", flat=True)) == [leader.username]


def test_receipt_email_only_when_email_is_configured_and_without_the_application(
    client, hovedstaden, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_ENABLED = False
    with django_capture_on_commit_callbacks(execute=True):
        client.post(URL, application(email="first@example.org"))
    assert not mail.outbox
    settings.EMAIL_ENABLED = True
    with django_capture_on_commit_callbacks(execute=True):
        client.post(URL, application(email="second@example.org"))
    receipt = next(m for m in mail.outbox if m.to == ["second@example.org"])
    assert "Maja" not in receipt.subject + receipt.body
    assert "2200" not in receipt.body and "Sygeplejerske" not in receipt.body


def test_volunteers_use_the_shared_region_contacts_rule_without_a_wrapper():
    """One rule for who hears about a region's news: accounts.selectors.region_contacts, no copy here."""
    from volunteers import selectors

    assert not hasattr(selectors, "region_consultants")


@pytest.mark.parametrize(
    ("phone", "message"),
    [
        ("abc", "Skriv et telefonnummer"),
        ("1234", "Skriv et telefonnummer"),
        ("123456789", "Et dansk telefonnummer har 8 cifre"),
    ],
)
def test_application_with_an_invalid_phone_shows_the_message_and_saves_nothing(client, hovedstaden, phone, message):
    response = client.post(URL, application(phone=phone))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Volunteer.objects.exists()


def test_application_phone_is_stored_normalised(client, hovedstaden):
    client.post(URL, application(phone="20 30 40 50"))
    assert Volunteer.objects.get().phone == "+4520304050"


def test_application_page_states_the_commitment_up_front(client):
    page = client.get(URL).content.decode()
    assert "mindst seks måneder" in page and "hver anden uge" in page
    assert page.index("mindst seks måneder") < page.index('<form method="post" novalidate')
