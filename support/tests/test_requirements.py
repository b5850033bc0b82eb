"""Requirements: expiry, the volunteer page, the today page and the matching hard constraint."""

from datetime import date

import pytest
import time_machine
from django.urls import reverse
from django.utils import translation

from factories import ParticipantFactory, VolunteerFactory
from matches.services import MatchError, match_propose
from matching import engine, texts
from support import selectors, services
from support.models import Requirement, VolunteerRequirement

TODAY = date(2026, 3, 2)


@pytest.fixture
def certificate(db):
    return Requirement.objects.create(name="Børneattest", before_first_match=True, valid_months=24)


@pytest.fixture
def declaration(db):
    requirement = Requirement.objects.get(name="Underskrevet tavshedserklæring")
    requirement.before_first_match = True
    requirement.save()
    return requirement


def test_default_requirements_come_with_the_migration(db):
    names = set(Requirement.objects.values_list("name", flat=True))
    assert {"Underskrevet tavshedserklæring", "To referencer tjekket", "Introduktion gennemført"} <= names
    # Not a matching constraint until the leader ticks it: volunteers' records are entered first.
    assert not Requirement.objects.before_first_match().exists()


@time_machine.travel(TODAY, tick=False)
def test_a_requirement_with_a_validity_expires_counted_from_the_day_it_was_met(consultant_h, hovedstaden, certificate):
    volunteer = VolunteerFactory(region=hovedstaden, approved=True)
    record = services.requirement_record(
        volunteer=volunteer, requirement=certificate, by=consultant_h, met_on=date(2024, 3, 20)
    )
    assert record.expires_on == date(2026, 3, 20)
    states = {row["requirement"].name: row["state"] for row in selectors.requirement_status(volunteer, TODAY)}
    assert states["Børneattest"] == "expiring"  # within 30 days
    assert states["Underskrevet tavshedserklæring"] == "missing"
    later = {
        row["requirement"].name: row["state"] for row in selectors.requirement_status(volunteer, date(2026, 3, 20))
    }
    assert later["Børneattest"] == "expired"
    assert [r.pk for r in selectors.expiring_requirements(consultant_h, TODAY)] == [record.pk]
    # Renewing takes it off the today page.
    services.requirement_record(volunteer=volunteer, requirement=certificate, by=consultant_h, met_on=TODAY)
    assert list(selectors.expiring_requirements(consultant_h, TODAY)) == []


@time_machine.travel(TODAY, tick=False)
def test_a_requirement_cannot_be_met_in_the_future(consultant_h, hovedstaden, certificate):
    volunteer = VolunteerFactory(region=hovedstaden, approved=True)
    with pytest.raises(services.SupportError):
        services.requirement_record(
            volunteer=volunteer, requirement=certificate, by=consultant_h, met_on=date(2026, 4, 1)
        )
    assert not VolunteerRequirement.objects.exists()


@time_machine.travel(TODAY, tick=False)
def test_missing_before_match_names_what_is_lacking_or_expired(consultant_h, hovedstaden, certificate, declaration):
    complete, lapsed, new = (VolunteerFactory(region=hovedstaden, approved=True) for _ in range(3))
    for volunteer, met_on in ((complete, date(2025, 6, 1)), (lapsed, date(2023, 6, 1))):
        services.requirement_record(volunteer=volunteer, requirement=certificate, by=consultant_h, met_on=met_on)
        services.requirement_record(volunteer=volunteer, requirement=declaration, by=consultant_h, met_on=met_on)
    missing = selectors.missing_before_match([complete.pk, lapsed.pk, new.pk], TODAY)
    assert missing == {
        lapsed.pk: ("Børneattest",),
        new.pk: ("Børneattest", "Underskrevet tavshedserklæring"),  # the leader's order
    }


def test_the_engine_excludes_a_volunteer_lacking_a_requirement_and_says_why():
    config = engine.Config(current_year=2026)
    person = engine.ParticipantFacts(id=1, birth_year=1980)
    ready = engine.VolunteerFacts(id=1, approved=True, birth_year=1980)
    lacking = engine.VolunteerFacts(id=2, approved=True, birth_year=1980, missing_requirements=("Børneattest",))
    pool = engine.VolunteerPool.from_volunteers([ready, lacking])
    assert [c.volunteer_id for c in engine.suggest(person, pool, config)] == [1]
    why = engine.explain(person, lacking, config)
    assert [(x.code, dict(x.params)) for x in why.excluded] == [
        ("requirements_missing", {"requirements": ["Børneattest"]})
    ]
    assert not engine.score_matrix([person], pool, config)[0, 1]
    with translation.override("da"):
        assert (
            texts.exclusion_text(why.excluded[0]) == "Frivillig mangler det, der kræves før første match: Børneattest"
        )


@time_machine.travel(TODAY, tick=False)
def test_why_not_and_propose_name_the_missing_requirement(client, consultant_h, hovedstaden, declaration):
    participant = ParticipantFactory(region=hovedstaden, waiting=True, postcode="2200")
    volunteer = VolunteerFactory(region=hovedstaden, approved=True, postcode="2100")
    client.force_login(consultant_h)
    url = reverse("matching:why_not", kwargs={"participant_id": participant.pk})
    page = client.get(url, {"volunteer": volunteer.pk}, HTTP_ACCEPT_LANGUAGE="da").content.decode()
    assert "Frivillig mangler det, der kræves før første match: Underskrevet tavshedserklæring" in page
    propose = reverse("matching:propose", kwargs={"participant_id": participant.pk})
    page = client.get(propose, {"volunteer": volunteer.pk}, HTTP_ACCEPT_LANGUAGE="da").content.decode()
    assert "Den frivillige kan ikke foreslås" in page
    with pytest.raises(MatchError):
        match_propose(participant=participant, volunteer=volunteer, by=consultant_h, on=TODAY)
    services.requirement_record(volunteer=volunteer, requirement=declaration, by=consultant_h, met_on=TODAY)
    assert match_propose(participant=participant, volunteer=volunteer, by=consultant_h, on=TODAY).pk


@time_machine.travel(TODAY, tick=False)
def test_the_volunteer_page_shows_what_is_missing_and_records_it(client, consultant_h, hovedstaden, certificate):
    volunteer = VolunteerFactory(region=hovedstaden, approved=True)
    client.force_login(consultant_h)
    page = client.get(reverse("volunteers:detail", kwargs={"volunteer_id": volunteer.pk})).content.decode()
    assert "Børneattest" in page and "Mangler" in page
    url = reverse("support:requirement_record", kwargs={"volunteer_id": volunteer.pk})
    response = client.post(url, {"requirement": certificate.pk, "met_on": "2026-03-01"})
    assert response.status_code == 302
    record = VolunteerRequirement.objects.get()
    assert (record.recorded_by, record.expires_on) == (consultant_h, date(2028, 3, 1))
    assert client.post(url, {"requirement": certificate.pk, "met_on": "2026-04-01"}).status_code == 400


def test_a_consultant_cannot_record_for_another_regions_volunteer(client, consultant_h, syddanmark, certificate):
    volunteer = VolunteerFactory(region=syddanmark, approved=True)
    client.force_login(consultant_h)
    url = reverse("support:requirement_record", kwargs={"volunteer_id": volunteer.pk})
    assert client.post(url, {"requirement": certificate.pk, "met_on": "2024-03-01"}).status_code == 404
