"""Operations on matches that move the participant and volunteer along with the match."""

from datetime import date

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from audit.models import Action
from audit.services import audit_record
from lib.lifecycle import InvalidTransition
from lib.references import new_reference
from referrals.models import Participant, ParticipantStatus
from volunteers.models import Volunteer, VolunteerStatus

from .models import Match, MatchStatus


class MatchError(Exception):
    """A match operation refused for a reason the user can act on (shown as a message)."""


def _free_slot(volunteer: Volunteer) -> int | None:
    used = set(Match.objects.open().filter(volunteer=volunteer).values_list("slot", flat=True))
    return next((slot for slot in range(1, volunteer.capacity + 1) if slot not in used), None)


def match_propose(*, participant: Participant, volunteer: Volunteer, by, on: date, reason: str = "") -> Match:
    """Propose a pair. Exactly one of two concurrent proposals of the same volunteer wins."""
    try:
        with transaction.atomic():
            volunteer = Volunteer.objects.select_for_update().get(pk=volunteer.pk)
            participant = Participant.objects.select_for_update().get(pk=participant.pk)
            if participant.status != ParticipantStatus.WAITING:
                raise MatchError(_("The participant is no longer on the waiting list."))
            if volunteer.status not in (VolunteerStatus.APPROVED, VolunteerStatus.MATCHED):
                raise MatchError(_("The volunteer is not available for matching."))
            slot = _free_slot(volunteer)
            if slot is None:
                raise MatchError(_("The volunteer has just been matched with someone else."))
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
            participant.transition(ParticipantStatus.MATCHED, on=on, by=by)
            if volunteer.status == VolunteerStatus.APPROVED:
                volunteer.transition(VolunteerStatus.MATCHED, on=on, by=by)
            audit_record(actor=by, action=Action.CREATE, target=match, detail="proposed")
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
    participant = match.participant
    if participant_to == ParticipantStatus.WAITING:
        participant.priority = priority or participant.priority
        participant.transition(participant_to, on=on, by=by, reason=reason, extra_fields=["priority"])
    else:
        participant.transition(participant_to, on=on, by=by, reason=reason)
    volunteer = match.volunteer
    still_open = Match.objects.open().filter(volunteer=volunteer).exclude(pk=match.pk).exists()
    if volunteer_leaves:
        volunteer.left_on = on
        volunteer.transition(VolunteerStatus.LEFT, on=on, by=by, reason=reason, extra_fields=["left_on"])
    elif volunteer.status == VolunteerStatus.MATCHED and not still_open:
        volunteer.transition(VolunteerStatus.APPROVED, on=on, by=by)


@transaction.atomic
def match_start(*, match: Match, on: date, by) -> Match:
    """The match meeting was held: the relationship starts."""
    if match.proposed_on and on < match.proposed_on:
        raise MatchError(_("The start date cannot be before the proposal date."))
    match.set_started(on)
    match.transition(MatchStatus.ACTIVE, on=on, by=by, extra_fields=["started_on", "six_month_on"])
    audit_record(actor=by, action=Action.CHANGE, target=match, detail="started")
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
    return match
