"""The person's rights: withdrawing consent, erasure (anonymisation), the access export.

A person is a participant or a volunteer. Each operation is dated, attributed, audited, atomic."""

from datetime import date

from django.apps import apps
from django.db import models, transaction
from django.utils.translation import gettext as _

from audit.models import Action
from audit.services import audit_record
from lib.errors import OperationRefused
from matches.models import OPEN_MATCH_STATUSES, Match
from referrals.models import Participant, ParticipantStatus
from transfer import uploads
from volunteers import pool_version
from volunteers.models import Posting, VolunteerStatus

from .registry import DELETE_FILE, REGISTRY

PS, VS = ParticipantStatus, VolunteerStatus
# Where withdrawing consent takes a volunteer: out of the pipeline, or out of the program.
VOLUNTEER_EXIT = {
    VS.APPLIED: VS.WITHDREW,
    VS.SCREENING_BOOKED: VS.WITHDREW,
    VS.SCREENED: VS.WITHDREW,
    VS.APPROVED: VS.LEFT,
    VS.PAUSED: VS.LEFT,
}


class PrivacyError(OperationRefused):
    """A consent or erasure operation refused for a reason the user can act on."""


def person_kind(person) -> str:
    return "participant" if isinstance(person, Participant) else "volunteer"


def _lock(person):
    return type(person).objects.select_for_update().get(pk=person.pk)


def _open_matches(person):
    return Match.objects.filter(**{person_kind(person): person}, status__in=OPEN_MATCH_STATUSES)


@transaction.atomic
def consent_withdraw(*, person, by, on: date):
    """The person withdraws consent: processing stops (off the waiting list or out of recruitment,
    out of matching, postings removed, no new notes) and erasure follows after the retention
    schedule's `withdrawn_consent_days` (`manage.py apply_retention`). An open match is ended first."""
    person = _lock(person)
    if person.consent_withdrawn_on or person.erased_on:
        raise PrivacyError(_("Consent has already been withdrawn."))
    if _open_matches(person).exists():
        raise PrivacyError(_("The person has an open match. End or cancel the match first."))
    reason = _("consent withdrawn")
    if isinstance(person, Participant):
        if person.status in (PS.REFERRED, PS.INFO_REQUESTED, PS.WAITING):
            person.transition(PS.WITHDRAWN, on=on, by=by, reason=reason)
        Posting.objects.filter(participant=person).delete()
    else:
        exit_status = VOLUNTEER_EXIT.get(person.status)
        if exit_status == VS.LEFT:
            person.left_on = on
            person.transition(exit_status, on=on, by=by, reason=reason, extra_fields=["left_on"])
        elif exit_status:
            person.transition(exit_status, on=on, by=by, reason=reason)
        pool_version.bump()  # out of matching
    person.consent_withdrawn_on = on
    person.consent_withdrawn_by = by
    person.save(update_fields=["consent_withdrawn_on", "consent_withdrawn_by"])
    audit_record(actor=by, action=Action.CHANGE, target=person, detail="consent withdrawn")
    return person


def _rows(label: str, entry, person, references: list[str]):
    model = apps.get_model(label)
    if entry.rows is not None:
        return entry.rows(references)
    lookup = getattr(entry, person_kind(person))
    if lookup is None:
        return None
    return model._default_manager.filter(**{lookup: person.pk})


def _references(person) -> list[str]:
    matches = Match.objects.filter(**{person_kind(person): person}).values_list("reference", flat=True)
    return [person.reference, *matches]


def _overwrite(queryset, erase: dict) -> None:
    computed = {name: value for name, value in erase.items() if callable(value) or value is DELETE_FILE}
    plain = {name: value for name, value in erase.items() if name not in computed}
    if plain:
        queryset.update(**plain)
    if not computed:
        return
    for obj in queryset:
        for name, value in computed.items():
            if value is DELETE_FILE:
                stored = getattr(obj, name)
                if stored:
                    stored.delete(save=False)
                setattr(obj, name, "")
            else:
                setattr(obj, name, value(obj))
        obj.save(update_fields=list(computed))


@transaction.atomic
def person_erase(*, person, by, on: date, why: str = "leader"):
    """Erase a person: every personal field, note, free text and upload is deleted or overwritten
    (privacy.registry says which); the figures the KPIs count stay as an anonymous row. Audit events
    stay (they hold ids only). Refused while the person has an open match."""
    person = _lock(person)
    if person.erased_on:
        raise PrivacyError(_("The person has already been erased."))
    if _open_matches(person).exists():
        raise PrivacyError(_("The person has an open match. End or cancel the match first."))
    references = _references(person)
    # Rows that are deleted go first; overwriting the person (their reference) comes last.
    for label, entry in sorted(REGISTRY.items(), key=lambda item: item[1].delete is False):
        rows = _rows(label, entry, person, references)
        if rows is None:
            continue
        if entry.delete:
            _delete_files(rows)
            rows.delete()
        elif entry.erase:
            _overwrite(rows, entry.erase)
    # Web-import uploads waiting for confirmation may hold the person: the import is started again.
    uploads.sweep(0)
    person.erased_on = on
    person.save(update_fields=["erased_on"])
    if person_kind(person) == "volunteer":
        pool_version.bump()  # a matching pool holds the volunteer's name and criteria
    audit_record(actor=by, action=Action.DELETE, target=person, detail=f"erased ({why})")
    return person


def _delete_files(rows) -> None:
    file_fields = [f.name for f in rows.model._meta.concrete_fields if isinstance(f, models.FileField)]
    if not file_fields:
        return
    for obj in rows:
        for name in file_fields:
            stored = getattr(obj, name)
            if stored:
                stored.delete(save=False)
