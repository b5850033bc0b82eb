"""The referral and waiting lists sort by a column, both ways, through a whitelist; a name search
stays out of every URL, also in the sort links."""

from datetime import date

import pytest
from django.urls import reverse

from factories import ParticipantFactory

pytestmark = pytest.mark.django_db
LIST = reverse("referrals:list")
WAITING = reverse("referrals:waiting")


def _names(response):
    return [p.last_name for p in response.context["page"]]


@pytest.fixture
def three(hovedstaden, dignity):
    return [
        ParticipantFactory(region=hovedstaden, treatment_centre=dignity, last_name=name, first_name="A", waiting=True)
        for name in ("Bakr", "Adam", "Coban")
    ]


def test_referral_list_sorts_by_name_both_ways(client, consultant_h, three):
    client.force_login(consultant_h)
    up = client.get(LIST, {"sort": "name"})
    assert _names(up) == ["Adam", "Bakr", "Coban"]
    page = up.content.decode()
    assert 'aria-sort="ascending"' in page and "?sort=-name" in page  # the next click sorts descending
    assert _names(client.get(LIST, {"sort": "-name"})) == ["Coban", "Bakr", "Adam"]


def test_social_worker_sorts_their_own_referrals(client, social_worker_h, dignity):
    for day, name in ((3, "Late"), (1, "Early")):
        ParticipantFactory(
            region=dignity.region,
            treatment_centre=dignity,
            referred_by=social_worker_h,
            referred_on=date(2024, 1, day),
            last_name=name,
        )
    client.force_login(social_worker_h)
    assert _names(client.get(LIST, {"sort": "referred"})) == ["Early", "Late"]
    assert _names(client.get(LIST, {"sort": "-referred"})) == ["Late", "Early"]


@pytest.mark.parametrize("bad", ["password", "-", "--name", "region__secret", "name;drop", "x" * 300])
def test_bad_sort_values_are_ignored(client, consultant_h, three, bad):
    client.force_login(consultant_h)
    default = _names(client.get(LIST))
    response = client.get(LIST, {"sort": bad})
    assert response.status_code == 200 and _names(response) == default
    assert "aria-sort" not in response.content.decode()
    assert client.get(WAITING, {"sort": bad}).status_code == 200


def test_waiting_list_sorts_by_days_waiting_both_ways(client, consultant_h, hovedstaden, dignity):
    for day, name in ((5, "Newer"), (1, "Older")):
        ParticipantFactory(
            region=hovedstaden, treatment_centre=dignity, waiting=True, waiting_since=date(2024, 1, day), last_name=name
        )
    client.force_login(consultant_h)
    assert _names(client.get(WAITING, {"region": "hovedstaden", "sort": "waited"})) == ["Newer", "Older"]
    assert _names(client.get(WAITING, {"region": "hovedstaden", "sort": "-waited"})) == ["Older", "Newer"]
    page = client.get(WAITING, {"region": "hovedstaden", "sort": "waited"}).content.decode()
    assert "region=hovedstaden" in page and 'aria-sort="ascending"' in page


def test_sorting_after_a_name_search_posts_the_search_again(client, consultant_h, three):
    client.force_login(consultant_h)
    response = client.post(LIST, {"q": "Coban", "sort": ""})
    page = response.content.decode()
    assert _names(response) == ["Coban"]
    assert 'form="referral-filter" name="sort" value="name"' in page  # a button of the posted form
    assert "Coban" not in "".join(link for link in page.split('href="')[1:] if link.startswith("?"))
    # The header button posts the form again: its value comes after the form's hidden sort.
    response = client.post(LIST, {"q": "a", "sort": ["", "-name"]})
    assert _names(response) == ["Coban", "Bakr", "Adam"]
    assert 'aria-sort="descending"' in response.content.decode()


def test_sort_composes_with_filters_and_pages(client, consultant_h, hovedstaden, dignity):
    for i in range(55):
        ParticipantFactory(region=hovedstaden, treatment_centre=dignity, last_name=f"N{i:02d}", first_name="A")
    client.force_login(consultant_h)
    first = client.get(LIST, {"sort": "-name", "status": "referred"})
    assert _names(first)[0] == "N54"
    page = first.content.decode()
    assert "sort=-name" in page and "page=2" in page
    assert _names(client.get(LIST, {"sort": "-name", "status": "referred", "page": 2})) == [
        "N04",
        "N03",
        "N02",
        "N01",
        "N00",
    ]
