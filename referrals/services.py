"""Referral operations: intake, triage, notes. Each one dated, attributed, audited and atomic."""

from datetime import date

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from accounts.models import Role
from accounts.selectors import region_contacts
from audit.models import Action
from audit.services import audit_record
from lib.errors import OperationRefused
from lib.references import new_reference
from notifications.services import notify
from regions.models import TreatmentCentre

from .models import ConsentKind, ConsentText, Participant, ParticipantNote, ParticipantStatus, WithdrawalReason

S = ParticipantStatus


class ReferralError(OperationRefused):
    """A referral operation refused for a reason the user can act on."""


def _check_triage_date(participant: Participant, on: date) -> None:
    """A triage step is dated: not in the future, not before the referral, not before the last change."""
    if on > timezone.localdate():
        raise ReferralError(_("The date cannot be in the future."))
    if participant.referred_on and on < participant.referred_on:
        raise ReferralError(_("The date cannot be before the referral date."))
    if on < participant.status_changed_on:
        raise ReferralError(_("The date cannot be before the last change of status."))


def _check_consent(participant: Participant) -> None:
    """After consent is withdrawn nothing new is recorded about the person (they await erasure)."""
    if participant.consent_withdrawn_on or participant.erased_on:
        raise ReferralError(_("The participant has withdrawn their consent; nothing new can be recorded."))


def _detail_url(participant: Participant) -> str:
    return reverse("referrals:detail", kwargs={"participant_id": participant.pk})


def _notify_referrer(participant: Participant, message: str) -> None:
    if participant.referred_by_id:
        notify(
            recipients=[participant.referred_by],
            message=message,
            params={"reference": participant.reference},
            person=participant,
            url=_detail_url(participant),
        )


def _fresh_reference() -> str:
    # Collisions are ~1 in 900 million; the unique constraint stays the real guard.
    while True:
        reference = new_reference("P")
        if not Participant.objects.filter(reference=reference).exists():
            return reference


@transaction.atomic
def participant_refer(*, data: dict, centre: TreatmentCentre, by, on: date) -> Participant:
    """Register a referral from `centre` (made by a social worker, or phoned in to a consultant).

    The participant belongs to the centre's region; its consultants are told (the name in the
    app only for those who may see the referral; no personal data in the e-mail)."""
    participant = Participant.objects.create(
        **data,
        reference=_fresh_reference(),
        region=centre.region,
        treatment_centre=centre,
        referred_by=by,
        consent_recorded_by=by,
        consent_text=ConsentText.objects.current(ConsentKind.PARTICIPANT),
        status=S.REFERRED,
        status_changed_on=on,
        referred_on=on,
    )
    participant.status_changes.create(from_status="", to_status=S.REFERRED, on=on, by=by)
    audit_record(actor=by, action=Action.CREATE, target=participant, detail="referral")
    notify(
        recipients=region_contacts(participant.region),
        message=gettext_noop("New referral %(reference)s from %(centre)s."),
        params={"reference": participant.reference, "centre": centre.name},
        person=participant,
        url=_detail_url(participant),
    )
    return participant


@transaction.atomic
def participant_update(*, participant: Participant, data: dict, by, on: date) -> Participant:
    """Save an edited referral. A social worker answering a request for information sends it back
    to triage, and the region's consultants are told."""
    participant = Participant.objects.select_for_update().get(pk=participant.pk)
    if by.role == Role.SOCIAL_WORKER and not participant.awaiting_triage:
        raise ReferralError(_("The referral has been triaged; contact the consultant to change it."))
    changed = [name for name, value in data.items() if getattr(participant, name) != value]
    for name in changed:
        setattr(participant, name, data[name])
    if changed:
        participant.save(update_fields=changed)
        # Field names only: the audit log never holds the content.
        audit_record(actor=by, action=Action.CHANGE, target=participant, detail=("fields: " + ", ".join(changed))[:200])
    if by.role == Role.SOCIAL_WORKER and participant.status == S.INFO_REQUESTED:
        participant.transition(S.REFERRED, on=max(on, participant.status_changed_on), by=by)
        notify(
            recipients=region_contacts(participant.region),
            message=gettext_noop("Referral %(reference)s has been updated with more information."),
            params={"reference": participant.reference},
            person=participant,
            url=_detail_url(participant),
        )
    return participant


@transaction.atomic
def participant_accept(
    *, participant: Participant, by, on: date, priority: bool = False, reason: str = ""
) -> Participant:
    """Visitation: onto the region's waiting list, counted from `on`."""
    participant = Participant.objects.select_for_update().get(pk=participant.pk)
    _check_triage_date(participant, on)
    participant.accepted_on = on
    participant.waiting_since = on
    participant.priority = priority
    participant.transition(
        S.WAITING, on=on, by=by, reason=reason, extra_fields=["accepted_on", "waiting_since", "priority"]
    )
    audit_record(actor=by, action=Action.CHANGE, target=participant, detail="status: accepted")
    _notify_referrer(participant, gettext_noop("Referral %(reference)s has been accepted onto the waiting list."))
    return participant


@transaction.atomic
def participant_request_info(*, participant: Participant, by, on: date, message: str) -> Participant:
    """Ask the referring social worker for more; the message is shown to them on the referral."""
    participant = Participant.objects.select_for_update().get(pk=participant.pk)
    _check_triage_date(participant, on)
    participant.transition(S.INFO_REQUESTED, on=on, by=by, reason=message)
    audit_record(actor=by, action=Action.CHANGE, target=participant, detail="status: info requested")
    _notify_referrer(participant, gettext_noop("More information is requested for referral %(reference)s."))
    return participant


@transaction.atomic
def participant_decline(*, participant: Participant, by, on: date, reason: str) -> Participant:
    participant = Participant.objects.select_for_update().get(pk=participant.pk)
    _check_triage_date(participant, on)
    participant.transition(S.DECLINED, on=on, by=by, reason=reason)
    audit_record(actor=by, action=Action.CHANGE, target=participant, detail="status: declined")
    _notify_referrer(participant, gettext_noop("Referral %(reference)s was declined."))
    return participant


@transaction.atomic
def participant_withdraw(
    *, participant: Participant, by, on: date, reason: WithdrawalReason, comment: str = ""
) -> Participant:
    """Take a referral or a person on the waiting list off: they leave the waiting list, waiting
    times and matching, and can be accepted again later. A social worker withdraws only their own
    referral before triage; the other side is told."""
    participant = Participant.objects.select_for_update().get(pk=participant.pk)
    by_referrer = by.role == Role.SOCIAL_WORKER
    if by_referrer and not participant.awaiting_triage:
        raise ReferralError(_("The referral has been triaged; contact the consultant to withdraw it."))
    if not participant.can_withdraw:
        raise ReferralError(_("Only a referral or a person on the waiting list can be withdrawn; end the match first."))
    _check_triage_date(participant, on)
    participant.withdrawal_reason = reason
    participant.transition(S.WITHDRAWN, on=on, by=by, reason=comment.strip(), extra_fields=["withdrawal_reason"])
    audit_record(actor=by, action=Action.CHANGE, target=participant, detail="status: withdrawn")
    if by_referrer:
        notify(
            recipients=region_contacts(participant.region),
            message=gettext_noop("Referral %(reference)s was withdrawn by the social worker."),
            params={"reference": participant.reference},
            person=participant,
            url=_detail_url(participant),
        )
    else:
        _notify_referrer(participant, gettext_noop("Referral %(reference)s was withdrawn."))
    return participant


@transaction.atomic
def participant_reaccept(*, participant: Participant, by, on: date, priority: bool = False) -> Participant:
    """Back onto the waiting list after a withdrawal; the wait counts anew from `on`."""
    participant = Participant.objects.select_for_update().get(pk=participant.pk)
    _check_consent(participant)
    _check_triage_date(participant, on)
    participant.accepted_on = participant.accepted_on or on
    participant.waiting_since = on
    participant.priority = priority
    participant.withdrawal_reason = None
    participant.transition(
        S.WAITING, on=on, by=by, extra_fields=["accepted_on", "waiting_since", "priority", "withdrawal_reason"]
    )
    audit_record(actor=by, action=Action.CHANGE, target=participant, detail="status: accepted again")
    return participant


@transaction.atomic
def participant_note_add(*, participant: Participant, by, text: str) -> ParticipantNote:
    _check_consent(participant)
    note = ParticipantNote.objects.create(participant=participant, author=by, text=text)
    audit_record(actor=by, action=Action.CREATE, target=note, detail="note")
    return note
