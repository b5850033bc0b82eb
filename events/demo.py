"""Demo events: courses, webinars and experience-exchange meetings over the past year and a half,
two coming ones with invitations and sign-ups (one full, with a waiting list), attendance by DEMO-
volunteers approved before the event, and feedback from some of those who came.

Idempotent: demo events (format notes DEMO_MARK) are replaced; everything else hangs on them."""

from datetime import time, timedelta

from regions.models import Region
from volunteers.models import Volunteer, VolunteerStatus

from .models import Attendance, Event, Feedback, Format, Invitation, Kind, SignUp

DEMO_MARK = "Demo-arrangement."
# (kind, title, topic, days from today, region slug or None for national, format, capacity)
EVENTS = [
    (
        Kind.COURSE,
        "PTSD og traumer",
        "Hvad traumer gør ved et menneske, og hvad du kan gøre.",
        -500,
        None,
        Format.IN_PERSON,
        30,
    ),
    (Kind.EXCHANGE, "Erfaringsudvekslingsmøde", "Når relationen går i stå", -420, "hovedstaden", Format.IN_PERSON, 16),
    (
        Kind.COURSE,
        "Integrationsloven i praksis",
        "Ydelser, planer og breve fra kommunen.",
        -330,
        None,
        Format.ONLINE,
        None,
    ),
    (Kind.EXCHANGE, "Erfaringsudvekslingsmøde", "Grænser og gensidighed", -240, "hovedstaden", Format.IN_PERSON, 16),
    (Kind.EXCHANGE, "Erfaringsudvekslingsmøde", "Sprogtræning i hverdagen", -200, "syddanmark", Format.IN_PERSON, 16),
    (
        Kind.WEBINAR,
        "Webinar: Hverdagsrådgivning",
        "Hjælp med breve, e-Boks og telefonregninger.",
        -90,
        None,
        Format.ONLINE,
        None,
    ),
    (Kind.EXCHANGE, "Erfaringsudvekslingsmøde", "Når relationen slutter", -60, "hovedstaden", Format.HYBRID, 16),
    (
        Kind.EXCHANGE,
        "Erfaringsudvekslingsmøde",
        "At lytte til svære historier",
        21,
        "hovedstaden",
        Format.IN_PERSON,
        16,
    ),
    (Kind.WEBINAR, "Webinar: Tavshedspligt", "Hvad må du fortælle, og til hvem?", 35, None, Format.ONLINE, 8),
]
COMMENTS = ["Godt at møde de andre.", "Meget brugbart.", "Lidt for kort.", "", "", "Gode eksempler."]


def build(*, rng, today, users) -> None:
    Event.objects.filter(format_notes=DEMO_MARK).delete()
    regions = {region.slug: region for region in Region.objects.all()}
    volunteers = list(
        Volunteer.objects.filter(
            reference__startswith="DEMO-", status__in=(VolunteerStatus.APPROVED, VolunteerStatus.MATCHED)
        ).order_by("reference")
    )
    staff = users.get("konsulent.hovedstaden")
    attendances, feedback = [], []
    for kind, title, topic, days, region_slug, format_, capacity in EVENTS:
        held_on = today + timedelta(days=days)
        event = Event.objects.create(
            kind=kind,
            title=title,
            topic=topic,
            held_on=held_on,
            starts_at=time(17, 0),
            ends_at=time(19, 0),
            format=format_,
            place="" if format_ == Format.ONLINE else "Foreningens lokaler",
            online_link="https://moede.example.org/demo" if format_ != Format.IN_PERSON else "",
            region=regions.get(region_slug) if region_slug else None,
            capacity=capacity,
            format_notes=DEMO_MARK,
            created_by=staff,
        )
        eligible = [
            v
            for v in volunteers
            if v.approved_on and v.approved_on <= held_on and (not event.region_id or v.region_id == event.region_id)
        ]
        if days > 0:
            _coming(rng, event, eligible, staff)
            continue
        came = [v for v in eligible if rng.random() < (0.5 if kind == Kind.EXCHANGE else 0.25)]
        limit = capacity or len(came)
        for volunteer in came[:limit]:
            attendance = Attendance(event=event, volunteer=volunteer, recorded_by=staff)
            attendances.append(attendance)
    Attendance.objects.bulk_create(attendances)
    for attendance in attendances:
        if rng.random() < 0.6:
            feedback.append(
                Feedback(
                    attendance=attendance,
                    rating=rng.choice([3, 4, 4, 5, 5]),
                    comment=rng.choice(COMMENTS),
                    by=staff,
                )
            )
    Feedback.objects.bulk_create(feedback)


def _coming(rng, event, eligible, staff) -> None:
    invited = [v for v in eligible if rng.random() < 0.6]
    Invitation.objects.bulk_create(
        Invitation(event=event, volunteer=v, invited_by=staff, emailed=bool(v.email)) for v in invited
    )
    signing = [v for v in invited if rng.random() < 0.5]
    places = event.capacity or len(signing)
    SignUp.objects.bulk_create(
        SignUp(event=event, volunteer=v, by=staff, waiting_position=None if i < places else i - places + 1)
        for i, v in enumerate(signing)
    )
