"""Who sees exact figures (the leader and consultants, their regions) and who sees suppressed ones
(the evaluator, and the funder version of the report); every share with its n; the documents."""

import io
import re
from datetime import date

import pytest
from django.urls import reverse
from docx import Document
from docx.shared import Mm
from openpyxl import load_workbook

from audit.models import Action, AuditEvent
from reports.disclosure import Group, suppress
from reports.models import PeriodTarget, Target

from .factories import history_match
from .test_dashboard import QUERY, cells, populate

pytestmark = pytest.mark.django_db

SHARE = re.compile(r"^\d+ % \(n = \d+\)$")


def test_a_consultant_sees_exact_small_numbers_for_their_own_region(client, consultant_h, hovedstaden):
    for day in (3, 10, 17):
        history_match(started=date(2022, 2, day))
    client.force_login(consultant_h)
    response = client.get(reverse("reports:dashboard"), QUERY)
    headline = cells(response, "headline")
    assert headline[1][1] == "3"
    assert "&lt;5" not in response.content.decode().split("<main", 1)[-1].split('class="panel" aria-labelledby')[0]
    assert response.context["report"].masked is False


def test_the_headline_rate_over_five_is_never_hidden_from_the_evaluator(client, evaluator, hovedstaden, syddanmark):
    """The evaluation's own case: 1.1.2022–15.6.2023 as of 31.8.2023, small regions beside it."""
    populate(9)
    populate(2, "syddanmark")
    client.force_login(evaluator)
    headline = cells(client.get(reverse("reports:dashboard"), QUERY), "headline")
    rate = next(row for row in headline if row[0] == "Velfungerende efter seks måneder")
    assert SHARE.match(rate[1]), rate


def test_published_figures_are_shown_and_the_rest_is_still_protected():
    mask = suppress({"total": 12, "a": 3, "b": 9}, [Group("total", ("a", "b"))], published={"total", "a"})
    assert mask == {}  # published: shown whatever their size, and b follows from them
    values = {"x": 16, "total": 12, "y": 4}
    mask = suppress(values, [Group("x", ("total", "y"))], published={"total"})
    assert mask["y"] == "primary" and "total" not in mask and mask["x"] == "secondary"


def test_every_share_on_the_dashboard_has_its_n(client, leader, evaluator, hovedstaden, syddanmark):
    populate(12)
    populate(6, "syddanmark")
    for user in (leader, evaluator):
        client.force_login(user)
        response = client.get(reverse("reports:dashboard"), QUERY)
        html = response.content.decode()
        for key in re.findall(r'data-table="([a-z_]+)"', html):
            rows = cells(response, key)
            share_columns = [i for i, title in enumerate(rows[0]) if title.startswith("Andel")]
            for row in rows[1:]:
                for index in share_columns:
                    assert row[index] in ("x", "—", "") or SHARE.match(row[index]), (key, row)
            for row in rows[1:]:
                for cell in row[1:]:
                    if "%" in cell and not SHARE.match(cell):  # a target, or a result as a share of it
                        assert rows[0][row.index(cell)] in (
                            "Mål",
                            "Af målet",
                            "Kvinder blandt behandlingsstedets patienter",
                        )


def test_funder_version_is_suppressed_internal_is_exact_both_audited(client, leader, evaluator, hovedstaden):
    for day in (3, 10, 17):
        history_match(started=date(2022, 2, day))
    client.force_login(leader)
    page = client.get(reverse("reports:dashboard"), QUERY).content.decode()
    assert (
        "Intern rapport, præcise tal (Excel)" in page and "Rapport til bevillingsgiver, små tal skjult (Excel)" in page
    )

    def headline(version):
        response = client.get(reverse("reports:download"), {**QUERY, "format": "xlsx", "version": version})
        assert response.status_code == 200
        workbook = load_workbook(io.BytesIO(response.content))
        return workbook, [list(row) for row in workbook["Hovedtal"].iter_rows(values_only=True)]

    internal, rows = headline("internal")
    assert ["Match etableret i perioden", 3] in [row[:2] for row in rows]
    assert "Intern version" in internal["Overblik"]["A2"].value
    funder, rows = headline("funder")
    assert ["Match etableret i perioden", "<5"] in [row[:2] for row in rows]
    assert "Version til bevillingsgiver" in funder["Overblik"]["A2"].value
    assert any(str(row[0]).startswith("“<5”: færre end 5 personer.") for row in rows)
    details = list(AuditEvent.objects.filter(action=Action.EXPORT).values_list("detail", flat=True))
    assert len(details) == 2 and {detail.split()[1] for detail in details} == {"internal", "funder"}

    client.force_login(evaluator)
    page = client.get(reverse("reports:dashboard"), QUERY).content.decode()
    assert "Intern rapport" not in page and "Rapport, små tal skjult (Word)" in page
    assert (
        client.get(reverse("reports:download"), {**QUERY, "format": "xlsx", "version": "internal"}).status_code == 403
    )


def test_the_docx_is_a4_danish_with_cover_page_numbers_and_fitting_columns(client, leader, hovedstaden):
    populate(9)
    client.force_login(leader)
    query = {**QUERY, "format": "docx", "version": "funder"}
    document = Document(io.BytesIO(client.get(reverse("reports:download"), query).content))
    section = document.sections[0]
    assert abs(section.page_width - Mm(210)) < Mm(0.1) and abs(section.page_height - Mm(297)) < Mm(0.1)
    assert document.core_properties.language == "da-DK"
    assert 'w:val="da-DK"' in document.styles.element.xml
    text = "\n".join(paragraph.text for paragraph in document.paragraphs)
    assert "Periode: 1. januar 2022 – 15. juni 2023" in text
    assert "tal for 1. januar 2022 – 15. juni 2023, alle regioner" in text
    assert "Udarbejdet:" in text and "Region: alle regioner" in text
    assert "PAGE" in section.footer._element.xml and "NUMPAGES" in section.footer._element.xml
    assert "Livet Går Videre" in section.header.paragraphs[0].text
    assert "Hovedtal pr. kalenderår" in text  # the period spans 2022 and 2023
    assert re.search(r"\d+ match blev etableret i perioden mod et mål på \d+", text)
    for table in document.tables:
        header = [cell.text for cell in table.rows[0].cells]
        for index, title in enumerate(header):
            longest = max(len(word) for word in title.split())
            width_cm = table.columns[index].width / 360000
            assert width_cm >= longest * 0.2, (title, width_cm)  # no "Kohorteå r"
        for row in table.rows[1:]:
            for cell in row.cells[1:]:
                assert cell.paragraphs[0].alignment == 2  # right-aligned numbers


def test_no_dangling_sentence_without_targets(client, leader, hovedstaden):
    populate(6)
    Target.objects.all().delete()
    PeriodTarget.objects.all().delete()
    client.force_login(leader)
    response = client.get(reverse("reports:dashboard"), QUERY)
    summary = response.context["report"].summary
    assert summary[0] == "6 match blev etableret i perioden."
    assert not [line for line in summary if "mål" in line]


def test_the_xlsx_has_numeric_cells_frozen_headers_and_danish_sheet_names(client, leader, hovedstaden):
    populate(9)
    client.force_login(leader)
    query = {**QUERY, "format": "xlsx", "version": "internal"}
    workbook = load_workbook(io.BytesIO(client.get(reverse("reports:download"), query).content))
    assert workbook.sheetnames[:3] == ["Overblik", "Hovedtal", "Pr. år"]
    assert "Diagrammer" in workbook.sheetnames and "Definitioner" in workbook.sheetnames
    for name in workbook.sheetnames:
        assert len(name) <= 31 and not re.search(r"[\[\]:*?/\\]", name)
    success = workbook["Succes pr. kohorteår"]
    assert success.freeze_panes == "A4"
    whole = next(row for row in success.iter_rows(min_row=4) if row[0].value == "Hele perioden")
    assert [cell.data_type for cell in whole[1:7]] == ["n"] * 6
    assert whole[5].number_format == "0 %" and whole[1].number_format == "#,##0"
