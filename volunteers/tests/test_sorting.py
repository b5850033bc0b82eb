"""The volunteer list sorts by a column, both ways; bad values are ignored."""

import pytest
from django.urls import reverse

from factories import VolunteerFactory

pytestmark = pytest.mark.django_db
URL = reverse("volunteers:list")


def _names(response):
    return [v.last_name for v in response.context["page"]]


@pytest.fixture
def three(hovedstaden):
    return [VolunteerFactory(region=hovedstaden, first_name="A", last_name=name) for name in ("Bo", "Ahl", "Cy")]


@pytest.mark.parametrize("role", ["consultant_h", "student"])
def test_volunteer_list_sorts_by_name_both_ways(client, personas, three, role):
    client.force_login(personas[role])
    response = client.get(URL, {"sort": "name"})
    assert _names(response) == ["Ahl", "Bo", "Cy"]
    assert 'aria-sort="ascending"' in response.content.decode()
    assert _names(client.get(URL, {"sort": "-name"})) == ["Cy", "Bo", "Ahl"]


def test_bad_sort_value_is_ignored(client, consultant_h, three):
    client.force_login(consultant_h)
    response = client.get(URL, {"sort": "-email"})
    assert response.status_code == 200 and len(_names(response)) == 3


def test_sorting_a_search_posts_it_again(client, consultant_h, three):
    client.force_login(consultant_h)
    response = client.post(URL, {"q": "Bo", "sort": ""})
    assert _names(response) == ["Bo"]
    page = response.content.decode()
    assert 'form="volunteer-filter" name="sort" value="name"' in page and "?sort" not in page


def test_the_list_shows_newest_application_first_with_region_status_and_link(client, leader, hovedstaden, syddanmark):
    from datetime import date

    older = VolunteerFactory(region=hovedstaden, applied_on=date(2024, 1, 5), status="approved")
    newer = VolunteerFactory(region=syddanmark, applied_on=date(2024, 3, 1))
    client.force_login(leader)
    response = client.get(URL)
    assert list(response.context["page"]) == [newer, older]
    rows = response.content.decode().split("<tbody>")[1]
    detail = reverse("volunteers:detail", kwargs={"volunteer_id": older.pk})
    assert f'<a href="{detail}">{older}</a>' in rows
    assert "Region Syddanmark" in rows and "Region Hovedstaden" in rows
    assert "<td>Godkendt, ledig</td><td>5. jan. 2024</td>" in rows and "<td>1. marts 2024</td>" in rows
