"""Correcting a volunteer's contact details and profile from the volunteer page: audited by field
name only; the student assistant corrects contact details, casework staff the profile too."""

import pytest
from django.urls import reverse

from audit.models import AuditEvent
from factories import VolunteerFactory
from volunteers.models import VolunteerStatus

pytestmark = pytest.mark.django_db


def url(volunteer):
    return reverse("volunteers:edit", kwargs={"volunteer_id": volunteer.pk})


def contact(**overrides):
    return {
        "first_name": "Karen",
        "last_name": "Holm",
        "phone": "20 30 40 50",
        "email": "karen@example.org",
        "postcode": "2100",
        **overrides,
    }


def profile(**overrides):
    return {
        "gender": "female",
        "birth_year": "1975",
        "education_job": "Lærer",
        "languages": ["da", "ar"],
        "interests": ["walks"],
        "availability": ["weekday_daytime"],
        "hours_per_month": "8",
        **overrides,
    }


def test_consultant_corrects_phone_and_languages_and_the_audit_names_fields_only(client, consultant_h, hovedstaden):
    volunteer = VolunteerFactory(region=hovedstaden, status=VolunteerStatus.APPROVED, first_name="Karen")
    client.force_login(consultant_h)
    assert client.get(url(volunteer)).status_code == 200
    response = client.post(url(volunteer), {**contact(last_name=volunteer.last_name), **profile()})
    assert response.status_code == 302
    volunteer.refresh_from_db()
    assert volunteer.phone == "+4520304050"
    assert volunteer.languages == ["da", "ar"]
    event = AuditEvent.objects.get(action="change", target_type="volunteers.volunteer", target_id=str(volunteer.pk))
    assert event.actor == consultant_h
    assert "phone" in event.detail and "languages" in event.detail
    assert "2030" not in event.detail and "karen@" not in event.detail and "first_name" not in event.detail


def test_the_volunteer_page_links_to_the_edit_page(client, consultant_h, hovedstaden):
    volunteer = VolunteerFactory(region=hovedstaden)
    client.force_login(consultant_h)
    page = client.get(reverse("volunteers:detail", kwargs={"volunteer_id": volunteer.pk})).content.decode()
    assert url(volunteer) in page


def test_student_assistant_edits_contact_details_only(client, student, hovedstaden):
    volunteer = VolunteerFactory(region=hovedstaden, status=VolunteerStatus.APPLIED, birth_year=1975)
    client.force_login(student)
    page = client.get(url(volunteer)).content.decode()
    assert 'name="phone"' in page and 'name="birth_year"' not in page
    response = client.post(url(volunteer), {**contact(), **profile(birth_year="1990")})
    assert response.status_code == 302
    volunteer.refresh_from_db()
    assert volunteer.email == "karen@example.org"
    assert volunteer.birth_year == 1975  # the profile is not the student's to change


def test_bad_input_names_the_field_and_saves_nothing(client, consultant_h, hovedstaden):
    volunteer = VolunteerFactory(region=hovedstaden, phone="+4511111111")
    client.force_login(consultant_h)
    response = client.post(url(volunteer), {**contact(phone="12", postcode="0000"), **profile()})
    assert response.status_code == 200
    page = response.content.decode()
    assert "telefonnummer" in page and "postnummer" in page
    volunteer.refresh_from_db()
    assert volunteer.phone == "+4511111111"
    assert not AuditEvent.objects.filter(action="change").exists()


def test_another_regions_consultant_gets_404(client, consultant_s, hovedstaden):
    volunteer = VolunteerFactory(region=hovedstaden)
    client.force_login(consultant_s)
    assert client.get(url(volunteer)).status_code == 404
    assert client.post(url(volunteer), {**contact(), **profile()}).status_code == 404


def test_the_application_reason_is_a_code_shown_in_danish(client, consultant_h, hovedstaden):
    from datetime import date

    from volunteers.models import StatusReason

    volunteer = VolunteerFactory(region=hovedstaden)
    volunteer.status_changes.create(to_status="applied", on=date(2023, 11, 1), reason=StatusReason.APPLICATION_FORM)
    client.force_login(consultant_h)
    page = client.get(reverse("volunteers:detail", kwargs={"volunteer_id": volunteer.pk})).content.decode()
    assert "Søgte via ansøgningsskemaet" in page and "application" not in page.lower().replace("application/", "")
