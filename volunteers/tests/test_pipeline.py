"""Screening pipeline: transitions dated and attributed, role limits, the board's flags."""

from datetime import date, datetime, timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from factories import MatchFactory, VolunteerFactory
from volunteers.models import RegionSettings, Screening, VolunteerStatus

pytestmark = pytest.mark.django_db
S = VolunteerStatus
TODAY = date(2024, 5, 15)


def url(name, volunteer):
    return reverse(f"volunteers:{name}", kwargs={"volunteer_id": volunteer.pk})


def meeting(day=TODAY):
    return timezone.make_aware(datetime.combine(day, datetime.min.time()) + timedelta(hours=10))


def booked(region, **kwargs):
    volunteer = VolunteerFactory(region=region, status=S.SCREENING_BOOKED, **kwargs)
    Screening.objects.create(volunteer=volunteer, meeting_at=meeting())
    return volunteer


RECORD = {
    "held_on": "2024-05-15",
    "birth_year": "1975",
    "education_job": "Lærer",
    "has_children": "yes",
    "interests": ["walks"],
    "postcode": "2100",
    "languages": ["da", "ar"],
    "availability": ["weekend"],
    "hours_per_month": "8",
    "professional_background": "on",
    "wished_participant_gender": "female",
    "family": "Gift, to børn",
    "motivation": "Vil gerne hjælpe",
    "commits_six_months": "yes",
    "hard_stories": "Har det fint med det",
    "assessment": "Rolig og empatisk — SECRET-ASSESSMENT",
}


@time_machine.travel(TODAY)
def test_consultant_books_records_and_approves_each_step_dated_and_attributed(client, consultant_h, hovedstaden):
    volunteer = VolunteerFactory(region=hovedstaden)
    client.force_login(consultant_h)
    response = client.post(url("screening_book", volunteer), {"meeting_at": "2024-05-20T10:00", "place": "Kontoret"})
    assert response.status_code == 302
    volunteer.refresh_from_db()
    assert volunteer.status == S.SCREENING_BOOKED
    assert client.post(url("screening_record", volunteer), {**RECORD, "held_on": "2024-05-15"}).status_code == 302
    volunteer.refresh_from_db()
    assert volunteer.status == S.SCREENED and volunteer.languages == ["da", "ar"] and volunteer.professional_background
    assert volunteer.screening.assessment.startswith("Rolig") and volunteer.screening.commits_six_months is True
    response = client.post(url("decide", volunteer), {"outcome": S.APPROVED, "on": "2024-05-15"})
    assert response.status_code == 302
    volunteer.refresh_from_db()
    assert volunteer.status == S.APPROVED and volunteer.approved_on == TODAY
    steps = list(volunteer.status_changes.values_list("to_status", "on", "by"))
    assert steps == [
        (S.SCREENING_BOOKED, TODAY, consultant_h.pk),
        (S.SCREENED, TODAY, consultant_h.pk),
        (S.APPROVED, TODAY, consultant_h.pk),
    ]
    assert volunteer in type(volunteer).objects.available()


@time_machine.travel(TODAY)
def test_approving_before_screening_is_refused_and_nothing_changes(client, consultant_h, hovedstaden):
    volunteer = VolunteerFactory(region=hovedstaden)
    client.force_login(consultant_h)
    response = client.post(url("decide", volunteer), {"outcome": S.APPROVED, "on": "2024-05-15"})
    assert response.status_code == 400 and "outcome" in response.context["form"].errors
    volunteer.refresh_from_db()
    assert volunteer.status == S.APPLIED and volunteer.approved_on is None


@time_machine.travel(TODAY)
def test_recording_a_screening_without_booking_is_refused(client, consultant_h, hovedstaden):
    volunteer = VolunteerFactory(region=hovedstaden)
    client.force_login(consultant_h)
    response = client.post(url("screening_record", volunteer), RECORD)
    assert response.status_code == 302
    volunteer.refresh_from_db()
    assert volunteer.status == S.APPLIED and not Screening.objects.exists()


@time_machine.travel(TODAY)
def test_future_screening_date_shows_the_error_and_saves_nothing(client, consultant_h, hovedstaden):
    volunteer = booked(hovedstaden)
    client.force_login(consultant_h)
    response = client.post(url("screening_record", volunteer), {**RECORD, "held_on": "2024-06-01"})
    assert response.status_code == 200 and "held_on" in response.context["answers"].errors
    volunteer.refresh_from_db()
    assert volunteer.status == S.SCREENING_BOOKED and volunteer.screening.assessment == ""


@time_machine.travel(TODAY)
def test_redirected_needs_the_program_and_records_it(client, consultant_h, hovedstaden):
    volunteer = booked(hovedstaden, status_changed_on=TODAY)
    volunteer.status = S.SCREENED
    volunteer.save()
    client.force_login(consultant_h)
    response = client.post(url("decide", volunteer), {"outcome": S.REDIRECTED, "on": "2024-05-15"})
    assert "redirected_to" in response.context["form"].errors
    client.post(url("decide", volunteer), {"outcome": S.REDIRECTED, "on": "2024-05-15", "redirected_to": "Lektiehjælp"})
    volunteer.refresh_from_db()
    assert volunteer.status == S.REDIRECTED and volunteer.redirected_to == "Lektiehjælp"


@time_machine.travel(TODAY)
def test_student_books_screening_but_never_sees_or_records_the_assessment(client, student, consultant_h, hovedstaden):
    volunteer = VolunteerFactory(region=hovedstaden)
    client.force_login(student)
    assert client.post(url("screening_book", volunteer), {"meeting_at": "2024-05-20T10:00"}).status_code == 302
    assert client.get(url("screening_record", volunteer)).status_code == 403
    assert client.post(url("screening_record", volunteer), RECORD).status_code == 403
    assert client.post(url("decide", volunteer), {"outcome": S.WITHDREW, "on": "2024-05-15"}).status_code == 403
    client.force_login(consultant_h)
    client.post(url("screening_record", volunteer), RECORD)
    assert "SECRET-ASSESSMENT" in client.get(url("detail", volunteer)).content.decode()
    client.force_login(student)
    page = client.get(url("detail", volunteer)).content.decode()
    assert "SECRET-ASSESSMENT" not in page and "Har det fint med det" not in page


def test_consultant_cannot_open_other_region_volunteer(client, consultant_s, hovedstaden):
    volunteer = VolunteerFactory(region=hovedstaden)
    client.force_login(consultant_s)
    for name in ("detail", "screening_book", "screening_record", "decide", "pause", "capacity"):
        assert client.get(url(name, volunteer)).status_code == 404, name


def test_casework_notes_are_hidden_from_student_assistants(client, consultant_h, student, hovedstaden):
    volunteer = VolunteerFactory(region=hovedstaden)
    client.force_login(consultant_h)
    client.post(url("note_add", volunteer), {"text": "PRIVATE-NOTE", "casework_only": "on"})
    client.post(url("note_add", volunteer), {"text": "SHARED-NOTE"})
    client.force_login(student)
    page = client.get(url("detail", volunteer)).content.decode()
    assert "SHARED-NOTE" in page and "PRIVATE-NOTE" not in page
    client.post(url("note_add", volunteer), {"text": "STUDENT-NOTE", "casework_only": "on"})
    assert not volunteer.notes.get(text="STUDENT-NOTE").casework_only


@time_machine.travel(TODAY)
def test_pause_resume_and_leave_with_reason(client, consultant_h, hovedstaden):
    volunteer = VolunteerFactory(region=hovedstaden, approved=True)
    client.force_login(consultant_h)
    response = client.post(url("pause", volunteer), {"on": "2024-05-15", "reason": ""})
    assert "reason" in response.context["form"].errors
    client.post(url("pause", volunteer), {"on": "2024-05-15", "reason": "Rejser et halvt år"})
    volunteer.refresh_from_db()
    assert volunteer.status == S.PAUSED and volunteer.paused_reason == "Rejser et halvt år"
    client.post(url("resume", volunteer), {"on": "2024-05-15"})
    volunteer.refresh_from_db()
    assert volunteer.status == S.APPROVED and volunteer.paused_reason == ""
    client.post(url("leave", volunteer), {"on": "2024-05-15", "reason": "Flytter"})
    volunteer.refresh_from_db()
    assert volunteer.status == S.LEFT and volunteer.left_on == TODAY and volunteer.left_reason == "Flytter"
    assert volunteer.status_changes.last().reason == "Flytter"


@time_machine.travel(TODAY)
def test_leaving_with_an_open_match_is_refused(client, consultant_h, hovedstaden):
    match = MatchFactory()
    client.force_login(consultant_h)
    response = client.post(url("leave", match.volunteer), {"on": "2024-05-15", "reason": "Flytter"})
    assert response.status_code == 400 and response.context["form"].non_field_errors()
    match.volunteer.refresh_from_db()
    assert match.volunteer.status == S.MATCHED


def test_capacity_never_below_open_matches(client, consultant_h, hovedstaden):
    match = MatchFactory()
    volunteer = match.volunteer
    client.force_login(consultant_h)
    client.post(url("capacity", volunteer), {"capacity": "2"})
    volunteer.refresh_from_db()
    assert volunteer.capacity == 2
    MatchFactory(volunteer=volunteer, slot=2)
    response = client.post(url("capacity", volunteer), {"capacity": "1"})
    assert response.context["form"].non_field_errors()
    volunteer.refresh_from_db()
    assert volunteer.capacity == 2


def test_board_flags_candidates_sleeping_longer_than_the_region_setting(client, consultant_h, hovedstaden, syddanmark):
    with time_machine.travel(date(2024, 5, 1)):
        slept_long = VolunteerFactory(region=hovedstaden, status=S.SCREENED, status_changed_on=date(2024, 5, 1))
        fresh = VolunteerFactory(region=hovedstaden, status=S.SCREENED, status_changed_on=date(2024, 5, 6))
        VolunteerFactory(region=syddanmark, status=S.SCREENED, status_changed_on=date(2024, 5, 1))
    client.force_login(consultant_h)
    with time_machine.travel(date(2024, 5, 9)):
        board = client.get(reverse("volunteers:pipeline")).context["board"]
        assert {v.pk: v.needs_call for v in board.screened} == {slept_long.pk: True, fresh.pk: False}
        RegionSettings.objects.create(region=hovedstaden, sleep_on_it_days=2)
        board = client.get(reverse("volunteers:pipeline")).context["board"]
        assert {v.pk: v.needs_call for v in board.screened} == {slept_long.pk: True, fresh.pk: True}


def test_project_leader_sets_the_days_and_a_consultant_may_not(client, leader, consultant_h, hovedstaden):
    target = reverse("volunteers:sleep_days", kwargs={"region": hovedstaden.slug})
    client.force_login(consultant_h)
    assert client.post(target, {"sleep_on_it_days": "3"}).status_code == 403
    client.force_login(leader)
    client.post(target, {"sleep_on_it_days": "0"})
    assert not RegionSettings.objects.exists()
    client.post(target, {"sleep_on_it_days": "3"})
    assert RegionSettings.objects.get(region=hovedstaden).sleep_on_it_days == 3


def test_board_and_list_queries_do_not_grow_with_volunteers(
    client, consultant_h, hovedstaden, django_assert_max_num_queries
):
    for status in (S.APPLIED, S.SCREENING_BOOKED, S.SCREENED) * 10:
        VolunteerFactory(region=hovedstaden, status=status)
    client.force_login(consultant_h)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("volunteers:pipeline")).status_code == 200
    with django_assert_max_num_queries(14):
        response = client.get(reverse("volunteers:list"), {"status": S.APPLIED})
    assert len(response.context["page"]) == 10


def test_list_filters_by_name_and_region_scope(client, consultant_h, hovedstaden, syddanmark):
    VolunteerFactory(region=hovedstaden, first_name="Ingrid", last_name="Berg")
    VolunteerFactory(region=hovedstaden, first_name="Ole", last_name="Dam")
    VolunteerFactory(region=syddanmark, first_name="Ingrid", last_name="Syd")
    client.force_login(consultant_h)
    page = client.post(reverse("volunteers:list"), {"q": "ingrid"}).context["page"]
    assert [v.last_name for v in page] == ["Berg"]


def test_list_search_is_posted_and_never_put_in_a_url(client, consultant_h, hovedstaden):
    for number in range(55):
        VolunteerFactory(region=hovedstaden, first_name="Ingrid", last_name=f"Berg{number}")
    VolunteerFactory(region=hovedstaden, first_name="Ole", last_name="Dam")
    client.force_login(consultant_h)
    form_page = client.get(reverse("volunteers:list")).content.decode()
    assert 'method="post"' in form_page and "csrfmiddlewaretoken" in form_page
    # A name in the query string is ignored: searching by name only by POST.
    assert len(client.get(reverse("volunteers:list"), {"q": "ingrid"}).context["page"].paginator.object_list) == 56
    response = client.post(reverse("volunteers:list"), {"q": "ingrid"})
    html = response.content.decode()
    assert response.context["page"].paginator.count == 55
    assert "q=" not in html and "?page=" not in html  # the next page is a button of the posted form
    second = client.post(reverse("volunteers:list"), {"q": "ingrid", "page": "2"}).context["page"]
    assert second.number == 2 and len(second) == 5


def test_casework_only_notes_rule_lives_in_the_service_and_selector(consultant_h, student, hovedstaden):
    from volunteers import selectors, services

    volunteer = VolunteerFactory(region=hovedstaden)
    own = services.volunteer_note_add(volunteer=volunteer, text="Studentens note", casework_only=True, by=student)
    assert own.casework_only is False  # a student assistant cannot hide a note from student assistants
    hidden = services.volunteer_note_add(volunteer=volunteer, text="Vurdering", casework_only=True, by=consultant_h)
    assert hidden.casework_only is True
    assert list(selectors.notes_for(student, volunteer)) == [own]
    assert set(selectors.notes_for(consultant_h, volunteer)) == {own, hidden}


@time_machine.travel(TODAY)
def test_matched_volunteer_page_has_no_outcome_button_and_edit_screening_is_secondary(
    client, consultant_h, hovedstaden
):
    volunteer = booked(hovedstaden)
    client.force_login(consultant_h)
    client.post(url("screening_record", volunteer), RECORD)
    page = client.get(url("detail", volunteer)).content.decode()
    assert url("decide", volunteer) in page  # screened: the outcome is still to be decided
    client.post(url("decide", volunteer), {"outcome": S.APPROVED, "on": "2024-05-15"})
    MatchFactory(volunteer=volunteer)
    volunteer.refresh_from_db()
    volunteer.status = S.MATCHED
    volunteer.save(update_fields=["status"])
    page = client.get(url("detail", volunteer)).content.decode()
    assert url("decide", volunteer) not in page
    assert f'class="button button--secondary" href="{url("screening_record", volunteer)}"' in page
    assert reverse("matching:suggest_participants", kwargs={"volunteer_id": volunteer.pk}) in page


def test_volunteer_page_says_notat_like_the_participant_page(client, consultant_h, hovedstaden):
    volunteer = VolunteerFactory(region=hovedstaden)
    client.force_login(consultant_h)
    page = client.get(url("detail", volunteer)).content.decode()
    assert "Notater" in page and "Tilføj notat" in page and "Ingen notater." in page
    assert "Tilføj note" not in page and "Noter" not in page


def test_board_shows_the_first_cards_of_a_long_column_and_links_to_all_of_them(client, consultant_h, hovedstaden):
    from audit.models import ListedRecord
    from volunteers.selectors import BOARD_CARDS

    waiting = [
        VolunteerFactory(region=hovedstaden, status=S.APPLIED, status_changed_on=TODAY - timedelta(days=60 - n))
        for n in range(BOARD_CARDS + 2)
    ]
    screened = [
        VolunteerFactory(region=hovedstaden, status=S.SCREENED, status_changed_on=TODAY - timedelta(days=20 + n))
        for n in range(BOARD_CARDS + 1)
    ]
    fresh = VolunteerFactory(region=hovedstaden, status=S.SCREENED, status_changed_on=TODAY)
    approved = [
        VolunteerFactory(region=hovedstaden, status=S.APPROVED, approved_on=TODAY - timedelta(days=n)) for n in range(3)
    ]
    client.force_login(consultant_h)
    with time_machine.travel(TODAY):
        response = client.get(reverse("volunteers:pipeline"))
    board = response.context["board"]
    # The longest in their status first; the rest are counted, not shown.
    assert [v.pk for v in board.applied] == [v.pk for v in waiting[:BOARD_CARDS]]
    assert board.counts == {"applied": BOARD_CARDS + 2, "booked": 0, "screened": BOARD_CARDS + 2, "approved": 3}
    assert [v.pk for v in board.screened] == [v.pk for v in reversed(screened[1:])]
    assert fresh not in board.screened
    assert board.flagged == BOARD_CARDS + 1  # every one sleeping too long, also those not shown
    assert [v.pk for v in board.approved] == [v.pk for v in approved]  # the latest approval first
    page = response.content.decode()
    applied_link = f'href="{reverse("volunteers:list")}?region={hovedstaden.pk}&amp;status=applied"'
    assert f"{applied_link}>Vis alle {BOARD_CARDS + 2} i listen</a>" in page
    assert "status=screened" in page and "status=approved" not in page and "status=screening_booked" not in page
    # Only the people shown are audited as seen.
    listed = set(ListedRecord.objects.values_list("record_id", flat=True))
    assert listed == {str(v.pk) for v in board.shown} and len(listed) == 2 * BOARD_CARDS + 3
    # The link's list has them all.
    with time_machine.travel(TODAY):
        response = client.get(reverse("volunteers:list"), {"region": hovedstaden.pk, "status": "applied"})
    assert response.context["page"].paginator.count == BOARD_CARDS + 2
