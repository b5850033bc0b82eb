"""Every page makes as many queries with more records as with few (no N+1).

Walks the URL × role matrix (GET, the roles that work with lists of people) twice: once after
adding a crowd of waiting participants, approved volunteers, and active and proposed matches to
the sample records, and once after adding as many again. A count that grows with the crowd is a
query per row. (The first crowd makes every list non-empty: a section that needs one more query
only when it has rows is not a query per row.)
Times are measured by `make bench`, never here.
"""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.permissions import PUBLIC
from factories import ParticipantFactory, VolunteerFactory
from matches.tests.factories import active_match, proposed_match

from .access_rules import CONSULTANT, LEADER, SOCIAL
from .test_url_matrix import EXPECTED, PERSONA_FOR_ROLE, _url, all_views, matrix_personas, samples  # noqa: F401 (fixtures)

ROLES = (LEADER, CONSULTANT, SOCIAL)
# Pages whose work is a fixed number of queries per row by design, with the reason.
PER_ROW_BY_DESIGN: dict[str, str] = {}


def _add_crowd(personas, hovedstaden, size: int = 3) -> None:
    consultant, referrer = personas["consultant_h"], personas["social_worker_h"]
    for _ in range(size):
        ParticipantFactory(region=hovedstaden, waiting=True, referred_by=referrer)
        VolunteerFactory(region=hovedstaden, approved=True)
        proposed_match(by=consultant, region=hovedstaden, referred_by=referrer)
        active_match(by=consultant, region=hovedstaden, referred_by=referrer, start=date(2024, 3, 5))


def _count(client, url: str) -> tuple[int, int]:
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    return response.status_code, len(queries)


def _counts(client, personas, urls) -> dict:
    found = {}
    for role in ROLES:
        client.force_login(personas[PERSONA_FOR_ROLE[role]])
        client.get("/")  # the session's refresh happens here; the clock stands still below
        for name, url in urls.items():
            if role in EXPECTED[name]:
                found[name, role] = _count(client, url)
        client.logout()
    return found


def _pages(values):
    views = dict(all_views())
    return {
        name: _url(name, views[name], values)
        for name, roles in sorted(EXPECTED.items())
        if roles != PUBLIC and set(roles) & set(ROLES) and name not in PER_ROW_BY_DESIGN
    }


@pytest.mark.django_db
def test_every_page_makes_the_same_number_of_queries_with_more_records(
    client, personas, hovedstaden, time_machine, request
):
    time_machine.move_to(datetime(2024, 6, 3, 10, 0, tzinfo=ZoneInfo("Europe/Copenhagen")), tick=False)
    urls = _pages(request.getfixturevalue("samples"))
    _add_crowd(personas, hovedstaden)
    few = _counts(client, personas, urls)
    _add_crowd(personas, hovedstaden)
    more = _counts(client, personas, urls)
    grown = {
        f"{name} as {role}: {few[name, role][1]} → {more[name, role][1]} queries"
        for (name, role), (status, _) in more.items()
        if status == 200 and few[name, role][0] == 200 and more[name, role][1] != few[name, role][1]
    }
    assert not grown, "queries grow with the data:\n" + "\n".join(sorted(grown))
