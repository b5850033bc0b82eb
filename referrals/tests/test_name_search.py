"""The name search of the referral and waiting lists is posted: a name never ends up in a URL."""

from datetime import date

import pytest
from django.urls import reverse

from factories import ParticipantFactory
from referrals.views import PAGE_SIZE

pytestmark = pytest.mark.django_db
LIST = reverse("referrals:list")
WAITING = reverse("referrals:waiting")


@pytest.fixture
def people(hovedstaden, dignity):
    def make(n, last_name, **fields):
        return [
            ParticipantFactory(region=hovedstaden, treatment_centre=dignity, last_name=last_name, **fields)
            for _ in range(n)
        ]

    return make


@pytest.mark.parametrize("url", [LIST, WAITING])
def test_filter_forms_post_with_a_csrf_token(client, personas, hovedstaden, url):
    client.force_login(personas["consultant_h"])
    page = client.get(url).content.decode()
    assert '<form method="post" class="filters" id="' in page
    assert 'name="csrfmiddlewaretoken"' in page
    assert 'method="get" class="filters"' not in page


@pytest.mark.parametrize("url", [LIST, WAITING])
def test_posted_name_search_filters_and_stays_out_of_every_link(client, personas, people, url):
    people(2, "Rahimi", waiting=True)
    people(2, "Saleh", waiting=True)
    client.force_login(personas["consultant_h"])
    response = client.post(url, {"q": "rahimi"})
    assert {p.last_name for p in response.context["page"]} == {"Rahimi"}
    assert "rahimi" not in response.context["query_without_page"]
    assert "q=" not in response.content.decode()


@pytest.mark.parametrize("url", [LIST, WAITING])
def test_a_name_in_the_query_string_is_ignored_and_not_carried_on(client, personas, people, url):
    people(2, "Rahimi", waiting=True)
    people(2, "Saleh", waiting=True)
    client.force_login(personas["consultant_h"])
    response = client.get(url, {"q": "rahimi", "page": "1"})
    assert {p.last_name for p in response.context["page"]} == {"Rahimi", "Saleh"}
    assert "rahimi" not in response.context["query_without_page"]


def test_pages_of_a_posted_search_are_posted_again_with_the_other_filters(client, personas, people):
    people(PAGE_SIZE + 3, "Rahimi", status="referred")
    people(2, "Rahimi", status="declined")
    people(3, "Saleh", status="referred")
    client.force_login(personas["consultant_h"])
    first = client.post(LIST, {"q": "rahimi", "status": "referred"})
    page = first.content.decode()
    assert first.context["page"].paginator.count == PAGE_SIZE + 3
    assert '<input type="hidden" name="q" value="rahimi">' in page
    assert 'name="page" value="2"' in page
    assert first.context["query_without_page"] == "status=referred"
    second = client.post(LIST, {"q": "rahimi", "status": "referred", "page": "2"})
    assert second.context["page"].number == 2
    assert {(p.last_name, p.status) for p in second.context["page"]} == {("Rahimi", "referred")}
    assert len(second.context["page"].object_list) == 3


def test_get_pagination_links_carry_the_other_filters(client, personas, people):
    people(PAGE_SIZE + 1, "Saleh", status="referred")
    client.force_login(personas["consultant_h"])
    page = client.get(LIST, {"status": "referred"}).content.decode()
    assert 'href="?status=referred&amp;page=2"' in page


def test_waiting_list_region_and_filters_come_from_the_posted_form(client, personas, people, syddanmark):
    people(1, "Rahimi", waiting=True, gender="male", waiting_since=date(2024, 1, 1))
    people(1, "Rahimi", waiting=True, gender="female")
    client.force_login(personas["leader"])
    response = client.post(WAITING, {"region": "hovedstaden", "q": "rahimi", "gender": "male"})
    assert response.context["region"].slug == "hovedstaden"
    assert [p.gender for p in response.context["page"]] == ["male"]
