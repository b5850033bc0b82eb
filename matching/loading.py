"""Thin adapters from the ORM to the engine's plain data (no rules beyond the mapping itself).

Language rule (documented in docs/matching.md): a participant whose Danish is "none" or
"some" needs a volunteer who speaks their mother tongue, unless an interpreter arrangement is
made (`needs_interpreter` on the participant: the program arranges an interpreter). A
participant whose mother tongue is Danish, whose Danish level is unknown, good or fluent has
no language requirement.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.db.models import Count, Q, QuerySet

from lib import geo
from lib.choices import DanishLevel
from matches.models import OPEN_MATCH_STATUSES
from referrals.models import Participant
from regions.models import Region
from support.selectors import missing_before_match
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
