"""Supervision requests: recorded by hand or from the follow-up flag, booked, on the today page,
counted per quarter on the dashboard (no content)."""

from datetime import date

import time_machine
from django.urls import reverse

from audit.models import AuditEvent
from factories import VolunteerFactory
from followups.models import FollowUp, Kind
from followups.services import followup_record
from matches.tests.factories import active_match
from support.models import SupervisionRequest, SupervisionSource


def _url(name, **kwargs):
    return reverse(f"support:{name}", kwargs=kwargs)


@time_machine.travel(date(2024, 3, 6), tick=False)
def test_the_follow_up_flag_opens_one_supervision_request(consultant_h):
    match = active_match(by=consultant_h, start=date(2024, 3, 5))
    followup = FollowUp.objects.get(match=match, kind=Kind.DAY_AFTER)
    followup_record(
        followup=followup,
        by=consultant_h,
        done_on=date(2024, 3, 6),
        how="phone",
        with_whom="volunteer",
        flag_supervision=True,
    )
    request = SupervisionRequest.objects.get()
    assert (request.volunteer, request.source, request.requested_on) == (
        match.volunteer,
        SupervisionSource.FOLLOW_UP,
        date(2024, 3, 6),
    )
    from followups.services import followup_ad_hoc

    followup_ad_hoc(
        match=match,
        by=consultant_h,
        done_on=date(2024, 3, 6),
        how="phone",
        with_whom="volunteer",
        flag_supervision=True,
    )
    assert SupervisionRequest.objects.count() == 1  # still open: no second one


@time_machine.travel(date(2024, 3, 6), tick=False)
def test_consultant_records_books_and_closes_a_supervision(client, consultant_h, hovedstaden):
    volunteer = VolunteerFactory(region=hovedstaden, approved=True)
    client.force_login(consultant_h)
    page = client.get(_url("supervision_create", volunteer_id=volunteer.pk)).content.decode()
    assert "Beskriv ikke deltagerens helbred" in page  # the note's warning
    response = client.post(
        _url("supervision_create", volunteer_id=volunteer.pk),
        {"requested_on": "2024-03-06", "reason": "boundaries", "note": "Svært at sige nej", "asked_by_volunteer": "on"},
    )
    assert response.status_code == 302
    request = SupervisionRequest.objects.get()
    assert request.source == SupervisionSource.VOLUNTEER and request.is_open
    today = client.get(reverse("followups:today_panel", kwargs={"panel": "supervision"})).content.decode()
    assert _url("supervision_edit", supervision_id=request.pk) in today
    edit = _url("supervision_edit", supervision_id=request.pk)
    # Held needs a booking date: refused at the form, nothing saved.
    assert client.post(edit, {"reason": "boundaries", "note": "", "held": "yes"}).status_code == 400
    request.refresh_from_db()
    assert request.held is None
    response = client.post(edit, {"reason": "boundaries", "note": "", "booked_on": "2024-03-05", "held": "yes"})
    assert response.status_code == 400  # booked before it was requested
    response = client.post(edit, {"reason": "boundaries", "note": "", "booked_on": "2024-03-06", "held": "yes"})
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.held is True and request.booked_on == date(2024, 3, 6)
    assert (
        _url("supervision_edit", supervision_id=request.pk)
        not in client.get(reverse("followups:today_panel", kwargs={"panel": "supervision"})).content.decode()
    )
    # The audit names the record, never the note.
    details = " ".join(AuditEvent.objects.values_list("detail", flat=True))
    assert "Svært" not in details


def test_supervision_of_another_region_is_not_found(client, consultant_h, syddanmark):
    volunteer = VolunteerFactory(region=syddanmark, approved=True)
    request = SupervisionRequest.objects.create(volunteer=volunteer, requested_on=date(2024, 1, 1), reason="crisis")
    client.force_login(consultant_h)
    assert client.get(_url("supervision_edit", supervision_id=request.pk)).status_code == 404
    assert client.get(_url("supervision_create", volunteer_id=volunteer.pk)).status_code == 404


def test_student_assistant_sees_requirements_but_not_supervision(client, student, hovedstaden):
    volunteer = VolunteerFactory(region=hovedstaden)
    SupervisionRequest.objects.create(
        volunteer=volunteer, requested_on=date(2024, 1, 1), reason="crisis", note="Hemmeligt"
    )
    client.force_login(student)
    page = client.get(reverse("volunteers:detail", kwargs={"volunteer_id": volunteer.pk})).content.decode()
    assert "Underskrevet tavshedserklæring" in page
    assert "Hemmeligt" not in page and "supervision" not in page.lower()


def test_dashboard_counts_supervision_per_quarter_and_hides_small_counts(client, leader, evaluator, hovedstaden):
    volunteer = VolunteerFactory(region=hovedstaden, approved=True)
    for day in (date(2023, 1, 10), date(2023, 2, 1), date(2023, 3, 3), date(2023, 3, 30), date(2023, 3, 31)):
        SupervisionRequest.objects.create(volunteer=volunteer, requested_on=day, reason="other")
    SupervisionRequest.objects.create(
        volunteer=volunteer, requested_on=date(2023, 4, 2), reason="crisis", booked_on=date(2023, 4, 9), held=True
    )
    query = {"date_from": "2023-01-01", "date_to": "2023-06-30", "as_of": "2023-08-31"}
    from reports.tests.test_dashboard import cells

    client.force_login(leader)
    rows = cells(client.get(reverse("reports:dashboard"), query), "supervision")
    assert rows[1:] == [["1. kvartal 2023", "5", "0"], ["2. kvartal 2023", "1", "1"]]
    client.force_login(evaluator)
    rows = cells(client.get(reverse("reports:dashboard"), query), "supervision")
    assert rows[1:] == [["1. kvartal 2023", "5", "0"], ["2. kvartal 2023", "&lt;5", "&lt;5"]]
