"""The retention schedule applied: who is due for erasure and which audit events are past their time.

Each data class is a query over the people not yet erased; applying erases each person through
privacy.services.person_erase (the KPI figures stay) and deletes audit events past their time.
`manage.py apply_retention [--dry-run]` runs it daily; each run (also a dry run) writes one audit row."""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db import transaction
from django.db.models import Exists, Max, OuterRef, Q
from django.utils import timezone

from audit.models import Action, AuditEvent
from audit.services import audit_record
from lib import data_version
from lib.errors import OperationRefused
from matches.models import OPEN_MATCH_STATUSES, Match
from referrals.models import Participant, ParticipantStatus
from volunteers.models import Volunteer, VolunteerStatus

from .models import RetentionSchedule
from .services import person_erase

PS, VS = ParticipantStatus, VolunteerStatus
REJECTED = (VS.NOT_SUITABLE, VS.WITHDREW, VS.REDIRECTED)


@dataclass
class RetentionRun:
    today: date
    due: dict[str, list] = field(default_factory=dict)  # data class → people
    audit_events: int = 0
    erased: int = 0
    refused: list[str] = field(default_factory=list)

    def summary(self) -> str:
        """Counts per class, no personal data (for the audit row and the command's output)."""
        parts = [f"{name}: {len(people)}" for name, people in self.due.items()]
        return "; ".join([*parts, f"audit events: {self.audit_events}"])


def _without_open_match(qs, kind: str):
    return qs.exclude(Exists(Match.objects.filter(**{kind: OuterRef("pk")}, status__in=OPEN_MATCH_STATUSES)))


def due_people(schedule: RetentionSchedule, today: date) -> dict[str, list]:
    def before(days: int) -> date:
        return today - timedelta(days=days)

    participants = Participant.objects.filter(erased_on__isnull=True)
    volunteers = Volunteer.objects.filter(erased_on__isnull=True)
    last_end = Max("matches__ended_on")
    return {
        "consent withdrawn": [
            *participants.filter(consent_withdrawn_on__lte=before(schedule.withdrawn_consent_days)),
            *volunteers.filter(consent_withdrawn_on__lte=before(schedule.withdrawn_consent_days)),
        ],
        "declined or withdrawn referrals": list(
            participants.filter(
                status__in=(PS.DECLINED, PS.WITHDRAWN),
                status_changed_on__lte=before(schedule.closed_referral_days),
                consent_withdrawn_on__isnull=True,
            )
        ),
        "ended matches": [
            *_without_open_match(participants.filter(status=PS.ENDED), "participant")
            .annotate(last_end=last_end)
            .filter(last_end__lte=before(schedule.ended_match_days)),
            *_without_open_match(volunteers.filter(status=VS.LEFT), "volunteer")
            .annotate(last_end=last_end)
            .filter(Q(last_end__lte=before(schedule.ended_match_days)) | Q(last_end__isnull=True))
            .filter(left_on__lte=before(schedule.ended_match_days)),
        ],
        "rejected volunteer applications": list(
            volunteers.filter(
                status__in=REJECTED,
                status_changed_on__lte=before(schedule.rejected_application_days),
                consent_withdrawn_on__isnull=True,
            )
        ),
    }


def retention_apply(*, dry_run: bool, today: date | None = None, by=None) -> RetentionRun:
    today = today or timezone.localdate()
    schedule = RetentionSchedule.current()
    run = RetentionRun(today=today, due=due_people(schedule, today))
    old_events = AuditEvent.objects.filter(at__date__lt=today - timedelta(days=schedule.audit_days))
    run.audit_events = old_events.count()
    if not dry_run:
        for name, people in run.due.items():
            for person in people:
                try:
                    person_erase(person=person, by=by, on=today, why=f"retention: {name}")
                    run.erased += 1
                except OperationRefused:
                    run.refused.append(f"{person._meta.label_lower}:{person.pk}")
        old_events.delete()
        transaction.on_commit(data_version.bump)  # after the erasures are committed
    detail = ("dry run: " if dry_run else "") + run.summary()
    audit_record(actor=by, action=Action.DELETE, target_type="privacy.retention", detail=detail)
    return run
