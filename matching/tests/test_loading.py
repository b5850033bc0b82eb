"""ORM → engine adapters."""

from datetime import date

import pytest

from factories import MatchFactory, ParticipantFactory, VolunteerFactory
from matches.models import MatchStatus
from matching import loading
from volunteers.models import Volunteer, VolunteerStatus

pytestmark = pytest.mark.django_db
TODAY = date(2024, 6, 1)


@pytest.mark.parametrize(
    ("danish", "languages", "interpreter", "needed"),
    [
        ("none", ["ar", "da"], False, "ar"),
        ("some", ["fa"], False, "fa"),
        ("none", ["ar"], True, "ar"),  # needed, but the interpreter arrangement lifts the requirement
        ("good", ["ar"], False, None),
        ("", ["ar"], False, None),  # unknown level: no hard requirement
        ("none", ["da"], False, None),
        ("none", [], False, None),
    ],
)
def test_language_requirement_rule(danish, languages, interpreter, needed):
    person = ParticipantFactory.build(danish_level=danish, languages=languages, needs_interpreter=interpreter)
    data = loading.to_participant(person, today=TODAY)
    assert data.needs_language == needed
    assert data.interpreter_arranged is interpreter


def test_participant_fields_and_waiting_days():
    person = ParticipantFactory.build(
        pk=7,
        waiting=True,
        postcode="2200",
        gender="female",
        wished_volunteer_gender="",
        interests=["walks"],
        needs=["danish"],
        availability=["weekend"],
        heavy_case=True,
    )
    data = loading.to_participant(person, today=TODAY)
    assert data.id == 7 and data.lat is not None and data.lon is not None
    assert data.waiting_days == (TODAY - date(2024, 1, 20)).days
    assert data.wished_volunteer_gender is None
    assert data.interests == frozenset({"walks"}) and data.needs == frozenset({"danish"})
    assert data.heavy_case is True
    assert loading.to_participant(ParticipantFactory.build(postcode="0000"), today=TODAY).lat is None


def test_volunteer_open_matches_are_counted_in_one_query(django_assert_num_queries, hovedstaden):
    busy = VolunteerFactory(
        region=hovedstaden, status=VolunteerStatus.MATCHED, approved_on=date(2023, 12, 1), capacity=2
    )
    MatchFactory(volunteer=busy)
    MatchFactory(volunteer=busy, slot=2, status=MatchStatus.CANCELLED, cancelled_on=date(2024, 2, 2))
    VolunteerFactory(region=hovedstaden, approved=True)
    with django_assert_num_queries(1):
        data = {v.id: v for v in map(loading.to_volunteer, loading.with_open_matches(Volunteer.objects.all()))}
    assert data[busy.pk].open_matches == 1 and data[busy.pk].capacity == 2
    assert data[busy.pk].approved and not data[busy.pk].paused


def test_paused_volunteer_is_approved_but_paused_and_applicant_is_not_approved():
    paused = VolunteerFactory(status=VolunteerStatus.PAUSED, approved_on=date(2023, 12, 1))
    applicant = VolunteerFactory()
    rows = {v.pk: loading.to_volunteer(v) for v in loading.with_open_matches(Volunteer.objects.all())}
    assert rows[paused.pk].approved and rows[paused.pk].paused
    assert not rows[applicant.pk].approved


def test_region_without_saved_configuration_uses_the_defaults(hovedstaden):
    config = loading.config_for(hovedstaden, today=TODAY)
    assert config.max_distance_km == 25 and config.threshold == 40 and config.weights["distance"] == 20
    assert config.current_year == 2024
