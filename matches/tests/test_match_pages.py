import re
from datetime import date, datetime

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import timezone, translation

from factories import UserFactory
from followups.models import FollowUp, Kind
from followups.services import match_close
from matches.models import MEETING_CHECKLIST, EndReason, MatchMeeting, MatchStatus
from matches.services import MatchError, meeting_schedule
from matches.tests.factories import active_match, proposed_match
from referrals.models import ParticipantStatus
from volunteers.models import VolunteerStatus

pytestmark = pytest.mark.django_db

MEETING = {
    "starts_at": "2024-03-12T10:00",
    "place_type": "ngo_office",
    "address": "Borgergade 10, 1300 København K",
    "attendees": ["participant", "volunteer", "consultant", "social_worker"],
}


def _url(name, match):
    return reverse(f"matches:{name}", kwargs={"match_id": match.pk})


# --- List ---------------------------------------------------------------------------------


def test_list_shows_own_region_with_matches_on_the_way_first(
    client, consultant_h, consultant_s, syddanmark, django_assert_max_num_queries
):
    running = active_match(by=consultant_h)
    waiting = proposed_match(by=consultant_h)
    other = proposed_match(by=consultant_s, region=syddanmark)
    client.force_login(consultant_h)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("matches:list"))
    assert list(response.context["page"]) == [waiting, running]
    assert other.reference not in response.content.decode()


def test_list_marks_an_overdue_next_follow_up(client, consultant_h):
    overdue = active_match(by=consultant_h, start=date(2024, 3, 5))  # day-after follow-up due 6 March
    with time_machine.travel(date(2024, 3, 6), tick=False):
        client.force_login(consultant_h)
        row = _row(client.get(reverse("matches:list")).content.decode(), overdue.reference)
    assert "6. marts 2024" in row and "Overskredet" not in row
    with time_machine.travel(date(2024, 3, 7), tick=False):
        client.force_login(consultant_h)
        row = _row(client.get(reverse("matches:list")).content.decode(), overdue.reference)
    assert "6. marts 2024" in row and "Overskredet" in row


def _row(page, reference):
    return next(row for row in page.split("<tr>") if reference in row)


def test_list_filters_by_status(client, consultant_h):
    running = active_match(by=consultant_h)
    proposed_match(by=consultant_h)
    client.force_login(consultant_h)
    response = client.get(reverse("matches:list"), {"status": "active"})
    assert list(response.context["page"]) == [running]


# --- Detail and scoping -------------------------------------------------------------------


def test_consultant_of_another_region_gets_404_on_every_match_page(client, consultant_h, consultant_s):
    match = active_match(by=consultant_h)
    client.force_login(consultant_s)
    for name in ("detail", "meeting", "meeting_hold", "decline", "pause", "resume", "end"):
        assert client.get(_url(name, match)).status_code == 404, name


def test_social_worker_sees_own_referral_match_without_volunteer_contact_or_follow_up_notes(
    client, consultant_h, social_worker_h, social_worker_s
):
    match = active_match(by=consultant_h, referred_by=social_worker_h)
    day_after = FollowUp.objects.get(match=match, kind=Kind.DAY_AFTER)
    day_after.done_on, day_after.notes = date(2024, 3, 6), "Fortrolig konsulentnote"
    day_after.save()
    client.force_login(social_worker_h)
    page = client.get(_url("detail", match)).content.decode()
    assert match.participant.first_name in page
    assert match.volunteer.phone not in page and match.volunteer.email not in page
    assert "Fortrolig konsulentnote" not in page
    client.force_login(social_worker_s)
    assert client.get(_url("detail", match)).status_code == 404


def test_detail_view_is_audited(client, consultant_h):
    from audit.models import AuditEvent

    match = active_match(by=consultant_h)
    client.force_login(consultant_h)
    client.get(_url("detail", match))
    assert AuditEvent.objects.filter(action="view", target_type="matches.match", target_id=str(match.pk)).exists()


# --- Match meeting ------------------------------------------------------------------------


@time_machine.travel(date(2024, 3, 5), tick=False)
def test_schedule_meeting_invites_volunteer_and_social_worker_with_ics(
    client, settings, consultant_h, social_worker_h, django_capture_on_commit_callbacks
):
    settings.EMAIL_ENABLED = True
    social_worker_h.email = "sr@example.org"
    social_worker_h.save()
    match = proposed_match(by=consultant_h, referred_by=social_worker_h)
    client.force_login(consultant_h)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_url("meeting", match), MEETING)
    assert response.status_code == 302
    match.refresh_from_db()
    assert match.status == MatchStatus.MEETING_SCHEDULED
    [message] = mail.outbox
    assert sorted(message.bcc) == ["frivillig@example.org", "sr@example.org"]
    assert match.reference in message.subject
    assert "12. marts 2024 10:00" in message.body
    for secret in (match.participant.first_name, match.participant.last_name, match.volunteer.first_name):
        assert secret not in message.subject and secret not in message.body
    [(filename, content, mimetype)] = message.attachments
    assert filename.endswith(".ics") and mimetype == "text/calendar"
    content = content.decode() if isinstance(content, bytes) else content
    assert "Borgergade 10" in content and f"Matchmøde {match.reference}" in content


@time_machine.travel(date(2024, 3, 5), tick=False)
def test_meeting_at_the_participants_home_does_not_email_the_address(
    client, settings, consultant_h, django_capture_on_commit_callbacks
):
    settings.EMAIL_ENABLED = True
    match = proposed_match(by=consultant_h)
    client.force_login(consultant_h)
    data = {**MEETING, "place_type": "participant_home", "address": "Hjemmevej 3"}
    with django_capture_on_commit_callbacks(execute=True):
        client.post(_url("meeting", match), data)
    [message] = mail.outbox
    content = message.attachments[0][1]
    content = content.decode() if isinstance(content, bytes) else content
    assert "Hjemmevej" not in message.body and "Hjemmevej" not in content


@time_machine.travel(date(2024, 3, 5), tick=False)
def test_no_invitation_when_email_is_not_configured(client, settings, consultant_h, django_capture_on_commit_callbacks):
    settings.EMAIL_ENABLED = False
    match = proposed_match(by=consultant_h)
    client.force_login(consultant_h)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(_url("meeting", match), MEETING)
    assert mail.outbox == []
    assert MatchMeeting.objects.get(match=match).invitations_sent_at is None


@time_machine.travel(date(2024, 3, 5), tick=False)
def test_schedule_meeting_refuses_bad_input_and_saves_nothing(client, consultant_h):
    match = proposed_match(by=consultant_h)
    client.force_login(consultant_h)
    response = client.post(_url("meeting", match), {**MEETING, "starts_at": "2024-02-01T10:00"})
    assert response.status_code == 400 and response.context["form"].non_field_errors()
    response = client.post(_url("meeting", match), {**MEETING, "interpreter_language": "ar"})
    assert "attendees" in response.context["form"].errors
    assert not MatchMeeting.objects.filter(match=match).exists()
    match.refresh_from_db()
    assert match.status == MatchStatus.PROPOSED


@time_machine.travel(date(2024, 3, 12), tick=False)
def test_holding_the_meeting_needs_the_whole_agenda_and_starts_the_match(client, consultant_h):
    match = proposed_match(by=consultant_h)
    client.force_login(consultant_h)
    client.post(_url("meeting", match), MEETING)
    checklist = dict.fromkeys(("checked_introductions", "checked_expectations", "checked_expenses"), "on")
    response = client.post(_url("meeting_hold", match), {**checklist, "agreed_frequency": "weekly"})
    assert response.status_code == 400 and "checked_confidentiality" in response.context["form"].errors
    match.refresh_from_db()
    assert match.status == MatchStatus.MEETING_SCHEDULED and not match.followups.exists()
    checklist.update(checked_confidentiality="on", checked_withdrawal="on")
    response = client.post(
        _url("meeting_hold", match), {**checklist, "agreed_frequency": "weekly", "wished_activities": ["social"]}
    )
    assert response.status_code == 302
    match.refresh_from_db()
    assert match.status == MatchStatus.ACTIVE and match.started_on == date(2024, 3, 12)
    assert match.followups.get(kind=Kind.DAY_AFTER).due_on == date(2024, 3, 13)


@time_machine.travel(date(2024, 3, 11), tick=False)
def test_meeting_cannot_be_held_before_its_day(client, consultant_h):
    match = proposed_match(by=consultant_h)
    client.force_login(consultant_h)
    client.post(_url("meeting", match), MEETING)
    # The match page shows the date and when it can be recorded, not the button.
    page = client.get(_url("detail", match)).content.decode()
    assert _url("meeting_hold", match) not in page
    assert "Matchmøde 12. marts 2024" in page and "Kan registreres fra mødedagen" in page
    # The hold page itself offers no checklist before the day, and a POST saves nothing.
    response = client.get(_url("meeting_hold", match))
    assert response.context["form"] is None and "Kan registreres fra mødedagen" in response.content.decode()
    checklist = dict.fromkeys(MEETING_CHECKLIST, "on")
    response = client.post(_url("meeting_hold", match), {**checklist, "agreed_frequency": "weekly"})
    assert response.status_code == 200 and response.context["form"] is None
    match.refresh_from_db()
    assert match.status == MatchStatus.MEETING_SCHEDULED


@time_machine.travel(date(2024, 3, 12), tick=False)
def test_hold_button_is_offered_on_the_meeting_day(client, consultant_h):
    match = proposed_match(by=consultant_h)
    client.force_login(consultant_h)
    client.post(_url("meeting", match), MEETING)
    page = client.get(_url("detail", match)).content.decode()
    assert _url("meeting_hold", match) in page and "Kan registreres fra mødedagen" not in page
    assert "checked_introductions" in client.get(_url("meeting_hold", match)).content.decode()


@time_machine.travel(date(2024, 3, 12), tick=False)
def test_decline_after_meeting_returns_participant_to_waiting_list_with_original_date(client, consultant_h):
    match = proposed_match(by=consultant_h)
    client.force_login(consultant_h)
    client.post(_url("meeting", match), MEETING)
    response = client.post(
        _url("decline", match), {"on": "2024-03-12", "declined_by": "participant", "reason": "Kemien passede ikke"}
    )
    assert response.status_code == 302
    match.refresh_from_db()
    match.participant.refresh_from_db()
    match.volunteer.refresh_from_db()
    assert match.status == MatchStatus.CANCELLED
    assert match.participant.status == ParticipantStatus.WAITING
    assert match.participant.waiting_since == date(2024, 1, 20)
    assert match.volunteer.status == VolunteerStatus.APPROVED
    assert "Kemien passede ikke" in match.status_changes.last().reason


# --- Pause and closure --------------------------------------------------------------------


@time_machine.travel(date(2024, 6, 1), tick=False)
def test_pause_and_resume_with_dates(client, consultant_h):
    match = active_match(by=consultant_h)
    client.force_login(consultant_h)
    client.post(_url("pause", match), {"on": "2024-05-01", "reason": "Rejse"})
    response = client.post(_url("resume", match), {"on": "2024-04-01"})
    assert response.status_code == 400 and response.context["form"].non_field_errors()
    client.post(_url("resume", match), {"on": "2024-05-20"})
    match.refresh_from_db()
    pause = match.pauses.get()
    assert match.status == MatchStatus.ACTIVE
    assert (pause.starts_on, pause.ends_on, pause.reason) == (date(2024, 5, 1), date(2024, 5, 20), "Rejse")


def _close_data(**extra):
    return {
        "on": "2024-09-01",
        "planned": "no",
        "initiated_by": "volunteer",
        "reason": EndReason.objects.get(name="Deltager flyttede").pk,
        "note": "",
        "conversation_with_participant": "yes",
        "conversation_with_volunteer": "no",
        "confirm": "on",
        **extra,
    }


@time_machine.travel(date(2024, 9, 2), tick=False)
@pytest.mark.parametrize(
    "extra,participant_status,priority,volunteer_status",
    [
        ({}, ParticipantStatus.ENDED, False, VolunteerStatus.APPROVED),
        ({"participant_wants_new": "on"}, ParticipantStatus.WAITING, True, VolunteerStatus.APPROVED),
        ({"volunteer_leaves": "on"}, ParticipantStatus.ENDED, False, VolunteerStatus.LEFT),
    ],
)
def test_closure_returns_people_to_the_right_states(
    client, consultant_h, extra, participant_status, priority, volunteer_status
):
    match = active_match(by=consultant_h)
    client.force_login(consultant_h)
    response = client.post(_url("end", match), _close_data(**extra))
    assert response.status_code == 302
    match.refresh_from_db()
    participant, volunteer = match.participant, match.volunteer
    participant.refresh_from_db()
    volunteer.refresh_from_db()
    assert match.status == MatchStatus.ENDED and match.ended_on == date(2024, 9, 1)
    assert match.end_reason == "Deltager flyttede"
    assert (participant.status, participant.priority, volunteer.status) == (
        participant_status,
        priority,
        volunteer_status,
    )
    if priority:
        assert participant.waiting_since == date(2024, 1, 20)
    closure = match.closure
    assert closure.conversation_with_participant and not closure.conversation_with_volunteer
    # Follow-ups planned after the end are no longer due; those done stay in the story.
    assert not match.followups.filter(done_on__isnull=True, due_on__gt=date(2024, 9, 1)).exists()


@time_machine.travel(date(2024, 9, 2), tick=False)
def test_ending_a_paused_match_closes_the_pause(consultant_h):
    from matches.services import match_pause

    match = active_match(by=consultant_h)
    match_pause(match=match, by=consultant_h, on=date(2024, 8, 1))
    match_close(
        match=match,
        by=consultant_h,
        on=date(2024, 9, 1),
        planned=True,
        initiated_by="both",
        reason=EndReason.objects.first(),
        conversation_with_participant=True,
        conversation_with_volunteer=True,
    )
    assert match.pauses.get().ends_on == date(2024, 9, 1)


@time_machine.travel(date(2024, 9, 2), tick=False)
def test_closure_refuses_a_date_before_the_start_and_saves_nothing(client, consultant_h):
    match = active_match(by=consultant_h)
    client.force_login(consultant_h)
    response = client.post(_url("end", match), _close_data(on="2024-03-01"))
    assert response.status_code == 400 and response.context["form"].non_field_errors()
    match.refresh_from_db()
    assert match.status == MatchStatus.ACTIVE and not hasattr(match, "closure")
    response = client.post(_url("end", match), _close_data(conversation_with_volunteer=""))
    assert "conversation_with_volunteer" in response.context["form"].errors


def test_student_and_evaluator_are_refused(client, consultant_h, student, evaluator):
    match = active_match(by=consultant_h)
    for user in (student, evaluator, UserFactory(role="evaluator")):
        client.force_login(user)
        assert client.get(_url("detail", match)).status_code == 403


def test_match_page_with_several_done_followups_has_a_fixed_number_of_queries(
    client, consultant_h, django_assert_max_num_queries
):
    match = active_match(by=consultant_h)
    followups = list(FollowUp.objects.filter(match=match).order_by("due_on"))
    assert len(followups) >= 5
    for number, followup in enumerate(followups):
        followup.done_on = date(2024, 3, 6 + number)
        followup.recorded_by = UserFactory()
        followup.save()
    client.force_login(consultant_h)
    with django_assert_max_num_queries(18):  # 17, and the expenses panel's expenses + allowance, 1 spare gone
        response = client.get(_url("detail", match))
    assert response.status_code == 200


@time_machine.travel(date(2024, 9, 2), tick=False)
def test_second_close_of_a_stale_match_is_refused_with_a_message(consultant_h):
    from matches.models import Match, MatchClosure
    from matches.services import MatchError

    match = active_match(by=consultant_h)
    stale = Match.objects.get(pk=match.pk)  # read by a second user before the first closes it
    close = {
        "by": consultant_h,
        "on": date(2024, 9, 1),
        "planned": True,
        "initiated_by": "both",
        "reason": EndReason.objects.first(),
        "conversation_with_participant": True,
        "conversation_with_volunteer": True,
    }
    match_close(match=match, **close)
    with translation.override("en"), pytest.raises(MatchError, match="already been ended"):
        match_close(match=stale, **close)
    assert MatchClosure.objects.filter(match=match).count() == 1
    assert stale.status == MatchStatus.ENDED


@time_machine.travel(date(2024, 9, 2), tick=False)
def test_pause_of_a_stale_match_is_refused_with_a_message(consultant_h):
    from matches.models import Match
    from matches.services import MatchError, match_pause

    match = active_match(by=consultant_h)
    stale = Match.objects.get(pk=match.pk)
    match_pause(match=match, by=consultant_h, on=date(2024, 8, 1))
    with pytest.raises(MatchError):
        match_pause(match=stale, by=consultant_h, on=date(2024, 8, 2))
    assert match.pauses.count() == 1


# --- Interpreter language -----------------------------------------------------------------


def test_interpreter_language_list_is_short_and_defaults_to_the_participants_interpreter_language(client, consultant_h):
    match = proposed_match(by=consultant_h, languages=["am", "ar"], needs_interpreter=True, interpreter_language="ti")
    client.force_login(consultant_h)
    form = client.get(_url("meeting", match)).context["form"]
    codes = [code for code, _name in form.fields["interpreter_language"].choices]
    assert codes[:4] == ["", "ti", "am", "ar"]  # the participant's languages first
    assert {"da", "fa", "so", "en"} <= set(codes)  # then the languages the program meets most
    assert "tlh" not in codes and "sux" not in codes  # no Klingon, no Sumerian
    assert form.initial["interpreter_language"] == "ti"
    assert "interpreter" in form.initial["attendees"]


def test_interpreter_language_defaults_to_the_mother_tongue(client, consultant_h):
    match = proposed_match(by=consultant_h, languages=["am", "da"], needs_interpreter=True, interpreter_language="")
    client.force_login(consultant_h)
    assert client.get(_url("meeting", match)).context["form"].initial["interpreter_language"] == "am"


@time_machine.travel(date(2024, 3, 5), tick=False)
def test_interpreter_language_outside_the_short_list_is_refused(client, consultant_h):
    match = proposed_match(by=consultant_h)
    client.force_login(consultant_h)
    data = {**MEETING, "attendees": [*MEETING["attendees"], "interpreter"], "interpreter_language": "tlh"}
    response = client.post(_url("meeting", match), data)
    assert response.status_code == 400 and "interpreter_language" in response.context["form"].errors
    assert not MatchMeeting.objects.filter(match=match).exists()


# --- Meeting time -------------------------------------------------------------------------


@time_machine.travel(date(2024, 3, 5), tick=False)
@pytest.mark.parametrize(
    "clock,accepted", [("01:00", False), ("06:59", False), ("07:00", True), ("22:00", True), ("22:01", False)]
)
def test_meeting_must_start_between_seven_and_ten_pm(client, consultant_h, clock, accepted):
    match = proposed_match(by=consultant_h)
    client.force_login(consultant_h)
    response = client.post(_url("meeting", match), {**MEETING, "starts_at": f"2024-03-12T{clock}"})
    if accepted:
        assert response.status_code == 302
    else:
        assert response.status_code == 400
        assert response.context["form"].errors["starts_at"] == ["Et matchmøde skal starte mellem kl. 07:00 og 22:00."]
        assert not MatchMeeting.objects.filter(match=match).exists()


@time_machine.travel(date(2024, 3, 5), tick=False)
def test_meeting_service_refuses_a_night_time_too(consultant_h):
    match = proposed_match(by=consultant_h)
    with pytest.raises(MatchError):
        meeting_schedule(
            match=match,
            by=consultant_h,
            starts_at=timezone.make_aware(datetime(2024, 3, 12, 1, 0)),
            place_type="ngo_office",
        )
    assert not MatchMeeting.objects.filter(match=match).exists()


@time_machine.travel(date(2024, 11, 26), tick=False)
def test_match_pages_write_dates_in_the_danish_short_and_long_forms(client, consultant_h):
    """The project's one date format (config/formats/da): "13. nov. 2024" in tables and lists,
    "13. november 2024" in sentences; never ISO, numeric or English month names."""
    match = active_match(by=consultant_h, start=date(2024, 11, 12))
    client.force_login(consultant_h)
    detail = client.get(_url("detail", match)).content.decode()
    listing = client.get(reverse("matches:list")).content.decode()
    assert "13. nov. 2024" in detail  # the day-after follow-up, in the follow-up table
    assert "13. november 2024" in detail  # ... and in the sentence naming the next follow-up
    assert "13. nov. 2024" in listing  # the next follow-up column
    for text in (detail, listing):
        assert not re.search(r">[^<]*\b(\d{4}-\d\d-\d\d|\d\d?\.\d\d?\.\d{4})\b", text)
        assert not re.search(r"\b(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.? \d", text)


# --- How an ended match counts, the timeline, ending on purpose ----------------------------


@time_machine.travel(date(2024, 9, 2), tick=False)
def test_a_match_ended_before_six_months_shows_how_it_counts_in_the_kpi(client, consultant_h, leader):
    match = active_match(by=consultant_h)  # six-month mark 5.9.2024
    client.force_login(consultant_h)
    assert "Endnu ikke vurderet" in client.get(_url("detail", match)).content.decode()
    assert client.post(_url("end", match), _close_data()).status_code == 302
    for user in (consultant_h, leader):
        client.force_login(user)
        content = client.get(_url("detail", match)).content.decode()
        assert "Afsluttet før seks måneder: tæller som ikke velfungerende" in content
        assert "Endnu ikke vurderet" not in content


@time_machine.travel(date(2024, 10, 1), tick=False)
def test_an_unassessed_match_past_its_mark_counts_as_well_functioning(client, consultant_h):
    match = active_match(by=consultant_h)
    client.force_login(consultant_h)
    assert "Ikke vurderet: tæller som velfungerende" in client.get(_url("detail", match)).content.decode()


@time_machine.travel(date(2024, 9, 2), tick=False)
def test_the_timeline_lists_each_event_once_newest_first(client, consultant_h):
    from matches.services import match_pause, match_resume

    match = active_match(by=consultant_h)
    match_pause(match=match, by=consultant_h, on=date(2024, 6, 1), reason="Deltager på ferie")
    match_resume(match=match, by=consultant_h, on=date(2024, 6, 1))
    client.force_login(consultant_h)
    events = client.get(_url("detail", match)).context["events"]
    content = client.get(_url("detail", match)).content.decode()
    assert content.count("Deltager på ferie") == 2  # the timeline once, the pause list once
    labels = [(event.on, str(event.label)) for event in events]
    assert len(labels) == len(set(labels))
    days = [event.on for event in events]
    assert days == sorted(days, reverse=True)
    # Same day: resumed (recorded last) above paused.
    same_day = [event for event in events if event.on == date(2024, 6, 1)]
    assert [event.extra["pk"] for event in same_day] == sorted((event.extra["pk"] for event in same_day), reverse=True)


@time_machine.travel(date(2024, 9, 2), tick=False)
def test_ending_a_match_asks_for_confirmation_and_starts_with_every_choice_empty(client, consultant_h):
    match = active_match(by=consultant_h)
    client.force_login(consultant_h)
    page = client.get(_url("end", match)).content.decode()
    assert "checked" not in page
    assert re.findall(r'<option value="([^"]*)" selected>', page) == ["", ""]
    assert re.search(r'<option value="" selected>Vælg hvem</option>', page)
    assert re.search(r'<option value="" selected>Vælg en årsag</option>', page)
    data = _close_data()
    del data["confirm"]
    response = client.post(_url("end", match), data)
    assert response.status_code == 400 and "Bekræft, at matchet afsluttes." in response.content.decode()
    match.refresh_from_db()
    assert match.status == MatchStatus.ACTIVE
