"""The dashboard and the funder report: the KPI figures against targets, the participant profile
and the operations figures, as tables (each with an optional chart) that the page, the .docx and
the .xlsx all render from the same data. A constant number of queries; counts in the database.

Small cells: any cell describing 1-4 people is shown as "<5" to everyone but the project leader
(its percentage too), so no person can be singled out from the figures.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db.models import Count, F, Q, Window
from django.db.models.functions import Coalesce, RowNumber
from django.utils.translation import gettext as _

from accounts.models import Role
from lib.choices import Gender
from referrals.models import Participant, ParticipantStatus
from regions.models import Region
from volunteers.models import Volunteer, VolunteerStatus

from .arithmetic import SMALL_CELL, is_small, pct, round_half_up
from .kpi import Period, compute
from .models import CentrePatientProfile, PeriodTarget, Target

SMALL = "<5"
FOLLOW_UP_GRACE_DAYS = 7


@dataclass
class Chart:
    title: str
    labels: list[str]
    values: list[int | None]  # None: hidden small cell
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
    facts: list[tuple[str, str]] = field(default_factory=list)
    kpi: dict = field(default_factory=dict)
    masked: bool = True

    def all_tables(self) -> list[Table]:
        return [self.headline] + [table for _title, tables in self.sections for table in tables]


class Cells:
    """Formats people counts and their shares, hiding small cells unless allowed to see them."""

    def __init__(self, masked: bool):
        self.masked = masked

    def people(self, n: int | None):
        if n is None:
            return "—"
        return SMALL if self.masked and is_small(n) else n

    def share(self, value: int | None, n: int | None):
        if self.masked and is_small(n):
            return SMALL
        return "—" if value is None else f"{value} %"

    def chart_value(self, n: int | None):
        return None if (n is None or (self.masked and is_small(n))) else n


def _target_for(targets: list[Target], region_id: int, year: int) -> Target | None:
    """A target holds from its year until a later year's row for the region replaces it."""
    rows = [t for t in targets if t.region_id == region_id and t.year <= year]
    return max(rows, key=lambda t: t.year) if rows else None


def _matches_target(targets, region_ids, years) -> int | None:
    values = [
        t.matches for r in region_ids for y in years if (t := _target_for(targets, r, y)) and t.matches is not None
    ]
    return sum(values) if values else None


def _pct_target(targets, region_ids, years) -> int | None:
    """Matches-weighted mean of the regions' well-functioning targets (all equal: that value)."""
    rows = [
        t for r in region_ids for y in years if (t := _target_for(targets, r, y)) and t.well_functioning_pct is not None
    ]
    if not rows:
        return None
    weights = [t.matches or 0 for t in rows]
    if not sum(weights):
        return round_half_up(sum(t.well_functioning_pct for t in rows) / len(rows))
    return round_half_up(sum(t.well_functioning_pct * w for t, w in zip(rows, weights, strict=True)) / sum(weights))


def _period_target(period: Period) -> PeriodTarget | None:
    """The project period that overlaps the chosen period most."""
    best, best_days = None, 0
    for target in PeriodTarget.objects.all():
        overlap = (min(target.ends_on, period.date_to) - max(target.starts_on, period.date_from)).days + 1
        if overlap > best_days:
            best, best_days = target, overlap
    return best


def _of_target(value, target):
    if target in (None, 0) or value in (None, SMALL):
        return "—"
    return f"{pct(value, target)} %"


def _waiting(period: Period, cells: Cells, regions: dict) -> Table:
    waiting = Participant.objects.filter(status=ParticipantStatus.WAITING)
    if period.regions is not None:
        waiting = waiting.filter(region__slug__in=period.regions)
    counts = dict(waiting.values_list("region__slug").annotate(n=Count("pk")).order_by())
    since = Coalesce("waiting_since", "accepted_on")
    middle = (
        waiting.annotate(since=since)
        .filter(since__isnull=False)
        .annotate(
            position=Window(RowNumber(), partition_by=[F("region_id")], order_by=F("since").asc()),
            total=Window(Count("pk"), partition_by=[F("region_id")]),
        )
        .filter(Q(position=(F("total") + 1) / 2) | Q(position=(F("total") + 2) / 2))
        .values_list("region__slug", "since")
    )
    today = date.today()
    days: dict[str, list[int]] = {}
    for slug, day in middle:
        days.setdefault(slug, []).append((today - day).days)
    rows = []
    for slug, n in sorted(counts.items(), key=lambda item: regions[item[0]].name):
        middle_days = days.get(slug)
        median = round_half_up(sum(middle_days) / len(middle_days)) if middle_days else None
        rows.append(
            [regions[slug].name, cells.people(n), "—" if median is None or cells.people(n) == SMALL else median]
        )
    return Table(
        title=_("Waiting list by region (today)"),
        columns=[_("Region"), _("Waiting"), _("Median waiting time (days)")],
        rows=rows,
        key="waiting",
        note=_(
            "Accepted referrals waiting for a match now; waiting time counted from the date "
            "they were put on the waiting list."
        ),
    )


def _follow_ups(period: Period, cells: Cells) -> Table:
    columns = [_("Follow-ups due"), _("Done on time"), _("Share on time")]
    try:
        model = apps.get_model("followups", "FollowUp")
        for name in ("match", "due_on", "done_on"):
            model._meta.get_field(name)
    except (LookupError, FieldDoesNotExist):
        return Table(title=_("Follow-ups done on time"), columns=columns, rows=[["—", "—", "—"]], key="followups")
    due = model.objects.filter(due_on__lte=period.as_of)
    if period.regions is not None:
        due = due.filter(match__region__slug__in=period.regions)
    counts = due.aggregate(
        due=Count("pk"),
        on_time=Count(
            "pk",
            filter=Q(done_on__isnull=False, done_on__lte=period.as_of)
            & Q(done_on__lte=F("due_on") + timedelta(days=FOLLOW_UP_GRACE_DAYS)),
        ),
    )
    return Table(
        title=_("Follow-ups done on time"),
        columns=columns,
        rows=[
            [
                counts["due"],
                counts["on_time"],
                "—" if not counts["due"] else f"{pct(counts['on_time'], counts['due'])} %",
            ]
        ],
        key="followups",
        note=_("Follow-ups due on or before the as-of date; on time means done at most 7 days after the due date."),
    )


PIPELINE = [
    VolunteerStatus.APPLIED,
    VolunteerStatus.SCREENING_BOOKED,
    VolunteerStatus.SCREENED,
    VolunteerStatus.APPROVED,
    VolunteerStatus.MATCHED,
    VolunteerStatus.PAUSED,
]


def _pipeline(period: Period, cells: Cells) -> Table:
    volunteers = Volunteer.objects.all()
    if period.regions is not None:
        volunteers = volunteers.filter(region__slug__in=period.regions)
    counts = dict(volunteers.filter(status__in=PIPELINE).values_list("status").annotate(n=Count("pk")).order_by())
    labels = [str(VolunteerStatus(status).label) for status in PIPELINE]
    values = [counts.get(status, 0) for status in PIPELINE]
    return Table(
        title=_("Volunteers in each stage (today)"),
        columns=[_("Stage"), _("Volunteers")],
        rows=[[label, cells.people(n)] for label, n in zip(labels, values, strict=True)],
        chart=Chart(_("Volunteers in each stage"), labels, [cells.chart_value(n) for n in values]),
        key="pipeline",
    )


def _gender_balance(period: Period, cells: Cells, kpi: dict) -> Table:
    volunteers = Volunteer.objects.filter(period.in_period("approved_on"))
    referred = Participant.objects.filter(period.in_period("referred_on"), treatment_centre__isnull=False)
    if period.regions is not None:
        volunteers = volunteers.filter(region__slug__in=period.regions)
        referred = referred.filter(region__slug__in=period.regions)
    v = volunteers.aggregate(n=Count("pk"), women=Count("pk", filter=Q(gender=Gender.FEMALE)))
    people = kpi["participants"]
    women = people["gender"].get("female", {"n": 0})["n"]
    rows = [
        [_("Matched participants"), cells.people(people["n"]), cells.share(pct(women, people["n"]), people["n"])],
        [_("Volunteers recruited"), cells.people(v["n"]), cells.share(pct(v["women"], v["n"]), v["n"])],
    ]
    by_centre = (
        referred.values_list("treatment_centre_id", "treatment_centre__name")
        .annotate(n=Count("pk"), women=Count("pk", filter=Q(gender=Gender.FEMALE)))
        .order_by("treatment_centre__name")
    )
    profiles: dict[int, CentrePatientProfile] = {}
    for profile in CentrePatientProfile.objects.filter(year__lte=period.date_to.year).order_by("year"):
        profiles[profile.centre_id] = profile  # the latest year wins
    for centre_id, name, n, n_women in by_centre:
        profile = profiles.get(centre_id)
        known = f"{profile.share_women_pct} % ({profile.year})" if profile else "—"
        rows.append(
            [_("Referred from %(centre)s") % {"centre": name}, cells.people(n), cells.share(pct(n_women, n), n), known]
        )
    for row in rows[:2]:
        row.append("")
    return Table(
        title=_("Gender balance"),
        columns=[_("Group"), _("Number"), _("Share of women"), _("Women among the centre's patients")],
        rows=rows,
        key="gender_balance",
        note=_("The evaluation recommends more men among participants and volunteers."),
    )


def build_report(*, period: Period, user, region_name: str) -> Report:
    masked = user.role != Role.PROJECT_LEADER
    cells = Cells(masked)
    regions = {region.slug: region for region in Region.objects.all()}
    kpi = compute(period, region_label=period.regions[0] if period.regions and len(period.regions) == 1 else None)
    targets = list(Target.objects.all())
    years = range(period.date_from.year, period.date_to.year + 1)
    scope_ids = [r.pk for slug, r in regions.items() if period.regions is None or slug in period.regions]
    period_target = _period_target(period)

    matches, success = kpi["matches"], kpi["success"]
    match_target = _matches_target(targets, scope_ids, years)
    pct_target = _pct_target(targets, scope_ids, years)
    headline_rows = [
        [
            _("Matches established in the period"),
            cells.people(matches["established"]),
            match_target or "—",
            _of_target(cells.people(matches["established"]), match_target),
        ],
    ]
    chart_labels, chart_values = [], []
    for slug, region in sorted(regions.items(), key=lambda item: item[1].name):
        if slug not in matches["by_region"] and not _matches_target(targets, [region.pk], years):
            continue
        if period.regions is not None and slug not in period.regions:
            continue
        n = matches["by_region"].get(slug, 0)
        target = _matches_target(targets, [region.pk], years)
        headline_rows.append(["   " + region.name, cells.people(n), target or "—", _of_target(cells.people(n), target)])
        chart_labels.append(region.name)
        chart_values.append(cells.chart_value(n))
    headline_rows += [
        [_("Matches on the way (as of the date)"), cells.people(matches["on_the_way"]), "—", "—"],
        [
            _("Well-functioning after six months"),
            cells.share(success["period"]["pct"], success["period"]["well_functioning"]),
            "—" if pct_target is None else f"{pct_target} %",
            "—",
        ],
        [
            _("Volunteers recruited"),
            cells.people(kpi["volunteers"]["recruited"]),
            (period_target.volunteers_recruited if period_target else None) or "—",
            _of_target(
                cells.people(kpi["volunteers"]["recruited"]), period_target and period_target.volunteers_recruited
            ),
        ],
        [_("Referrals received"), cells.people(kpi["referrals"]["received"]), "—", "—"],
        [
            _("Referrals accepted"),
            cells.people(kpi["referrals"]["accepted"]),
            (period_target.referrals_accepted if period_target else None) or "—",
            _of_target(cells.people(kpi["referrals"]["accepted"]), period_target and period_target.referrals_accepted),
        ],
    ]
    target_note = _(
        "Targets: new matches are the sum of the regions' yearly targets for the years %(first)s–%(last)s; "
        "volunteers and referrals are the targets of the project period %(label)s."
    ) % {"first": years[0], "last": years[-1], "label": period_target.label if period_target else "—"}
    headline = Table(
        title=_("Headline figures against targets"),
        columns=[_("Figure"), _("Result"), _("Target"), _("Of target")],
        rows=headline_rows,
        chart=Chart(
            _("Matches established by region"),
            chart_labels,
            chart_values,
        ),
        note=target_note,
        key="headline",
    )

    cohort_rows, cohort_labels, cohort_values = [], [], []
    for year, row in list(success["by_cohort_year"].items()) + [(_("Whole period"), success["period"])]:
        cohort_rows.append(
            [
                year,
                cells.people(row["established"]),
                cells.people(row["evaluable"]),
                cells.people(row["established"] - row["evaluable"]),
                cells.people(row["well_functioning"]),
                cells.share(row["pct"], row["well_functioning"]),
            ]
        )
        cohort_labels.append(str(year))
        hidden = masked and is_small(row["well_functioning"])
        cohort_values.append(None if hidden else row["pct"])
    success_table = Table(
        title=_("Well-functioning after six months by cohort year"),
        columns=[
            _("Cohort year"),
            _("Established"),
            _("Evaluable"),
            _("Not yet evaluable"),
            _("Well-functioning"),
            _("Share"),
        ],
        rows=cohort_rows,
        chart=Chart(
            _("Share well-functioning after six months"),
            cohort_labels,
            cohort_values,
            unit="%",
            target=pct_target,
            target_label=_("Target"),
        ),
        key="success",
    )

    people = kpi["participants"]
    n = people["n"]
    gender_names = {"female": _("Women"), "male": _("Men"), "other": _("Other"), "unknown": _("Unknown")}
    gender = Table(
        title=_("Gender"),
        columns=[_("Gender"), _("Number"), _("Share")],
        rows=[
            [gender_names[k], cells.people(v["n"]), cells.share(v["pct"], v["n"])] for k, v in people["gender"].items()
        ],
        chart=Chart(
            _("Gender"),
            [gender_names[k] for k in people["gender"]],
            [cells.chart_value(v["n"]) for v in people["gender"].values()],
        ),
        key="gender",
    )
    age_names = {"under-18": _("Under 18"), "unknown": _("Unknown")}
    ages = Table(
        title=_("Age groups (age in the year of the first match)"),
        columns=[_("Age"), _("Number"), _("Share")],
        rows=[
            [age_names.get(k, k), cells.people(v["n"]), cells.share(v["pct"], v["n"])]
            for k, v in people["age_groups"].items()
        ],
        chart=Chart(
            _("Age groups"),
            [age_names.get(k, k) for k in people["age_groups"]],
            [cells.chart_value(v["n"]) for v in people["age_groups"].values()],
        ),
        key="ages",
    )
    countries = people["birth_countries"]
    country_table = Table(
        title=_("The five most frequent birth countries"),
        columns=[_("Birth country"), _("Number"), _("Share")],
        rows=[[c["name"], cells.people(c["n"]), cells.share(c["pct"], c["n"])] for c in countries["top5"]],
        chart=Chart(
            _("Birth countries"),
            [c["name"] for c in countries["top5"]],
            [cells.chart_value(c["n"]) for c in countries["top5"]],
        ),
        key="countries",
    )
    arrival = people["arrival"]
    facts_table = Table(
        title=_("Participant profile in figures"),
        columns=[_("Figure"), _("Value")],
        rows=[
            [_("Matched participants"), cells.people(n)],
            [_("Number of birth countries"), countries["distinct"]],
            [
                _("Born in Denmark"),
                f"{cells.people(countries['born_in_denmark']['n'])} ("
                f"{cells.share(countries['born_in_denmark']['pct'], countries['born_in_denmark']['n'])})",
            ],
            [
                _("Arrived in %(year)s or earlier") % {"year": arrival["cutoff_year"]},
                f"{cells.people(arrival['at_or_before_cutoff'])} / {cells.people(arrival['known'])} ("
                f"{cells.share(arrival['pct'], arrival['at_or_before_cutoff'])})",
            ],
            [_("Arrival year unknown (not in the share)"), cells.people(arrival["unknown"])],
        ],
        key="profile",
    )

    operations = [_waiting(period, cells, regions), _follow_ups(period, cells), _pipeline(period, cells)]
    report = Report(
        period=period,
        region_name=region_name,
        headline=headline,
        sections=[
            (_("Success"), [success_table]),
            (_("Participant profile"), [facts_table, gender, ages, country_table]),
            (_("Operations"), [*operations, _gender_balance(period, cells, kpi)]),
        ],
        kpi=kpi,
        masked=masked,
    )
    return report


def definitions() -> list[str]:
    """The footnote: how each figure is defined (kpi-definitions.md, in short)."""
    return [
        _("Established: the match meeting (start date) lies in the period and on or before the as-of date."),
        _(
            "On the way: proposed on or before the as-of date, neither started nor cancelled by then; "
            "counted regardless of the period."
        ),
        _(
            "Well-functioning after six months: six months after the start "
            "(a missing day becomes the month's last day) "
            "the match had not ended, and it was not assessed as not well-functioning. Only matches whose six-month "
            'mark is on or before the as-of date can be evaluated; the others are "not yet evaluable".'
        ),
        _("Cohort year: the calendar year of the start date."),
        _(
            "Volunteers recruited: approved after screening in the period. "
            "Referrals: referred or accepted in the period."
        ),
        _(
            "Matched participants: distinct participants with a match established in the period; "
            "age in the year of their first such match."
        ),
        _("Percentages are whole numbers rounded half up; nothing dated after the as-of date counts."),
        _('Cells describing fewer than %(n)s people are shown as "<5" except to the project leader.')
        % {"n": SMALL_CELL},
    ]
