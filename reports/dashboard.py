"""The dashboard and the funder report: the KPI figures against targets, the participant profile
and the operations figures, as tables (each with an optional chart) that the page, the .docx and
the .xlsx all render from the same data. A constant number of queries; counts in the database.

Small cells: any cell describing 1-4 people is shown as "<5" to everyone but the project leader
(its percentage too), so no person can be singled out from the figures; cells that would let
such a cell be worked out by subtraction are shown as "x" (secondary suppression, see
reports/disclosure.py).
"""

from dataclasses import dataclass, field
from datetime import timedelta

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db.models import Count, F, Q
from django.utils.translation import gettext as _

from accounts.models import Role
from lib.choices import Gender
from referrals.models import Participant, ParticipantStatus
from referrals.selectors import waiting_times
from regions.models import Region
from volunteers.models import Volunteer, VolunteerStatus

from .arithmetic import SMALL_CELL, is_small, pct, round_half_up
from .disclosure import PRIMARY, WITHHELD, Group, share_hidden, suppress
from .kpi import Period, compute
from .models import CentrePatientProfile, PeriodTarget, Target

SMALL = "<5"
HIDDEN = "x"
FOLLOW_UP_GRACE_DAYS = 7


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
    facts: list[tuple[str, str]] = field(default_factory=list)
    kpi: dict = field(default_factory=dict)
    masked: bool = True

    def all_tables(self) -> list[Table]:
        return [self.headline] + [table for _title, tables in self.sections for table in tables]


class Cells:
    """Formats people counts and their shares. Everything for the project leader; for anyone else
    a cell describing 1-4 people is "<5" and a cell hidden so that no such cell can be worked out by
    subtraction is "x" (reports.disclosure decides which: `mask`, over the figures in `values`)."""

    def __init__(self, masked: bool, values: dict | None = None, mask: dict | None = None):
        self.masked = masked
        self.values = values or {}
        self.mask = (mask or {}) if masked else {}

    def _symbol(self, key: str) -> str | None:
        status = self.mask.get(key)
        if status == PRIMARY:
            return SMALL
        return HIDDEN if status else None

    def count(self, key: str):
        """A figure that belongs to the disclosure groups (by its key)."""
        return self._symbol(key) or self.values[key]

    def withheld(self, key: str) -> bool:
        return self.mask.get(key) == WITHHELD

    def people(self, n: int | None):
        """A figure in no group (no total beside it): only its own size counts."""
        if n is None:
            return "—"
        return SMALL if self.masked and is_small(n) else n

    def hides_share(self, numerator: int | None, denominator: int | None, *keys: str) -> bool:
        return self.masked and (share_hidden(numerator, denominator) or any(key in self.mask for key in keys))

    def share(self, value: int | None, numerator: int | None, denominator: int | None, *keys: str):
        """A percentage numerator/denominator: hidden when either part describes 1-4 people, or
        when its numerator or denominator (`keys`) is hidden."""
        if self.hides_share(numerator, denominator, *keys):
            return HIDDEN
        return "—" if value is None else f"{value} %"

    def chart_value(self, n: int | None):
        return None if (n is None or (self.masked and is_small(n))) else n

    def chart_count(self, key: str):
        symbol = self._symbol(key)
        return None if symbol == SMALL else (symbol or self.values[key])


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
    if target in (None, 0) or value in (None, SMALL, HIDDEN):
        return "—"
    return f"{pct(value, target)} %"


def _waiting(period: Period, cells: Cells, regions: dict) -> Table:
    """The waiting list now, and the waiting time of the period: referrals.selectors.waiting_times
    (the one definition: acceptance to the first match meeting, for first meetings in the period)."""
    waiting = Participant.objects.filter(status=ParticipantStatus.WAITING)
    if period.regions is not None:
        waiting = waiting.filter(region__slug__in=period.regions)
    counts = dict(waiting.values_list("region__slug").annotate(n=Count("pk")).order_by())
    times = waiting_times(start=period.date_from, end=period.date_to, as_of=period.as_of)
    slugs = {slug for slug in (*counts, *times) if slug in regions}
    if period.regions is not None:
        slugs &= set(period.regions)
    rows = []
    for slug in sorted(slugs, key=lambda slug: regions[slug].name):
        waited = times.get(slug)
        matched = waited.count if waited else 0
        hidden = cells.people(matched) == SMALL
        median = None if not waited or waited.median_days is None or hidden else round_half_up(waited.median_days)
        rows.append(
            [
                regions[slug].name,
                cells.people(counts.get(slug, 0)),
                cells.people(matched),
                "—" if median is None else median,
            ]
        )
    return Table(
        title=_("Waiting list (today) and waiting time (the period)"),
        columns=[_("Region"), _("Waiting now"), _("Matched for the first time"), _("Median waiting time (days)")],
        rows=rows,
        key="waiting",
        note=_(
            "Waiting now: accepted referrals waiting for a match today. Waiting time: days from acceptance "
            "to the participant's first match meeting, for first match meetings in the period and on or "
            "before the as-of date (the same definition as on the waiting list)."
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


def _gender_balance_data(period: Period) -> tuple[dict, list, dict]:
    """Volunteers recruited (and women among them), referrals by centre, the centres' profiles."""
    volunteers = Volunteer.objects.filter(period.in_period("approved_on"))
    referred = Participant.objects.filter(period.in_period("referred_on"), treatment_centre__isnull=False)
    if period.regions is not None:
        volunteers = volunteers.filter(region__slug__in=period.regions)
        referred = referred.filter(region__slug__in=period.regions)
    v = volunteers.aggregate(n=Count("pk"), women=Count("pk", filter=Q(gender=Gender.FEMALE)))
    by_centre = list(
        referred.values_list("treatment_centre_id", "treatment_centre__name")
        .annotate(n=Count("pk"), women=Count("pk", filter=Q(gender=Gender.FEMALE)))
        .order_by("treatment_centre__name")
    )
    profiles: dict[int, CentrePatientProfile] = {}
    for profile in CentrePatientProfile.objects.filter(year__lte=period.date_to.year).order_by("year"):
        profiles[profile.centre_id] = profile  # the latest year wins
    return v, by_centre, profiles


def _gender_balance(cells: Cells, kpi: dict, data: tuple[dict, list, dict]) -> Table:
    v, by_centre, profiles = data
    n = kpi["participants"]["n"]
    women = kpi["participants"]["gender"].get("female", {"n": 0})["n"]
    rows = [
        [_("Matched participants"), cells.count("n"), cells.share(pct(women, n), women, n, "n", "gender:female")],
        [_("Volunteers recruited"), cells.people(v["n"]), cells.share(pct(v["women"], v["n"]), v["women"], v["n"])],
    ]
    for centre_id, name, count, n_women in by_centre:
        key = f"centre:{centre_id}"
        if cells.withheld(key):
            continue
        profile = profiles.get(centre_id)
        known = f"{profile.share_women_pct} % ({profile.year})" if profile else "—"
        rows.append(
            [
                _("Referred from %(centre)s") % {"centre": name},
                cells.count(key),
                cells.share(pct(n_women, count), n_women, count, key),
                known,
            ]
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


def _add_group(values: dict, groups: list, unseen: set, total: str, cells: dict[str, int], rest: str) -> None:
    """Register `cells` (key -> number) adding up to `total`; what they leave of the total is an
    unseen cell `rest` (never shown, but protected when it describes 1-4 people)."""
    values.update(cells)
    remainder = values[total] - sum(cells.values())
    keys = tuple(cells)
    if remainder < 0:  # not a sum (should not happen): no group, each cell still masked alone
        return
    if remainder:
        values[rest] = remainder
        unseen.add(rest)
        keys += (rest,)
    groups.append(Group(total, keys))


def disclosure_figures(kpi: dict, region_slugs: list[str], by_centre: list) -> tuple[dict, list[Group], set[str]]:
    """The people counts shown on the dashboard that add up to a shown total, as plain numbers
    and groups for reports.disclosure.suppress. The same number shown twice has one key."""
    matches, success, people = kpi["matches"], kpi["success"], kpi["participants"]
    values = {"established": matches["established"], "n": people["n"], "referrals:received": 0}
    values["referrals:received"] = kpi["referrals"]["received"]
    groups: list[Group] = []
    unseen: set[str] = set()
    by_region = {f"region:{slug}": matches["by_region"].get(slug, 0) for slug in region_slugs}
    _add_group(values, groups, unseen, "established", by_region, "region:rest")

    rows = {f"{year}:": row for year, row in success["by_cohort_year"].items()}
    rows["period:"] = success["period"]
    for prefix, row in rows.items():
        established = "established" if prefix == "period:" else prefix + "established"
        values[established] = row["established"]
        values[prefix + "evaluable"] = row["evaluable"]
        values[prefix + "not_yet"] = row["established"] - row["evaluable"]
        values[prefix + "well"] = row["well_functioning"]
        values[prefix + "not_well"] = row["evaluable"] - row["well_functioning"]
        unseen.add(prefix + "not_well")
        groups.append(Group(established, (prefix + "evaluable", prefix + "not_yet")))
        groups.append(Group(prefix + "evaluable", (prefix + "well", prefix + "not_well")))
    years = [prefix for prefix in rows if prefix != "period:"]
    groups.append(Group("established", tuple(f"{year}established" for year in years)))
    for column in ("evaluable", "not_yet", "well", "not_well"):
        groups.append(Group(f"period:{column}", tuple(year + column for year in years)))

    _add_group(values, groups, unseen, "n", {f"gender:{k}": v["n"] for k, v in people["gender"].items()}, "gender:rest")
    _add_group(values, groups, unseen, "n", {f"age:{k}": v["n"] for k, v in people["age_groups"].items()}, "age:rest")
    countries = people["birth_countries"]
    _add_group(
        values, groups, unseen, "n", {f"country:{c['country']}": c["n"] for c in countries["top5"]}, "country:rest"
    )
    _add_group(values, groups, unseen, "n", {"country:DK": countries["born_in_denmark"]["n"]}, "country:not-dk")
    arrival = people["arrival"]
    _add_group(
        values,
        groups,
        unseen,
        "n",
        {"arrival:known": arrival["known"], "arrival:unknown": arrival["unknown"]},
        "arrival:rest",
    )
    _add_group(
        values, groups, unseen, "arrival:known", {"arrival:early": arrival["at_or_before_cutoff"]}, "arrival:late"
    )
    _add_group(
        values, groups, unseen, "referrals:received", {f"centre:{row[0]}": row[2] for row in by_centre}, "centre:none"
    )
    return values, groups, unseen


def build_report(*, period: Period, user, region_name: str) -> Report:
    masked = user.role != Role.PROJECT_LEADER
    regions = {region.slug: region for region in Region.objects.all()}
    kpi = compute(period, region_label=period.regions[0] if period.regions and len(period.regions) == 1 else None)
    targets = list(Target.objects.all())
    years = range(period.date_from.year, period.date_to.year + 1)
    scope_ids = [r.pk for slug, r in regions.items() if period.regions is None or slug in period.regions]
    period_target = _period_target(period)

    matches, success = kpi["matches"], kpi["success"]
    region_rows = [
        (slug, region)
        for slug, region in sorted(regions.items(), key=lambda item: item[1].name)
        if (slug in matches["by_region"] or _matches_target(targets, [region.pk], years))
        and (period.regions is None or slug in period.regions)
    ]
    balance = _gender_balance_data(period)
    values, groups, unseen = disclosure_figures(kpi, [slug for slug, _region in region_rows], balance[1])
    cells = Cells(masked, values, suppress(values, groups, unseen=unseen) if masked else {})
    match_target = _matches_target(targets, scope_ids, years)
    pct_target = _pct_target(targets, scope_ids, years)
    headline_rows = [
        [
            _("Matches established in the period"),
            cells.count("established"),
            match_target or "—",
            _of_target(cells.count("established"), match_target),
        ],
    ]
    chart_labels, chart_values = [], []
    for slug, region in region_rows:
        key = f"region:{slug}"
        if cells.withheld(key):
            continue
        target = _matches_target(targets, [region.pk], years)
        headline_rows.append(
            ["   " + region.name, cells.count(key), target or "—", _of_target(cells.count(key), target)]
        )
        chart_labels.append(region.name)
        chart_values.append(cells.chart_count(key))
    headline_rows += [
        [_("Matches on the way (as of the date)"), cells.people(matches["on_the_way"]), "—", "—"],
        [
            _("Well-functioning after six months"),
            cells.share(
                success["period"]["pct"],
                success["period"]["well_functioning"],
                success["period"]["evaluable"],
                "period:well",
                "period:evaluable",
            ),
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
        [_("Referrals received"), cells.count("referrals:received"), "—", "—"],
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
    cohorts = [(f"{year}:", year, row) for year, row in success["by_cohort_year"].items()]
    for prefix, year, row in [*cohorts, ("period:", _("Whole period"), success["period"])]:
        established = "established" if prefix == "period:" else prefix + "established"
        keys = (prefix + "well", prefix + "evaluable")
        share_args = (row["well_functioning"], row["evaluable"], *keys)
        cohort_rows.append(
            [
                year,
                cells.count(established),
                cells.count(prefix + "evaluable"),
                cells.count(prefix + "not_yet"),
                cells.count(prefix + "well"),
                cells.share(row["pct"], *share_args),
            ]
        )
        cohort_labels.append(str(year))
        cohort_values.append(HIDDEN if cells.hides_share(*share_args) else row["pct"])
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
    genders = {k: v for k, v in people["gender"].items() if not cells.withheld(f"gender:{k}")}
    age_groups = {k: v for k, v in people["age_groups"].items() if not cells.withheld(f"age:{k}")}
    gender_names = {"female": _("Women"), "male": _("Men"), "other": _("Other"), "unknown": _("Unknown")}
    gender = Table(
        title=_("Gender"),
        columns=[_("Gender"), _("Number"), _("Share")],
        rows=[
            [gender_names[k], cells.count(f"gender:{k}"), cells.share(v["pct"], v["n"], n, f"gender:{k}", "n")]
            for k, v in genders.items()
        ],
        chart=Chart(
            _("Gender"),
            [gender_names[k] for k in genders],
            [cells.chart_count(f"gender:{k}") for k in genders],
        ),
        key="gender",
    )
    age_names = {"under-18": _("Under 18"), "unknown": _("Unknown")}
    ages = Table(
        title=_("Age groups (age in the year of the first match)"),
        columns=[_("Age"), _("Number"), _("Share")],
        rows=[
            [age_names.get(k, k), cells.count(f"age:{k}"), cells.share(v["pct"], v["n"], n, f"age:{k}", "n")]
            for k, v in age_groups.items()
        ],
        chart=Chart(
            _("Age groups"),
            [age_names.get(k, k) for k in age_groups],
            [cells.chart_count(f"age:{k}") for k in age_groups],
        ),
        key="ages",
    )
    countries = people["birth_countries"]
    top5 = [c for c in countries["top5"] if not cells.withheld(f"country:{c['country']}")]
    dk = countries["born_in_denmark"]
    country_table = Table(
        title=_("The five most frequent birth countries"),
        columns=[_("Birth country"), _("Number"), _("Share")],
        rows=[
            [
                c["name"],
                cells.count(f"country:{c['country']}"),
                cells.share(c["pct"], c["n"], n, f"country:{c['country']}"),
            ]
            for c in top5
        ],
        chart=Chart(
            _("Birth countries"),
            [c["name"] for c in top5],
            [cells.chart_count(f"country:{c['country']}") for c in top5],
        ),
        key="countries",
    )
    arrival = people["arrival"]
    arrival_share = (arrival["at_or_before_cutoff"], arrival["known"], "arrival:early", "arrival:known")
    facts_table = Table(
        title=_("Participant profile in figures"),
        columns=[_("Figure"), _("Value")],
        rows=[
            [_("Matched participants"), cells.count("n")],
            [_("Number of birth countries"), countries["distinct"]],
            [
                _("Born in Denmark"),
                f"{cells.count('country:DK')} ({cells.share(dk['pct'], dk['n'], n, 'country:DK', 'n')})",
            ],
            [
                _("Arrived in %(year)s or earlier") % {"year": arrival["cutoff_year"]},
                f"{cells.count('arrival:early')} / {cells.count('arrival:known')} ("
                f"{cells.share(arrival['pct'], *arrival_share)})",
            ],
            [_("Arrival year unknown (not in the share)"), cells.count("arrival:unknown")],
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
            (_("Operations"), [*operations, _gender_balance(cells, kpi, balance)]),
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
        _(
            '"x": hidden so that a cell under %(n)s cannot be worked out by subtraction from a total or the '
            "other cells; a share is hidden when the people it counts, or the rest, are fewer than %(n)s."
        )
        % {"n": SMALL_CELL},
    ]
