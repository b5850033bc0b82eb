"""The project leader in Chromium: choose a period on the dashboard, read the headline figures and
download the Excel report."""

import io
import re
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from .factories import history_match

pytestmark = pytest.mark.browser


def test_leader_changes_the_period_and_downloads_the_xlsx(page, login, personas):
    for day in (3, 10, 17):
        history_match(started=date(2022, 2, day))
    history_match(started=date(2024, 2, 1))  # outside the chosen period
    login(personas["leader"].username)

    page.goto("/reports/")
    page.get_by_label(re.compile(r"^Fra\b")).fill("2022-01-01")
    page.get_by_label(re.compile(r"^Til\b")).fill("2023-06-15")
    page.get_by_label(re.compile(r"^Tal pr\.")).fill("2023-08-31")
    page.get_by_role("button", name="Vis").click()
    page.wait_for_url("**date_from=2022-01-01**")
    headline = page.locator('table[data-table="headline"]')
    row = headline.get_by_role("row").filter(has_text="Match etableret i perioden")
    expect(row.get_by_role("cell").first).to_have_text("3")

    with page.expect_download() as info:
        page.get_by_role("link", name="Intern rapport, præcise tal (Excel)").click()
    download = info.value
    assert download.suggested_filename == "livet-gaar-videre-2022-01-01-2023-06-15-intern.xlsx"
    sheet = load_workbook(io.BytesIO(Path(download.path()).read_bytes()))["Hovedtal"]
    rows = [list(row[:2]) for row in sheet.iter_rows(values_only=True)]
    assert ["Match etableret i perioden", 3] in rows
