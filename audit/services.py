from django.db import models

from .models import Action, AuditEvent


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
        actor=user, action=action, target_type=target_type, target_id=target_id, detail=detail[:200]
    )


def audit_view(actor, target: models.Model) -> AuditEvent:
    return audit_record(actor=actor, action=Action.VIEW, target=target)
