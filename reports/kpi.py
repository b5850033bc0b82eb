"""The KPI figures of ../shared/docs/kpi-definitions.md, computed in the database.

A constant number of queries (eleven), whatever the amount of data: every figure is a
COUNT with a filter, grouped by region, cohort year, gender, age group or birth country; the
`star` key (Forandringsstjernen) is outcomes.kpi's three.
Python only shapes the few aggregate rows into the contract's JSON structure.
"""

from collections import Counter
from dataclasses import dataclass
from datetime import date

from django.db import connection
from django.db.models import Count, F, Min, Q, QuerySet
from django.utils import translation

from lib import names
from lib.expressions import Year
from matches.models import Assessment, Match, MatchPause
from outcomes.kpi import star_report
from outcomes.models import AreaProgress, Reading, Score
from referrals.models import Participant
from regions.models import Region
from volunteers.models import Volunteer

from .arithmetic import AGE_GROUPS, GENDERS, pct, share
from .kept import kept

ARRIVAL_CUTOFF_YEAR = 2014
TOP_COUNTRIES = 5


@dataclass(frozen=True)
class Period:
    date_from: date
    date_to: date
    as_of: date
    # None: every region; otherwise the region slugs the figures are restricted to.
    regions: tuple[str, ...] | None = None

    @property
    def last_day(self) -> date:
        """Nothing dated after as_of counts: the period ends at the earlier of to and as_of."""
        return min(self.date_to, self.as_of)

    def in_period(self, field: str) -> Q:
        return Q(**{f"{field}__gte": self.date_from, f"{field}__lte": self.last_day})

    def scope(self, qs: QuerySet, field: str = "region__slug") -> QuerySet:
        """`qs` restricted to the period's regions (through `field`, a region slug), if any."""
        return qs if self.regions is None else qs.filter(**{f"{field}__in": self.regions})


def established_q(period: Period, prefix: str = "") -> Q:
    return Q(**{f"{prefix}started_on__gte": period.date_from, f"{prefix}started_on__lte": period.last_day})


def on_the_way_q(as_of: date) -> Q:
    return (
        Q(proposed_on__lte=as_of)
        & (Q(started_on__isnull=True) | Q(started_on__gt=as_of))
        & (Q(cancelled_on__isnull=True) | Q(cancelled_on__gt=as_of))
    )


def evaluable_q(as_of: date) -> Q:
    return Q(six_month_on__lte=as_of)


def well_functioning_q(as_of: date) -> Q:
    """Evaluable, not ended before the six-month mark, and not assessed "not well-functioning"."""
    not_ended_before_mark = Q(ended_on__isnull=True) | Q(ended_on__gte=F("six_month_on")) | Q(ended_on__gt=as_of)
    return evaluable_q(as_of) & not_ended_before_mark & ~Q(six_month_assessment=Assessment.NOT_WELL_FUNCTIONING)


def established_matches(period: Period) -> QuerySet:
    return period.scope(Match.objects.filter(established_q(period)))


# Age at the first match established in the period: (group, ages up to and including), in order.
AGE_BOUNDS = [("under-18", 17), ("18-30", 30), ("31-40", 40), ("41-50", 50), ("51-60", 60)]
OLDEST = "61+"


@kept(Match, Participant, Region)
def _participant_groups(period: Period) -> list[tuple[str, str, str, str, int]]:
    """Matched participants counted by (age group, gender group, birth country, arrival) in one
    pass, from which every participant figure is summed: each participant's first start year in the
    period by one GROUP BY over the established matches, joined to the participant. (The figures
    were four passes over the matched participants, each testing every participant for a match.)"""
    first = (
        established_matches(period)
        .values("participant_id")
        .annotate(first_year=Year(Min("started_on")))
        .values("participant_id", "first_year")
        .order_by()
    )
    first_sql, params = first.query.sql_with_params()
    branches = " ".join("WHEN f.first_year - p.birth_year <= %s THEN %s" for _group in AGE_BOUNDS)
    bounds = [value for group, top in AGE_BOUNDS for value in (top, group)]
    with connection.cursor() as cursor:
        cursor.execute(
            f"""SELECT
                CASE WHEN p.birth_year IS NULL OR f.first_year IS NULL THEN 'unknown' {branches} ELSE %s END,
                CASE WHEN p.gender IN ('female', 'male', 'other') THEN p.gender ELSE 'unknown' END,
                p.birth_country,
                CASE WHEN p.arrival_year IS NULL THEN 'unknown' WHEN p.arrival_year <= %s THEN 'early'
                     ELSE 'later' END,
                COUNT(*)
            FROM ({first_sql}) f JOIN {Participant._meta.db_table} p ON p.id = f.participant_id
            GROUP BY 1, 2, 3, 4""",
            [*bounds, OLDEST, ARRIVAL_CUTOFF_YEAR, *params],
        )
        return cursor.fetchall()


@kept(Match, Region)
def _matches(period: Period) -> dict:
    on_the_way = on_the_way_q(period.as_of)
    rows = (
        period.scope(Match.objects.filter(established_q(period) | on_the_way))
        .values("region__slug")
        .annotate(established=Count("pk", filter=established_q(period)), on_the_way=Count("pk", filter=on_the_way))
        .order_by("region__slug")
    )
    by_region, on_the_way_by_region = {}, {}
    for row in rows:
        if row["established"]:
            by_region[row["region__slug"]] = row["established"]
        if row["on_the_way"]:
            on_the_way_by_region[row["region__slug"]] = row["on_the_way"]
    return {
        "established": sum(by_region.values()),
        "by_region": by_region,
        "on_the_way": sum(on_the_way_by_region.values()),
        "on_the_way_by_region": on_the_way_by_region,
    }


def _success_row(established: int, evaluable: int, well: int) -> dict:
    return {"established": established, "evaluable": evaluable, "well_functioning": well, "pct": pct(well, evaluable)}


@kept(Match, Region)
def _success(period: Period) -> dict:
    evaluable, well = evaluable_q(period.as_of), well_functioning_q(period.as_of)
    rows = (
        established_matches(period)
        .annotate(cohort=Year("started_on"))
        .values("cohort")
        .annotate(established=Count("pk"), evaluable=Count("pk", filter=evaluable), well=Count("pk", filter=well))
        .order_by("cohort")
    )
    by_cohort, totals = {}, [0, 0, 0]
    for row in rows:
        by_cohort[str(row["cohort"])] = _success_row(row["established"], row["evaluable"], row["well"])
        totals = [totals[0] + row["established"], totals[1] + row["evaluable"], totals[2] + row["well"]]
    return {"by_cohort_year": by_cohort, "period": _success_row(*totals)}


@kept(Volunteer, Region)
def _volunteers(period: Period) -> dict:
    recruited = period.scope(Volunteer.objects.filter(period.in_period("approved_on"))).count()
    return {"recruited": recruited}


@kept(Participant, Region)
def _referrals(period: Period) -> dict:
    received, accepted = period.in_period("referred_on"), period.in_period("accepted_on")
    counts = period.scope(Participant.objects.filter(received | accepted)).aggregate(
        received=Count("pk", filter=received), accepted=Count("pk", filter=accepted)
    )
    return {"received": counts["received"], "accepted": counts["accepted"]}


def _participants(period: Period) -> dict:
    ages, genders, countries, arrivals = Counter(), Counter(), Counter(), Counter()
    for age, gender, country, arrival, count in _participant_groups(period):
        ages[age] += count
        genders[gender] += count
        countries[country] += count
        arrivals[arrival] += count
    n = sum(ages.values())
    top = sorted(((country, count) for country, count in countries.items() if country), key=lambda c: (-c[1], c[0]))
    with translation.override("da"):
        top5 = [
            {"country": country, "name": names.country_name(country), "n": count, "pct": pct(count, n)}
            for country, count in top[:TOP_COUNTRIES]
        ]
    known = arrivals["early"] + arrivals["later"]
    return {
        "n": n,
        "gender": {key: share(genders[key], n) for key in GENDERS if genders[key]},
        "age_groups": {key: share(ages[key], n) for key in AGE_GROUPS if ages[key]},
        "birth_countries": {
            "distinct": len(top),
            "top5": top5,
            "born_in_denmark": share(countries["DK"], n),
        },
        "arrival": {
            "cutoff_year": ARRIVAL_CUTOFF_YEAR,
            "known": known,
            "at_or_before_cutoff": arrivals["early"],
            "pct": pct(arrivals["early"], known),
            "unknown": n - known,
        },
    }


def compute(period: Period, *, region_label: str | None = None) -> dict:
    """Every KPI figure for the period, in the exact structure of the contract's JSON."""
    return {
        "period": {
            "from": period.date_from.isoformat(),
            "to": period.date_to.isoformat(),
            "as_of": period.as_of.isoformat(),
            "region": region_label,
        },
        "matches": _matches(period),
        "success": _success(period),
        "volunteers": _volunteers(period),
        "referrals": _referrals(period),
        "participants": _participants(period),
        "star": _star(period),
    }


@kept(Match, MatchPause, Reading, Score, AreaProgress, Region)
def _star(period: Period) -> dict:
    return star_report(date_from=period.date_from, date_to=period.date_to, as_of=period.as_of, regions=period.regions)


def kpi_report(*, date_from: date, date_to: date, as_of: date, region: str | None = None) -> dict:
    """The `kpi_report` JSON for the whole program or one region (slug)."""
    period = Period(date_from, date_to, as_of, (region,) if region else None)
    return compute(period, region_label=region)
