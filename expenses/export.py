"""The bookkeeping export: one row per expense of a period, amounts as numbers, text neutralised."""

from io import BytesIO

from django.utils import translation
from django.utils.translation import gettext as _

from lib.spreadsheet import neutralise_row

AMOUNT_FORMAT = "#,##0.00"


def expenses_xlsx(expenses) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    with translation.override("da"):
        workbook = Workbook()
        sheet = workbook.active
        sheet.title = _("Expenses")
        sheet.append(
            neutralise_row(
                [
                    _("Date"),
                    _("Match"),
                    _("Region"),
                    _("Volunteer"),
                    _("Name"),
                    _("Category"),
                    _("Amount (DKK)"),
                    _("Status"),
                    _("Paid on"),
                    _("Note"),
                ]
            )
        )
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for expense in expenses:
            sheet.append(
                neutralise_row(
                    [
                        expense.spent_on,
                        expense.match.reference,
                        expense.match.region.name,
                        expense.volunteer.reference,
                        expense.volunteer.full_name,
                        expense.get_category_display(),
                        expense.amount,
                        expense.get_status_display(),
                        expense.paid_on,
                        expense.note,
                    ]
                )
            )
            row = sheet.max_row
            sheet.cell(row=row, column=1).number_format = "yyyy-mm-dd"
            sheet.cell(row=row, column=7).number_format = AMOUNT_FORMAT
            sheet.cell(row=row, column=9).number_format = "yyyy-mm-dd"
    out = BytesIO()
    workbook.save(out)
    return out.getvalue()
