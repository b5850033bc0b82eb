"""Read rules for the match pages: the list order and the story of one match."""

from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from django.db.models import Case, Count, DateField, F, IntegerField, Q, QuerySet, Value, When
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.models import Role

from .models import OPEN_MATCH_STATUSES, Match, MatchStatus

# Matches on the way need the consultant first.
_STATUS_ORDER = Case(
    When(status=MatchStatus.PROPOSED, then=Value(0)),
    When(status=MatchStatus.MEETING_SCHEDULED, then=Value(0)),
    When(status=MatchStatus.PAUSED, then=Value(1)),
    When(status=MatchStatus.ACTIVE, then=Value(2)),
    default=Value(3),
    output_field=IntegerField(),
)


def match_list(matches: QuerySet[Match], *, status: str = "open", region=None, search: str = "") -> QuerySet[Match]:
    """Open (or all, or one status's) matches; `search`: every word in the participant's or the
    volunteer's name, or a reference (the match's, the participant's or the volunteer's)."""
    if status == "open":
        matches = matches.filter(status__in=OPEN_MATCH_STATUSES)
    elif status and status != "all":
        matches = matches.filter(status=status)
    if region is not None:
        matches = matches.filter(region=region)
    for word in search.split():
        matches = matches.filter(
            Q(participant__first_name__icontains=word)
            | Q(participant__last_name__icontains=word)
            | Q(volunteer__first_name__icontains=word)
            | Q(volunteer__last_name__icontains=word)
            | Q(reference__icontains=word)
            | Q(participant__reference__icontains=word)
            | Q(volunteer__reference__icontains=word)
        )
    return (
        matches.select_related("meeting")
        .annotate(status_order=_STATUS_ORDER, next_due_on=_next_due_on())
        .order_by("status_order", "next_due_on", "-proposed_on", "-pk")
    )


def _next_due_on():
    """The match's next follow-up still to do, for the open ones (kept on the match by followups)."""
    return Case(
        When(status__in=OPEN_MATCH_STATUSES, then=F("next_followup_on")),
        default=None,
        output_field=DateField(),
    )


@dataclass
class Event:
    on: date
    label: str
    detail: str = ""
    kind: str = "status"
    followup: object = None
    extra: dict = field(default_factory=dict)


def sees_casework(user) -> bool:
    """Consultants and the project leader see the whole story; a social worker sees the participant
    side only: no volunteer contact details, no follow-ups, flags, notes or assessment."""
    return user.role in (Role.PROJECT_LEADER, Role.CONSULTANT)


def story(match: Match, user) -> list[Event]:
    """The timeline, newest first: each status change once (a pause is its status change, with its
    reason) and, for staff, each follow-up done. Same-day events keep the order they were recorded in."""
    staff = sees_casework(user)
    events = [
        Event(
            on=change.on,
            label=match._status_label(change.to_status),
            detail=change.reason if staff else "",
            extra={"recorded_at": change.recorded_at, "pk": change.pk},
        )
        for change in match.status_changes.all()
    ]
    if staff:
        for followup in match.followups.filter(done_on__isnull=False).select_related("recorded_by"):
            events.append(
                Event(
                    on=followup.done_on,
                    label=followup.get_kind_display(),
                    kind="followup",
                    followup=followup,
                    extra={"recorded_at": followup.recorded_at, "pk": followup.pk},
                )
            )
    never = datetime.min.replace(tzinfo=UTC)
    return sorted(
        events,
        key=lambda event: (event.on, event.extra["recorded_at"] or never, event.kind, event.extra["pk"]),
        reverse=True,
    )


def home_cards(user) -> list[dict]:
    """This app's cards on the home page (see settings.HOME_CARDS)."""
    if user.role not in (Role.PROJECT_LEADER, Role.CONSULTANT):
        return []
    counts = Match.objects.for_user(user).aggregate(
        open=Count("pk", filter=Q(status__in=OPEN_MATCH_STATUSES)),
        proposed=Count("pk", filter=Q(status__in=[MatchStatus.PROPOSED, MatchStatus.MEETING_SCHEDULED])),
    )
    return [
        {"label": _("Open matches"), "value": counts["open"], "url": reverse("matches:list")},
        {"label": _("Matches on the way"), "value": counts["proposed"], "url": reverse("matches:list")},
    ]
