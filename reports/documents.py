"""The funder report as a Word document and an Excel workbook, from the same tables as the
dashboard; Danish (the project's date formats, config/formats/da), labelled as the internal or the
funder version, with the as-of date and the definitions in a footnote.

The .docx: A4, language da-DK, a cover (program, period, region, dates, version), a header and a
footer with page numbers, column widths from the content, numbers right-aligned, and each section's
text written from its figures. The .xlsx: one sheet per table with a frozen header row, numbers and
percentages as numeric cells with number formats (text cells neutralised against formulas)."""

import io
import re
from datetime import date
from xml.sax.saxutils import escape

from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from lib.spreadsheet import neutralise_row

from .charts import png
from .definitions import definitions
from .masking import WHY_HIDDEN
from .tables import HIDDEN, SMALL, Percent, Report, Share, Table

PROGRAM = "Livet Går Videre"


def period_text(date_from: date, date_to: date) -> str:
    """ "1. januar – 2. december 2026" (one year), "1. januar 2022 – 15. juni 2023" (two)."""
    end = formats.date_format(date_to, "DATE_FORMAT")
    if date_from.year == date_to.year:
        return f"{formats.date_format(date_from, 'MONTH_DAY_FORMAT')} – {end}"
    return f"{formats.date_format(date_from, 'DATE_FORMAT')} – {end}"


def _title(report: Report) -> str:
    return _("%(program)s: figures for %(period)s, %(region)s") % {
        "program": PROGRAM,
        "period": period_text(report.period.date_from, report.period.date_to),
        "region": report.region_name,
    }


def _as_of(report: Report) -> str:
    return _("Figures as of %(date)s.") % {"date": formats.date_format(report.period.as_of, "DATE_FORMAT")}


def version_label(report: Report) -> str:
    if report.masked:
        return _("Version for the funder: cells describing fewer than 5 people are hidden.")
    return _("Internal version: exact figures, also for fewer than 5 people. Not to leave the organisation.")


def _legend(table: Table) -> str:
    return " ".join(
        _("“%(symbol)s”: %(why)s.") % {"symbol": symbol, "why": WHY_HIDDEN[symbol]} for symbol in table.hidden_symbols
    )


def _sections(report: Report) -> list[tuple[str, list[str], list[Table]]]:
    return [("", report.summary, [report.headline])] + [
        (section.title, section.summary, section.tables) for section in report.sections
    ]


def _text(value) -> str:
    if isinstance(value, float):  # a median change: one decimal, the language's decimal mark
        return formats.number_format(value, 1)
    return "" if value is None else str(value).strip()


def _is_number(value) -> bool:
    return isinstance(value, (int, float, Share, Percent)) and not isinstance(value, bool)


# --- Word ---------------------------------------------------------------------------------------

CM_PER_CHARACTER = 0.2  # 9 pt text
CELL_PADDING_CM = 0.45
TEXT_WIDTH_CM = 17.0  # A4 with 2 cm margins


def column_widths(table: Table) -> list[float]:
    """Centimetres per column: a number column as wide as its longest value or header word (a header
    wraps only between words), the first (label) column takes what is left."""
    needs = []
    for index, column in enumerate(table.columns):
        longest_word = max((len(word) for word in str(column).split()), default=1)
        longest_cell = max((len(_text(row[index])) for row in table.rows if index < len(row)), default=0)
        needs.append(max(longest_word, longest_cell) * CM_PER_CHARACTER + CELL_PADDING_CM)
    others = sum(needs[1:])
    if others > TEXT_WIDTH_CM - 3:  # very wide tables: shrink the number columns evenly
        scale = (TEXT_WIDTH_CM - 3) / others
        needs[1:] = [width * scale for width in needs[1:]]
        others = TEXT_WIDTH_CM - 3
    needs[0] = max(min(needs[0], TEXT_WIDTH_CM - others), 3)
    return needs


def _field(paragraph, instruction: str) -> None:
    """A Word field (PAGE, NUMPAGES) that the word processor fills in."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    run = paragraph.add_run()
    for kind, text in (("begin", None), (None, instruction), ("separate", None), (None, "1"), ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        elif text == "1":
            element = OxmlElement("w:t")
            element.text = text
        else:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = f" {text} "
        run._r.append(element)


def _set_language(document, language: str) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    document.core_properties.language = language
    defaults = document.styles.element.find(qn("w:docDefaults"))
    run_defaults = defaults.find(qn("w:rPrDefault"))
    if run_defaults is None:
        run_defaults = OxmlElement("w:rPrDefault")
        defaults.insert(0, run_defaults)
    properties = run_defaults.find(qn("w:rPr"))
    if properties is None:
        properties = OxmlElement("w:rPr")
        run_defaults.append(properties)
    lang = properties.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        properties.append(lang)
    for attribute in ("w:val", "w:eastAsia", "w:bidi"):
        lang.set(qn(attribute), language)


def _page_setup(document, report: Report) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Mm, Pt

    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(2))
    section.different_first_page_header_footer = True  # the cover has neither
    header = section.header.paragraphs[0]
    version = _("Internal") if not report.masked else _("For the funder")
    header.text = f"{PROGRAM} · {period_text(report.period.date_from, report.period.date_to)} · {version}"
    header.runs[0].font.size = Pt(8)
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer.add_run(_("Page") + " ")
    _field(footer, "PAGE")
    footer.add_run(" " + _("of") + " ")
    _field(footer, "NUMPAGES")
    for run in footer.runs:
        run.font.size = Pt(8)


def _cover(document, report: Report) -> None:
    from docx.enum.text import WD_BREAK

    period = report.period
    document.add_paragraph(PROGRAM, style="Title")
    document.add_paragraph(_("Figures for the funder") if report.masked else _("Internal figures"), style="Subtitle")
    facts = [
        (_("Program"), PROGRAM),
        (_("Period"), period_text(period.date_from, period.date_to)),
        (_("Region"), report.region_name),
        (_("Figures as of"), formats.date_format(period.as_of, "DATE_FORMAT")),
        (_("Made on"), formats.date_format(timezone.localdate(), "DATE_FORMAT")),
    ]
    for label, value in facts:
        paragraph = document.add_paragraph()
        paragraph.add_run(f"{label}: ").bold = True
        paragraph.add_run(value)
    document.add_paragraph(version_label(report))
    document.paragraphs[-1].add_run().add_break(WD_BREAK.PAGE)


def _docx_table(document, table: Table) -> None:
    """The table as a Word table, its rows written as XML in one go: through python-docx's object
    model (a cell, a paragraph, a run, a width, each an element found and added) the thirty tables
    of a report took a third of a second."""
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls
    from docx.shared import Cm

    widths = [Cm(width) for width in column_widths(table)]
    grid = document.add_table(rows=0, cols=len(table.columns))
    grid.style = "Table Grid"
    grid.alignment = WD_TABLE_ALIGNMENT.LEFT
    grid.autofit = False
    for index, column in enumerate(grid.columns):
        column.width = widths[index]
    for row_index, values in enumerate([table.columns, *table.rows]):
        cells = "".join(
            _docx_cell(_text(value), widths[index].twips, bold=row_index == 0, right=index > 0)
            for index, value in enumerate(values[: len(widths)])
        )
        grid._tbl.append(parse_xml(f"<w:tr {nsdecls('w')}>{cells}</w:tr>"))


def _docx_cell(text: str, twips: int, *, bold: bool, right: bool) -> str:
    """One cell: its width, and its text in 9 pt (bold in the header row; numbers right-aligned)."""
    paragraph = '<w:pPr><w:jc w:val="right"/></w:pPr>' if right else ""
    run = f'<w:rPr>{"<w:b/>" if bold else ""}<w:sz w:val="18"/></w:rPr><w:t xml:space="preserve">{escape(text)}</w:t>'
    return f'<w:tc><w:tcPr><w:tcW w:w="{twips}" w:type="dxa"/></w:tcPr><w:p>{paragraph}<w:r>{run}</w:r></w:p></w:tc>'


def report_docx(report: Report) -> bytes:
    from docx import Document
    from docx.shared import Inches, Pt

    with translation.override("da"):
        document = Document()
        _set_language(document, "da-DK")
        document.core_properties.title = _title(report)
        _page_setup(document, report)
        _cover(document, report)
        document.add_heading(_title(report), level=1)
        intro = document.add_paragraph(_as_of(report) + " " + version_label(report))
        intro.add_run("¹").font.superscript = True
        for title, summary, tables in _sections(report):
            if title:
                document.add_heading(title, level=2)
            for line in summary:
                document.add_paragraph(line)
            for table in tables:
                document.add_heading(table.title, level=3)
                _docx_table(document, table)
                for text in (_legend(table), table.note):
                    if text:
                        document.add_paragraph(text).runs[0].font.size = Pt(9)
                if table.chart and table.chart.labels:
                    document.add_picture(io.BytesIO(png(table.chart)), width=Inches(5.5))
        document.add_heading(_("Notes"), level=2)
        note = document.add_paragraph()
        note.add_run("¹ ").font.superscript = True
        note.add_run(_as_of(report) + " " + _("Definitions:"))
        for line in definitions(masked=report.masked):
            document.add_paragraph(line, style="List Bullet").runs[0].font.size = Pt(9)
        buffer = io.BytesIO()
        document.save(buffer)
    return buffer.getvalue()


# --- Excel --------------------------------------------------------------------------------------

SHEET_NAME_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
COUNT_FORMAT = "#,##0"
PERCENT_FORMAT = "0 %"
DECIMAL_FORMAT = "0.0"
HEADER_ROW = 3  # title, the period and version, then the column headers (frozen)


def sheet_name(title: str, taken: set[str]) -> str:
    """A valid, unique sheet name: at most 31 characters, none of []:*?/\\ ."""
    base = SHEET_NAME_FORBIDDEN.sub("", title).strip().strip("'")[:31] or "Tabel"
    name, number = base, 2
    while name.lower() in taken:
        suffix = f" {number}"
        name, number = base[: 31 - len(suffix)] + suffix, number + 1
    taken.add(name.lower())
    return name


def _share_columns(table: Table) -> list[int]:
    return [
        i for i in range(len(table.columns)) if any(i < len(row) and isinstance(row[i], Share) for row in table.rows)
    ]


def _xlsx_row(values, share_columns: list[int]) -> list[tuple]:
    """(value, number format) per cell; a share is a percentage cell followed by its n."""
    cells = []
    for index, value in enumerate(values):
        if isinstance(value, Share):
            cells.append((None if value.pct is None else value.pct / 100, PERCENT_FORMAT))
        elif isinstance(value, Percent):
            cells.append((value.pct / 100, PERCENT_FORMAT))
        elif isinstance(value, int) and not isinstance(value, bool):
            cells.append((value, COUNT_FORMAT))
        elif isinstance(value, float):
            cells.append((value, DECIMAL_FORMAT))
        else:
            cells.append((_text(value) if value is not None else None, None))
        if index in share_columns:
            cells.append((value.n, COUNT_FORMAT) if isinstance(value, Share) else (None, None))
    return cells


def _append(sheet, cells: list[tuple], *, bold: bool = False) -> None:
    from openpyxl.styles import Alignment, Font

    sheet.append(neutralise_row(value for value, _format in cells))
    for cell, (value, number_format) in zip(sheet[sheet.max_row], cells, strict=False):
        if number_format:
            cell.number_format = number_format
        if bold:
            cell.font = Font(bold=True)
        if cell.column > 1 and (_is_number(value) or value in (SMALL, HIDDEN, "—")):
            cell.alignment = Alignment(horizontal="right")


def _table_sheet(workbook, table: Table, report: Report, taken: set[str]) -> None:
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    sheet = workbook.create_sheet(sheet_name(table.short_title or table.title, taken))
    sheet.append(neutralise_row([table.title]))
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.append(neutralise_row([f"{_title(report)}. {_as_of(report)} {version_label(report)}"]))
    shares = _share_columns(table)
    header = []
    for index, column in enumerate(table.columns):
        header.append((str(column), None))
        if index in shares:
            header.append(("n", None))
    _append(sheet, header, bold=True)
    for row in table.rows:
        _append(sheet, _xlsx_row(row, shares))
    sheet.freeze_panes = f"A{HEADER_ROW + 1}"
    sheet.append([])
    for text in [*table.summary, _legend(table), table.note]:
        if text:
            sheet.append(neutralise_row([text]))
    widths = [len(str(value)) for value, _format in header]
    for row in sheet.iter_rows(min_row=HEADER_ROW + 1, max_row=HEADER_ROW + len(table.rows)):
        for index, cell in enumerate(row):
            widths[index] = max(widths[index], len(_text(cell.value)))
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = min(max(width + 2, 8), 60)


def report_xlsx(report: Report) -> bytes:
    from openpyxl import Workbook
    from openpyxl.drawing.image import Image
    from openpyxl.styles import Font

    with translation.override("da"):
        workbook = Workbook()
        taken: set[str] = set()
        cover = workbook.active
        cover.title = sheet_name(_("Overview"), taken)
        cover.append(neutralise_row([_title(report)]))
        cover["A1"].font = Font(bold=True, size=14)
        cover.append(neutralise_row([_as_of(report) + " " + version_label(report)]))
        cover.append(
            neutralise_row([_("One sheet per table; the charts and the definitions are on their own sheets.")])
        )
        for title, summary, _tables in _sections(report):
            if not summary:
                continue
            cover.append([])
            cover.append(neutralise_row([title or _("Headline figures")]))
            cover.cell(cover.max_row, 1).font = Font(bold=True)
            for line in summary:
                cover.append(neutralise_row([line]))
        cover.column_dimensions["A"].width = 120
        charts = []
        for _heading, _summary, tables in _sections(report):
            for table in tables:
                _table_sheet(workbook, table, report, taken)
                if table.chart and table.chart.labels:
                    charts.append(table.chart)
        figures = workbook.create_sheet(sheet_name(_("Charts"), taken))
        row = 1
        for chart in charts:
            image = Image(io.BytesIO(png(chart)))
            figures.add_image(image, f"A{row}")
            row += int(image.height / 20) + 2
        notes = workbook.create_sheet(sheet_name(_("Definitions"), taken))
        notes.append(neutralise_row([_as_of(report)]))
        for line in definitions(masked=report.masked):
            notes.append(neutralise_row([line]))
        notes.column_dimensions["A"].width = 120
        buffer = io.BytesIO()
        workbook.save(buffer)
    return buffer.getvalue()
