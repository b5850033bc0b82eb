"""factory_boy factories shared by every app's tests. Generated data only."""

from datetime import date

import factory
from factory.django import DjangoModelFactory

from accounts.models import Role, User
from matches.models import Match, MatchStatus
from referrals.models import Participant, ParticipantStatus
from regions.models import Region, TreatmentCentre
from volunteers.models import Volunteer, VolunteerStatus


def region(slug: str = "hovedstaden") -> Region:
    if not Region.objects.exists():
        # A transactional (browser) test flushes the tables, regions' data migration included.
        from importlib import import_module

        from django.apps import apps

        import_module("regions.migrations.0002_danish_regions").add_regions(apps, None)
    return Region.objects.get(slug=slug)


class CentreFactory(DjangoModelFactory):
    class Meta:
        model = TreatmentCentre
        django_get_or_create = ["name"]

    name = factory.Sequence(lambda n: f"Behandlingssted {n}")
    region = factory.LazyFunction(region)


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name", locale="da_DK")
    last_name = factory.Faker("last_name", locale="da_DK")
    role = Role.CONSULTANT
    password = factory.django.Password("test-password-123")

    @factory.post_generation
    def regions(self, create, extracted, **kwargs):
        if create and extracted:
            self.regions.set(extracted)


class ParticipantFactory(DjangoModelFactory):
    class Meta:
        model = Participant

    reference = factory.Sequence(lambda n: f"P-T{n:05d}")
    first_name = factory.Iterator(["Amina", "Ahmad", "Zahra", "Omar", "Shirin", "Reza"])
    last_name = factory.Iterator(["Rahimi", "Haddad", "Karimi", "Saleh"])
    gender = "female"
    birth_year = 1980
    birth_country = "SY"
    arrival_year = 2015
    languages = factory.LazyFunction(lambda: ["ar", "da"])
    postcode = "2200"
    region = factory.LazyFunction(region)
    referred_on = date(2024, 1, 10)
    status = ParticipantStatus.REFERRED
    consent_on = date(2024, 1, 10)
    motivation_confirmed = True

    class Params:
        waiting = factory.Trait(
            status=ParticipantStatus.WAITING, accepted_on=date(2024, 1, 20), waiting_since=date(2024, 1, 20)
        )


class VolunteerFactory(DjangoModelFactory):
    class Meta:
        model = Volunteer

    reference = factory.Sequence(lambda n: f"V-T{n:05d}")
    first_name = factory.Faker("first_name", locale="da_DK")
    last_name = factory.Faker("last_name", locale="da_DK")
    gender = "female"
    birth_year = 1975
    postcode = "2100"
    languages = factory.LazyFunction(lambda: ["da", "en"])
    region = factory.LazyFunction(region)
    applied_on = date(2023, 11, 1)
    status = VolunteerStatus.APPLIED

    class Params:
        approved = factory.Trait(status=VolunteerStatus.APPROVED, approved_on=date(2023, 12, 1))


class MatchFactory(DjangoModelFactory):
    class Meta:
        model = Match

    reference = factory.Sequence(lambda n: f"M-T{n:05d}")
    participant = factory.SubFactory(ParticipantFactory, status=ParticipantStatus.MATCHED)
    volunteer = factory.SubFactory(VolunteerFactory, status=VolunteerStatus.MATCHED, approved_on=date(2023, 12, 1))
    region = factory.SelfAttribute("participant.region")
    status = MatchStatus.PROPOSED
    slot = 1
    proposed_on = date(2024, 2, 1)


# The smallest files each receipt type is recognised by (their first bytes).
PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
JPEG_BYTES = b"\xff\xd8\xff\xe0" + b"\x00" * 64
PDF_BYTES = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n" + b"0" * 64
HEIC_BYTES = b"\x00\x00\x00\x18ftypheic" + b"\x00" * 64


def active_match_for(volunteer: Volunteer, **kwargs) -> Match:
    """An active match of this volunteer, started 1 March 2024, in the volunteer's region."""
    volunteer.status = VolunteerStatus.MATCHED
    volunteer.approved_on = volunteer.approved_on or date(2023, 12, 1)
    volunteer.save(update_fields=["status", "approved_on"])
    defaults = {
        "participant": ParticipantFactory(region=volunteer.region, status=ParticipantStatus.MATCHED),
        "volunteer": volunteer,
        "status": MatchStatus.ACTIVE,
        "started_on": date(2024, 3, 1),
        "six_month_on": date(2024, 9, 1),
    }
    return MatchFactory(**{**defaults, **kwargs})


class ExpenseFactory(DjangoModelFactory):
    """A submitted expense with a real (tiny PNG) receipt in the receipt folder."""

    class Meta:
        model = "expenses.Expense"

    match = factory.SubFactory(MatchFactory, status=MatchStatus.ACTIVE, started_on=date(2024, 3, 1))
    volunteer = factory.SelfAttribute("match.volunteer")
    spent_on = date(2024, 4, 2)
    amount = 100
    category = "cafe"
    receipt_type = "image/png"
    receipt_size = len(PNG_BYTES)

    @factory.lazy_attribute
    def receipt_name(self):
        from django.core.files.uploadedfile import SimpleUploadedFile

        from expenses import receipts

        return receipts.save(SimpleUploadedFile("r.png", PNG_BYTES), "image/png")
