"""What the volunteer sees: their match, with only what the role needs about the participant."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Max, Q

from events.models import Attendance, Event, SignUp
from expenses.arithmetic import Standing
from expenses.services import allowance_standing
from followups.models import FollowUp
from matches.models import Match
from outcomes import schedule
from outcomes.models import StarVersion
from support.models import ReferralPlace

from .services import PORTAL_MATCH_STATUSES


@dataclass
class MatchView:
    """A match as the volunteer sees it. Deliberately no participant object: only these fields."""

    pk: int
    reference: str
    status_label: str
    participant_first_name: str
    shared_contact: str
    frequency: str
    meeting_at: object
    consultant_name: str
    consultant_phone: str
    next_followup: FollowUp | None
    reading_due: bool
    standing: Standing


def own_matches(volunteer):
    return (
        Match.objects.filter(volunteer=volunteer, status__in=PORTAL_MATCH_STATUSES)
        .select_related("participant", "consultant", "meeting", "region")
        .annotate(last_reading_on=Max("star_readings__on"))
        .prefetch_related("pauses")
        .order_by("pk")
    )


def reading_due(match: Match, today: date) -> bool:
    version = StarVersion.objects.current()
    if match.status != "active" or not match.started_on or version is None:
        return False
    due = schedule.next_due(
        started_on=match.started_on,
        interval_months=version.interval_months,
        pauses=[(pause.starts_on, pause.ends_on) for pause in match.pauses.all()],
        last_reading_on=match.last_reading_on,
        today=today,
    )
    return due is not None and due <= today


def match_views(volunteer, today: date) -> list[MatchView]:
    views = []
    for match in own_matches(volunteer):
        meeting = getattr(match, "meeting", None)
        consultant = match.consultant
        views.append(
            MatchView(
                pk=match.pk,
                reference=match.reference,
                status_label=match.get_status_display(),
                participant_first_name=match.participant.first_name,
                shared_contact=match.shared_contact,
                frequency=meeting.get_agreed_frequency_display() if meeting and meeting.agreed_frequency else "",
                meeting_at=meeting.starts_at if meeting and not meeting.held_on else None,
                consultant_name=consultant.get_full_name() if consultant else "",
                consultant_phone=consultant.phone if consultant else "",
                next_followup=match.followups.pending().first(),
                reading_due=reading_due(match, today),
                standing=allowance_standing(match=match, year=today.year),
            )
        )
    return views


def directory(region):
    """The places to refer to in the volunteer's region and the national ones (support's directory)."""
    return ReferralPlace.objects.for_region(region).order_by("category", "name")


# --- Events: only those the volunteer was invited to or signed up for ---


def own_events(volunteer):
    """Events the volunteer was invited to, signed up for or attended; nobody else's."""
    mine = Q(invitations__volunteer=volunteer) | Q(signups__volunteer=volunteer) | Q(attendances__volunteer=volunteer)
    return Event.objects.filter(pk__in=Event.objects.filter(mine).values("pk")).select_related("region")


def open_to(volunteer):
    """Events the volunteer may sign up for themselves: invited, and national or their own region's."""
    return Event.objects.filter(
        Q(region__isnull=True) | Q(region_id=volunteer.region_id), invitations__volunteer=volunteer
    ).distinct()


@dataclass
class EventView:
    event: Event
    signup: SignUp | None
    attendance: Attendance | None
    may_sign_up: bool


def event_views(volunteer, today: date) -> tuple[list[EventView], list[EventView]]:
    """(coming events, held events the volunteer came to), each with the volunteer's own standing."""
    signups = {s.event_id: s for s in SignUp.objects.filter(volunteer=volunteer)}
    attended = {
        a.event_id: a for a in Attendance.objects.filter(volunteer=volunteer).select_related("feedback", "event")
    }
    open_ids = set(open_to(volunteer).values_list("pk", flat=True))
    events = own_events(volunteer)
    coming = [
        EventView(event, signups.get(event.pk), None, event.pk in open_ids and event.pk not in signups)
        for event in events.upcoming(today)
    ]
    held = [EventView(event, None, attended[event.pk], False) for event in events.past(today) if event.pk in attended]
    return coming, held
