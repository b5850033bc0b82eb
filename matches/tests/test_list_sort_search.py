"""The match list: search by name or reference (posted, never in a URL) and sorting by a column."""

import pytest
from django.urls import reverse

from matches.tests.factories import proposed_match

pytestmark = pytest.mark.django_db
URL = reverse("matches:list")


def _refs(response):
    return [m.reference for m in response.context["page"]]


@pytest.fixture
def two(consultant_h):
    return [
        proposed_match(by=consultant_h, first_name="Amina", last_name="Rahimi"),
        proposed_match(by=consultant_h, first_name="Zahra", last_name="Haddad"),
    ]


@pytest.mark.parametrize("role", ["consultant_h", "leader"])
def test_search_finds_by_name_and_by_reference(client, personas, two, role):
    amina, zahra = two
    client.force_login(personas[role])
    assert _refs(client.post(URL, {"q": "rahimi"})) == [amina.reference]
    assert _refs(client.post(URL, {"q": zahra.reference})) == [zahra.reference]
    assert _refs(client.post(URL, {"q": zahra.participant.reference})) == [zahra.reference]


def test_name_never_goes_into_a_url(client, consultant_h, two):
    client.force_login(consultant_h)
    page = client.get(URL).content.decode()
    assert '<form method="post" class="filters" id="match-filter"' in page
    assert 'method="get"' not in page
    response = client.post(URL, {"q": "Rahimi", "sort": "-participant"})
    page = response.content.decode()
    links = [part.split('"')[0] for part in page.split('href="')[1:]]
    assert not [link for link in links if "Rahimi" in link or "q=" in link]
    # An old link with ?q= is not honoured.
    assert len(_refs(client.get(URL, {"q": "Rahimi"}))) == 2


def test_match_list_sorts_by_participant_both_ways(client, consultant_h, two):
    amina, zahra = two
    client.force_login(consultant_h)
    response = client.get(URL, {"sort": "participant"})
    assert _refs(response) == [amina.reference, zahra.reference]
    assert 'aria-sort="ascending"' in response.content.decode()
    assert _refs(client.get(URL, {"sort": "-participant"})) == [zahra.reference, amina.reference]
    assert _refs(client.get(URL, {"sort": "-participant", "status": "all"})) == [zahra.reference, amina.reference]


@pytest.mark.parametrize("bad", ["volunteer__email", "-", "participant__last_name"])
def test_bad_sort_values_are_ignored(client, consultant_h, two, bad):
    client.force_login(consultant_h)
    response = client.get(URL, {"sort": bad})
    assert response.status_code == 200 and len(_refs(response)) == 2
