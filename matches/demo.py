"""Demo match meetings: held meetings for started DEMO- matches, upcoming ones for some proposals."""

from datetime import datetime, time, timedelta

from django.utils import timezone

from lib.choices import Need

from .models import MEETING_CHECKLIST, Match, MatchMeeting, MatchStatus, MatchStatusChange, PlaceType

PLACES = [PlaceType.TREATMENT_CENTRE, PlaceType.NGO_OFFICE, PlaceType.NEUTRAL, PlaceType.PARTICIPANT_HOME]
ATTENDEES = ["participant", "volunteer", "consultant", "social_worker"]


def _at(day, hour):
    return timezone.make_aware(datetime.combine(day, time(hour)))


def build(*, rng, today, users) -> None:
    demo = Match.objects.filter(reference__startswith="DEMO-").select_related("participant")
    MatchMeeting.objects.filter(match__in=demo).delete()
    meetings = []
    for match in demo.filter(started_on__isnull=False).order_by("pk"):
        meetings.append(
            MatchMeeting(
                match=match,
                starts_at=_at(match.started_on, rng.choice([10, 13, 15])),
                place_type=rng.choice(PLACES),
                address="",
                attendees=ATTENDEES + (["interpreter"] if match.participant.needs_interpreter else []),
                interpreter_language=match.participant.mother_tongue or ""
                if match.participant.needs_interpreter
                else "",
                held_on=match.started_on,
                agreed_frequency="weekly",
                wished_activities=sorted(rng.sample(list(Need.values), rng.randint(1, 2))),
                **dict.fromkeys(MEETING_CHECKLIST, True),
            )
        )
    for match in demo.filter(status=MatchStatus.PROPOSED).order_by("pk"):
        if rng.random() < 0.5:
            continue
        day = today + timedelta(days=rng.randint(1, 10))
        meetings.append(
            MatchMeeting(
                match=match,
                starts_at=_at(day, rng.choice([10, 13])),
                place_type=PlaceType.NGO_OFFICE,
                address="Borgergade 10, 1300 København K",
                attendees=ATTENDEES,
            )
        )
        scheduled_on = max(match.proposed_on, today - timedelta(days=2))
        MatchStatusChange.objects.create(
            match=match,
            from_status=match.status,
            to_status=MatchStatus.MEETING_SCHEDULED,
            on=scheduled_on,
            by=match.consultant,
        )
        Match.objects.filter(pk=match.pk).update(status=MatchStatus.MEETING_SCHEDULED, status_changed_on=scheduled_on)
    MatchMeeting.objects.bulk_create(meetings)
