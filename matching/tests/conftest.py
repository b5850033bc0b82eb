import importlib

import pytest

from factories import ParticipantFactory, VolunteerFactory, region
from regions.models import Region


def _regions() -> None:
    """Transactional tests (browser, concurrency) flush the database, and with it the regions that a
    data migration created; put them back (idempotent) so the fixtures work in any test order."""
    seeded = importlib.import_module("regions.migrations.0002_danish_regions")
    for slug, name, code, active in seeded.REGIONS:
        Region.objects.get_or_create(slug=slug, defaults={"name": name, "code": code, "active": active})


@pytest.fixture
def hovedstaden(db):
    _regions()
    return region("hovedstaden")


@pytest.fixture
def syddanmark(db):
    _regions()
    return region("syddanmark")


@pytest.fixture
def waiting_h(hovedstaden):
    """A waiting participant in Hovedstaden (Nørrebro) who likes walks."""
    return ParticipantFactory(
        region=hovedstaden, waiting=True, postcode="2200", interests=["walks", "cooking"], first_name="Amina"
    )


@pytest.fixture
def anne(hovedstaden):
    """An approved volunteer in Hovedstaden (Østerbro, a few km away) who likes walks."""
    return VolunteerFactory(
        region=hovedstaden, approved=True, first_name="Anne", last_name="Holm", postcode="2100", interests=["walks"]
    )
