"""Forandringsstjernen on the dashboard and in the report: exact for the project leader, small
numbers hidden for the evaluator and in the funder version, the same figures as kpi_report, and a
query count that does not grow with the readings."""

import io
from datetime import date

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from lib.percentages import counts_for_pct

from .factories import history_match, star_history, star_reading
from .test_dashboard import cells

pytestmark = pytest.mark.django_db

QUERY = {"date_from": "2023-01-01", "date_to": "2023-06-30", "as_of": "2023-08-31"}


@pytest.fixture(autouse=True)
def _regions(hovedstaden, syddanmark):
    return hovedstaden, syddanmark


def improving(count: int, worse: int = 0):
    """`count` matches whose danish score went up by one in the period, `worse` that went down."""
    for i in range(count + worse):
        match = history_match(started=date(2022, 3, 1 + i))
        change = -1 if i >= count else 1
        star_reading(match, date(2023, 2, 1), {"danish": 5, "home": 5})
        star_reading(match, date(2023, 5, 1), {"danish": 5 + change})
        star_reading(match, date(2023, 7, 1), {"danish": 9})  # after `to`: covers, not in the distance


def test_the_leader_sees_the_exact_star_figures(client, leader):
    star_history()
    client.force_login(leader)
    response = client.get(reverse("reports:dashboard"), QUERY)
    assert cells(response, "star_coverage")[1:] == [
        ["Aktive match", "3", ""],
        ["Med en måling fra de seneste fire måneder", "2", "67 % (n = 3)"],
    ]
    assert cells(response, "star_not_this_time")[1:] == [
        ["Ville ikke denne gang", "1"],
        ["Ikke relevant nu", "1"],
        ["Kunne ikke mødes", "1"],
        ["I alt", "3"],
    ]
    assert cells(response, "star_distance")[1:] == [
        ["Dansk sprog", "2", "0,0", "50 % (n = 2)"],
        ["Socialt netværk", "1", "4,0", "100 % (n = 1)"],
    ]


def test_the_evaluator_sees_small_star_figures_hidden(client, evaluator):
    star_history()
    client.force_login(evaluator)
    response = client.get(reverse("reports:dashboard"), QUERY)
    assert cells(response, "star_coverage")[1:] == [
        ["Aktive match", "&lt;5", ""],
        ["Med en måling fra de seneste fire måneder", "&lt;5", "x"],
    ]
    assert [row[1] for row in cells(response, "star_not_this_time")[1:]] == ["&lt;5", "&lt;5", "&lt;5", "&lt;5"]
    assert cells(response, "star_distance")[1:] == [
        ["Dansk sprog", "&lt;5", "x", "x"],
        ["Socialt netværk", "&lt;5", "x", "x"],
    ]


def test_the_funder_sees_figures_of_five_or_more_and_a_share_only_when_both_sides_are(client, evaluator, leader):
    improving(6)
    client.force_login(evaluator)
    response = client.get(reverse("reports:dashboard"), QUERY)
    # 6 of 6 active matches covered: the rest (0) is no one.
    assert cells(response, "star_coverage")[2] == ["Med en måling fra de seneste fire måneder", "6", "100 % (n = 6)"]
    assert cells(response, "star_distance")[1:] == [["Dansk sprog", "6", "1,0", "100 % (n = 6)"]]
    improving(1, worse=1)  # 7 improved of 8: the one who did not is a small cell
    response = client.get(reverse("reports:dashboard"), QUERY)
    assert cells(response, "star_distance")[1:] == [["Dansk sprog", "8", "1,0", "x"]]
    client.force_login(leader)
    response = client.get(reverse("reports:dashboard"), QUERY)
    assert cells(response, "star_distance")[1:] == [["Dansk sprog", "8", "1,0", "88 % (n = 8)"]]


def test_counts_a_reader_can_tell_from_a_share():
    assert list(counts_for_pct(88, 8)) == [7]
    assert list(counts_for_pct(1, 300)) == [2, 3, 4]
    assert list(counts_for_pct(50, 3)) == []


def test_the_reports_carry_the_star_tables(client, leader, evaluator):
    from docx import Document

    improving(6)
    client.force_login(leader)
    response = client.get(reverse("reports:download"), {**QUERY, "format": "xlsx", "version": "internal"})
    workbook = load_workbook(io.BytesIO(response.content))
    sheet = workbook["Stjernen – vej pr. område"]
    header = [cell.value for cell in sheet[3]]
    assert header == ["Område", "Match", "Median ændring", "Forbedret", "n"]
    assert [cell.value for cell in sheet[4]] == ["Dansk sprog", 6, 1.0, 1.0, 6]
    client.force_login(evaluator)
    response = client.get(reverse("reports:download"), {**QUERY, "format": "docx"})
    document = Document(io.BytesIO(response.content))
    texts = [[cell.text for cell in row.cells] for table in document.tables for row in table.rows]
    assert ["Dansk sprog", "6", "1,0", "100 % (n = 6)"] in texts


def test_query_count_does_not_grow_with_the_readings(client, leader, django_assert_max_num_queries):
    client.force_login(leader)
    improving(2)
    with django_assert_max_num_queries(40) as small:
        client.get(reverse("reports:dashboard"), QUERY)
    improving(12, worse=3)
    star_history()
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(reverse("reports:dashboard"), QUERY).status_code == 200
