import pytest

from factories import ParticipantFactory, VolunteerFactory


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
