"""Read rules of events: who may see and change which event, who would get an invitation, the
people on an event page (only the volunteers the user may see), and the volunteer page's section."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Avg, Count, Exists, OuterRef, Q, QuerySet

from accounts.access import regions_for
from accounts.models import CASEWORK_ROLES, Role
from lib.dates import add_months
from volunteers.models import Volunteer, VolunteerStatus

from .models import Attendance, Event, Kind

S = VolunteerStatus
# A look back of a year: "not at an experience-exchange meeting in the last 12 months".
YEAR = timedelta(days=365)
# Who can be invited at all: approved volunteers, in a match or waiting for one.
INVITABLE = (S.APPROVED, S.MATCHED)


def can_manage(user) -> bool:
    return user.role in CASEWORK_ROLES


def events_for(user) -> QuerySet[Event]:
    """Events with their counts (of everyone, as numbers: places taken, waiting, came)."""
    return Event.objects.for_user(user).annotate(
        taken=Count("signups", filter=Q(signups__waiting_position__isnull=True), distinct=True),
        waiting=Count("signups", filter=Q(signups__waiting_position__isnull=False), distinct=True),
        came=Count("attendances", distinct=True),
    )


def editable_by(user) -> QuerySet[Event]:
    """National events are the project leader's; consultants change their regions' events."""
    if user.role == Role.PROJECT_LEADER:
        return Event.objects.all()
    return Event.objects.filter(region__in=regions_for(user))


def can_edit(user, event: Event) -> bool:
    return editable_by(user).filter(pk=event.pk).exists()


def volunteers_for(user, event: Event) -> QuerySet[Volunteer]:
    """The volunteers this user may see who belong to the event's region (all of theirs for a
    national event)."""
    volunteers = Volunteer.objects.for_user(user)
    if event.region_id:
        volunteers = volunteers.filter(region_id=event.region_id)
    return volunteers


@dataclass(frozen=True)
class Criteria:
    """Who gets an invitation: approved volunteers in `regions` who are in a match (`active`) and/or
    approved and waiting for one (`waiting`), narrowed by the other answers."""

    regions: tuple = ()
    active: bool = True
    waiting: bool = True
    new_within_months: int | None = None
    never_attended: bool = False
    no_exchange_last_year: bool = False


def invitation_candidates(*, user, event: Event, criteria: Criteria, today: date) -> QuerySet[Volunteer]:
    """The volunteers the criteria pick, among those the user may see, minus those already invited."""
    statuses = [status for status, wanted in ((S.MATCHED, criteria.active), (S.APPROVED, criteria.waiting)) if wanted]
    volunteers = Volunteer.objects.for_user(user).filter(status__in=statuses, region__in=criteria.regions)
    if criteria.new_within_months:
        volunteers = volunteers.filter(approved_on__gte=add_months(today, -criteria.new_within_months))
    if criteria.never_attended:
        volunteers = volunteers.exclude(Exists(Attendance.objects.filter(volunteer=OuterRef("pk"))))
    if criteria.no_exchange_last_year:
        recent = Attendance.objects.filter(
            volunteer=OuterRef("pk"), event__kind=Kind.EXCHANGE, event__held_on__gt=today - YEAR
        )
        volunteers = volunteers.exclude(Exists(recent))
    return volunteers.exclude(event_invitations__event=event).order_by("first_name", "last_name", "pk")


def people(user, event: Event) -> dict:
    """The event page's people, limited to the volunteers the user may see: places, waiting list,
    who came (with feedback) and who was invited."""
    visible = Volunteer.objects.for_user(user)
    signups = list(event.signups.filter(volunteer__in=visible).select_related("volunteer", "by"))
    attendances = list(
        event.attendances.filter(volunteer__in=visible)
        .select_related("volunteer", "feedback")
        .order_by("volunteer__first_name", "volunteer__last_name", "pk")
    )
    invitations = list(event.invitations.filter(volunteer__in=visible).select_related("volunteer"))
    return {
        "places": [signup for signup in signups if not signup.is_waiting],
        "waiting": sorted((signup for signup in signups if signup.is_waiting), key=lambda s: s.waiting_position),
        "attendances": attendances,
        "invitations": invitations,
    }


def attendance_list(user, event: Event) -> list[Volunteer]:
    """Who the attendance page lists to tick: the signed-up (places first, then the waiting list),
    those invited, and anyone already recorded as attending (walk-ins), each once."""
    visible = Volunteer.objects.for_user(user)
    listed: dict[int, Volunteer] = {}
    for signup in event.signups.filter(volunteer__in=visible).select_related("volunteer"):
        listed.setdefault(signup.volunteer_id, signup.volunteer)
    for invitation in event.invitations.filter(volunteer__in=visible).select_related("volunteer"):
        listed.setdefault(invitation.volunteer_id, invitation.volunteer)
    for attendance in event.attendances.filter(volunteer__in=visible).select_related("volunteer"):
        listed.setdefault(attendance.volunteer_id, attendance.volunteer)
    return list(listed.values())


def feedback_summary(event: Event) -> dict:
    """The average rating and the number of answers (of every attendee: a figure, not a person)."""
    return event.attendances.filter(feedback__isnull=False).aggregate(
        n=Count("feedback"), average=Avg("feedback__rating")
    )


def volunteer_panel(user, volunteer) -> dict | None:
    """The volunteer page's events section (settings.VOLUNTEER_PANELS): invited to, signed up for,
    attended. Links to the events only for those who may open them."""
    invited = list(volunteer.event_invitations.select_related("event").order_by("-event__held_on"))
    signups = list(volunteer.event_signups.select_related("event").order_by("-event__held_on"))
    attended = list(volunteer.event_attendances.select_related("event", "feedback").order_by("-event__held_on"))
    return {
        "template": "events/_volunteer_panel.html",
        "invited": invited,
        "signups": signups,
        "attended": attended,
        "links": can_manage(user),
    }
