"""Thin adapters from the ORM to the engine's plain data (no rules beyond the mapping itself).

Language rule (documented in docs/matching.md): a participant whose Danish is "none" or
"some" needs a volunteer who speaks their mother tongue, unless an interpreter arrangement is
made (`needs_interpreter` on the participant: the program arranges an interpreter). A
participant whose mother tongue is Danish, whose Danish level is unknown, good or fluent has
no language requirement.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterable
from datetime import date

from django.core.cache import cache
from django.db.models import Count, F, Q, QuerySet, TextField
from django.db.models.functions import Cast

from lib import geo
from lib.choices import DanishLevel
from matches.models import OPEN_MATCH_STATUSES, Match
from referrals.models import Participant
from regions.models import Region
from support.selectors import before_match_requirement_ids, missing_before_match, ready_for_match
from volunteers import pool_version
from volunteers.models import APPROVED_STATUSES, Volunteer, VolunteerStatus

from . import engine
from .models import DEFAULT_MAX_DISTANCE_KM, DEFAULT_THRESHOLD, MatchingConfig

NEEDS_SHARED_LANGUAGE = (DanishLevel.NONE, DanishLevel.SOME)


def _coordinates(postcode: str) -> tuple[float | None, float | None]:
    place = geo.lookup(postcode)
    return (place.lat, place.lon) if place else (None, None)


def needed_language(participant: Participant) -> str | None:
    """The language a volunteer must speak, before any interpreter arrangement."""
    mother_tongue = participant.mother_tongue
    if participant.danish_level in NEEDS_SHARED_LANGUAGE and mother_tongue and mother_tongue != "da":
        return mother_tongue
    return None


def to_participant(participant: Participant, *, today: date) -> engine.ParticipantFacts:
    lat, lon = _coordinates(participant.postcode)
    return engine.ParticipantFacts(
        id=participant.pk,
        gender=participant.gender or None,
        birth_year=participant.birth_year,
        lat=lat,
        lon=lon,
        interests=frozenset(participant.interests or ()),
        languages=tuple(participant.languages or ()),
        needs=frozenset(participant.needs or ()),
        wished_volunteer_gender=participant.wished_volunteer_gender or None,
        wished_age_min=participant.wished_age_min,
        wished_age_max=participant.wished_age_max,
        has_children=participant.has_children,
        availability=frozenset(participant.availability or ()),
        heavy_case=participant.heavy_case,
        needs_language=needed_language(participant),
        interpreter_arranged=participant.needs_interpreter,
        wants_same_mother_tongue=participant.wants_same_mother_tongue,
        waiting_days=max(0, participant.days_waiting(today) or 0),
    )


def with_open_matches(volunteers: QuerySet[Volunteer]) -> QuerySet[Volunteer]:
    """Annotate `open_match_count` in the same query (no query per volunteer)."""
    return volunteers.annotate(
        open_match_count=Count("matches", filter=Q(matches__status__in=OPEN_MATCH_STATUSES), distinct=True)
    )


def to_volunteers(volunteers: Iterable[Volunteer], *, today: date) -> dict[int, engine.VolunteerFacts]:
    """By id, in the given order; each volunteer must come through with_open_matches(). One more
    query, whatever their number, for the requirements needed before a first match they lack."""
    records = list(volunteers)
    missing = missing_before_match([v.pk for v in records], today)
    return {v.pk: to_volunteer(v, missing=missing.get(v.pk, ())) for v in records}


def to_volunteer(volunteer: Volunteer, *, missing: tuple[str, ...] = ()) -> engine.VolunteerFacts:
    """`volunteer` must come through with_open_matches(); `missing`: the names of the requirements
    needed before a first match it lacks (see to_volunteers). Paused volunteers count as approved
    (they were screened) and are excluded as paused, so "why not" names the real reason."""
    lat, lon = _coordinates(volunteer.postcode)
    return engine.VolunteerFacts(
        id=volunteer.pk,
        name=volunteer.full_name or volunteer.reference,
        gender=volunteer.gender or None,
        birth_year=volunteer.birth_year,
        lat=lat,
        lon=lon,
        interests=frozenset(volunteer.interests or ()),
        languages=tuple(volunteer.languages or ()),
        strengths=frozenset(volunteer.strengths or ()),
        has_children=volunteer.has_children,
        availability=frozenset(volunteer.availability or ()),
        professional_background=volunteer.professional_background,
        approved=volunteer.status in APPROVED_STATUSES,
        paused=volunteer.status == VolunteerStatus.PAUSED,
        capacity=volunteer.capacity,
        open_matches=volunteer.open_match_count,
        missing_requirements=tuple(missing),
        wished_participant_gender=volunteer.wished_participant_gender or None,
        wished_age_min=volunteer.wished_age_min,
        wished_age_max=volunteer.wished_age_max,
        max_distance_km=float(volunteer.max_distance_km) if volunteer.max_distance_km else None,
    )


# --- the region's pool ------------------------------------------------------------------

POOL_SECONDS = 600
POOL_FORMAT = 1  # part of the cache key: raise it when VolunteerPool's layout changes
POOL_COLUMNS = (
    "pk",
    "first_name",
    "last_name",
    "reference",
    "gender",
    "birth_year",
    "postcode",
    "interests",
    "languages",
    "strengths",
    "has_children",
    "availability",
    "professional_background",
    "capacity",
    "wished_participant_gender",
    "wished_age_min",
    "wished_age_max",
    "max_distance_km",
)
JSON_COLUMNS = frozenset({"interests", "languages", "strengths", "availability"})
# This process's copies of the pools (key -> (expires at, pool)): no unpickling on a hit.
_LOCAL: dict[str, tuple[float, engine.VolunteerPool]] = {}


def _decoded(kind: type) -> Callable[[str | None], frozenset | tuple]:
    """JSON list text -> `kind` of its items, each distinct text decoded once (and shared)."""
    memo: dict[str | None, frozenset | tuple] = {}

    def decode(text: str | None) -> frozenset | tuple:
        found = memo.get(text)
        if found is None:
            found = memo[text] = kind(json.loads(text) or ()) if text else kind()
        return found

    return decode


def load_pool(region: Region, *, today: date, requirement_ids: Iterable[int]) -> engine.VolunteerPool:
    """Every volunteer of the region the engine may propose, as columns: approved or matched (not
    paused), with room for another match, meeting each of `requirement_ids` (the requirements
    needed before a first match). Two queries, whatever the number of volunteers: the open
    matches counted per volunteer, and the volunteers' fields (the paused, the full and those
    lacking a requirement left out in SQL). The same facts as to_volunteer, without a model
    instance per volunteer."""
    open_here = Match.objects.filter(volunteer__region=region, status__in=OPEN_MATCH_STATUSES).order_by()
    per_volunteer = open_here.values("volunteer_id").annotate(n=Count("pk"))
    open_matches = {row["volunteer_id"]: row["n"] for row in per_volunteer}
    full = per_volunteer.filter(n__gte=F("volunteer__capacity")).values("volunteer_id")
    records = Volunteer.objects.available().filter(region=region).exclude(pk__in=full)
    records = ready_for_match(records, today, requirement_ids)
    # The JSON columns come as their text and each distinct text is decoded once: volunteers share
    # a few hundred combinations, and decoding one per volunteer and column was most of the load.
    as_text = {f"{name}_text": Cast(name, TextField()) for name in JSON_COLUMNS}
    columns = [f"{name}_text" if name in JSON_COLUMNS else name for name in POOL_COLUMNS]
    rows = list(records.annotate(**as_text).order_by("pk").values_list(*columns))
    (ids, first, last, reference, gender, birth_year, postcode, interests, languages, strengths, children,
     availability, professional, capacity, wished_gender, wished_min, wished_max, max_km) = (
        zip(*rows, strict=True) if rows else [()] * len(POOL_COLUMNS)
    )  # fmt: skip
    places = {code: _coordinates(code) for code in set(postcode)}
    return engine.VolunteerPool.from_columns(
        {
            "id": ids,
            "name": [f"{a} {b}".strip() or ref for a, b, ref in zip(first, last, reference, strict=True)],
            "gender": [g or None for g in gender],
            "birth_year": birth_year,
            "lat": [places[code][0] for code in postcode],
            "lon": [places[code][1] for code in postcode],
            "interests": list(map(_decoded(frozenset), interests)),
            "languages": list(map(_decoded(tuple), languages)),
            "strengths": list(map(_decoded(frozenset), strengths)),
            "has_children": children,
            "availability": list(map(_decoded(frozenset), availability)),
            "professional_background": professional,
            "approved": [True] * len(ids),
            "capacity": capacity,
            "open_matches": [open_matches.get(pk, 0) for pk in ids],
            "wished_participant_gender": [g or None for g in wished_gender],
            "wished_age_min": wished_min,
            "wished_age_max": wished_max,
            "max_distance_km": [float(km) if km else None for km in max_km],
        }
    )


def region_pool(region: Region, *, today: date) -> engine.VolunteerPool:
    """The region's pool (load_pool), cached for POOL_SECONDS in this process and in Django's cache.

    The key holds everything the pool depends on besides the volunteers' and matches' rows: the
    requirements needed before a first match (one small query per call) and the day (records
    expire); the rows are covered by the version token every write that changes them bumps
    (volunteers.pool_version).
    """
    requirement_ids = before_match_requirement_ids()
    key = ":".join(
        [
            "matching-pool",
            str(POOL_FORMAT),
            str(region.pk),
            pool_version.current(),
            ",".join(map(str, requirement_ids)),
            today.isoformat(),
        ]
    )
    now = time.time()
    found = _LOCAL.get(key)
    if found is None or found[0] <= now:
        found = cache.get(key)
        if found is None or found[0] <= now:
            pool = load_pool(region, today=today, requirement_ids=requirement_ids)
            found = (now + POOL_SECONDS, pool)
            cache.set(key, found, POOL_SECONDS)
        _keep_locally(key, found, now)
    return found[1]


def _keep_locally(key: str, found: tuple[float, engine.VolunteerPool], now: float) -> None:
    region = key.split(":")[2]
    for old in [k for k, (expires, _pool) in _LOCAL.items() if expires <= now or k.split(":")[2] == region]:
        del _LOCAL[old]
    _LOCAL[key] = found


def config_for(region: Region, *, today: date) -> engine.Config:
    """The region's configuration, or the documented defaults when none is saved."""
    saved = MatchingConfig.objects.filter(region=region).first()
    if saved is None:
        return engine.Config(
            current_year=today.year, max_distance_km=float(DEFAULT_MAX_DISTANCE_KM), threshold=float(DEFAULT_THRESHOLD)
        )
    return engine.Config(
        current_year=today.year,
        weights=saved.weights(),
        max_distance_km=float(saved.max_distance_km),
        threshold=float(saved.threshold),
    )
