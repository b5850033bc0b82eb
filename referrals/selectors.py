"""Read rules for referrals: the referral list, the waiting list, duplicates and waiting times.

`waiting_times` is the one definition of "waiting time" (acceptance → match meeting); the
reports app reuses it.
"""

import statistics
from dataclasses import dataclass
from datetime import date

from django.db import connection
from django.db.models import BooleanField, Count, Exists, Min, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.expressions import RawSQL
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.models import Role
from lib.expressions import days_between_sql
from lib.phone import normalise_phone

from .models import AwaitingTriageFirst, BarePhone, Participant, ParticipantStatus, ParticipantStatusChange

S = ParticipantStatus


LISTED_FIELDS = (
    *("reference", "first_name", "last_name", "birth_year", "phone", "status"),
    *("referred_on", "accepted_on", "waiting_since", "treatment_centre__name"),
)


def referral_list(participants: QuerySet[Participant]) -> QuerySet[Participant]:
    """Referrals with their milestone dates; awaiting triage first, then newest referral first."""
    ended_on = (
        ParticipantStatusChange.objects.filter(participant=OuterRef("pk"), to_status=S.ENDED)
        .order_by("-on", "-pk")
        .values("on")[:1]
    )
    # Matches build on referrals: reached through the reverse relation, one index lookup per row
    # (a GROUP BY over every participant's matches took a quarter of a second at national scale).
    matches = Participant._meta.get_field("matches").related_model.objects.filter(participant=OuterRef("pk"))
    return (
        # The columns the list shows and the duplicate check reads, nothing more (a page's rows
        # are built as objects: 50 whole participants with their region and referrer cost more
        # than the page's SQL).
        participants.select_related(None)
        .select_related("treatment_centre")
        .only(*LISTED_FIELDS)
        .annotate(
            triage_first=AwaitingTriageFirst("status"),
            matched_on=Subquery(matches.order_by("-proposed_on").values("proposed_on")[:1]),
            meeting_on=Subquery(
                matches.filter(started_on__isnull=False).order_by("-started_on").values("started_on")[:1]
            ),
            ended_on=Subquery(ended_on),
        )
        .order_by("triage_first", "-referred_on", "-pk")
    )


# What the waiting list shows (its rows are built as objects: whole participants cost more).
WAITING_FIELDS = (
    *("reference", "first_name", "last_name", "postcode", "gender", "birth_year", "languages", "needs"),
    *("wished_volunteer_gender", "wished_age_min", "wished_age_max", "wants_same_mother_tongue", "wishes_other"),
    *("priority", "needs_interpreter", "heavy_case", "status", "accepted_on", "waiting_since"),
    "treatment_centre__name",
)


def waiting_list(participants: QuerySet[Participant]) -> QuerySet[Participant]:
    """Accepted, not yet matched: priority cases on top, then the longest waiting first."""
    return (
        participants.waiting()
        .select_related(None)
        .select_related("treatment_centre")
        .only(*WAITING_FIELDS)
        .order_by("-priority", "waiting_since", "accepted_on", "pk")
    )


def _phone_variants(phone: str) -> set[str]:
    """The ways a normalised number may be stored once spaces and dashes are removed."""
    normal = normalise_phone(phone)
    if not normal:
        return set()
    variants = {normal, "00" + normal[1:]}
    if normal.startswith("+45"):
        variants.add(normal[3:])
    return variants


def _bare_phone():
    return BarePhone("phone")


def _name_key(first: str, last: str, birth_year) -> tuple | None:
    if first and last and birth_year:
        return (first.strip().casefold(), last.strip().casefold(), birth_year)
    return None


def _name_condition(first: str, last: str, birth_year) -> Q:
    return Q(first_name__iexact=first.strip(), last_name__iexact=last.strip(), birth_year=birth_year)


def _names_condition(names: list[tuple[str, str, int]]) -> Q:
    """`_name_condition` for each (first name, last name, birth year), OR-ed, as the one SQL
    fragment the iexact lookups compile to on this database: Django spent longer building and
    compiling ~150 lookups for a page of referrals than the database spent running them."""
    if not names:
        return Q(pk__in=[])
    ops, quote = connection.ops, connection.ops.quote_name
    table = quote(Participant._meta.db_table)

    def text(column: str) -> str:
        return ops.lookup_cast("iexact", "CharField") % f"{table}.{quote(column)}"

    same = connection.operators["iexact"]  # "LIKE %s ESCAPE '\\'" on SQLite, "= UPPER(%s)" on PostgreSQL
    term = f"({table}.{quote('birth_year')} = %s AND {text('first_name')} {same} AND {text('last_name')} {same})"
    params = []
    for first, last, birth_year in names:
        params += [birth_year, ops.prep_for_iexact_query(first), ops.prep_for_iexact_query(last)]
    return Q(RawSQL(" OR ".join([term] * len(names)), params, output_field=BooleanField()))


def possible_duplicates(participant: Participant) -> QuerySet[Participant]:
    """Other participants with the same name and birth year, or the same phone number.

    Across all regions and centres: never show these as they are; `duplicates_seen_by` decides
    what a user may learn of them."""
    condition = Q(pk__in=[])
    if _name_key(participant.first_name, participant.last_name, participant.birth_year):
        condition |= _name_condition(participant.first_name, participant.last_name, participant.birth_year)
    phones = _phone_variants(participant.phone)
    if phones:
        condition |= Q(bare_phone__in=phones)
    return (
        Participant.objects.annotate(bare_phone=_bare_phone())
        .filter(condition)
        .exclude(pk=participant.pk)
        .select_related("region", "treatment_centre")
        .order_by("referred_on", "pk")
    )


def duplicates_seen_by(participant: Participant, scope: QuerySet[Participant]) -> tuple[list[Participant], bool]:
    """The possible duplicates a user may see (those in `scope`, e.g. Participant.objects.for_user(user)),
    and whether there are any others. Of those others nothing more is told: not their
    reference, region, status or dates (that would confirm a named person is in treatment elsewhere)."""
    duplicates = possible_duplicates(participant)
    visible = list(duplicates.filter(_in(scope)))
    elsewhere = duplicates.exclude(pk__in=[d.pk for d in visible]).exists()
    return visible, elsewhere


def _in(scope: QuerySet[Participant]) -> Exists | Value:
    """Is the row in `scope`: a lookup per row (`pk IN (scope)` read the whole scope, every
    participant for the project leader); simply true for a scope of everyone (the project leader),
    which PostgreSQL would otherwise hash in full for each page."""
    query = scope.query
    if not query.where and not query.is_empty() and not query.is_sliced and not query.combinator:
        return Value(True)
    return Exists(scope.filter(pk=OuterRef("pk")))


HERE, ELSEWHERE = "here", "elsewhere"


def duplicate_flags(participants, scope: QuerySet[Participant]) -> dict[int, str]:
    """Of these participants (a page of a list), those awaiting triage that have a possible
    duplicate: id → HERE when one is in `scope` (the user may open it), else ELSEWHERE (another
    region: the user is told only that one exists). One query for the whole page."""
    rows = [p for p in participants if p.awaiting_triage]
    names, phones = set(), set()
    for p in rows:
        if _name_key(p.first_name, p.last_name, p.birth_year):
            names.add((p.first_name.strip(), p.last_name.strip(), p.birth_year))
        phones |= _phone_variants(p.phone)
    if not rows:
        return {}
    condition = _names_condition(sorted(names))
    if phones:
        condition |= Q(bare_phone__in=phones)
    by_name: dict[tuple, set[int]] = {}
    by_phone: dict[str, set[int]] = {}
    in_scope: set[int] = set()
    candidates = Participant.objects.annotate(bare_phone=_bare_phone()).filter(condition).annotate(in_scope=_in(scope))
    for pk, first, last, birth_year, phone, visible in candidates.values_list(
        "pk", "first_name", "last_name", "birth_year", "phone", "in_scope"
    ):
        key = _name_key(first, last, birth_year)
        if key:
            by_name.setdefault(key, set()).add(pk)
        if normalise_phone(phone):
            by_phone.setdefault(normalise_phone(phone), set()).add(pk)
        if visible:
            in_scope.add(pk)
    flagged = {}
    for p in rows:
        same = set(by_name.get(_name_key(p.first_name, p.last_name, p.birth_year), ()))
        same |= by_phone.get(normalise_phone(p.phone), set())
        same -= {p.pk}
        if same:
            flagged[p.pk] = HERE if same & in_scope else ELSEWHERE
    return flagged


@dataclass(frozen=True)
class WaitingTimes:
    count: int
    average_days: float | None
    median_days: float | None


def summarise_waits(days: list[int]) -> WaitingTimes:
    """Pure arithmetic: count, mean and median of waiting times in days (None for no data)."""
    if not days:
        return WaitingTimes(0, None, None)
    return WaitingTimes(len(days), round(statistics.fmean(days), 1), float(statistics.median(days)))


def _first_meeting(as_of: date | None) -> Subquery:
    """The date of the participant's first match meeting (their first match that started), on or
    before `as_of`: one index lookup per participant."""
    matches = Participant._meta.get_field("matches").related_model.objects
    started = matches.filter(participant=OuterRef("pk"), started_on__isnull=False)
    if as_of:
        started = started.filter(started_on__lte=as_of)
    return Subquery(started.order_by("started_on").values("started_on")[:1])


def first_meetings(
    participants: QuerySet[Participant] | None = None, *, as_of: date | None = None, fields: tuple[str, ...] = ()
) -> dict[int, tuple]:
    """Participant id → (accepted_on, first match meeting, region slug, *fields) for the accepted
    participants (of `participants`, default all) whose first match started, on or before `as_of`:
    the pairs that `waiting_times` measures (planning reads them to estimate waits). One query."""
    base = participants if participants is not None else Participant.objects.all()
    rows = (
        base.filter(accepted_on__isnull=False)
        .annotate(first_meeting=_first_meeting(as_of))
        .order_by()
        .values_list("pk", "accepted_on", "first_meeting", "region__slug", *fields)
    )
    # No "has a first meeting" filter: it would repeat the subquery; those without are skipped.
    return {pk: (accepted_on, first, *rest) for pk, accepted_on, first, *rest in rows if first is not None}


def waiting_times(
    *, region=None, start: date | None = None, end: date | None = None, as_of: date | None = None
) -> dict[str, WaitingTimes]:
    """Waiting time per region slug: days from acceptance onto the waiting list to the
    participant's first match meeting (their first match that started).

    Counted for participants whose first match meeting falls in [start, end] (either open) and
    not after `as_of`. A participant who returns to the list after a match is not counted
    again: the figure answers "how long does a newly accepted person wait?".

    The pairs of `first_meetings`, but the database subtracts the dates and counts: one small
    row per region and number of days comes back, not one per participant."""
    matches = Participant._meta.get_field("matches").related_model.objects.filter(started_on__isnull=False)
    participants = Participant.objects.filter(accepted_on__isnull=False)
    if as_of:
        matches = matches.filter(started_on__lte=as_of)
    if region is not None:
        matches, participants = matches.filter(participant__region=region), participants.filter(region=region)
    # Each participant's first start in one GROUP BY over the matches' (participant, start) index,
    # joined to the accepted participants: a subquery per participant, repeated by the filters and
    # the grouping, took twice as long nationally.
    firsts = matches.values("participant_id").annotate(first=Min("started_on")).order_by().query.sql_with_params()
    accepted = participants.values("id", "accepted_on", "region__slug").order_by().query.sql_with_params()
    bounds = [
        (condition, value) for condition, value in [('f."first" >= %s', start), ('f."first" <= %s', end)] if value
    ]
    where = ("WHERE " + " AND ".join(condition for condition, _value in bounds)) if bounds else ""
    with connection.cursor() as cursor:
        cursor.execute(
            f"""SELECT p."region__slug", {days_between_sql('f."first"', 'p."accepted_on"')}, COUNT(*)
            FROM ({firsts[0]}) f JOIN ({accepted[0]}) p ON p."id" = f."participant_id"
            {where} GROUP BY 1, 2""",
            [*firsts[1], *accepted[1], *(value for _test, value in bounds)],
        )
        counted = cursor.fetchall()
    by_region: dict[str, list[int]] = {}
    for slug, days, people in counted:
        if days is not None:  # no match started (yet)
            by_region.setdefault(slug, []).extend([max(days, 0)] * people)
    return {slug: summarise_waits(days) for slug, days in sorted(by_region.items())}


def home_cards(user) -> list[dict]:
    """This app's cards on the home page (see settings.HOME_CARDS)."""
    if user.role not in (Role.PROJECT_LEADER, Role.CONSULTANT, Role.SOCIAL_WORKER):
        return []
    counts = Participant.objects.for_user(user).aggregate(
        referred=Count("pk", filter=Q(status__in=[ParticipantStatus.REFERRED, ParticipantStatus.INFO_REQUESTED])),
        waiting=Count("pk", filter=Q(status=ParticipantStatus.WAITING)),
        matched=Count("pk", filter=Q(status=ParticipantStatus.MATCHED)),
    )
    return [
        {"label": _("Referrals awaiting triage"), "value": counts["referred"], "url": reverse("referrals:list")},
        {
            "label": _("On the waiting list"),
            "value": counts["waiting"],
            "url": reverse("referrals:list" if user.role == Role.SOCIAL_WORKER else "referrals:waiting"),
        },
        {"label": _("Matched participants"), "value": counts["matched"], "url": None},
    ]
