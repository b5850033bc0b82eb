"""Operations on matches that move the participant and volunteer along with the match."""

from datetime import date, datetime, timedelta

import icalendar
from django.conf import settings
from django.db import IntegrityError, OperationalError, transaction
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from audit.models import Action
from audit.services import audit_record
from lib.errors import OperationRefused
from lib.lifecycle import InvalidTransition
from lib.mail import send_email
from lib.references import new_reference
from notifications.services import notify
from referrals.models import Participant, ParticipantStatus
from support.selectors import missing_before_match
from volunteers import pool_version
from volunteers.models import Volunteer, VolunteerStatus

from .models import (
    MEETING_CHECKLIST,
    EndReason,
    Match,
    MatchClosure,
    MatchMeeting,
    MatchPause,
    MatchStatus,
    meeting_time_is_sensible,
)


class MatchError(OperationRefused):
    """A match operation refused for a reason the user can act on."""


def _lock(match: Match) -> Match:
    """Re-read the match under a row lock (in place, so the caller's object is current too): a
    concurrent or repeated operation on a page read earlier sees the status as it is now."""
    match.refresh_from_db(from_queryset=Match.objects.select_for_update())
    return match


def _free_slot(volunteer: Volunteer) -> int | None:
    used = set(Match.objects.open().filter(volunteer=volunteer).values_list("slot", flat=True))
    return next((slot for slot in range(1, volunteer.capacity + 1) if slot not in used), None)


def _notify_referrer(match: Match, message: str, *, by, email: bool = True) -> None:
    """Tell the social worker who referred the participant (not the one who acted) what happened
    to the match. The notice names the participant (their own referral); the e-mail does not."""
    referrer = match.participant.referred_by
    if referrer is None or referrer == by:
        return
    notify(
        recipients=[referrer],
        message=message,
        params={"reference": match.participant.reference},
        person=match.participant,
        url=reverse("matches:detail", kwargs={"match_id": match.pk}),
        email=email,
    )


# PostgreSQL's codes for a transaction aborted only because of another one (serialization
# failure, deadlock): trying once more sees the other's result and gives the user a clear answer.
_RETRY_SQLSTATES = {"40001", "40P01"}


def match_propose(*, participant: Participant, volunteer: Volunteer, by, on: date, reason: str = "") -> Match:
    """Propose a pair. Of concurrent proposals of the same volunteer or the same participant exactly
    one wins; the others get a message, never a server error."""
    try:
        return _propose(participant=participant, volunteer=volunteer, by=by, on=on, reason=reason)
    except OperationalError as error:
        if (
            getattr(error.__cause__, "sqlstate", None) not in _RETRY_SQLSTATES
            or transaction.get_connection().in_atomic_block
        ):
            raise
        return _propose(participant=participant, volunteer=volunteer, by=by, on=on, reason=reason)


def _propose(*, participant: Participant, volunteer: Volunteer, by, on: date, reason: str) -> Match:
    try:
        with transaction.atomic():
            # Locks in one order everywhere (participant, then volunteer; see _release), so two
            # operations on overlapping pairs queue instead of deadlocking.
            participant = Participant.objects.select_for_update().get(pk=participant.pk)
            volunteer = Volunteer.objects.select_for_update().get(pk=volunteer.pk)
            if volunteer.region_id != participant.region_id:
                raise MatchError(_("The volunteer belongs to another region than the participant."))
            if participant.status != ParticipantStatus.WAITING:
                raise MatchError(_("The participant is no longer on the waiting list."))
            if volunteer.status not in (VolunteerStatus.APPROVED, VolunteerStatus.MATCHED):
                raise MatchError(_("The volunteer is not available for matching."))
            slot = _free_slot(volunteer)
            if slot is None:
                raise MatchError(_("The volunteer has no room for more matches."))
            lacking = missing_before_match([volunteer.pk], on).get(volunteer.pk)
            if lacking:
                raise MatchError(
                    _("The volunteer lacks what is needed before a first match: %(requirements)s.")
                    % {"requirements": ", ".join(lacking)}
                )
            match = Match.objects.create(
                reference=new_reference("M"),
                participant=participant,
                volunteer=volunteer,
                region=participant.region,
                consultant=by,
                slot=slot,
                proposed_on=on,
                proposal_reason=reason,
                status=MatchStatus.PROPOSED,
                status_changed_on=on,
            )
            match.status_changes.create(to_status=MatchStatus.PROPOSED, on=on, by=by, reason=reason)
            pool_version.bump()  # the volunteer has one more open match
            participant.transition(ParticipantStatus.MATCHED, on=on, by=by)
            if volunteer.status == VolunteerStatus.APPROVED:
                volunteer.transition(VolunteerStatus.MATCHED, on=on, by=by)
            audit_record(actor=by, action=Action.CREATE, target=match, detail="proposed")
            _notify_referrer(match, gettext_noop("A volunteer has been proposed for referral %(reference)s."), by=by)
            return match
    except IntegrityError as error:
        raise MatchError(_("The volunteer or participant has just been matched with someone else.")) from error


def _release(
    match: Match,
    *,
    on: date,
    by,
    participant_to: str,
    volunteer_leaves: bool = False,
    priority: bool = False,
    reason: str = "",
) -> None:
    # Fresh, locked rows: a concurrent closure of the volunteer's other match must be seen.
    participant = Participant.objects.select_for_update().get(pk=match.participant_id)
    volunteer = Volunteer.objects.select_for_update().get(pk=match.volunteer_id)
    match.participant, match.volunteer = participant, volunteer
    if participant_to == ParticipantStatus.WAITING:
        participant.priority = priority or participant.priority
        participant.transition(participant_to, on=on, by=by, reason=reason, extra_fields=["priority"])
    else:
        participant.transition(participant_to, on=on, by=by, reason=reason)
    pool_version.bump()  # the volunteer has one open match less (or leaves)
    still_open = Match.objects.open().filter(volunteer=volunteer).exclude(pk=match.pk).exists()
    if volunteer_leaves:
        volunteer.left_on = on
        # The match's end reason concerns the participant: not repeated on the volunteer's record.
        volunteer.transition(
            VolunteerStatus.LEFT, on=on, by=by, reason=_("Left when a match ended"), extra_fields=["left_on"]
        )
    elif volunteer.status == VolunteerStatus.MATCHED and not still_open:
        volunteer.transition(VolunteerStatus.APPROVED, on=on, by=by)


@transaction.atomic
def match_start(*, match: Match, on: date, by) -> Match:
    """The match meeting was held: the relationship starts. (Its follow-up plan is followups' part:
    followups.services.match_start.)"""
    if match.proposed_on and on < match.proposed_on:
        raise MatchError(_("The start date cannot be before the proposal date."))
    match.set_started(on)
    match.transition(MatchStatus.ACTIVE, on=on, by=by, extra_fields=["started_on", "six_month_on"])
    pool_version.bump()
    audit_record(actor=by, action=Action.CHANGE, target=match, detail="started")
    _notify_referrer(match, gettext_noop("The match for referral %(reference)s has started."), by=by)
    return match


@transaction.atomic
def match_cancel(*, match: Match, on: date, by, reason: str) -> Match:
    """A proposal that never started: the participant returns to the waiting list, keeping their date."""
    match.cancelled_on = on
    slot = match.slot
    match.slot = None
    try:
        match.transition(MatchStatus.CANCELLED, on=on, by=by, reason=reason, extra_fields=["cancelled_on", "slot"])
    except InvalidTransition:
        match.slot = slot
        raise
    _release(match, on=on, by=by, participant_to=ParticipantStatus.WAITING, reason=reason)
    audit_record(actor=by, action=Action.CHANGE, target=match, detail="cancelled")
    return match


@transaction.atomic
def match_end(
    *, match: Match, on: date, by, reason: str, participant_wants_new: bool = False, volunteer_leaves: bool = False
) -> Match:
    if match.started_on and on < match.started_on:
        raise MatchError(_("The end date cannot be before the start date."))
    match.ended_on = on
    match.end_reason = reason
    match.slot = None
    match.transition(MatchStatus.ENDED, on=on, by=by, reason=reason, extra_fields=["ended_on", "end_reason", "slot"])
    participant_to = ParticipantStatus.WAITING if participant_wants_new else ParticipantStatus.ENDED
    _release(
        match,
        on=on,
        by=by,
        participant_to=participant_to,
        volunteer_leaves=volunteer_leaves,
        priority=participant_wants_new,
        reason=reason,
    )
    audit_record(actor=by, action=Action.CHANGE, target=match, detail="ended")
    _notify_referrer(match, gettext_noop("The match for referral %(reference)s has ended."), by=by)
    return match


# --- Match meeting ------------------------------------------------------------------------


@transaction.atomic
def meeting_schedule(
    *,
    match: Match,
    by,
    starts_at: datetime,
    place_type: str,
    address: str = "",
    attendees: list[str] = (),
    interpreter_language: str = "",
) -> MatchMeeting:
    """Schedule (or move) the match meeting of a proposed match; invite the volunteer and the
    referring social worker by e-mail when e-mail is configured."""
    _lock(match)
    if match.status not in (MatchStatus.PROPOSED, MatchStatus.MEETING_SCHEDULED):
        raise MatchError(_("A match meeting can only be scheduled for a proposed match."))
    if not meeting_time_is_sensible(starts_at):
        raise MatchError(_("A match meeting must start between 07:00 and 22:00."))
    if match.proposed_on and timezone.localtime(starts_at).date() < match.proposed_on:
        raise MatchError(_("The match meeting cannot be before the proposal date."))
    if interpreter_language and "interpreter" not in attendees:
        raise MatchError(_("Choose the interpreter among those who attend, or leave the language empty."))
    meeting, created = MatchMeeting.objects.update_or_create(
        match=match,
        defaults={
            "starts_at": starts_at,
            "place_type": place_type,
            "address": address,
            "attendees": list(attendees),
            "interpreter_language": interpreter_language,
            "scheduled_by": by,
        },
    )
    if match.status == MatchStatus.PROPOSED:
        match.transition(MatchStatus.MEETING_SCHEDULED, on=timezone.localdate(), by=by)
    audit_record(
        actor=by, action=Action.CREATE if created else Action.CHANGE, target=match, detail="match meeting scheduled"
    )
    # No generic "new notice" e-mail here: when e-mail is set up the social worker already gets
    # the invitation (with the calendar file) sent below.
    _notify_referrer(
        match,
        gettext_noop("A match meeting has been booked for referral %(reference)s.")
        if created
        else gettext_noop("The match meeting for referral %(reference)s has been moved or changed."),
        by=by,
        email=False,
    )
    if settings.EMAIL_ENABLED:
        meeting_id = meeting.pk
        transaction.on_commit(lambda: meeting_invite(meeting=MatchMeeting.objects.get(pk=meeting_id)))
    return meeting


def meeting_event(meeting: MatchMeeting, *, stamp: datetime | None = None) -> icalendar.Event:
    """The match meeting as a calendar event (the invitation's .ics and the consultants' feed).
    It carries the reference, never a name."""
    event = icalendar.Event()
    event.add("uid", f"match-meeting-{meeting.pk}@livetgaarvidere")
    event.add("dtstamp", stamp or timezone.now())
    event.add("summary", _("Match meeting %(reference)s") % {"reference": meeting.match.reference})
    event.add("dtstart", meeting.starts_at)
    event.add("dtend", meeting.starts_at + timedelta(minutes=90))
    if meeting.address_may_be_emailed and meeting.address:
        event.add("location", meeting.address)
    return event


def meeting_invite(*, meeting: MatchMeeting) -> int:
    """E-mail the invitation with an .ics to the volunteer and the referring social worker.
    No names and no health data: the subject carries the reference; a treatment centre's or the
    participant's address is not e-mailed (the consultant gives it by phone)."""
    match = meeting.match
    recipients = [
        address for address in (match.volunteer.email, getattr(match.participant.referred_by, "email", "")) if address
    ]
    if not recipients:
        return 0
    with translation.override(settings.LANGUAGE_CODE):
        when = timezone.localtime(meeting.starts_at)
        where = (
            meeting.address
            if meeting.address_may_be_emailed and meeting.address
            else _("The consultant will tell you where.")
        )
        consultant = match.consultant
        context = {
            "when": formats.date_format(when, "DATETIME_FORMAT"),
            "where": where,
            "reference": match.reference,
            "consultant": consultant.get_full_name() if consultant else "",
            "contact": (consultant.email or consultant.phone) if consultant else "",
        }
        cal = icalendar.Calendar()
        cal.add("prodid", "-//Livet Går Videre//matchmøde//DA")
        cal.add("version", "2.0")
        cal.add("method", "REQUEST")
        cal.add_component(meeting_event(meeting))
    sent = send_email(
        "matches/email/invitation",
        context,
        bcc=recipients,
        attachments=[("matchmoede.ics", cal.to_ical(), "text/calendar")],
    )
    if sent:
        meeting.invitations_sent_at = timezone.now()
        meeting.save(update_fields=["invitations_sent_at"])
    return sent


@transaction.atomic
def meeting_hold(
    *, match: Match, by, checklist: dict[str, bool], agreed_frequency: str = "", wished_activities=(), notes=""
) -> Match:
    """The match meeting was held, its agenda gone through: the match starts on the meeting's date.
    (Its follow-up plan is followups' part: followups.services.meeting_hold.)"""
    _lock(match)
    meeting = MatchMeeting.objects.select_for_update().filter(match=match).first()
    if meeting is None or match.status != MatchStatus.MEETING_SCHEDULED:
        raise MatchError(_("Schedule the match meeting first."))
    held_on = meeting.day
    if held_on > timezone.localdate():
        raise MatchError(_("The match meeting is in the future; it can be held on the day."))
    if not all(checklist.get(name) for name in MEETING_CHECKLIST):
        raise MatchError(_("Go through every point of the agenda before recording the meeting as held."))
    for name in MEETING_CHECKLIST:
        setattr(meeting, name, True)
    meeting.held_on = held_on
    meeting.agreed_frequency = agreed_frequency
    meeting.wished_activities = list(wished_activities)
    meeting.notes = notes
    meeting.save()
    return match_start(match=match, on=held_on, by=by)


@transaction.atomic
def match_decline(*, match: Match, by, on: date, declined_by: str, reason: str) -> Match:
    """One side said no after the match meeting (or before it): the proposal is cancelled and the
    participant goes back on the waiting list keeping their date."""
    _lock(match)
    if match.status not in (MatchStatus.PROPOSED, MatchStatus.MEETING_SCHEDULED):
        raise MatchError(_("Only a match that has not started can be declined."))
    if match.proposed_on and on < match.proposed_on:
        raise MatchError(_("The date cannot be before the proposal date."))
    if on > timezone.localdate():
        raise MatchError(_("The date cannot be in the future."))
    return match_cancel(match=match, on=on, by=by, reason=f"{declined_by}: {reason}".strip())


# --- Pause and resume ---------------------------------------------------------------------


@transaction.atomic
def match_pause(*, match: Match, by, on: date, reason: str = "") -> MatchPause:
    _lock(match)
    if match.status != MatchStatus.ACTIVE:
        raise MatchError(_("Only an active match can be paused."))
    if match.started_on and on < match.started_on:
        raise MatchError(_("A pause cannot start before the match started."))
    match.transition(MatchStatus.PAUSED, on=on, by=by, reason=reason)
    pool_version.bump()
    pause = MatchPause.objects.create(match=match, starts_on=on, reason=reason, recorded_by=by)
    audit_record(actor=by, action=Action.CHANGE, target=match, detail="paused")
    return pause


@transaction.atomic
def match_resume(*, match: Match, by, on: date) -> MatchPause:
    _lock(match)
    pause = match.pauses.select_for_update().filter(ends_on__isnull=True).first()
    if match.status != MatchStatus.PAUSED or pause is None:
        raise MatchError(_("Only a paused match can be resumed."))
    if on < pause.starts_on:
        raise MatchError(_("The match cannot resume before the pause started."))
    pause.ends_on = on
    pause.save(update_fields=["ends_on"])
    match.transition(MatchStatus.ACTIVE, on=on, by=by)
    pool_version.bump()
    audit_record(actor=by, action=Action.CHANGE, target=match, detail="resumed")
    return pause


# --- Closure ------------------------------------------------------------------------------


@transaction.atomic
def match_close(
    *,
    match: Match,
    by,
    on: date,
    planned: bool,
    initiated_by: str,
    reason: EndReason,
    note: str = "",
    conversation_with_participant: bool,
    conversation_with_volunteer: bool,
    participant_wants_new: bool = False,
    volunteer_leaves: bool = False,
) -> MatchClosure:
    """End an active or paused match: record how it ended, close an open pause, and move the
    participant (ended, or back on the waiting list with priority) and the volunteer (available
    again, or left). (Dropping the follow-ups no longer due is followups' part:
    followups.services.match_close.)"""
    _lock(match)
    if match.status == MatchStatus.ENDED:
        raise MatchError(_("This match has already been ended (perhaps by someone else just now)."))
    if match.status not in (MatchStatus.ACTIVE, MatchStatus.PAUSED):
        raise MatchError(_("Only an active or paused match can be ended."))
    if on > timezone.localdate():
        raise MatchError(_("The end date cannot be in the future."))
    open_pause = match.pauses.filter(ends_on__isnull=True).first()
    if open_pause:
        if on < open_pause.starts_on:
            raise MatchError(_("The end date cannot be before the pause started."))
        open_pause.ends_on = on
        open_pause.save(update_fields=["ends_on"])
    closure = MatchClosure.objects.create(
        match=match,
        planned=planned,
        initiated_by=initiated_by,
        reason=reason,
        note=note,
        conversation_with_participant=conversation_with_participant,
        conversation_with_volunteer=conversation_with_volunteer,
        participant_wants_new=participant_wants_new,
        volunteer_leaves=volunteer_leaves,
        recorded_by=by,
    )
    match_end(
        match=match,
        on=on,
        by=by,
        reason=reason.name,
        participant_wants_new=participant_wants_new,
        volunteer_leaves=volunteer_leaves,
    )
    return closure


@transaction.atomic
def shared_contact_set(*, match: Match, by, text: str) -> Match:
    """What of the participant's contact details the volunteer sees (the participant agreed)."""
    match = _lock(match)
    match.shared_contact = text
    match.save(update_fields=["shared_contact"])
    audit_record(actor=by, action=Action.CHANGE, target=match, detail="fields: shared_contact")
    return match
