"""What each role's home page shows: a few counts with a link each."""

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext as _

from matches.models import OPEN_MATCH_STATUSES, MatchStatus
from referrals.models import ParticipantStatus
from volunteers.models import PIPELINE_STATUSES, VolunteerStatus

from .access import matches_for, participants_for, volunteers_for
from .models import Role


def reports_url(user) -> str | None:
    return reverse("reports:dashboard") if user.role in (Role.PROJECT_LEADER, Role.EVALUATOR) else None


def home_cards(user) -> list[dict]:
    cards = []
    if user.role in (Role.PROJECT_LEADER, Role.CONSULTANT, Role.SOCIAL_WORKER):
        counts = participants_for(user).aggregate(
            referred=Count("pk", filter=Q(status__in=[ParticipantStatus.REFERRED, ParticipantStatus.INFO_REQUESTED])),
            waiting=Count("pk", filter=Q(status=ParticipantStatus.WAITING)),
            matched=Count("pk", filter=Q(status=ParticipantStatus.MATCHED)),
        )
        cards += [
            {"label": _("Referrals awaiting triage"), "value": counts["referred"], "url": reverse("referrals:list")},
            {
                "label": _("On the waiting list"),
                "value": counts["waiting"],
                "url": reverse("referrals:list" if user.role == Role.SOCIAL_WORKER else "referrals:waiting"),
            },
            {"label": _("Matched participants"), "value": counts["matched"], "url": None},
        ]
    if user.role in (Role.PROJECT_LEADER, Role.CONSULTANT):
        match_counts = matches_for(user).aggregate(
            open=Count("pk", filter=Q(status__in=OPEN_MATCH_STATUSES)),
            proposed=Count("pk", filter=Q(status__in=[MatchStatus.PROPOSED, MatchStatus.MEETING_SCHEDULED])),
        )
        cards += [
            {"label": _("Open matches"), "value": match_counts["open"], "url": reverse("matches:list")},
            {"label": _("Matches on the way"), "value": match_counts["proposed"], "url": reverse("matches:list")},
        ]
    if user.role in (Role.PROJECT_LEADER, Role.CONSULTANT, Role.STUDENT_ASSISTANT):
        volunteer_counts = volunteers_for(user).aggregate(
            pipeline=Count("pk", filter=Q(status__in=PIPELINE_STATUSES)),
            available=Count("pk", filter=Q(status=VolunteerStatus.APPROVED)),
        )
        cards += [
            {
                "label": _("Volunteers in screening"),
                "value": volunteer_counts["pipeline"],
                "url": reverse("volunteers:pipeline"),
            },
            {
                "label": _("Approved volunteers without a match"),
                "value": volunteer_counts["available"],
                "url": reverse("volunteers:list"),
            },
        ]
    return cards


def region_contacts(region) -> list:
    """Who hears about news in a region (a referral, an application): its consultants; the project
    leaders when the region has none or the program does not run there yet."""
    from .models import User

    consultants = []
    if region.active:
        consultants = list(User.objects.filter(role=Role.CONSULTANT, regions=region, is_active=True))
    return consultants or list(User.objects.filter(role=Role.PROJECT_LEADER, is_active=True))
