"""What the consultant's today page and the project leader's overview show."""

from datetime import date, timedelta

from django.db.models import Count, Q

from accounts.access import regions_for
from accounts.models import Role, User
from lib.dates import add_months
from matches.models import Match, MatchMeeting, MatchStatus, scope_q
from referrals.models import Participant, ParticipantStatus
from volunteers.models import DEFAULT_SLEEP_ON_IT_DAYS, RegionSettings, Screening, Volunteer, VolunteerStatus
from volunteers.models import scope_q as volunteer_scope_q

from .models import FollowUp

LIST_LIMIT = 50


# What a row of people on the today page shows of each (the rest of a person's forty columns is
# neither read nor turned into objects).
_PAIR_FIELDS = [
    f"match__{side}__{name}"
    for side in ("participant", "volunteer")
    for name in ("first_name", "last_name", "reference")
]


def due_followups(user, today: date):
    return (
        FollowUp.objects.due_by(today)
        .filter(scope_q(user, through="match__"))
        .select_related("match__participant", "match__volunteer")
        .only("pk", "kind", "due_on", "match__reference", *_PAIR_FIELDS)
        .order_by("due_on", "pk")
    )


def coming_meetings(user):
    """Match meetings not yet recorded as held, the earliest first (a past one still needs recording)."""
    return (
        MatchMeeting.objects.filter(
            scope_q(user, through="match__"), match__status=MatchStatus.MEETING_SCHEDULED, held_on__isnull=True
        )
        .select_related("match__participant", "match__volunteer")
        .order_by("starts_at")
    )


def screening_meetings(user):
    """Volunteers' booked screening meetings not yet recorded as held, the earliest first (a past
    one still needs recording)."""
    return (
        Screening.objects.filter(
            volunteer_scope_q(user, through="volunteer__"),
            volunteer__status=VolunteerStatus.SCREENING_BOOKED,
            held_on__isnull=True,
        )
        .select_related("volunteer")
        .order_by("meeting_at", "pk")
    )


def raised_flags(user):
    """The first LIST_LIMIT flags still to handle, oldest first. Their ids first (from the index of
    open flags), then the rows with the people: joined in one query, the planner walked every match
    of the scope to find a handful of flags."""
    ids = list(
        FollowUp.objects.flagged()
        .filter(scope_q(user, through="match__"))
        .order_by("done_on", "pk")
        .values_list("pk", flat=True)[:LIST_LIMIT]
    )
    return (
        FollowUp.objects.filter(pk__in=ids)
        .select_related("match__participant", "match__volunteer", "match__region")
        .order_by("done_on", "pk")
    )


def sleep_on_it_limits(user) -> list[dict]:
    """Each of the user's regions with its own sleep-on-it limit in days (the region's setting)."""
    days = dict(RegionSettings.objects.values_list("region_id", "sleep_on_it_days"))
    return [
        {"region": region, "days": days.get(region.pk) or DEFAULT_SLEEP_ON_IT_DAYS}
        for region in regions_for(user).order_by("name")
    ]


def slept_on_it(user, today: date):
    """Screened volunteers who have slept on it longer than the region's limit: time to call."""
    overdue = Q(pk__in=[])
    for limit in sleep_on_it_limits(user):
        since = today - timedelta(days=limit["days"])
        overdue |= Q(region_id=limit["region"].pk, status_changed_on__lte=since)
    return (
        Volunteer.objects.for_user(user)
        .filter(overdue, status=VolunteerStatus.SCREENED)
        .only("pk", "first_name", "last_name", "reference", "status_changed_on", "region__name")
        .order_by("status_changed_on", "pk")
    )


def awaiting_triage(user):
    return (
        Participant.objects.for_user(user)
        .select_related(None)
        .filter(status__in=[ParticipantStatus.REFERRED, ParticipantStatus.INFO_REQUESTED])
        .only("pk", "reference", "status", "referred_on")
        .order_by("referred_on", "pk")
    )


def match_first_years(user, today: date, window: int = 7) -> list[dict]:
    """Running matches whose first year is reached within `window` days either side of today."""
    matches = (
        Match.objects.filter(
            scope_q(user),
            status__in=(MatchStatus.ACTIVE, MatchStatus.PAUSED),
            started_on__gte=add_months(today - timedelta(days=window), -12),
            started_on__lte=add_months(today + timedelta(days=window), -12),
        )
        .select_related("participant", "volunteer")
        .only("pk", "reference", "started_on", *(name.removeprefix("match__") for name in _PAIR_FIELDS))
        .order_by("started_on", "pk")
    )
    return [{"match": match, "on": add_months(match.started_on, 12)} for match in matches[:LIST_LIMIT]]


def overdue_by_consultant(today: date) -> list[dict]:
    """For the project leader: each active consultant's overdue follow-ups (of their regions' matches,
    the same set their today page shows)."""
    per_region = dict(
        FollowUp.objects.overdue(today)
        .values_list("match__region")
        .annotate(count=Count("pk"))
        .values_list("match__region", "count")
    )
    consultants = User.objects.filter(role=Role.CONSULTANT, is_active=True).prefetch_related("regions")
    rows = []
    for consultant in consultants.order_by("first_name", "last_name", "username"):
        regions = list(consultant.regions.all())
        rows.append(
            {
                "consultant": consultant,
                "regions": regions,
                "overdue": sum(per_region.get(region.pk, 0) for region in regions),
            }
        )
    return rows
