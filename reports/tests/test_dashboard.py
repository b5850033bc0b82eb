"""The dashboard and the downloadable report: roles, small cells, the same numbers as kpi_report
and in the .xlsx, and a query count that does not grow with the data."""

import io
from datetime import date, timedelta

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from audit.models import Action, AuditEvent
from factories import ParticipantFactory
from reports.kpi import kpi_report
from reports.models import CentrePatientProfile, Target

from .factories import history_match

pytestmark = pytest.mark.django_db

QUERY = {"date_from": "2022-01-01", "date_to": "2023-06-15", "as_of": "2023-08-31"}


def populate(count: int, region_slug: str = "hovedstaden"):
    for i in range(count):
        history_match(
            started=date(2022, 1 + i % 12, 1 + i % 27),
            ended=date(2022, 10, 1) if i % 4 == 0 else None,
            birth_country=["SY", "AF", "IQ", "IR", "PK", "ER"][i % 6],
            birth_year=1950 + i % 50,
            gender="female" if i % 3 else "male",
            region_slug=region_slug,
        )
    history_match(proposed=date(2023, 8, 1), region_slug=region_slug)
    ParticipantFactory(
        referred_on=date(2022, 3, 1), accepted_on=date(2022, 3, 5), status="waiting", waiting_since=date(2022, 3, 5)
    )


def cells(response, key):
    """The rows of the table `key` on the page, as text."""
    import re

    html = response.content.decode()
    table = html.split(f'data-table="{key}"', 1)[1].split("</table>", 1)[0]
    rows = re.findall(r"<tr>(.*?)</tr>", table, flags=re.S)
    return [
        [re.sub(r"<.*?>", "", cell).strip() for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)]
        for row in rows
    ]


def test_leader_sees_all_regions_and_exact_numbers(client, leader, hovedstaden, syddanmark):
    populate(12)
    populate(3, "syddanmark")
    client.force_login(leader)
    response = client.get(reverse("reports:dashboard"), QUERY)
    assert response.status_code == 200
    kpi = kpi_report(date_from=date(2022, 1, 1), date_to=date(2023, 6, 15), as_of=date(2023, 8, 31))
    headline = cells(response, "headline")
    assert headline[1][:3] == ["Match etableret i perioden", str(kpi["matches"]["established"]), "180"]
    assert [row[1] for row in headline[2:4]] == ["12", "3"]  # by region, unmasked for the leader
    success = cells(response, "success")
    assert success[-1][1:] == [
        str(kpi["success"]["period"]["established"]),
        str(kpi["success"]["period"]["evaluable"]),
        "0",
        str(kpi["success"]["period"]["well_functioning"]),
        f"{kpi['success']['period']['pct']} % (n = {kpi['success']['period']['evaluable']})",
    ]


def test_small_cells_are_hidden_from_the_evaluator(client, evaluator, leader, hovedstaden, syddanmark):
    populate(12)
    populate(3, "syddanmark")
    client.force_login(evaluator)
    headline = cells(client.get(reverse("reports:dashboard"), QUERY), "headline")
    # 3 in Syddanmark is "<5"; Hovedstaden's 12 is hidden too, or 15 - 12 would give it away
    assert [row[1] for row in headline[2:4]] == ["x", "&lt;5"]
    gender = cells(client.get(reverse("reports:dashboard"), QUERY), "gender")
    assert ["Mænd", "5", "33 % (n = 15)"] in gender


def test_consultant_sees_only_their_regions(client, consultant_s, hovedstaden, syddanmark):
    populate(6)
    populate(7, "syddanmark")
    client.force_login(consultant_s)
    response = client.get(reverse("reports:dashboard"), QUERY)
    assert response.status_code == 200
    headline = cells(response, "headline")
    assert headline[1][1] == "7"
    assert "Region Hovedstaden" not in response.content.decode().split("<form", 2)[1].split("</form>")[0]
    refused = client.get(reverse("reports:dashboard"), {**QUERY, "region": "hovedstaden"})
    assert "region" in refused.context["form"].errors
    assert refused.context["report"] is None


def test_targets_are_configuration(client, leader, hovedstaden):
    Target.objects.filter(region=hovedstaden, year=2023).update(matches=80)
    Target.objects.create(region=hovedstaden, year=2024, matches=75, well_functioning_pct=70)
    client.force_login(leader)
    headline = cells(client.get(reverse("reports:dashboard"), {**QUERY, "region": "hovedstaden"}), "headline")
    assert headline[1][2] == "150"  # 70 (2022) + 80 (2023)
    later = {"date_from": "2024-01-01", "date_to": "2025-12-31", "as_of": "2025-12-31", "region": "hovedstaden"}
    headline = cells(client.get(reverse("reports:dashboard"), later), "headline")
    assert headline[1][2] == "150"  # 2024's row holds for 2025 too


def test_centre_patient_profile_is_shown_beside_referrals(client, leader, dignity):
    CentrePatientProfile.objects.create(centre=dignity, year=2022, share_women_pct=55)
    for i in range(6):
        ParticipantFactory(treatment_centre=dignity, referred_on=date(2022, 5, 1), gender="female" if i else "male")
    client.force_login(leader)
    rows = cells(client.get(reverse("reports:dashboard"), QUERY), "gender_balance")
    assert ["Henvist fra DIGNITY", "6", "83 % (n = 6)", "55 % (2022)"] in rows


def test_bad_period_shows_the_message(client, leader):
    client.force_login(leader)
    response = client.get(reverse("reports:dashboard"), {**QUERY, "date_to": "2021-01-01"})
    assert response.context["form"].errors["date_to"]
    assert response.context["report"] is None


def test_query_count_does_not_grow_with_the_data(
    client, leader, hovedstaden, syddanmark, django_assert_max_num_queries
):
    client.force_login(leader)
    populate(2)
    with django_assert_max_num_queries(40) as small:  # 30 + volunteer support (events) + the star
        client.get(reverse("reports:dashboard"), QUERY)
    populate(30)
    populate(10, "syddanmark")
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(reverse("reports:dashboard"), QUERY).status_code == 200


def _xlsx_text(value, number_format):
    """A numeric cell as the dashboard writes it (a share's n is in the next column)."""
    if value is None:
        return ""
    if number_format == "0 %":
        return f"{round(value * 100)} %"
    return str(value)


def test_internal_xlsx_report_has_the_dashboard_numbers_and_is_audited(client, leader, hovedstaden):
    populate(9)
    client.force_login(leader)
    page = cells(client.get(reverse("reports:dashboard"), QUERY), "success")
    response = client.get(reverse("reports:download"), {**QUERY, "format": "xlsx", "version": "internal"})
    assert response.status_code == 200
    assert "intern" in response["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.content))["Succes pr. kohorteår"]
    assert sheet["A1"].value == "Velfungerende efter seks måneder pr. kohorteår"
    assert "Tal pr. 31. august 2023." in sheet["A2"].value and "Intern version" in sheet["A2"].value
    assert [cell.value for cell in sheet[3]] == [*page[0], "n"]
    rows = []
    for row in sheet.iter_rows(min_row=4, max_row=3 + len(page) - 1):
        texts = [_xlsx_text(cell.value, cell.number_format) for cell in row]
        rows.append([*texts[:5], f"{texts[5]} (n = {texts[6]})"])
    assert rows == page[1:]
    event = AuditEvent.objects.get(action=Action.EXPORT, target_type="reports.report")
    assert "internal" in event.detail


def test_docx_report_is_danish_with_definitions(client, evaluator, hovedstaden):
    from docx import Document

    populate(6)
    client.force_login(evaluator)
    response = client.get(reverse("reports:download"), {**QUERY, "format": "docx"})
    document = Document(io.BytesIO(response.content))
    text = "\n".join(paragraph.text for paragraph in document.paragraphs)
    assert "Tal pr. 31. august 2023." in text
    assert "2023-08-31" not in text
    assert "Definitioner" in text
    assert len(document.inline_shapes) >= 3  # the charts as images


def test_waiting_time_is_the_referrals_definition(client, leader, evaluator, hovedstaden):
    """Acceptance to the first match meeting (referrals.selectors.waiting_times), for the period."""
    from referrals.selectors import waiting_times

    for days in (10, 20, 30, 40, 50, 60):
        history_match(
            started=date(2022, 6, 1), accepted_on=date(2022, 6, 1) - timedelta(days=days), referred_on=date(2021, 12, 1)
        )
    history_match(
        started=date(2021, 6, 1), accepted_on=date(2021, 1, 1), referred_on=date(2020, 12, 1)
    )  # before the period: not counted
    ParticipantFactory(
        region=hovedstaden,
        status="waiting",
        referred_on=date(2022, 12, 1),
        accepted_on=date(2023, 1, 1),
        waiting_since=date(2023, 1, 1),
    )
    expected = waiting_times(region=hovedstaden, start=date(2022, 1, 1), end=date(2023, 6, 15), as_of=date(2023, 8, 31))
    assert expected["hovedstaden"].median_days == 35.0
    client.force_login(leader)
    rows = cells(client.get(reverse("reports:dashboard"), QUERY), "waiting")
    assert rows[1] == ["Region Hovedstaden", "1", "6", "35"]
    client.force_login(evaluator)
    rows = cells(client.get(reverse("reports:dashboard"), QUERY), "waiting")
    assert rows[1] == ["Region Hovedstaden", "&lt;5", "6", "35"]
