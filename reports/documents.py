"""The funder report as a Word document and an Excel workbook, from the same tables as the
dashboard; Danish, with the as-of date and the definitions in a footnote."""

import io

from django.utils import translation
from django.utils.translation import gettext as _

from lib.spreadsheet import neutralise_row

from .charts import png
from .definitions import definitions
from .tables import Report


def _title(report: Report) -> str:
    period = report.period
    return _("Livet Går Videre: figures for %(from)s – %(to)s, %(region)s") % {
        "from": period.date_from.isoformat(),
        "to": period.date_to.isoformat(),
        "region": report.region_name,
    }


def _as_of(report: Report) -> str:
    return _("Figures as of %(date)s.") % {"date": report.period.as_of.isoformat()}


def report_docx(report: Report) -> bytes:
    from docx import Document
    from docx.shared import Inches, Pt

    with translation.override("da"):
        document = Document()
        document.core_properties.language = "da-DK"
        document.add_heading(_title(report), level=1)
        intro = document.add_paragraph(_as_of(report))
        intro.add_run("¹").font.superscript = True
        sections = [("", [report.headline]), *report.sections]
        for title, tables in sections:
            if title:
                document.add_heading(title, level=2)
            for table in tables:
                document.add_heading(table.title, level=3)
                grid = document.add_table(rows=1, cols=len(table.columns))
                grid.style = "Table Grid"
                for cell, column in zip(grid.rows[0].cells, table.columns, strict=True):
                    cell.text = str(column)
                    for run in cell.paragraphs[0].runs:
                        run.font.bold = True
                for row in table.rows:
                    cells = grid.add_row().cells
                    for cell, value in zip(cells, row, strict=False):
                        cell.text = "" if value is None else str(value)
                if table.note:
                    document.add_paragraph(table.note).runs[0].font.size = Pt(9)
                if table.chart and table.chart.labels:
                    document.add_picture(io.BytesIO(png(table.chart)), width=Inches(5.5))
        document.add_heading(_("Notes"), level=2)
        note = document.add_paragraph()
        note.add_run("¹ ").font.superscript = True
        note.add_run(_as_of(report) + " " + _("Definitions:"))
        for line in definitions():
            document.add_paragraph(line, style="List Bullet").runs[0].font.size = Pt(9)
        buffer = io.BytesIO()
        document.save(buffer)
    return buffer.getvalue()


def report_xlsx(report: Report) -> bytes:
    from openpyxl import Workbook
    from openpyxl.drawing.image import Image
    from openpyxl.styles import Font

    with translation.override("da"):
        workbook = Workbook()
        sheet = workbook.active
        sheet.title = _("Report")
        sheet.append(neutralise_row([_title(report)]))
        sheet["A1"].font = Font(bold=True, size=14)
        where = _("Definitions at the bottom of the sheet; the charts are on the sheet Charts.")
        sheet.append(neutralise_row([_as_of(report) + " " + where]))
        sheet.column_dimensions["A"].width = 48
        for letter in "BCDEF":
            sheet.column_dimensions[letter].width = 16
        charts = []
        sections = [("", [report.headline]), *report.sections]
        for title, tables in sections:
            if title:
                sheet.append([])
                sheet.append(neutralise_row([title]))
                sheet.cell(sheet.max_row, 1).font = Font(bold=True, size=13)
            for table in tables:
                sheet.append([])
                sheet.append(neutralise_row([table.title]))
                sheet.cell(sheet.max_row, 1).font = Font(bold=True)
                sheet.append(neutralise_row([str(column) for column in table.columns]))
                for cell in sheet[sheet.max_row]:
                    cell.font = Font(bold=True)
                for row in table.rows:
                    sheet.append(neutralise_row(str(v).strip() if isinstance(v, str) else v for v in row))
                if table.note:
                    sheet.append(neutralise_row([table.note]))
                if table.chart and table.chart.labels:
                    charts.append((table.chart, sheet.max_row))
        sheet.append([])
        sheet.append(neutralise_row(["¹ " + _as_of(report)]))
        for line in definitions():
            sheet.append(neutralise_row([line]))
        figures = workbook.create_sheet(_("Charts"))
        row = 1
        for chart, _row in charts:
            image = Image(io.BytesIO(png(chart)))
            figures.add_image(image, f"A{row}")
            row += int(image.height / 20) + 2
        notes = workbook.create_sheet(_("Definitions"))
        notes.append(neutralise_row([_as_of(report)]))
        for line in definitions():
            notes.append(neutralise_row([line]))
        notes.column_dimensions["A"].width = 120
        buffer = io.BytesIO()
        workbook.save(buffer)
    return buffer.getvalue()
