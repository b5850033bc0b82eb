"""Reading and writing the program-data format (../shared/docs/import-format.md): one table per
CSV file in a folder, or per sheet in an .xlsx workbook. Rows stream (openpyxl read-only /
write-only, csv module); each row comes with the number a spreadsheet shows for it.
"""

import csv
import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from django.utils.translation import gettext as _

from lib.spreadsheet import neutralise_row, restore

TABLES = ("participants", "volunteers", "matches", "readings")

COLUMNS = {
    "participants": (
        "id",
        "first_name",
        "last_name",
        "gender",
        "birth_year",
        "birth_country",
        "arrival_year",
        "region",
        "postcode",
        "treatment_centre",
        "referred_on",
        "accepted_on",
        "languages",
    ),
    "volunteers": (
        "id",
        "first_name",
        "last_name",
        "gender",
        "birth_year",
        "postcode",
        "languages",
        "region",
        "applied_on",
        "approved_on",
        "left_on",
    ),
    "matches": (
        "id",
        "participant_id",
        "volunteer_id",
        "region",
        "proposed_on",
        "started_on",
        "cancelled_on",
        "ended_on",
        "end_reason",
        "six_month_assessment",
    ),
    "readings": ("match_id", "on", "filled_by", "not_this_time", "scores"),
}
# Not in the contract's column list: how many matches a volunteer may have at a time ("marked
# for more" when above 1). Optional on import; written on export only when some volunteer has it.
# consent_on (participants and volunteers): the date the person consented; without it the import
# needs the documented flag "consent held on paper" (docs/reports.md).
EXTENSION_COLUMNS = {"participants": ("consent_on",), "volunteers": ("capacity", "consent_on")}
REQUIRED_COLUMNS = {
    "participants": ("id", "region"),
    "volunteers": ("id", "region"),
    "matches": ("id", "participant_id", "volunteer_id"),
    "readings": ("match_id", "on"),
}


def known_columns(table: str) -> tuple[str, ...]:
    return COLUMNS[table] + EXTENSION_COLUMNS.get(table, ())


Cell = str | dt.date


@dataclass
class Sheet:
    """One table of the source: its name in messages ("participants.csv" or the sheet name)."""

    table: str | None
    label: str
    path: Path
    sheet_name: str = ""
    errors: list[str] = field(default_factory=list)


def _cell(value) -> Cell:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return restore(str(value).strip())


def discover(path: Path) -> tuple[list[Sheet], list[str]]:
    """The tables at PATH (a folder of .csv files or an .xlsx workbook) and any problem finding them."""
    errors: list[str] = []
    sheets: list[Sheet] = []
    if path.is_dir():
        for csv_path in sorted(p for p in path.iterdir() if p.suffix.lower() == ".csv"):
            table = csv_path.stem if csv_path.stem in TABLES else None
            sheets.append(Sheet(table=table, label=csv_path.name, path=csv_path))
    elif path.suffix.lower() == ".xlsx" and path.is_file():
        from openpyxl import load_workbook

        try:
            workbook = load_workbook(path, read_only=True, data_only=True)
        except Exception:  # noqa: BLE001 - any unreadable workbook is one clear error
            return [], [f"{path.name}:1:-: " + _("not a readable .xlsx workbook")]
        try:
            for name in workbook.sheetnames:
                sheets.append(Sheet(table=name if name in TABLES else None, label=name, path=path, sheet_name=name))
        finally:
            workbook.close()
    else:
        return [], [f"{path.name}:1:-: " + _("give a folder of .csv files or an .xlsx workbook")]
    return sheets, errors


def rows(sheet: Sheet) -> Iterator[tuple[int, list[Cell]]]:
    """(spreadsheet row number, cells) for every row, the header row (1) included."""
    if sheet.sheet_name:
        from openpyxl import load_workbook

        workbook = load_workbook(sheet.path, read_only=True, data_only=True)
        try:
            worksheet = workbook[sheet.sheet_name]
            for number, values in enumerate(worksheet.iter_rows(min_row=1, values_only=True), start=1):
                yield number, [_cell(value) for value in values]
        finally:
            workbook.close()
    else:
        with sheet.path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.reader(handle)
            number = 0
            try:
                for number, values in enumerate(reader, start=1):  # noqa: B007 - used after the loop
                    yield number, [restore(value.strip()) for value in values]
            except UnicodeDecodeError:
                sheet.errors.append(f"{sheet.label}:{number + 1}:-: " + _("the file is not UTF-8 text"))
            except csv.Error as error:
                sheet.errors.append(
                    f"{sheet.label}:{number + 1}:-: " + _("not valid CSV (%(error)s)") % {"error": error}
                )


def records(sheet: Sheet) -> Iterator[tuple[int, dict[str, Cell]]]:
    """The data rows as {column: cell}; header problems go to sheet.errors (no rows then if fatal).

    Wholly empty rows are skipped; a row with more cells than the header is an error."""
    table = sheet.table
    iterator = rows(sheet)
    header: list[str] = []
    for number, cells in iterator:
        if any(cell != "" for cell in cells):
            header = [str(cell).strip().lower() for cell in cells]
            header_row = number
            break
    else:
        return
    while header and header[-1] == "":
        header.pop()
    fatal = False
    seen: set[str] = set()
    for name in header:
        if name == "":
            sheet.errors.append(f"{sheet.label}:{header_row}:-: " + _("a column without a name"))
            fatal = True
        elif name in seen:
            sheet.errors.append(f"{sheet.label}:{header_row}:{name}: " + _("the column appears twice"))
            fatal = True
        elif name not in known_columns(table):
            sheet.errors.append(f"{sheet.label}:{header_row}:{name}: " + _("unknown column"))
        seen.add(name)
    for name in REQUIRED_COLUMNS[table]:
        if name not in seen:
            sheet.errors.append(f"{sheet.label}:{header_row}:{name}: " + _("required column missing"))
            fatal = True
    if fatal:
        return
    width = len(header)
    for number, cells in iterator:
        if not any(cell != "" for cell in cells):
            continue
        extra = cells[width:]
        if any(cell != "" for cell in extra):
            sheet.errors.append(f"{sheet.label}:{number}:-: " + _("more cells than the header has columns"))
            continue
        cells = list(cells[:width]) + [""] * (width - len(cells))
        yield number, {name: cells[i] for i, name in enumerate(header) if name in known_columns(table)}


class TableWriter:
    """Write tables to a folder of CSV files (UTF-8 with BOM, so spreadsheets read æøå) or an .xlsx
    workbook (write-only, streaming). Text that a spreadsheet would run as a formula is marked as
    text (lib.spreadsheet); the reader above takes the mark off again."""

    def __init__(self, path: Path):
        self.path = path
        self.xlsx = path.suffix.lower() == ".xlsx"
        if self.xlsx:
            from openpyxl import Workbook

            path.parent.mkdir(parents=True, exist_ok=True)
            self.workbook = Workbook(write_only=True)
        else:
            path.mkdir(parents=True, exist_ok=True)

    def write(self, table: str, columns: list[str], values: Iterator[list]) -> int:
        count = 0
        if self.xlsx:
            sheet = self.workbook.create_sheet(table)
            sheet.append(columns)
            for row in values:
                sheet.append(neutralise_row(row))
                count += 1
            return count
        with (self.path / f"{table}.csv").open("w", encoding="utf-8-sig", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(columns)
            for row in values:
                writer.writerow(neutralise_row("" if value is None else value for value in row))
                count += 1
        return count

    def close(self) -> None:
        if self.xlsx:
            self.workbook.save(self.path)
