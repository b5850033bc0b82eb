"""The admin's longest lists make as many queries with more rows as with few (no query per row)."""

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import Role
from factories import CentreFactory, UserFactory
from volunteers.models import Campaign


def _queries(client, url: str) -> int:
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def _add(hovedstaden, syddanmark, count: int) -> None:
    for _ in range(count):
        UserFactory(role=Role.CONSULTANT, regions=[hovedstaden, syddanmark])
        UserFactory(role=Role.SOCIAL_WORKER, treatment_centre=CentreFactory(region=hovedstaden))
        Campaign.objects.create(name="Forår", channel="social_media", starts_on=dt.date(2026, 3, 1), region=syddanmark)


def test_user_and_campaign_lists_do_not_query_per_row(client, leader, hovedstaden, syddanmark):
    client.force_login(leader)
    urls = [reverse("admin:accounts_user_changelist"), reverse("admin:volunteers_campaign_changelist")]
    _add(hovedstaden, syddanmark, 2)
    few = [_queries(client, url) for url in urls]
    _add(hovedstaden, syddanmark, 5)
    assert [_queries(client, url) for url in urls] == few


def test_every_admin_list_joins_the_optional_records_it_shows():
    """Django joins a listed foreign key by itself only when it cannot be empty."""
    from django.db.models import ForeignKey

    from accounts.admin_site import site

    missing = []
    for model, model_admin in site._registry.items():
        for name in model_admin.list_display:
            field = next((f for f in model._meta.fields if f.name == name), None)
            if isinstance(field, ForeignKey) and field.null and name not in (model_admin.list_select_related or ()):
                missing.append(f"{model._meta.label}.{name}")
    assert not missing, f"add to list_select_related: {missing}"
