"""Campaigns: attribution counts computed in the database, scope per region, validation."""

from datetime import date

import pytest
from django.urls import reverse

from factories import MatchFactory, VolunteerFactory
from volunteers.models import Campaign, Screening, Volunteer, VolunteerStatus

from .factories import CampaignFactory

pytestmark = pytest.mark.django_db
S = VolunteerStatus


def test_counts_applications_screened_approved_and_matched_per_campaign(
    client, student, hovedstaden, django_assert_max_num_queries
):
    campaign = CampaignFactory(region=hovedstaden, name="Facebook forår")
    other = CampaignFactory(region=None, name="Landsdækkende")
    VolunteerFactory(campaign=campaign)  # applied only
    screened = VolunteerFactory(campaign=campaign, status=S.SCREENED)
    screened.status_changes.create(to_status=S.SCREENED, on=date(2024, 1, 5))
    approved = VolunteerFactory(campaign=campaign, approved=True)
    approved.status_changes.create(to_status=S.SCREENED, on=date(2023, 11, 20))
    matched = MatchFactory().volunteer
    matched.campaign = campaign
    matched.save()
    matched.status_changes.create(to_status=S.SCREENED, on=date(2023, 11, 20))
    MatchFactory(volunteer=matched, slot=2, status="ended")  # two matches count once
    VolunteerFactory(campaign=other)
    client.force_login(student)
    with django_assert_max_num_queries(10):
        response = client.get(reverse("volunteers:campaigns"))
    rows = {c.name: (c.applications, c.screened, c.approved, c.matched) for c in response.context["campaigns"]}
    assert rows == {"Facebook forår": (4, 3, 2, 1), "Landsdækkende": (1, 0, 0, 0)}


def test_consultant_sees_national_and_own_region_campaigns_only(client, consultant_s, hovedstaden, syddanmark):
    CampaignFactory(region=hovedstaden, name="H")
    CampaignFactory(region=syddanmark, name="S")
    CampaignFactory(region=None, name="N")
    client.force_login(consultant_s)
    names = {c.name for c in client.get(reverse("volunteers:campaigns")).context["campaigns"]}
    assert names == {"S", "N"}
    hidden = Campaign.objects.get(name="H")
    assert client.get(reverse("volunteers:campaign_edit", kwargs={"campaign_id": hidden.pk})).status_code == 404


def test_student_creates_and_edits_a_campaign_with_a_fixed_link_code(client, student, hovedstaden):
    client.force_login(student)
    response = client.post(
        reverse("volunteers:campaign_create"),
        {"name": "Frivilligjob.dk", "channel": "job_platform", "region": hovedstaden.pk, "starts_on": "2024-02-01"},
    )
    assert response.status_code == 302
    campaign = Campaign.objects.get()
    assert campaign.created_by == student and len(campaign.slug) >= 8
    slug = campaign.slug
    client.post(
        reverse("volunteers:campaign_edit", kwargs={"campaign_id": campaign.pk}),
        {"name": "Frivilligjob.dk 2", "channel": "job_platform", "region": hovedstaden.pk, "starts_on": "2024-02-01"},
    )
    campaign.refresh_from_db()
    assert campaign.name == "Frivilligjob.dk 2" and campaign.region == hovedstaden and campaign.slug == slug


def test_leader_creates_a_national_campaign(client, leader):
    client.force_login(leader)
    client.post(
        reverse("volunteers:campaign_create"),
        {"name": "Landsdækkende", "channel": "event", "region": "", "starts_on": "2024-02-01"},
    )
    assert Campaign.objects.get().region is None


@pytest.mark.parametrize("persona", ["consultant_h", "student"])
def test_consultant_and_student_cannot_create_a_national_campaign(client, personas, persona):
    client.force_login(personas[persona])
    response = client.post(
        reverse("volunteers:campaign_create"),
        {"name": "Landsdækkende", "channel": "event", "region": "", "starts_on": "2024-02-01"},
    )
    assert response.status_code == 200 and "region" in response.context["form"].errors
    assert not Campaign.objects.exists()


@pytest.mark.parametrize("persona", ["consultant_h", "student"])
def test_national_campaign_is_read_only_for_consultant_and_student(client, personas, persona, hovedstaden):
    national = CampaignFactory(region=None, name="Landsdækkende")
    client.force_login(personas[persona])
    url = reverse("volunteers:campaign_edit", kwargs={"campaign_id": national.pk})
    page = client.get(url)
    assert page.status_code == 200 and not page.context["editable"]
    assert all(field.disabled for field in page.context["form"].fields.values())
    response = client.post(
        url, {"name": "Min region nu", "channel": "event", "region": hovedstaden.pk, "starts_on": "2024-02-01"}
    )
    assert response.status_code == 200 and response.context["form"].non_field_errors()
    national.refresh_from_db()
    assert national.region is None and national.name == "Landsdækkende"


def test_campaign_service_refuses_national_campaigns_for_a_consultant(consultant_h, hovedstaden):
    from django.core.exceptions import ValidationError

    from volunteers import services

    with pytest.raises(ValidationError):
        services.campaign_save(
            campaign=Campaign(name="X", channel="event", starts_on=date(2024, 2, 1)), by=consultant_h
        )
    national = CampaignFactory(region=None)
    national.region = hovedstaden
    with pytest.raises(ValidationError):
        services.campaign_save(campaign=national, by=consultant_h)
    assert Campaign.objects.get(pk=national.pk).region is None


def test_campaign_ending_before_it_starts_shows_the_error_and_saves_nothing(client, consultant_h, hovedstaden):
    client.force_login(consultant_h)
    response = client.post(
        reverse("volunteers:campaign_create"),
        {"name": "X", "channel": "event", "starts_on": "2024-02-01", "ends_on": "2024-01-01"},
    )
    assert response.status_code == 200 and "ends_on" in response.context["form"].errors
    assert not Campaign.objects.exists()


def test_consultant_cannot_put_a_campaign_in_another_region(client, consultant_h, syddanmark):
    client.force_login(consultant_h)
    response = client.post(
        reverse("volunteers:campaign_create"),
        {"name": "X", "channel": "event", "region": syddanmark.pk, "starts_on": "2024-02-01"},
    )
    assert "region" in response.context["form"].errors
    assert not Campaign.objects.exists()


def test_demo_campaigns_are_built_idempotently():
    from demo import builder

    builder.build(seed=3, today=date(2026, 11, 26), participants=30, volunteers=80)
    first = (
        sorted(Campaign.objects.values_list("slug", "name")),
        Screening.objects.count(),
        Volunteer.objects.filter(campaign__isnull=False).count(),
    )
    builder.build(seed=3, today=date(2026, 11, 26), participants=30, volunteers=80)
    again = (
        sorted(Campaign.objects.values_list("slug", "name")),
        Screening.objects.count(),
        Volunteer.objects.filter(campaign__isnull=False).count(),
    )
    assert again == first
    assert len(first[0]) == 4 and first[1] > 0 and first[2] > 0
    assert not Volunteer.objects.filter(status=S.REDIRECTED, redirected_to="").exists()


def test_campaign_links_use_the_host_the_page_was_requested_on(client, student, hovedstaden, settings):
    settings.SITE_URL = "http://127.0.0.1:8000"
    settings.ALLOWED_HOSTS = ["frivillig.example.org"]
    campaign = CampaignFactory(region=hovedstaden)
    client.force_login(student)
    expected = f"http://frivillig.example.org{reverse('volunteers:apply')}?c={campaign.slug}"
    listing = client.get(reverse("volunteers:campaigns"), HTTP_HOST="frivillig.example.org").content.decode()
    edit = client.get(
        reverse("volunteers:campaign_edit", kwargs={"campaign_id": campaign.pk}), HTTP_HOST="frivillig.example.org"
    ).content.decode()
    for page in (listing, edit):
        assert expected in page and "127.0.0.1" not in page
