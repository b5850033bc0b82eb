"""Demo support records: requirements met by the DEMO- volunteers (a few missing or expiring),
supervision requests in every state, and a few regional places to refer to. Generated, never real.
Idempotent: the DEMO- volunteers' records go with them; the demo places are replaced."""

from datetime import timedelta

from lib.dates import add_months
from regions.models import Region
from volunteers.models import APPROVED_STATUSES, Volunteer

from .models import (
    PlaceCategory,
    ReferralPlace,
    Requirement,
    SupervisionReason,
    SupervisionRequest,
    SupervisionSource,
    VolunteerRequirement,
)

DEMO_PLACE = "Genereret demo-sted."
CERTIFICATE = "Straffeattest"  # the example of a requirement with a validity
PLACES = [
    ("Bisidderordningen", PlaceCategory.ACCOMPANIMENT, "Frivillige bisiddere til møder med kommunen", "Man-fre 9-15"),
    ("Gældsrådgivningen", PlaceCategory.DEBT, "Gratis rådgivning om gæld og budget", "Tirsdag 16-19"),
    ("Mentorprogrammet", PlaceCategory.MENTOR, "Mentorer til uddannelse og job", "Efter aftale"),
]
NOTES = [
    "Har brug for at tale et møde igennem",
    "Svært at sige nej til hjælp med papirer",
    "",
    "Vil gerne have sparring",
]


def build(*, rng, today, users) -> None:
    demo = Volunteer.objects.filter(reference__startswith="DEMO-")
    VolunteerRequirement.objects.filter(volunteer__in=demo).delete()
    SupervisionRequest.objects.filter(volunteer__in=demo).delete()
    certificate, _ = Requirement.objects.get_or_create(name=CERTIFICATE, defaults={"valid_months": 24, "order": 4})
    requirements = list(Requirement.objects.in_use())
    approved = list(demo.filter(status__in=APPROVED_STATUSES, approved_on__isnull=False).select_related("region"))
    records = []
    for volunteer in approved:
        consultant = users.get(f"konsulent.{volunteer.region.slug}")
        for requirement in requirements:
            if rng.random() < 0.08:
                continue  # a few missing: the volunteer page shows them
            met_on = volunteer.approved_on - timedelta(days=rng.randint(0, 10))
            if requirement == certificate:
                # Some certificates run out within the month: the today page lists them.
                met_on = add_months(today, -24) + timedelta(days=rng.randint(1, 120))
            met_on = min(met_on, today)
            records.append(
                VolunteerRequirement(
                    volunteer=volunteer,
                    requirement=requirement,
                    met_on=met_on,
                    expires_on=requirement.expires_on(met_on),
                    recorded_by=consultant,
                )
            )
    VolunteerRequirement.objects.bulk_create(records)
    _supervision(rng=rng, today=today, users=users, volunteers=approved)
    _places()


def _supervision(*, rng, today, users, volunteers) -> None:
    requests = []
    for volunteer in rng.sample(volunteers, min(len(volunteers), 24)):
        requested_on = today - timedelta(days=rng.randint(0, 400))
        state = rng.random()
        booked_on = requested_on + timedelta(days=rng.randint(3, 20)) if state > 0.3 else None
        held = None if booked_on is None or booked_on > today else state > 0.4
        requests.append(
            SupervisionRequest(
                volunteer=volunteer,
                requested_on=requested_on,
                reason=rng.choice(SupervisionReason.values),
                note=rng.choice(NOTES),
                source=rng.choice(SupervisionSource.values),
                booked_on=booked_on,
                held=held,
                created_by=users.get(f"konsulent.{volunteer.region.slug}"),
            )
        )
    SupervisionRequest.objects.bulk_create(requests)


def _places() -> None:
    ReferralPlace.objects.filter(description__endswith=DEMO_PLACE).delete()
    for region in Region.objects.filter(active=True):
        for name, category, what, hours in PLACES:
            ReferralPlace.objects.create(
                name=f"{name} {region.name.removeprefix('Region ')}",
                category=category,
                description=f"{what}. {DEMO_PLACE}",
                contact="kontakt@example.org",
                opening_hours=hours,
                region=region,
            )
