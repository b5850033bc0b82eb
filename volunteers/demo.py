"""Demo recruitment data: a few campaigns with DEMO- volunteers attributed to them, screening
bookings and records for the volunteers in the pipeline (their courses and meetings are events.demo's).

Idempotent: demo campaigns (slug "demo-...") are replaced;
screenings hang on DEMO- volunteers, which the builder recreates."""

from datetime import datetime, time, timedelta

from django.utils import timezone

from regions.models import Region

from .models import Campaign, Channel, Screening, Volunteer, VolunteerStatus

S = VolunteerStatus
# (slug, name, channel, region slug or None for national, starts days ago, lasts days, text)
CAMPAIGNS = [
    (
        "demo-facebook",
        "Facebook: Bliv netværksperson",
        Channel.SOCIAL_MEDIA,
        "hovedstaden",
        420,
        60,
        "Har du en time om ugen? Bliv netværksperson for en flygtning i traumebehandling.",
    ),
    (
        "demo-frivilligjob",
        "Frivilligjob.dk: Netværksperson",
        Channel.JOB_PLATFORM,
        None,
        300,
        240,
        "Vi søger frivillige i hele landet til Livet Går Videre.",
    ),
    (
        "demo-nyhedsbrev",
        "Nyhedsbrev: Frivillige i Syddanmark",
        Channel.NEWSLETTER,
        "syddanmark",
        200,
        30,
        "Livet Går Videre er kommet til Region Syddanmark – vil du være med?",
    ),
    (
        "demo-messe",
        "Frivilligfestival",
        Channel.EVENT,
        "hovedstaden",
        60,
        3,
        "Mød os på frivilligfestivalen.",
    ),
]


def build(*, rng, today, users) -> None:
    regions = {region.slug: region for region in Region.objects.all()}
    demo_volunteers = list(Volunteer.objects.filter(reference__startswith="DEMO-").order_by("reference"))
    _campaigns(rng, today, users, regions, demo_volunteers)
    _screenings(rng, users, demo_volunteers)


def _campaigns(rng, today, users, regions, volunteers) -> None:
    Campaign.objects.filter(slug__startswith="demo-").delete()
    creator = users.get("student")
    for slug, name, channel, region_slug, days_ago, length, text in CAMPAIGNS:
        starts = today - timedelta(days=days_ago)
        ends = starts + timedelta(days=length)
        region = regions.get(region_slug) if region_slug else None
        campaign = Campaign.objects.create(
            slug=slug,
            name=name,
            channel=channel,
            region=region,
            starts_on=starts,
            ends_on=ends,
            text=text,
            created_by=creator,
        )
        # Applications in the campaign's period (plus two weeks of after-effect) came through it.
        window_end = ends + timedelta(days=14)
        attributed = [
            v.pk
            for v in volunteers
            if v.campaign_id is None
            and v.applied_on
            and starts <= v.applied_on <= window_end
            and (region is None or v.region_id == region.pk)
            and rng.random() < 0.6
        ]
        Volunteer.objects.filter(pk__in=attributed).update(campaign=campaign)
        for volunteer in volunteers:
            if volunteer.pk in attributed:
                volunteer.campaign_id = campaign.pk


def _screenings(rng, users, volunteers) -> None:
    """Bookings for the pipeline, records for everyone screened; redirected ones name the program."""
    screened_statuses = {S.SCREENED, S.APPROVED, S.MATCHED, S.PAUSED, S.LEFT, S.NOT_SUITABLE, S.REDIRECTED}
    rows = []
    for volunteer in volunteers:
        consultant = users.get(f"konsulent.{volunteer.region.slug}")
        changes = {c.to_status: c.on for c in volunteer.status_changes.all()}
        booked_on = changes.get(S.SCREENING_BOOKED)
        if booked_on is None:
            continue
        meeting_day = changes.get(S.SCREENED) or booked_on + timedelta(days=rng.randint(2, 9))
        meeting_at = timezone.make_aware(datetime.combine(meeting_day, time(rng.choice([10, 13, 16]), 0)))
        screened = volunteer.status in screened_statuses and S.SCREENED in changes
        rows.append(
            Screening(
                volunteer=volunteer,
                meeting_at=meeting_at,
                place=rng.choice(["Kontoret", "Café i nærheden", "Videomøde"]),
                booked_by=users.get("student"),
                held_on=changes.get(S.SCREENED) if screened else None,
                recorded_by=consultant if screened else None,
                motivation="Genereret demo-svar." if screened else "",
                commits_six_months=True if screened else None,
                hard_stories="Genereret demo-svar." if screened else "",
                assessment="Genereret demo-vurdering." if screened else "",
            )
        )
    Screening.objects.bulk_create(rows)
    Volunteer.objects.filter(reference__startswith="DEMO-", status=S.REDIRECTED, redirected_to="").update(
        redirected_to="Lektiehjælp"
    )
