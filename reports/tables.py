"""What the dashboard, the .docx and the .xlsx render: tables, each with an optional chart, grouped
into a report. Plain data; reports.dashboard builds it, charts.py and documents.py draw it."""

from dataclasses import dataclass, field

from .kpi import Period

SMALL = "<5"  # a cell describing 1-4 people, hidden in the versions for outside the organisation
HIDDEN = "x"  # a cell hidden so that no small cell can be worked out by subtraction


@dataclass(frozen=True)
class Share:
    """A percentage of `n` people (or matches): shown with its n, "72 % (n = 39)"."""

    pct: int | None
    n: int

    def __str__(self) -> str:
        return "—" if self.pct is None else f"{self.pct} % (n = {self.n})"


@dataclass(frozen=True)
class Percent:
    """A percentage whose parts are beside it in the row (a result as a share of its target)."""

    pct: int

    def __str__(self) -> str:
        return f"{self.pct} %"


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
    short_title: str = ""  # the .xlsx sheet name (at most 31 characters); else the title, cut
    summary: list[str] = field(default_factory=list)  # sentences written from the shown figures

    @property
    def hidden_symbols(self) -> list[str]:
        """The symbols of hidden cells in the table ("<5", "x"), for the legend beside it."""
        found = {cell for row in self.rows for cell in row if cell in (SMALL, HIDDEN)}
        return [symbol for symbol in (SMALL, HIDDEN) if symbol in found]


@dataclass
class Section:
    """A titled group of tables with a short text written from their figures."""

    title: str
    tables: list[Table]

    @property
    def summary(self) -> list[str]:
        return [line for table in self.tables for line in table.summary]


@dataclass
class Report:
    period: Period
    region_name: str
    headline: Table
    sections: list[Section] = field(default_factory=list)
    kpi: dict = field(default_factory=dict)
    masked: bool = True

    @property
    def summary(self) -> list[str]:
        return self.headline.summary
