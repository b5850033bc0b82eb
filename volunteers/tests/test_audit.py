"""Every page showing a volunteer's data is audited; settings and campaigns leave an audit event."""

import pytest
from django.urls import reverse

from audit.models import AuditEvent
from factories import VolunteerFactory
from volunteers.models import Screening, VolunteerStatus

from .test_pipeline import meeting

pytestmark = pytest.mark.django_db

STEPS = ["screening_book", "screening_record", "decide", "pause", "leave", "resume", "capacity"]


def _views(volunteer):
    return AuditEvent.objects.filter(action="view", target_type="volunteers.volunteer", target_id=str(volunteer.pk))


@pytest.mark.parametrize("name", STEPS)
def test_step_page_shown_to_a_consultant_is_audited(client, consultant_h, hovedstaden, name):
    volunteer = VolunteerFactory(region=hovedstaden, status=VolunteerStatus.SCREENING_BOOKED)
    Screening.objects.create(volunteer=volunteer, meeting_at=meeting())
    client.force_login(consultant_h)
    response = client.get(reverse(f"volunteers:{name}", kwargs={"volunteer_id": volunteer.pk}))
    assert response.status_code == 200
    assert _views(volunteer).filter(actor=consultant_h).count() == 1


def test_step_page_of_another_region_is_404_and_not_audited(client, consultant_s, hovedstaden):
    volunteer = VolunteerFactory(region=hovedstaden)
    client.force_login(consultant_s)
    assert client.get(reverse("volunteers:decide", kwargs={"volunteer_id": volunteer.pk})).status_code == 404
    assert not _views(volunteer).exists()


def test_saving_a_campaign_and_the_sleep_on_it_setting_is_audited(client, leader, hovedstaden):
    client.force_login(leader)
    client.post(
        reverse("volunteers:campaign_create"),
        {"name": "Forår", "channel": "event", "region": hovedstaden.pk, "starts_on": "2024-02-01"},
    )
    assert AuditEvent.objects.filter(actor=leader, action="create", target_type="volunteers.campaign").count() == 1
    client.post(reverse("volunteers:sleep_days", kwargs={"region": hovedstaden.slug}), {"sleep_on_it_days": 10})
    assert AuditEvent.objects.filter(actor=leader, action="change", target_type="volunteers.regionsettings").exists()
