"""Read rules for referrals: the referral list, the waiting list, duplicates and waiting times.

`waiting_times` is the one definition of "waiting time" (acceptance → match meeting); the
reports app reuses it.
"""

import statistics
from dataclasses import dataclass
from datetime import date

from django.db.models import Case, Count, IntegerField, OuterRef, Q, QuerySet, Subquery, Value, When
from django.db.models.functions import Replace
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.models import Role
from lib.phone import normalise_phone

from .models import Participant, ParticipantStatus, ParticipantStatusChange

S = ParticipantStatus


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
        participants.select_related("treatment_centre", "region", "referred_by")
        .annotate(
            triage_first=Case(
                When(status__in=[S.REFERRED, S.INFO_REQUESTED], then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            ),
            matched_on=Subquery(matches.order_by("-proposed_on").values("proposed_on")[:1]),
            meeting_on=Subquery(
                matches.filter(started_on__isnull=False).order_by("-started_on").values("started_on")[:1]
            ),
            ended_on=Subquery(ended_on),
        )
        .order_by("triage_first", "-referred_on", "-pk")
    )


def waiting_list(participants: QuerySet[Participant]) -> QuerySet[Participant]:
    """Accepted, not yet matched: priority cases on top, then the longest waiting first."""
    return (
        participants.waiting()
        .select_related("treatment_centre", "region")
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
    return Replace(Replace("phone", Value(" "), Value("")), Value("-"), Value(""))


def _name_key(first: str, last: str, birth_year) -> tuple | None:
    if first and last and birth_year:
        return (first.strip().casefold(), last.strip().casefold(), birth_year)
    return None


def _name_condition(first: str, last: str, birth_year) -> Q:
    return Q(first_name__iexact=first.strip(), last_name__iexact=last.strip(), birth_year=birth_year)


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
    visible = list(duplicates.filter(pk__in=scope.values("pk")))
    elsewhere = duplicates.exclude(pk__in=[d.pk for d in visible]).exists()
    return visible, elsewhere


HERE, ELSEWHERE = "here", "elsewhere"


def duplicate_flags(participants, scope: QuerySet[Participant]) -> dict[int, str]:
    """Of these participants (a page of a list), those awaiting triage that have a possible
    duplicate: id → HERE when one is in `scope` (the user may open it), else ELSEWHERE (another
    region: the user is told only that one exists). One query for the whole page."""
    rows = [p for p in participants if p.awaiting_triage]
    condition, phones = Q(pk__in=[]), set()
    for p in rows:
        if _name_key(p.first_name, p.last_name, p.birth_year):
            condition |= _name_condition(p.first_name, p.last_name, p.birth_year)
        phones |= _phone_variants(p.phone)
    if not rows:
        return {}
    if phones:
        condition |= Q(bare_phone__in=phones)
    by_name: dict[tuple, set[int]] = {}
    by_phone: dict[str, set[int]] = {}
    in_scope: set[int] = set()
    candidates = (
        Participant.objects.annotate(bare_phone=_bare_phone())
        .filter(condition)
        .annotate(
            in_scope=Case(When(pk__in=scope.values("pk"), then=Value(1)), default=Value(0), output_field=IntegerField())
        )
    )
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


def waiting_times(
    *, region=None, start: date | None = None, end: date | None = None, as_of: date | None = None
) -> dict[str, WaitingTimes]:
    """Waiting time per region slug: days from acceptance onto the waiting list to the
    participant's first match meeting (their first match that started).

    Counted for participants whose first match meeting falls in [start, end] (either open) and
    not after `as_of`. A participant who returns to the list after a match is not counted
    again: the figure answers "how long does a newly accepted person wait?"."""
    # One filter() call, so every condition on `matches` is about the same match (one join).
    started = {"matches__started_on__isnull": False} | ({"matches__started_on__lte": as_of} if as_of else {})
    participants = Participant.objects.filter(accepted_on__isnull=False, **started)
    if region is not None:
        participants = participants.filter(region=region)
    rows = participants.values_list("pk", "region__slug", "accepted_on", "matches__started_on")
    first: dict[int, tuple[str, date, date]] = {}
    for participant_id, slug, accepted_on, started_on in rows.order_by("pk", "matches__started_on", "matches__pk"):
        first.setdefault(participant_id, (slug, accepted_on, started_on))
    by_region: dict[str, list[int]] = {}
    for slug, accepted_on, started_on in first.values():
        if (start and started_on < start) or (end and started_on > end):
            continue
        by_region.setdefault(slug, []).append(max((started_on - accepted_on).days, 0))
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
