from django.db import models, transaction

from .models import DETAIL_MAX, Action, AuditEvent, ListedRecord


def audit_record(
    *,
    actor,
    action: str,
    target: models.Model | None = None,
    target_type: str = "",
    target_id: str = "",
    detail: str = "",
) -> AuditEvent:
    """Record one access to or change of a personal record (not its content)."""
    if target is not None:
        target_type = target._meta.label_lower
        target_id = str(target.pk)
    user = actor if getattr(actor, "is_authenticated", False) else None
    return AuditEvent.objects.create(
        actor=user, action=action, target_type=target_type, target_id=target_id, detail=detail[:DETAIL_MAX]
    )


def audit_view(actor, target: models.Model) -> AuditEvent:
    return audit_record(actor=actor, action=Action.VIEW, target=target)


def audit_listed(*, actor, target_type: str, ids, what: str) -> AuditEvent | None:
    """One VIEW event per page for the people a list shows (one per person would drown the log):
    their ids in `detail` for reading, as many as fit, then "+N" for the rest; every id in
    ListedRecord for finding."""
    ids = [str(pk) for pk in dict.fromkeys(ids)]
    if not ids:
        return None
    detail = f"{what}: " + ",".join(ids)
    if len(detail) > DETAIL_MAX:
        kept = []
        for pk in ids:
            rest = len(ids) - len(kept) - 1
            if len(f"{what}: " + ",".join([*kept, pk]) + f" +{rest}") > DETAIL_MAX:
                break
            kept.append(pk)
        detail = f"{what}: " + ",".join(kept) + f" +{len(ids) - len(kept)}"
    with transaction.atomic(savepoint=False):
        event = audit_record(actor=actor, action=Action.VIEW, target_type=target_type, detail=detail)
        ListedRecord.objects.bulk_create([ListedRecord(event=event, record_id=pk) for pk in ids])
    return event
