"""Supervision requests, requirements met and the directory: every change recorded in the audit log."""

from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.models import Action
from audit.services import audit_record
from lib.errors import OperationRefused
from volunteers import pool_version
from volunteers.models import Volunteer

from .models import (
    ReferralPlace,
    Requirement,
    SupervisionReason,
    SupervisionRequest,
    SupervisionSource,
    VolunteerRequirement,
)


class SupportError(OperationRefused):
    """A support operation refused for a reason the user can act on."""


# --- Supervision ---------------------------------------------------------------------------


@transaction.atomic
def supervision_request(
    *,
    volunteer: Volunteer,
    by,
    requested_on: date,
    reason: str,
    note: str = "",
    source: str = SupervisionSource.CONSULTANT,
) -> SupervisionRequest:
    if requested_on > timezone.localdate():
        raise SupportError(_("A supervision request cannot be dated in the future."))
    request = SupervisionRequest.objects.create(
        volunteer=volunteer,
        requested_on=requested_on,
        reason=reason,
        note=note.strip(),
        source=source,
        created_by=by if getattr(by, "is_authenticated", False) else None,
    )
    audit_record(actor=by, action=Action.CREATE, target=request, detail=f"supervision request ({source})")
    return request


@transaction.atomic
def supervision_from_follow_up(*, volunteer: Volunteer, by, on: date) -> SupervisionRequest:
    """The follow-up flag "needs supervision": a request, unless the volunteer has one open already."""
    existing = SupervisionRequest.objects.open().filter(volunteer=volunteer).first()
    if existing is not None:
        return existing
    return supervision_request(
        volunteer=volunteer, by=by, requested_on=on, reason=SupervisionReason.OTHER, source=SupervisionSource.FOLLOW_UP
    )


@transaction.atomic
def supervision_update(
    *, request: SupervisionRequest, by, reason: str, note: str, booked_on: date | None, held: bool | None
) -> SupervisionRequest:
    """Book the supervision with the psychotherapist and record whether it was held."""
    if held is not None and booked_on is None:
        raise SupportError(_("Give the date booked with the psychotherapist before recording whether it was held."))
    if held and booked_on > timezone.localdate():
        raise SupportError(_("A supervision booked in the future cannot be recorded as held yet."))
    if booked_on is not None and booked_on < request.requested_on:
        raise SupportError(_("The supervision cannot be booked before it was requested."))
    request.reason, request.note, request.booked_on, request.held = reason, note.strip(), booked_on, held
    request.save(update_fields=["reason", "note", "booked_on", "held"])
    detail = "supervision " + ("open" if held is None else "held" if held else "not held")
    audit_record(actor=by, action=Action.CHANGE, target=request, detail=detail)
    return request


# --- Requirements --------------------------------------------------------------------------


@transaction.atomic
def requirement_record(*, volunteer: Volunteer, requirement: Requirement, by, met_on: date) -> VolunteerRequirement:
    """The volunteer has met the requirement on `met_on` (renewing adds a row: the history stays)."""
    if met_on > timezone.localdate():
        raise SupportError(_("A requirement cannot be recorded as met in the future."))
    if not requirement.active:
        raise SupportError(_("This requirement is no longer in use."))
    record = VolunteerRequirement.objects.create(
        volunteer=volunteer,
        requirement=requirement,
        met_on=met_on,
        expires_on=requirement.expires_on(met_on),
        recorded_by=by,
    )
    if requirement.before_first_match:
        pool_version.bump()
    audit_record(actor=by, action=Action.CHANGE, target=volunteer, detail=f"requirement {requirement.pk} met")
    return record


# --- Directory -----------------------------------------------------------------------------

PLACE_FIELDS = ("name", "category", "description", "contact", "opening_hours", "region", "active")


@transaction.atomic
def place_save(*, place: ReferralPlace | None, by, **values) -> ReferralPlace:
    """Create (place None) or change a place in the directory."""
    unknown = set(values) - set(PLACE_FIELDS)
    if unknown:
        raise TypeError(f"unknown place fields: {sorted(unknown)}")
    created = place is None
    place = place or ReferralPlace()
    for name, value in values.items():
        setattr(place, name, value)
    place.save()
    audit_record(actor=by, action=Action.CREATE if created else Action.CHANGE, target=place, detail="referral place")
    return place
