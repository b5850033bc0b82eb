"""Applying an import plan (transfer.planning): every record, status change and new treatment
centre in one transaction, then fresh planner statistics for the bulk of new rows."""

from datetime import date
from pathlib import Path

from django.db import transaction

from audit.models import Action
from audit.services import audit_record
from lib import data_version
from lib.database import refresh_planner_statistics
from matches.models import OPEN_MATCH_STATUSES, Match, MatchStatusChange
from referrals.models import Participant, ParticipantStatusChange
from regions.models import TreatmentCentre
from volunteers import pool_version
from volunteers.models import Volunteer, VolunteerStatusChange

from .planning import CHUNK, MATCH_FIELDS, PARTICIPANT_FIELDS, VOLUNTEER_FIELDS, ImportPlan, TablePlan, build_plan
from .readings import write_readings


def _write_people(model, change_model, fk: str, objects: dict, plan: TablePlan, fields, by) -> dict[str, int]:
    created = [obj for ref, obj in objects.items() if obj._original is None]
    changed = [obj for obj in objects.values() if obj._original is not None and getattr(obj, "_changed", None)]
    model.objects.bulk_create(created, batch_size=CHUNK)
    if changed:
        model.objects.bulk_update(changed, sorted({n for o in changed for n in o._changed}), batch_size=CHUNK)
    refs = list(objects)
    pks = {}
    for start in range(0, len(refs), CHUNK):
        pks.update(model.objects.filter(reference__in=refs[start : start + CHUNK]).values_list("reference", "pk"))
    change_model.objects.bulk_create(
        (
            change_model(**{fk: pks[obj.reference]}, from_status=old, to_status=new, on=on, by=by, reason="import")
            for obj, old, new, on in plan.status_changes
        ),
        batch_size=CHUNK,
    )
    return pks


@transaction.atomic
def apply_plan(plan: ImportPlan, *, actor=None) -> None:
    if plan.errors:
        raise ValueError("a plan with errors cannot be applied")
    by = actor if getattr(actor, "is_authenticated", False) else None
    for name, region_id in plan._centre_regions.items():
        centre = TreatmentCentre.objects.create(name=name, region_id=region_id)
        for person in plan._participants.values():
            if getattr(person, "_new_centre", None) == name:
                person.treatment_centre_id = centre.pk
    p_pks = _write_people(
        Participant,
        ParticipantStatusChange,
        "participant_id",
        plan._participants,
        plan.tables["participants"],
        PARTICIPANT_FIELDS,
        by,
    )
    v_pks = _write_people(
        Volunteer,
        VolunteerStatusChange,
        "volunteer_id",
        plan._volunteers,
        plan.tables["volunteers"],
        VOLUNTEER_FIELDS,
        by,
    )
    matches = plan._matches
    for match in matches.values():
        match.participant_id = p_pks.get(match.p_ref, match.participant_id)
        match.volunteer_id = v_pks.get(match.v_ref, match.volunteer_id)
    for match in matches.values():
        if match._original is not None:
            match._changed = [n for n in MATCH_FIELDS if getattr(match, n) != match._original[n]]
    updates = [m for m in matches.values() if m._original is not None and m._changed]
    # Close first, then open: the open-match constraints hold after every statement.
    closing = [m for m in updates if m.status not in OPEN_MATCH_STATUSES]
    opening = [m for m in updates if m.status in OPEN_MATCH_STATUSES]
    for group in (closing, opening):
        if group:
            Match.objects.bulk_update(group, sorted({n for m in group for n in m._changed}), batch_size=CHUNK)
    Match.objects.bulk_create([m for m in matches.values() if m._original is None], batch_size=CHUNK)
    refs = list(matches)
    m_pks = {}
    for start in range(0, len(refs), CHUNK):
        m_pks.update(Match.objects.filter(reference__in=refs[start : start + CHUNK]).values_list("reference", "pk"))
    MatchStatusChange.objects.bulk_create(
        (
            MatchStatusChange(
                match_id=m_pks[m.reference], from_status=old, to_status=new, on=on, by=by, reason="import"
            )
            for m, old, new, on in plan.tables["matches"].status_changes
        ),
        batch_size=CHUNK,
    )
    write_readings(plan._readings, m_pks, by=by)
    pool_version.bump()  # volunteers and matches may have come or changed
    audit_record(actor=actor, action=Action.IMPORT, target_type="reports.import", detail=plan.summary())


def import_data(path: Path, *, actor=None, consent_on_paper: date | None = None) -> ImportPlan:
    """Validate PATH and, if there is no error, write everything in one transaction."""
    with transaction.atomic():
        plan = build_plan(path, consent_on_paper=consent_on_paper)
        if plan.ok:
            apply_plan(plan, actor=actor)
    if plan.ok:
        refresh_planner_statistics()
        data_version.bump()
    return plan
