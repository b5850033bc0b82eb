"""What the today page, the volunteer page, matching and the dashboard read from support."""

from collections.abc import Iterable
from datetime import date, timedelta

from django.db.models import Count, Exists, FilteredRelation, OuterRef, Q, QuerySet

from lib.dates import add_months
from lib.expressions import Quarter, Year
from volunteers.models import APPROVED_STATUSES, Volunteer
from volunteers.models import scope_q as volunteer_scope_q

from .models import Requirement, SupervisionRequest, VolunteerRequirement

EXPIRY_WARNING_DAYS = 30
ANNIVERSARY_YEARS = (1, 2, 5)
RECOGNITION_WINDOW_DAYS = 7  # anniversaries from a week ago to a week ahead
LIST_LIMIT = 50

MET, EXPIRING, EXPIRED, MISSING = "met", "expiring", "expired", "missing"


def requirement_status(volunteer: Volunteer, today: date) -> list[dict]:
    """Each requirement in use with the volunteer's latest record and its state: met, expiring
    (within EXPIRY_WARNING_DAYS), expired or missing."""
    latest: dict[int, VolunteerRequirement] = {}
    for record in volunteer.requirements_met.select_related("recorded_by").filter(met_on__lte=today):
        latest.setdefault(record.requirement_id, record)  # newest first (Meta.ordering)
    rows = []
    for requirement in Requirement.objects.in_use():
        record = latest.get(requirement.pk)
        if record is None:
            state = MISSING
        elif record.expires_on is None or record.expires_on > today + timedelta(days=EXPIRY_WARNING_DAYS):
            state = MET
        elif record.expires_on > today:
            state = EXPIRING
        else:
            state = EXPIRED
        rows.append({"requirement": requirement, "record": record, "state": state})
    return rows


def _valid_on(today: date, prefix: str = "") -> Q:
    """A requirement record that counts on `today`: met by then, not yet expired."""
    return Q(**{f"{prefix}met_on__lte": today}) & (
        Q(**{f"{prefix}expires_on__isnull": True}) | Q(**{f"{prefix}expires_on__gt": today})
    )


def before_match_requirement_ids() -> tuple[int, ...]:
    """The requirements needed before a first match, by id (one small query)."""
    return tuple(Requirement.objects.before_first_match().order_by("pk").values_list("pk", flat=True))


def ready_for_match(
    volunteers: QuerySet[Volunteer], today: date, requirement_ids: Iterable[int]
) -> QuerySet[Volunteer]:
    """Only the volunteers that meet each of `requirement_ids` (before_match_requirement_ids) on
    `today`, in the same query: missing_before_match's rule, as a filter."""
    for requirement_id in requirement_ids:
        met = VolunteerRequirement.objects.filter(_valid_on(today), requirement_id=requirement_id)
        volunteers = volunteers.filter(Exists(met.filter(volunteer=OuterRef("pk"))))
    return volunteers


def missing_before_match(volunteer_ids: Iterable[int], today: date) -> dict[int, tuple[str, ...]]:
    """Volunteer id → the names of the "before a first match" requirements they lack (never met, or
    expired); volunteers lacking none are left out. One query, whatever the number of volunteers."""
    ids = list(volunteer_ids)
    if not ids:
        return {}
    valid = Q(records__volunteer_id__in=ids) & _valid_on(today, "records__")
    rows = (
        Requirement.objects.before_first_match()
        .annotate(valid=FilteredRelation("records", condition=valid))
        .values_list("pk", "name", "valid__volunteer_id")
        .order_by("order", "name")
    )
    needed: dict[int, str] = {}
    have: dict[int, set[int]] = {}
    for pk, name, volunteer_id in rows:
        needed[pk] = name
        if volunteer_id is not None:
            have.setdefault(volunteer_id, set()).add(pk)
    missing = {}
    for volunteer_id in ids:
        lacking = tuple(name for pk, name in needed.items() if pk not in have.get(volunteer_id, ()))
        if lacking:
            missing[volunteer_id] = lacking
    return missing


def expiring_requirements(user, today: date, days: int = EXPIRY_WARNING_DAYS):
    """Requirements of the user's approved volunteers expiring within `days` and not yet renewed."""
    renewed = VolunteerRequirement.objects.filter(
        volunteer=OuterRef("volunteer"), requirement=OuterRef("requirement"), met_on__lte=today
    ).filter(Q(expires_on__isnull=True) | Q(expires_on__gt=OuterRef("expires_on")))
    return (
        VolunteerRequirement.objects.filter(
            volunteer_scope_q(user, through="volunteer__"),
            volunteer__status__in=APPROVED_STATUSES,
            requirement__active=True,
            expires_on__gt=today,
            expires_on__lte=today + timedelta(days=days),
        )
        .exclude(Exists(renewed))
        .select_related("volunteer", "requirement")
        .order_by("expires_on", "pk")
    )


def open_supervision(user):
    return (
        SupervisionRequest.objects.for_user(user)
        .open()
        .select_related("volunteer")
        .only(
            "pk",
            "requested_on",
            "reason",
            "booked_on",
            "held",
            "volunteer__first_name",
            "volunteer__last_name",
            "volunteer__reference",
        )
        .order_by("requested_on", "pk")
    )


def anniversaries(user, today: date, window: int = RECOGNITION_WINDOW_DAYS) -> list[dict]:
    """Volunteers still with the program (approved, matched, paused) whose 1st, 2nd or 5th year since
    approval falls within `window` days either side of today: time to say thank you."""
    between = Q(pk__in=[])
    for years in ANNIVERSARY_YEARS:
        start = add_months(today - timedelta(days=window), -12 * years)
        end = add_months(today + timedelta(days=window), -12 * years)
        between |= Q(approved_on__gte=start, approved_on__lte=end)
    volunteers = (
        Volunteer.objects.filter(volunteer_scope_q(user), between, status__in=APPROVED_STATUSES)
        .only("pk", "first_name", "last_name", "reference", "approved_on")
        .order_by("approved_on", "pk")
    )
    rows = []
    for volunteer in volunteers[:LIST_LIMIT]:
        years = next(
            n for n in ANNIVERSARY_YEARS if abs((add_months(volunteer.approved_on, 12 * n) - today).days) <= window
        )
        rows.append({"volunteer": volunteer, "years": years, "on": add_months(volunteer.approved_on, 12 * years)})
    return sorted(rows, key=lambda row: (row["on"], row["volunteer"].pk))


def supervision_by_quarter(*, date_from: date, date_to: date, region_slugs=None) -> list[dict]:
    """Requests and supervisions held per calendar quarter of `requested_on` (counts only)."""
    requests = SupervisionRequest.objects.filter(requested_on__gte=date_from, requested_on__lte=date_to)
    if region_slugs is not None:
        requests = requests.filter(volunteer__region__slug__in=region_slugs)
    per_quarter = (
        requests.annotate(year=Year("requested_on"), quarter=Quarter("requested_on"))
        .values("year", "quarter")
        .annotate(requested=Count("pk"), held=Count("pk", filter=Q(held=True)))
        .order_by()
    )
    counts = {(row["year"], row["quarter"]): row for row in per_quarter}
    quarters = []
    year, quarter = date_from.year, (date_from.month - 1) // 3 + 1
    while (year, quarter) <= (date_to.year, (date_to.month - 1) // 3 + 1):
        row = counts.get((year, quarter), {})
        quarters.append(
            {"year": year, "quarter": quarter, "requested": row.get("requested", 0), "held": row.get("held", 0)}
        )
        year, quarter = (year + 1, 1) if quarter == 4 else (year, quarter + 1)
    return quarters
