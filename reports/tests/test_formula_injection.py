"""Text that a spreadsheet would run as a formula leaves the funder report's .xlsx as text
(export_data and the import: transfer/tests/test_formula_injection.py)."""

import io
from datetime import date

from openpyxl import load_workbook

from reports.documents import report_xlsx
from reports.kpi import Period
from reports.tables import Report, Table


def _text_cells(path):
    workbook = load_workbook(path)
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            yield from row


def test_the_funder_report_xlsx_has_no_formula():
    hostile = Table(title="=1+1", columns=["@SUM(A1)", "n"], rows=[["-2+3", 1], ["Region Hovedstaden", -4]])
    period = Period(date_from=date(2026, 1, 1), date_to=date(2026, 6, 30), as_of=date(2026, 7, 1))
    workbook = report_xlsx(Report(period=period, region_name="=evil()", headline=hostile))
    cells = list(_text_cells(io.BytesIO(workbook)))
    assert not [cell.coordinate for cell in cells if cell.data_type == "f"]
    values = [cell.value for cell in cells]
    assert {"'=1+1", "'@SUM(A1)", "'-2+3", -4} <= set(values)
