"""The dashboard's report is kept until a table it reads changes (reports/cache.py, reports/kept.py,
lib/table_versions.py)."""

from datetime import date

import pytest
from django.test import override_settings
from django.urls import reverse

from reports import cache as report_cache

from .factories import history_match

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("counted_builds")]

QUERY = {"date_from": "2024-01-01", "date_to": "2024-12-31", "as_of": "2025-06-30"}


@pytest.fixture
def counted_builds(monkeypatch):
    builds = []
    real = report_cache.build_report

    def counting(**kwargs):
        builds.append(kwargs.get("audience"))
        return real(**kwargs)

    monkeypatch.setattr(report_cache, "build_report", counting)
    return builds


@override_settings(REPORT_CACHE_SECONDS=600)
def test_the_same_request_is_built_once_and_shows_the_same_figures(client, leader, hovedstaden, counted_builds):
    history_match(started=date(2024, 3, 1), assessment="well_functioning")
    client.force_login(leader)
    first = client.get(reverse("reports:dashboard"), QUERY)
    second = client.get(reverse("reports:dashboard"), QUERY)
    assert first.status_code == second.status_code == 200
    assert len(counted_builds) == 1
    assert first.context["sections"] == second.context["sections"]


@override_settings(REPORT_CACHE_SECONDS=600)
def test_a_referral_saved_makes_the_next_report_fresh(client, personas, referral_post, counted_builds):
    client.force_login(personas["leader"])
    client.get(reverse("reports:dashboard"), QUERY)
    client.force_login(personas["social_worker_h"])
    assert client.post(reverse("referrals:create"), referral_post).status_code == 302
    client.force_login(personas["leader"])
    client.get(reverse("reports:dashboard"), QUERY)
    assert len(counted_builds) == 2


@override_settings(REPORT_CACHE_SECONDS=600)
def test_a_refused_form_signing_in_a_language_and_notifications_read_keep_the_report(
    client, leader, hovedstaden, counted_builds
):
    client.force_login(leader)
    client.get(reverse("reports:dashboard"), QUERY)
    client.post(reverse("referrals:create"), {})  # refused: nothing written
    client.post(reverse("set_language"), {"language": "da"})
    client.post(reverse("notifications:read_all"))
    client.post(reverse("accounts:logout"))
    client.post(reverse("accounts:login"), {"username": leader.username, "password": "wrong"})
    client.force_login(leader)
    client.get(reverse("reports:dashboard"), QUERY)
    assert len(counted_builds) == 1


@override_settings(REPORT_CACHE_SECONDS=600)
def test_versions_languages_and_periods_are_kept_apart(client, leader, evaluator, hovedstaden, counted_builds):
    client.force_login(leader)
    client.get(reverse("reports:dashboard"), QUERY)  # internal, Danish
    client.get(reverse("reports:dashboard"), {**QUERY, "region": "hovedstaden"})
    client.get(reverse("reports:dashboard"), {**QUERY, "as_of": "2025-07-01"})
    client.force_login(evaluator)
    client.get(reverse("reports:dashboard"), QUERY)  # funder version
    client.cookies["django_language"] = "en"
    client.get(reverse("reports:dashboard"), QUERY)
    assert len(counted_builds) == 5


def test_an_import_changes_the_data_version(tmp_path, hovedstaden):
    from lib import data_version
    from transfer.applying import import_data
    from transfer.exporter import export_data

    history_match(started=date(2024, 3, 1), assessment="well_functioning")
    export_data(tmp_path / "out")
    before = data_version.current()
    assert import_data(tmp_path / "out", consent_on_paper=date(2024, 1, 1)).ok
    assert data_version.current() != before


def test_a_chart_is_drawn_once_per_content(monkeypatch):
    from reports import charts
    from reports.tables import Chart

    drawn = []
    monkeypatch.setattr(charts, "_draw_png", lambda chart: drawn.append(chart) or b"png")
    first = Chart("Matches", ["Hovedstaden"], [12], target=20, target_label="Mål")
    assert charts.png(first) == charts.png(Chart("Matches", ["Hovedstaden"], [12], target=20, target_label="Mål"))
    charts.png(Chart("Matches", ["Hovedstaden"], [13], target=20, target_label="Mål"))
    assert len(drawn) == 2


@override_settings(REPORT_CACHE_SECONDS=600)
def test_a_download_is_laid_out_once_until_the_data_changes(client, personas, referral_post, monkeypatch):
    laid_out = []
    monkeypatch.setitem(report_cache.RENDERERS, "xlsx", lambda report: laid_out.append(report) or b"xlsx")
    client.force_login(personas["leader"])
    url = reverse("reports:download")
    for _ in range(2):
        assert client.get(url, {**QUERY, "format": "xlsx"}).content == b"xlsx"
    client.force_login(personas["social_worker_h"])
    client.post(reverse("referrals:create"), referral_post)
    client.force_login(personas["leader"])
    client.get(url, {**QUERY, "format": "xlsx"})
    assert len(laid_out) == 2
