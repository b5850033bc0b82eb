"""The dashboard and the funder report: the KPI figures against targets, the participant profile
and the operations figures, as tables (reports.tables; each with an optional chart) that the page,
the .docx and the .xlsx all render from the same data. One builder per table; what the builders
read is in reports.figures (and the contract's figures in reports.kpi), each kept until a table it
reads changes (reports.kept); a constant number of queries; counts in the database.

Small cells: the project leader and consultants see exact figures (they see the records already);
for the evaluator and in every document for outside the organisation (the funder version) any cell
describing 1-4 people is shown as "<5" (its percentage too), and cells that would let such a cell be
worked out by subtraction are shown as "x" (secondary suppression, see reports/masking.py and
reports/disclosure.py) — except the headline success rate over 5 or more matches.

To add figures: write what it reads as a kept function in reports.figures (declaring the models it
reads), a builder `_name(inputs) -> Table` here, and list the builder in a Section of build_report.
"""

from dataclasses import dataclass

from django.utils import translation
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from events.models import Format, Kind
from lib.percentages import counts_for_pct
from regions.models import Region
from volunteers.models import VolunteerStatus

from . import figures, narrative
from .arithmetic import is_small, pct, round_half_up
from .disclosure import implied_by, share_hidden, suppress
from .kpi import Period, compute
from .masking import FUNDER, Cells, audience_for, disclosure_figures, published_keys
from .models import Target
from .tables import HIDDEN, SMALL, Chart, Percent, Report, Section, Share, Table
from .targets import matches_target, of_target, pct_target, period_target


@dataclass
class Inputs:
    """What the table builders share."""

    period: Period
    kpi: dict
    cells: Cells
    regions: dict[str, Region]  # every region, by slug
    shown_regions: list[tuple[str, Region]]  # the headline's region rows: in scope, with matches or a target
    targets: list[Target]
    years: range  # the calendar years the period touches
    balance: tuple[dict, list, dict]  # figures.gender_balance
    per_year: dict | None = None  # figures.per_year, when the period spans more than one calendar year

    @property
    def scope_ids(self) -> list[int]:
        return [r.pk for slug, r in self.regions.items() if self.period.regions is None or slug in self.period.regions]


def build_report(*, period: Period, user, region_name: str, audience: str | None = None) -> Report:
    """The report `user` may see: exact in the internal version (leader, consultants), suppressed in
    the funder version (and always for the evaluator); see reports.masking.audience_for."""
    masked = audience_for(user, audience) == FUNDER
    regions = figures.regions()
    kpi = compute(period, region_label=period.regions[0] if period.regions and len(period.regions) == 1 else None)
    targets = figures.targets()
    years = range(period.date_from.year, period.date_to.year + 1)
    shown_regions = [
        (slug, region)
        for slug, region in sorted(regions.items(), key=lambda item: item[1].name)
        if (slug in kpi["matches"]["by_region"] or matches_target(targets, [region.pk], years))
        and (period.regions is None or slug in period.regions)
    ]
    balance = figures.gender_balance(period)
    per_year = figures.per_year(period) if len(years) > 1 else None
    values, groups, unseen = disclosure_figures(
        kpi, [slug for slug, _region in shown_regions], balance[1], per_year=per_year
    )
    published = implied_by(published_keys(kpi), values, groups, unseen)
    mask = suppress(values, groups, unseen=unseen, published=published) if masked else {}
    cells = Cells(masked, values, mask, published)
    inputs = Inputs(period, kpi, cells, regions, shown_regions, targets, years, balance, per_year)
    per_year_sections = [Section(_("Per calendar year"), [_per_year(inputs)])] if per_year else []
    return Report(
        period=period,
        region_name=region_name,
        headline=_headline(inputs),
        sections=[
            *per_year_sections,
            Section(_("Success"), [_success(inputs)]),
            Section(_("Participant profile"), [_profile(inputs), _gender(inputs), _ages(inputs), _countries(inputs)]),
            Section(
                _("Operations"),
                [
                    _waiting(inputs),
                    _follow_ups(inputs),
                    _pipeline(inputs),
                    _gender_balance(inputs),
                    _supervision(inputs),
                ],
            ),
            Section(
                _("Volunteer support"),
                [_event_reach(inputs), _event_kinds(inputs), _exchange_returning(inputs), _event_feedback(inputs)],
            ),
            Section(
                _("Forandringsstjernen (the change star)"),
                [_star_coverage(inputs), _star_not_this_time(inputs), _star_distance(inputs)],
            ),
        ],
        kpi=kpi,
        masked=masked,
    )


def _headline(inputs: Inputs) -> Table:
    cells, kpi, targets, years = inputs.cells, inputs.kpi, inputs.targets, inputs.years
    project = period_target(figures.period_targets(), inputs.period)
    match_target = matches_target(targets, inputs.scope_ids, years)
    well_target = pct_target(targets, inputs.scope_ids, years)
    success = kpi["success"]["period"]
    region_rows, chart_labels, chart_values = [], [], []
    for slug, region in inputs.shown_regions:
        key = f"region:{slug}"
        if cells.withheld(key):
            continue
        target = matches_target(targets, [region.pk], years)
        region_rows.append(["   " + region.name, cells.count(key), target or "—", of_target(cells.count(key), target)])
        chart_labels.append(region.name)
        chart_values.append(cells.chart_count(key))
    recruited, accepted = cells.count("volunteers:recruited"), cells.count("referrals:accepted")
    recruited_target = project.volunteers_recruited if project else None
    accepted_target = project.referrals_accepted if project else None
    rate = cells.share(
        success["pct"], success["well_functioning"], success["evaluable"], "period:well", "period:evaluable"
    )
    labels = {
        "established": _("Matches established in the period"),
        "rate": _("Well-functioning after six months"),
        "recruited": _("Volunteers recruited"),
        "accepted": _("Referrals accepted"),
    }
    rows = [
        [
            labels["established"],
            cells.count("established"),
            match_target or "—",
            of_target(cells.count("established"), match_target),
        ],
        *region_rows,
        [_("Matches on the way (as of the date)"), cells.people(kpi["matches"]["on_the_way"]), "—", "—"],
        [labels["rate"], rate, "—" if well_target is None else Percent(well_target), "—"],
        [labels["recruited"], recruited, recruited_target or "—", of_target(recruited, recruited_target)],
        [_("Referrals received"), cells.count("referrals:received"), "—", "—"],
        [labels["accepted"], accepted, accepted_target or "—", of_target(accepted, accepted_target)],
    ]
    summary = [
        narrative.matches(labels["established"], cells.count("established"), match_target),
        narrative.success_rate(labels["rate"], rate, well_target),
        narrative.volunteers(labels["recruited"], recruited, recruited_target),
        narrative.referrals(labels["accepted"], accepted, accepted_target),
    ]
    note = _(
        "Targets: new matches are the sum of the regions' yearly targets for the years %(first)s–%(last)s; "
        "volunteers and referrals are the targets of the project period %(label)s."
    ) % {"first": years[0], "last": years[-1], "label": project.label if project else "—"}
    return Table(
        title=_("Headline figures against targets"),
        columns=[_("Figure"), _("Result"), _("Target"), _("Of target")],
        rows=rows,
        chart=Chart(_("Matches established by region"), chart_labels, chart_values),
        note=note,
        key="headline",
        short_title=_("Headline figures"),
        summary=summary,
    )


def _per_year(inputs: Inputs) -> Table:
    """The headline figures split by calendar year (shown when the period spans years)."""
    cells, targets = inputs.cells, inputs.targets
    rows = []

    def count(key: str):
        return cells.count(key) if key in cells.values else 0

    for year in inputs.years:
        established = count(f"{year}:established")
        target = matches_target(targets, inputs.scope_ids, [year])
        rows.append(
            [
                str(year),
                established,
                target or "—",
                of_target(established, target),
                count(f"volunteers:{year}"),
                count(f"accepted:{year}"),
            ]
        )
    return Table(
        title=_("Headline figures per calendar year"),
        columns=[
            _("Year"),
            _("Matches established"),
            _("Target"),
            _("Of target"),
            _("Volunteers recruited"),
            _("Referrals accepted"),
        ],
        rows=rows,
        key="per_year",
        short_title=_("Per year"),
        note=_("A year's figures cover only the part of the year inside the period."),
    )


def _success(inputs: Inputs) -> Table:
    cells, success = inputs.cells, inputs.kpi["success"]
    rows, labels, values = [], [], []
    cohorts = [(f"{year}:", year, row) for year, row in success["by_cohort_year"].items()]
    for prefix, year, row in [*cohorts, ("period:", _("Whole period"), success["period"])]:
        established = "established" if prefix == "period:" else prefix + "established"
        share_args = (row["well_functioning"], row["evaluable"], prefix + "well", prefix + "evaluable")
        rows.append(
            [
                year,
                cells.count(established),
                cells.count(prefix + "evaluable"),
                cells.count(prefix + "not_yet"),
                cells.count(prefix + "well"),
                cells.share(row["pct"], *share_args),
            ]
        )
        labels.append(str(year))
        values.append(HIDDEN if cells.hides_share(*share_args) else row["pct"])
    summary = [narrative.cohort(row[0], row[5]) for row in rows[:-1]] if len(rows) > 2 else []
    return Table(
        title=_("Well-functioning after six months by cohort year"),
        columns=[
            _("Cohort year"),
            _("Established"),
            _("Evaluable"),
            _("Not yet evaluable"),
            _("Well-functioning"),
            _("Share"),
        ],
        rows=rows,
        chart=Chart(
            _("Share well-functioning after six months"),
            labels,
            values,
            unit="%",
            target=pct_target(inputs.targets, inputs.scope_ids, inputs.years),
            target_label=_("Target"),
        ),
        key="success",
        short_title=_("Success by cohort year"),
        summary=[line for line in summary if line],
    )


def _profile(inputs: Inputs) -> Table:
    cells, people = inputs.cells, inputs.kpi["participants"]
    n, countries, arrival = people["n"], people["birth_countries"], people["arrival"]
    dk = countries["born_in_denmark"]
    arrival_share = (arrival["at_or_before_cutoff"], arrival["known"], "arrival:early", "arrival:known")
    return Table(
        title=_("Participant profile in figures"),
        columns=[_("Figure"), _("Number"), _("Share")],
        rows=[
            [_("Matched participants"), cells.count("n"), ""],
            [_("Number of birth countries"), countries["distinct"], ""],
            [_("Born in Denmark"), cells.count("country:DK"), cells.share(dk["pct"], dk["n"], n, "country:DK", "n")],
            [
                _("Arrived in %(year)s or earlier (of those with a known arrival year)")
                % {"year": arrival["cutoff_year"]},
                cells.count("arrival:early"),
                cells.share(arrival["pct"], *arrival_share),
            ],
            [_("Arrival year unknown (not in the share)"), cells.count("arrival:unknown"), ""],
        ],
        key="profile",
        short_title=_("Participant profile"),
        summary=[line for line in [narrative.participants(cells.count("n"), countries["distinct"])] if line],
    )


def _gender(inputs: Inputs) -> Table:
    cells, people = inputs.cells, inputs.kpi["participants"]
    n = people["n"]
    genders = {k: v for k, v in people["gender"].items() if not cells.withheld(f"gender:{k}")}
    names = {"female": _("Women"), "male": _("Men"), "other": _("Other"), "unknown": _("Unknown")}
    rows = [
        [names[k], cells.count(f"gender:{k}"), cells.share(v["pct"], v["n"], n, f"gender:{k}", "n")]
        for k, v in genders.items()
    ]
    women = next((row[2] for k, row in zip(genders, rows, strict=True) if k == "female"), None)
    return Table(
        title=_("Gender"),
        columns=[_("Gender"), _("Number"), _("Share")],
        rows=rows,
        summary=[line for line in [narrative.women(women)] if line],
        chart=Chart(
            _("Gender"),
            [names[k] for k in genders],
            [cells.chart_count(f"gender:{k}") for k in genders],
        ),
        key="gender",
        short_title=_("Gender"),
    )


def _ages(inputs: Inputs) -> Table:
    cells, people = inputs.cells, inputs.kpi["participants"]
    n = people["n"]
    groups = {k: v for k, v in people["age_groups"].items() if not cells.withheld(f"age:{k}")}
    names = {"under-18": _("Under 18"), "unknown": _("Unknown")}
    return Table(
        title=_("Age groups (age in the year of the first match)"),
        columns=[_("Age"), _("Number"), _("Share")],
        rows=[
            [names.get(k, k), cells.count(f"age:{k}"), cells.share(v["pct"], v["n"], n, f"age:{k}", "n")]
            for k, v in groups.items()
        ],
        chart=Chart(
            _("Age groups"),
            [names.get(k, k) for k in groups],
            [cells.chart_count(f"age:{k}") for k in groups],
        ),
        key="ages",
        short_title=_("Age groups"),
    )


def _countries(inputs: Inputs) -> Table:
    cells, people = inputs.cells, inputs.kpi["participants"]
    n = people["n"]
    top5 = [c for c in people["birth_countries"]["top5"] if not cells.withheld(f"country:{c['country']}")]
    return Table(
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
        short_title=_("Birth countries"),
    )


def _waiting(inputs: Inputs) -> Table:
    """The waiting list now, and the waiting time of the period: referrals.selectors.waiting_times
    (the one definition: acceptance to the first match meeting, for first meetings in the period)."""
    period, cells, regions = inputs.period, inputs.cells, inputs.regions
    counts, times = figures.waiting(period)
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
        short_title=_("Waiting list"),
        summary=[line for line in [narrative.waiting([row[1] for row in rows])] if line],
        note=_(
            "Waiting now: accepted referrals waiting for a match today. Waiting time: days from acceptance "
            "to the participant's first match meeting, for first match meetings in the period and on or "
            "before the as-of date (the same definition as on the waiting list)."
        ),
    )


def _follow_ups(inputs: Inputs) -> Table:
    counts = figures.follow_ups(inputs.period)
    on_time = "—" if not counts["due"] else Share(pct(counts["on_time"], counts["due"]), counts["due"])
    return Table(
        title=_("Follow-ups done on time"),
        columns=[_("Follow-ups due"), _("Done on time"), _("Share on time")],
        rows=[
            [
                counts["due"],
                counts["on_time"],
                on_time,
            ]
        ],
        key="followups",
        short_title=_("Follow-ups"),
        summary=[line for line in [narrative.follow_ups(on_time)] if line],
        note=_("Follow-ups due on or before the as-of date; on time means done at most 7 days after the due date."),
    )


def _pipeline(inputs: Inputs) -> Table:
    cells, counts = inputs.cells, figures.pipeline(inputs.period)
    labels = [str(VolunteerStatus(status).label) for status in figures.PIPELINE]
    values = [counts.get(status, 0) for status in figures.PIPELINE]
    return Table(
        title=_("Volunteers in each stage (today)"),
        columns=[_("Stage"), _("Volunteers")],
        rows=[[label, cells.people(n)] for label, n in zip(labels, values, strict=True)],
        chart=Chart(_("Volunteers in each stage"), labels, [cells.chart_value(n) for n in values]),
        key="pipeline",
        short_title=_("Volunteers by stage"),
    )


def _supervision(inputs: Inputs) -> Table:
    """Supervision requests and supervisions held per quarter: counts only, never a reason or note."""
    cells, quarters = inputs.cells, figures.supervision(inputs.period)
    rows = [
        [
            _("Q%(quarter)s %(year)s") % {"quarter": q["quarter"], "year": q["year"]},
            cells.people(q["requested"]),
            cells.people(q["held"]),
        ]
        for q in quarters
    ]
    return Table(
        title=_("Supervision per quarter"),
        columns=[_("Quarter"), _("Requests"), _("Held with the psychotherapist")],
        rows=rows,
        key="supervision",
        short_title=_("Supervision"),
        note=_("Requests by the date they were made; held: recorded as held with the psychotherapist."),
    )


def _gender_balance(inputs: Inputs) -> Table:
    cells, kpi = inputs.cells, inputs.kpi
    v, by_centre, profiles = inputs.balance
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
        short_title=_("Gender balance"),
        note=_("The evaluation recommends more men among participants and volunteers."),
    )


def _event_reach(inputs: Inputs) -> Table:
    """Active volunteers (in a match started on or before the as-of date and not ended by then) who
    attended any event in the 12 months up to the as-of date."""
    cells, counts = inputs.cells, figures.event_reach(inputs.period)
    n, came = counts["n"], counts["attended"]
    return Table(
        title=_("Active volunteers at an event in the last 12 months"),
        columns=[_("Figure"), _("Number"), _("Share")],
        rows=[
            [_("Active volunteers"), cells.people(n), ""],
            [_("Attended an event in the last 12 months"), cells.people(came), cells.share(pct(came, n), came, n)],
        ],
        key="event_reach",
        short_title=_("Event reach"),
        note=_(
            "Active: in a match that had started and not ended on the as-of date. Any event (course, webinar, "
            "experience-exchange meeting, other) held in the 12 months up to that date."
        ),
    )


def _event_kinds(inputs: Inputs) -> Table:
    """Events held in the period by kind: how many, attendances and different volunteers."""
    cells = inputs.cells
    held, came = figures.event_kinds(inputs.period)
    rows = [
        [label, held.get(kind, 0), cells.people(came.get(kind, (0, 0))[0]), cells.people(came.get(kind, (0, 0))[1])]
        for kind, label in Kind.choices
    ]
    return Table(
        title=_("Attendance per event kind"),
        columns=[_("Kind"), _("Events held"), _("Attendances"), _("Different volunteers")],
        rows=rows,
        chart=Chart(
            _("Attendances per event kind"),
            [str(label) for _kind, label in Kind.choices],
            [cells.chart_value(came.get(kind, (0, 0))[0]) for kind, _label in Kind.choices],
        ),
        key="event_kinds",
        short_title=_("Events by kind"),
        note=_("Events held in the period; national events count in every region's figures."),
    )


def _exchange_returning(inputs: Inputs) -> Table:
    """Of the volunteers at an experience-exchange meeting in the period, those who had been at an
    earlier one (at any time before)."""
    cells, counts = inputs.cells, figures.exchange_returning(inputs.period)
    n, returning = counts["n"], counts["returning"]
    return Table(
        title=_("Returning attendees at experience-exchange meetings"),
        columns=[_("Figure"), _("Number"), _("Share")],
        rows=[
            [_("Attendees at experience-exchange meetings"), cells.people(n), ""],
            [_("Had been at one before"), cells.people(returning), cells.share(pct(returning, n), returning, n)],
        ],
        key="exchange_returning",
        short_title=_("Returning attendees"),
    )


def _event_feedback(inputs: Inputs) -> Table:
    """Average feedback (1-5) per event kind and format, for events held in the period. An average
    of fewer than 5 answers is hidden outside the organisation (it would show their ratings)."""
    cells, rows = inputs.cells, []
    kinds, formats = dict(Kind.choices), dict(Format.choices)
    for kind, format_, n, average in figures.event_feedback(inputs.period):
        shown = cells.people(n)
        rows.append(
            [
                kinds.get(kind, kind),
                formats.get(format_, format_),
                shown,
                HIDDEN if shown == SMALL else number_format(average, 1),
            ]
        )
    return Table(
        title=_("Average feedback per event kind and format"),
        columns=[_("Kind"), _("Format"), _("Answers"), _("Average (1-5)")],
        rows=rows or [["—", "—", 0, "—"]],
        key="event_feedback",
        short_title=_("Event feedback"),
    )


def _star_coverage(inputs: Inputs) -> Table:
    cells, star = inputs.cells, inputs.kpi["star"]
    coverage = cells.share(
        star["coverage_pct"], star["with_recent_reading"], star["active_matches"], "star:recent", "star:active"
    )
    return Table(
        title=_("Star readings: coverage (as of the date)"),
        columns=[_("Figure"), _("Matches"), _("Share")],
        rows=[
            [_("Active matches"), cells.count("star:active"), ""],
            [_("With a reading in the last four months"), cells.count("star:recent"), coverage],
        ],
        key="star_coverage",
        short_title=_("Star coverage"),
        summary=[line for line in [narrative.star_coverage(coverage)] if line],
        note=_(
            "Active: started, not ended, and not paused on the as-of date. A reading with scores dated in "
            "the four months up to the as-of date covers the match; “not this time” does not."
        ),
    )


def _star_not_this_time(inputs: Inputs) -> Table:
    cells, star = inputs.cells, inputs.kpi["star"]
    names = {
        "declined": _("Did not want to this time"),
        "not_relevant": _("Not relevant now"),
        "could_not_meet": _("Could not meet"),
    }
    rows = [
        [names.get(reason, reason), cells.count(f"star:not_this_time:{reason}")]
        for reason in star["not_this_time"]
        if not cells.withheld(f"star:not_this_time:{reason}")
    ]
    rows.append([_("In all"), cells.count("star:not_this_time")])
    return Table(
        title=_("Star: “not this time” by reason (the period)"),
        columns=[_("Reason"), _("Times")],
        rows=rows,
        key="star_not_this_time",
        short_title=_("Star not this time"),
    )


def _improved(cells, row: dict):
    """The share improved with its n; hidden in the funder version when the improved or the others
    could be 1-4 matches (the reader can tell the count from the share and n)."""
    n, value = row["n"], row["improved_pct"]
    if cells.masked and (is_small(n) or any(share_hidden(k, n) for k in counts_for_pct(value, n))):
        return HIDDEN
    return Share(value, n)


def _star_distance(inputs: Inputs) -> Table:
    cells, distance = inputs.cells, inputs.kpi["star"]["distance"]
    names = figures.area_names(translation.get_language() or "da")
    rows, labels, values = [], [], []
    for area, row in distance.items():
        improved = _improved(cells, row)
        hidden = cells.masked and is_small(row["n"])
        rows.append(
            [names.get(area, area), cells.people(row["n"]), HIDDEN if hidden else row["median_change"], improved]
        )
        labels.append(names.get(area, area))
        values.append(improved.pct if isinstance(improved, Share) else HIDDEN)
    return Table(
        title=_("Star: distance travelled per area (the period)"),
        columns=[_("Area"), _("Matches"), _("Median change"), _("Improved")],
        rows=rows,
        chart=Chart(_("Share of matches whose score improved"), labels, values, unit="%"),
        key="star_distance",
        short_title=_("Star distance"),
        note=_(
            "Matches with two or more readings in the period that score the area: the latest score minus the "
            "first (1–10). A reading that skips an area is left out for that area."
        ),
    )
