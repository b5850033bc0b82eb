"""What the dashboard's tables read from the database, one kept source each (reports.kept): plain
counts and rows for a Period, each declaring the models it reads. The tables (reports.dashboard)
lay them out; the KPI contract's own figures are in reports.kpi, kept the same way.
"""

from __future__ import annotations

from datetime import timedelta

from django.db.models import Avg, Count, Exists, OuterRef, Q
from django.db.models.lookups import LessThanOrEqual

from events.models import Attendance, Event, Feedback, Kind
from followups.models import FollowUp
from lib import table_versions
from lib.choices import Gender
from lib.expressions import DaysBetween, Year
from matches.models import Match
from outcomes.models import AreaText, StarArea, StarVersion
from outcomes.selectors import area_names as _area_names
from referrals.models import Participant, ParticipantStatus
from referrals.selectors import waiting_times
from regions.models import Region, TreatmentCentre
from support.models import SupervisionRequest
from support.selectors import supervision_by_quarter
from volunteers.models import Volunteer, VolunteerStatus

from .kept import kept
from .kpi import Period
from .models import CentrePatientProfile, PeriodTarget, Target

FOLLOW_UP_GRACE_DAYS = 7
EVENT_LOOK_BACK = timedelta(days=365)

# Recording a follow-up moves its match's next follow-up date and a star reading its "needs
# attention" date (both kept for the lists and the today page); no figure reads them, so those
# updates leave the matches' figures kept (lib.table_versions).
UNREAD_MATCH_COLUMNS = ("next_followup_on", "star_fell_on")
table_versions.unread(Match._meta.db_table, *UNREAD_MATCH_COLUMNS)


@kept(Region)
def regions() -> dict[str, Region]:
    return {region.slug: region for region in Region.objects.all()}


@kept(Target, Region)
def targets() -> list[Target]:
    return list(Target.objects.all())


@kept(PeriodTarget)
def period_targets() -> list[PeriodTarget]:
    return list(PeriodTarget.objects.all())


@kept(AreaText, StarArea, StarVersion)
def area_names(language: str) -> dict[str, str]:
    return _area_names(language)


def _by_year(qs, field: str) -> dict[int, int]:
    return dict(qs.annotate(year=Year(field)).values_list("year").annotate(n=Count("pk")).order_by())


@kept(Volunteer, Region)
def recruited_per_year(period: Period) -> dict[int, int]:
    return _by_year(period.scope(Volunteer.objects.filter(period.in_period("approved_on"))), "approved_on")


@kept(Participant, Region)
def accepted_per_year(period: Period) -> dict[int, int]:
    return _by_year(period.scope(Participant.objects.filter(period.in_period("accepted_on"))), "accepted_on")


def per_year(period: Period) -> dict:
    """Volunteers recruited and referrals accepted per calendar year of the period (kept apart: a new
    referral leaves the volunteers' figure)."""
    return {"recruited": recruited_per_year(period), "accepted": accepted_per_year(period)}


@kept(Participant, Match, Region)
def waiting(period: Period) -> tuple[dict, dict]:
    """The waiting list now per region slug, and the period's waiting times (referrals.selectors)."""
    now = period.scope(Participant.objects.filter(status=ParticipantStatus.WAITING))
    counts = dict(now.values_list("region__slug").annotate(n=Count("pk")).order_by())
    return counts, waiting_times(start=period.date_from, end=period.date_to, as_of=period.as_of)


@kept(FollowUp, Match, Region)
def follow_ups(period: Period) -> dict:
    """Follow-ups due on or before the as-of date, and those done at most a week after their date."""
    due = period.scope(FollowUp.objects.filter(due_on__lte=period.as_of), "match__region__slug")
    return due.aggregate(
        due=Count("pk"),
        on_time=Count(
            "pk",
            filter=Q(done_on__isnull=False, done_on__lte=period.as_of)
            & LessThanOrEqual(DaysBetween("done_on", "due_on"), FOLLOW_UP_GRACE_DAYS),
        ),
    )


PIPELINE = [
    VolunteerStatus.APPLIED,
    VolunteerStatus.SCREENING_BOOKED,
    VolunteerStatus.SCREENED,
    VolunteerStatus.APPROVED,
    VolunteerStatus.MATCHED,
    VolunteerStatus.PAUSED,
]


@kept(Volunteer, Region)
def pipeline(period: Period) -> dict[str, int]:
    volunteers = period.scope(Volunteer.objects.filter(status__in=PIPELINE))
    return dict(volunteers.values_list("status").annotate(n=Count("pk")).order_by())


@kept(SupervisionRequest, Volunteer, Region)
def supervision(period: Period) -> list[dict]:
    return supervision_by_quarter(date_from=period.date_from, date_to=period.last_day, region_slugs=period.regions)


@kept(Volunteer, Region)
def recruited_women(period: Period) -> dict:
    volunteers = period.scope(Volunteer.objects.filter(period.in_period("approved_on")))
    return volunteers.aggregate(n=Count("pk"), women=Count("pk", filter=Q(gender=Gender.FEMALE)))


@kept(Participant, TreatmentCentre, Region)
def referred_by_centre(period: Period) -> list[tuple[int, str, int, int]]:
    """(centre id, name, referred, women among them) for referrals received in the period."""
    referred = period.scope(Participant.objects.filter(period.in_period("referred_on"), treatment_centre__isnull=False))
    # Counted per centre id, named after: joined to the centres, SQLite's planner walked the
    # participants once per centre (0.24 s nationally instead of 0.04).
    counts = list(
        referred.values_list("treatment_centre_id")
        .annotate(n=Count("pk"), women=Count("pk", filter=Q(gender=Gender.FEMALE)))
        .order_by()
    )
    names = dict(TreatmentCentre.objects.filter(pk__in=[row[0] for row in counts]).values_list("pk", "name"))
    return sorted(
        ((centre_id, names[centre_id], n, women) for centre_id, n, women in counts),
        key=lambda row: (row[1], row[0]),
    )


@kept(CentrePatientProfile)
def centre_profiles(period: Period) -> dict[int, CentrePatientProfile]:
    """Each centre's latest known share of women among its patients, up to the period's last year."""
    profiles = {}
    for profile in CentrePatientProfile.objects.filter(year__lte=period.date_to.year).order_by("year"):
        profiles[profile.centre_id] = profile  # the latest year wins
    return profiles


def gender_balance(period: Period) -> tuple[dict, list, dict]:
    """Volunteers recruited (and women among them), referrals by centre, the centres' profiles."""
    return recruited_women(period), referred_by_centre(period), centre_profiles(period)


# --- Volunteer support: events (see docs/events.md for the definitions) ---


def _attendances(period: Period):
    """Attendance at events held in the period, of the period's regions' volunteers."""
    return period.scope(Attendance.objects.filter(period.in_period("event__held_on")), "volunteer__region__slug")


@kept(Volunteer, Match, Attendance, Event, Region)
def event_reach(period: Period) -> dict:
    """Active volunteers (in a match started on or before the as-of date and not ended by then), and
    those who attended any event in the 12 months up to the as-of date."""
    as_of = period.as_of
    running = Match.objects.filter(volunteer=OuterRef("pk"), started_on__lte=as_of).filter(
        Q(ended_on__isnull=True) | Q(ended_on__gt=as_of)
    )
    attended = Attendance.objects.filter(
        volunteer=OuterRef("pk"), event__held_on__gt=as_of - EVENT_LOOK_BACK, event__held_on__lte=as_of
    )
    active = period.scope(Volunteer.objects.filter(Exists(running)))
    return active.aggregate(n=Count("pk"), attended=Count("pk", filter=Q(Exists(attended))))


@kept(Event, Attendance, Volunteer, Region)
def event_kinds(period: Period) -> tuple[dict, dict]:
    """Events held in the period per kind, and per kind their attendances and different volunteers."""
    events = Event.objects.filter(period.in_period("held_on"))
    if period.regions is not None:
        events = events.filter(Q(region__isnull=True) | Q(region__slug__in=period.regions))
    held = dict(events.values_list("kind").annotate(n=Count("pk")).order_by())
    came = {
        kind: (visits, people)
        for kind, visits, people in _attendances(period)
        .values_list("event__kind")
        .annotate(visits=Count("pk"), people=Count("volunteer", distinct=True))
        .order_by()
    }
    return held, came


@kept(Attendance, Event, Volunteer, Region)
def exchange_returning(period: Period) -> dict:
    """Volunteers at an experience-exchange meeting in the period, and those of them who had been at
    an earlier one (at any time before)."""
    meetings = _attendances(period).filter(event__kind=Kind.EXCHANGE)
    earlier = Attendance.objects.filter(
        volunteer=OuterRef("volunteer"), event__kind=Kind.EXCHANGE, event__held_on__lt=OuterRef("event__held_on")
    )
    return meetings.aggregate(
        n=Count("volunteer", distinct=True),
        returning=Count("volunteer", distinct=True, filter=Q(Exists(earlier))),
    )


@kept(Feedback, Attendance, Event, Volunteer, Region)
def event_feedback(period: Period) -> list[tuple]:
    """(kind, format, answers, average rating) for events held in the period."""
    answers = Feedback.objects.filter(attendance__in=_attendances(period))
    return list(
        answers.values_list("attendance__event__kind", "attendance__event__format")
        .annotate(n=Count("pk"), average=Avg("rating"))
        .order_by("attendance__event__kind", "attendance__event__format")
    )
