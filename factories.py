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
