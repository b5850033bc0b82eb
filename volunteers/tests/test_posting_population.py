"""The posting's population is counted in the database, grouped by the facts a posting for one
participant can use: every group size must equal the count over every participant's full facts."""

import itertools
import random

import pytest

from factories import ParticipantFactory
from volunteers import posting, selectors
from volunteers.posting import Facts

pytestmark = pytest.mark.django_db
THIS_YEAR = 2024


def _subsets(values):
    values = sorted(values)
    return [frozenset(c) for size in range(len(values) + 1) for c in itertools.combinations(values, size)]


def _possible_postings(own: Facts, region_of):
    places = [{}, {"region": own.region}, {"municipality": own.municipality}]
    if region_of.get(own.municipality):
        places.append({"region": region_of[own.municipality]})
    for gender, decade, place, country, interests, needs in itertools.product(
        {own.gender, ""},
        {own.age_decade, None},
        places,
        {own.birth_country, ""},
        _subsets(own.interests),
        _subsets(own.needs),
    ):
        yield Facts(gender=gender, age_decade=decade, birth_country=country, interests=interests, needs=needs, **place)


def test_grouped_counts_equal_the_counts_over_every_participant(hovedstaden, syddanmark):
    pick = random.Random(12)
    people = [
        ParticipantFactory(
            gender=pick.choice(["female", "male", "other", ""]),
            birth_year=pick.choice([None, 1975, 1980, 1984, 1985, 1990, 2015, 2024]),
            postcode=pick.choice(["2200", "2400", "2900", "5000", "", "9999"]),
            region=pick.choice([hovedstaden, syddanmark]),
            birth_country=pick.choice(["SY", "AF", ""]),
            arrival_year=None,
            interests=pick.sample(["walks", "cooking", "music", "cafe"], pick.randint(0, 3)),
            needs=pick.sample(["danish", "social", "advice"], pick.randint(0, 2)),
        )
        for _ in range(80)
    ]
    # Someone whose municipality (København) lies outside their program region.
    people.append(
        ParticipantFactory(
            gender="male", birth_year=1984, postcode="2200", region=syddanmark, interests=["walks", "music"]
        )
    )
    region_of = selectors.municipality_regions()
    everyone = [selectors.participant_facts(person, this_year=THIS_YEAR) for person in people]
    for person in people[:12] + people[-1:]:
        own = selectors.participant_facts(person, this_year=THIS_YEAR)
        grouped = selectors.posting_population(own, this_year=THIS_YEAR, region_of=region_of)
        assert sum(grouped.values()) == len(people)
        for chosen in _possible_postings(own, region_of):
            assert posting.group_size(chosen, grouped) == posting.group_size(chosen, everyone), chosen
        assert posting.first_draft(own, grouped, region_of=region_of) == posting.first_draft(
            own, everyone, region_of=region_of
        )
        coarse = Facts(gender=own.gender, age_decade=own.age_decade, municipality=own.municipality)
        assert posting.check(coarse, grouped, region_of=region_of) == posting.check(
            coarse, everyone, region_of=region_of
        )
