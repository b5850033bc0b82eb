"""What the dashboard, the .docx and the .xlsx render: tables, each with an optional chart, grouped
into a report. Plain data; reports.dashboard builds it, charts.py and documents.py draw it."""

from dataclasses import dataclass, field

from .kpi import Period

SMALL = "<5"  # a cell describing 1-4 people, hidden from everyone but the project leader
HIDDEN = "x"  # a cell hidden so that no small cell can be worked out by subtraction


@dataclass
class Chart:
    title: str
    labels: list[str]
    values: list[int | str | None]  # None: hidden small cell ("<5"); a str: the symbol of a hidden cell
    unit: str = ""  # "%" or ""
    target: int | None = None
    target_label: str = ""


@dataclass
class Table:
    title: str
    columns: list[str]
    rows: list[list]
    chart: Chart | None = None
    note: str = ""
    key: str = ""


@dataclass
class Report:
    period: Period
    region_name: str
    headline: Table
    sections: list[tuple[str, list[Table]]] = field(default_factory=list)
    kpi: dict = field(default_factory=dict)
    masked: bool = True
