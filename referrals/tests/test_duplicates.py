"""Possible duplicates: in full within the user's scope; elsewhere only that one exists."""

import random
from datetime import date

import pytest
from django.db.models import Q
from django.urls import reverse

from factories import ParticipantFactory
from referrals import selectors
from referrals.models import Participant

pytestmark = pytest.mark.django_db
ELSEWHERE = "Der findes en mulig dublet i en anden region — kontakt projektlederen."


@pytest.fixture
def pair(hovedstaden, syddanmark, dignity, att):
    """The same person referred in Hovedstaden and, earlier, in Syddanmark (same name and birth year)."""
    here = ParticipantFactory(
        region=hovedstaden, treatment_centre=dignity, first_name="Nour", last_name="Al-Amin", birth_year=1979
    )
    there = ParticipantFactory(
        region=syddanmark,
        treatment_centre=att,
        first_name="Nour",
        last_name="Al-Amin",
        birth_year=1979,
        status="waiting",
        referred_on=date(2023, 5, 17),
        accepted_on=date(2023, 6, 1),
        waiting_since=date(2023, 6, 1),
    )
    return here, there


def detail(participant):
    return reverse("referrals:detail", kwargs={"participant_id": participant.pk})


def test_consultant_learns_only_that_a_duplicate_exists_in_another_region(client, personas, pair):
    here, there = pair
    client.force_login(personas["consultant_h"])
    response = client.get(detail(here))
    page = response.content.decode()
    assert ELSEWHERE in page
    assert there.reference not in page
    assert "Syddanmark" not in page
    assert "17.05.2023" not in page and "17/05/2023" not in page
    assert response.context["duplicates"] == []
    assert response.context["duplicate_elsewhere"] is True


def test_consultant_sees_in_region_duplicates_in_full(client, personas, pair, hovedstaden, dignity):
    here, _there = pair
    same_region = ParticipantFactory(
        region=hovedstaden, treatment_centre=dignity, first_name="Nour", last_name="Al-Amin", birth_year=1979
    )
    client.force_login(personas["consultant_h"])
    response = client.get(detail(here))
    page = response.content.decode()
    assert response.context["duplicates"] == [same_region]
    assert f'href="{detail(same_region)}"' in page
    assert ELSEWHERE in page


def test_leader_sees_every_duplicate_in_full(client, personas, pair):
    here, there = pair
    client.force_login(personas["leader"])
    response = client.get(detail(here))
    assert response.context["duplicates"] == [there]
    assert response.context["duplicate_elsewhere"] is False
    assert there.reference in response.content.decode()


def test_list_marks_an_other_region_duplicate_without_details(client, personas, pair):
    here, there = pair
    client.force_login(personas["consultant_h"])
    page = client.get(reverse("referrals:list")).content.decode()
    assert ELSEWHERE in page
    assert there.reference not in page
    assert selectors.duplicate_flags([here], Participant.objects.none()) == {here.pk: selectors.ELSEWHERE}


def test_list_marks_an_in_scope_duplicate_as_before(client, personas, pair):
    here, there = pair
    flags = selectors.duplicate_flags([here], Participant.objects.for_user(personas["leader"]))
    assert flags == {here.pk: selectors.HERE}


def test_a_pages_duplicate_flags_are_those_the_iexact_lookups_find(hovedstaden, syddanmark, monkeypatch):
    """The list's check writes the name lookups as one SQL fragment: it must find exactly what
    Django's iexact lookups find, with LIKE's wildcards, case, spaces and non-ASCII letters."""
    pick = random.Random(3)
    firsts = ["Amina", "AMINA", " amina ", "Søren", "SØREN", "a_b", "axb", "a%b", "O'Brien", "back\\slash"]
    lasts = ["Rahimi", "rahimi ", "Ra_imi", "Nielsen"]
    phones = ["", "+45 12 34 56 78", "12345678", "0045-1234-5678", "+46 70 123 45 67"]
    people = [
        ParticipantFactory(
            region=pick.choice([hovedstaden, syddanmark]),
            first_name=pick.choice(firsts),
            last_name=pick.choice(lasts),
            birth_year=pick.choice([1980, 1981, None]),
            arrival_year=None,
            phone=pick.choice(phones),
            status=pick.choice(["referred", "info_requested", "waiting"]),
        )
        for _ in range(80)
    ]
    scope = Participant.objects.filter(region=hovedstaden)
    found = selectors.duplicate_flags(people, scope)

    def lookups(names):
        condition = Q(pk__in=[])
        for first, last, birth_year in names:
            condition |= Q(first_name__iexact=first, last_name__iexact=last, birth_year=birth_year)
        return condition

    names = sorted({(p.first_name.strip(), p.last_name.strip(), p.birth_year) for p in people if p.birth_year})
    assert set(Participant.objects.filter(selectors._names_condition(names))) == set(
        Participant.objects.filter(lookups(names))
    )
    monkeypatch.setattr(selectors, "_names_condition", lookups)
    expected = selectors.duplicate_flags(people, scope)
    assert found == expected
    assert set(expected.values()) == {selectors.HERE, selectors.ELSEWHERE}
    assert len(expected) < len([p for p in people if p.awaiting_triage])
