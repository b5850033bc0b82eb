"""Read side of matching: load scoped records, ask the engine, shape the answers for the pages."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import numpy as np
from django.db.models import BooleanField, ExpressionWrapper, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from accounts.access import regions_for
from accounts.models import Role
from lib import geo
from matches.models import Match
from referrals.models import Participant
from regions.models import Region
from reports.arithmetic import pct
from reports.kpi import evaluable_q, well_functioning_q
from volunteers.models import Volunteer

from . import engine, loading, texts
from .models import CRITERION_LABELS

SUGGESTION_LIMIT = 10
SUGGESTION_STEPS = (10, 25, 50)  # "Show more" on the suggestions page
WHY_NOT_LIMIT = 10
MIN_CELL = 10  # insights: cells with fewer matches are hidden


@dataclass
class Shown:
    """One suggested pair ready for a template."""

    participant: Participant
    volunteer: Volunteer
    score: float
    rank: int | None = None
    contributions: list[dict] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)
    exclusions: list[str] = field(default_factory=list)
    # Exclusions no reason can override (match_propose refuses them): the texts, for the page.
    blocking: list[str] = field(default_factory=list)

    @property
    def eligible(self) -> bool:
        return not self.exclusions

    @property
    def proposable(self) -> bool:
        """The pair can be proposed at all (perhaps with a reason): no "Propose" button otherwise."""
        return not self.blocking

    @property
    def score_value(self) -> str:
        """For <meter value="...">: always a dot decimal, whatever the locale."""
        return f"{self.score:.1f}"


def contributions(config: engine.Config, points: dict[str, float]) -> list[dict]:
    full = config.points()
    return [
        {
            "criterion": criterion,
            "label": CRITERION_LABELS[criterion],
            "points": round(points.get(criterion, 0.0), 1),
            "max": round(full[criterion], 1),
            "value": f"{points.get(criterion, 0.0):.1f}",
            "max_value": f"{full[criterion]:.1f}",
        }
        for criterion in engine.CRITERIA
        if full[criterion] > 0
    ]


# Reasons that describe the participant alone (the same for every volunteer): shown once in the
# page header of the participant's pages, not on each candidate. The score keeps their points.
PARTICIPANT_ONLY_REASONS = frozenset({"waiting"})


# What a volunteer's own state excludes (the volunteer page's "cannot be suggested" line).
VOLUNTEER_EXCLUSIONS = ("not_approved", "paused", "no_capacity", "requirements_missing")
# A volunteer who is not approved, has no free place, lacks a requirement needed before a first
# match or works in another region cannot be proposed.
BLOCKING_EXCLUSIONS = frozenset({"not_approved", "no_capacity", "requirements_missing", texts.OTHER_REGION})


def _shown(
    config, participant, volunteer, *, score, points, reasons, rank=None, exclusions=(), omit=frozenset()
) -> Shown:
    return Shown(
        participant=participant,
        volunteer=volunteer,
        score=score,
        rank=rank,
        contributions=contributions(config, points),
        reasons=[texts.reason_text(r) for r in reasons if r.code not in omit],
        exclusions=[texts.exclusion_text(x) for x in exclusions],
        blocking=[texts.exclusion_text(x) for x in exclusions if x.code in BLOCKING_EXCLUSIONS],
    )


# --- volunteers for one participant --------------------------------------------------


def region_pool(user, region: Region, *, today: date) -> engine.VolunteerPool:
    """The volunteers of the region the engine may propose (loading.region_pool, cached).

    Casework sees every volunteer of its regions (Volunteer.objects.for_user), so the pool is the
    region's whole pool for the project leader and a consultant of the region; nobody else has one.
    """
    if user.role in (Role.PROJECT_LEADER, Role.CONSULTANT) and regions_for(user).filter(pk=region.pk).exists():
        return loading.region_pool(region, today=today)
    return engine.VolunteerPool.from_volunteers([])


def free_count(pool: engine.VolunteerPool) -> int:
    """Volunteers the engine can consider at all: approved, not paused, open matches under capacity."""
    return int(pool.available.sum())


def narrowed(
    pool: engine.VolunteerPool,
    participant: engine.ParticipantFacts,
    *,
    gender: str = "",
    max_km: int | None = None,
    language: str = "",
) -> engine.VolunteerPool:
    """The pool with the page's filters applied: they choose who is shown, never a score."""
    keep = np.ones(len(pool), dtype=bool)
    if gender:
        keep &= pool.facts["gender"] == gender
    if language:
        keep &= np.fromiter((language in spoken for spoken in pool.facts["languages"]), dtype=bool, count=len(pool))
    if max_km and participant.lat is not None and participant.lon is not None:
        km = geo.haversine_km(participant.lat, participant.lon, pool.lat, pool.lon)
        keep &= np.isnan(km) | (km <= max_km)  # unknown coordinates never exclude (as in the engine)
    return pool if keep.all() else pool.narrow(keep)


def suggestions(
    user,
    participant: Participant,
    *,
    today: date,
    gender: str = "",
    max_km: int | None = None,
    language: str = "",
    limit: int = SUGGESTION_LIMIT,
) -> dict:
    """The best volunteers for a participant. Filters narrow the pool; they never change a score.

    The region's pool comes from the cache; it is scored at once and only the shown are explained
    and read from the database (one query for their records).
    """
    config = loading.config_for(participant.region, today=today)
    person = loading.to_participant(participant, today=today)
    pool = region_pool(user, participant.region, today=today)
    pool = narrowed(pool, person, gender=gender, max_km=max_km, language=language)
    found = engine.ranked(person, pool, config, limit=limit).candidates
    records = Volunteer.objects.in_bulk([c.volunteer_id for c in found])
    found = [c for c in found if c.volunteer_id in records]  # a row deleted outside the services
    shown = [
        _shown(
            config,
            participant,
            records[c.volunteer_id],
            score=c.score,
            points=c.contributions,
            reasons=c.reasons,
            rank=i,
            omit=PARTICIPANT_ONLY_REASONS,
        )
        for i, c in enumerate(found, start=1)
    ]
    return {
        "config": config,
        "candidates": shown,
        "limit": limit,
        "more": next((step for step in SUGGESTION_STEPS if step > limit), None) if len(shown) >= limit else None,
        "pool_size": free_count(pool),
        "waiting_days": person.waiting_days,
        "any_above_threshold": any(c.score >= config.threshold for c in shown),
    }


@dataclass
class Ranking:
    """Where a chosen volunteer stands among all the region's suggestions for a participant."""

    chosen: Shown
    rank: int | None  # None: a hard constraint excludes the pair
    top_volunteer_id: int | None
    top_score: float | None
    candidates: int

    @property
    def is_top(self) -> bool:
        return self.rank == 1


def rank_volunteer(participant: Participant, volunteer: Volunteer, *, today: date) -> Ranking:
    """Ranks over every available volunteer of the participant's region (not narrowed by filters).

    The region's pool (cached) is scored once, vectorised; only the chosen pair is explained, from
    the chosen volunteer's own record (it may be paused, full or elsewhere: "why not" names it).
    """
    config = loading.config_for(participant.region, today=today)
    person = loading.to_participant(participant, today=today)
    pool = loading.region_pool(participant.region, today=today)
    standing = engine.ranked(person, pool, config, limit=0, chosen=volunteer.pk).standing
    chosen_record = loading.with_open_matches(Volunteer.objects.filter(pk=volunteer.pk)).get()
    chosen = loading.to_volunteers([chosen_record], today=today)[volunteer.pk]
    why = engine.explain(person, chosen, config)
    shown = _shown(
        config,
        participant,
        volunteer,
        score=why.score,
        points=why.contributions,
        reasons=why.reasons,
        rank=standing.rank,
        exclusions=why.excluded,
    )
    return Ranking(
        chosen=shown,
        rank=standing.rank if why.eligible else None,
        top_volunteer_id=standing.top_volunteer_id,
        top_score=standing.top_score,
        candidates=standing.feasible,
    )


def why_not(user, participant: Participant, *, today: date, query: str = "", volunteer_id: int | None = None) -> list:
    """Explain named volunteers in the user's scope: every hard constraint the pair fails."""
    records = Volunteer.objects.for_user(user)
    if volunteer_id:
        records = records.filter(pk=volunteer_id)
    else:
        words = query.split()
        if not words:
            return []
        for word in words:
            records = records.filter(
                Q(first_name__icontains=word) | Q(last_name__icontains=word) | Q(reference__iexact=word)
            )
    records = loading.with_open_matches(records.order_by("first_name", "last_name", "pk"))[:WHY_NOT_LIMIT]
    config = loading.config_for(participant.region, today=today)
    person = loading.to_participant(participant, today=today)
    records = list(records)
    facts = loading.to_volunteers(records, today=today)
    out = []
    for record in records:
        why = engine.explain(person, facts[record.pk], config)
        excluded = list(why.excluded)
        if record.region_id != participant.region_id:
            excluded.insert(0, engine.Exclusion(texts.OTHER_REGION, {}))
        out.append(
            _shown(
                config,
                participant,
                record,
                score=why.score,
                points=why.contributions,
                reasons=why.reasons,
                exclusions=excluded,
                omit=PARTICIPANT_ONLY_REASONS,
            )
        )
    return out


# --- participants for one volunteer --------------------------------------------------


def waiting_participants(user, region: Region) -> QuerySet[Participant]:
    return Participant.objects.for_user(user).filter(region=region).waiting().order_by("waiting_since", "pk")


def suggestions_for_volunteer(user, volunteer: Volunteer, *, today: date, limit: int = SUGGESTION_LIMIT) -> dict:
    config = loading.config_for(volunteer.region, today=today)
    record = loading.with_open_matches(Volunteer.objects.filter(pk=volunteer.pk)).get()
    helper = loading.to_volunteers([record], today=today)[record.pk]
    by_id = {p.pk: p for p in waiting_participants(user, volunteer.region)}
    people = [loading.to_participant(p, today=today) for p in by_id.values()]
    found = engine.suggest_for_volunteer(helper, people, config, limit=limit)
    shown = [
        _shown(config, by_id[c.participant_id], volunteer, score=c.score, points=c.contributions, reasons=c.reasons)
        for c in found
    ]
    own = engine.explain(engine.ParticipantFacts(id=0), helper, config).excluded
    volunteer_exclusions = [texts.exclusion_text(x) for x in own if x.code in VOLUNTEER_EXCLUSIONS]
    return {
        "config": config,
        "candidates": shown,
        "waiting_count": len(people),
        "volunteer_exclusions": volunteer_exclusions,
    }


# --- batch ---------------------------------------------------------------------------


def batch(user, region: Region, *, today: date, rejected: set[tuple[int, int]] = frozenset()) -> dict:
    """The optimal set of pairs for the region's waiting list, each explained. Nothing is saved."""
    config = loading.config_for(region, today=today)
    participants = {p.pk: p for p in waiting_participants(user, region)}
    people = [loading.to_participant(p, today=today) for p in participants.values()]
    pool = region_pool(user, region, today=today)
    pairs = engine.propose_batch(people, pool, config, exclude=rejected)
    whys = engine.explain_pairs(people, pool, config, [(pair.participant_id, pair.volunteer_id) for pair in pairs])
    volunteers = Volunteer.objects.in_bulk([pair.volunteer_id for pair in pairs])
    shown = [
        _shown(
            config,
            participants[pair.participant_id],
            volunteers[pair.volunteer_id],
            score=pair.score,
            points=why.contributions,
            reasons=why.reasons,
        )
        for pair, why in zip(pairs, whys, strict=True)
    ]
    paired = {pair.participant_id for pair in pairs}
    return {
        "config": config,
        "pairs": shown,
        "unpaired": [p for pk, p in participants.items() if pk not in paired],
        "waiting_count": len(participants),
        "volunteer_count": free_count(pool),
        "total": round(sum(pair.score for pair in pairs), 1),
    }


# --- insights ------------------------------------------------------------------------


def _km(match: Match) -> float | None:
    return geo.distance_km(match.participant.postcode, match.volunteer.postcode)


def _band(value, bands):
    if value is None:
        return None
    for upper, key in bands:
        if upper is None or value < upper:
            return key
    return None


DIMENSIONS = [
    (
        "gender",
        _("Gender"),
        [("same", _("Same gender")), ("different", _("Different gender"))],
        lambda m: (
            None
            if not (m.participant.gender and m.volunteer.gender)
            else ("same" if m.participant.gender == m.volunteer.gender else "different")
        ),
    ),
    (
        "interests",
        _("Interests"),
        [("shared", _("At least one shared interest")), ("none", _("No shared interest"))],
        lambda m: "shared" if set(m.participant.interests or ()) & set(m.volunteer.interests or ()) else "none",
    ),
    (
        "distance",
        _("Distance between their postcodes"),
        [("0-5", _("Under 5 km")), ("5-10", _("5–10 km")), ("10-25", _("10–25 km")), ("25+", _("25 km or more"))],
        lambda m: _band(_km(m), [(5, "0-5"), (10, "5-10"), (25, "10-25"), (None, "25+")]),
    ),
    (
        "age_gap",
        _("Age difference"),
        [("0-9", _("Under 10 years")), ("10-19", _("10–19 years")), ("20+", _("20 years or more"))],
        lambda m: (
            None
            if not (m.participant.birth_year and m.volunteer.birth_year)
            else _band(
                abs(m.participant.birth_year - m.volunteer.birth_year), [(10, "0-9"), (20, "10-19"), (None, "20+")]
            )
        ),
    ),
    (
        "language",
        _("Shared language other than Danish"),
        [("shared", _("Share a language other than Danish")), ("none", _("No shared language other than Danish"))],
        lambda m: (
            None
            if not m.participant.languages
            else ("shared" if (set(m.participant.languages) & set(m.volunteer.languages or ())) - {"da"} else "none")
        ),
    ),
]


def evaluable_matches(user, *, today: date, region: Region | None = None) -> QuerySet[Match]:
    """Matches past their six-month mark, each with `well` (well-functioning) as the KPIs define it."""
    well = ExpressionWrapper(well_functioning_q(today), output_field=BooleanField())
    qs = Match.objects.for_user(user).filter(evaluable_q(today), started_on__isnull=False).annotate(well=well)
    if region is not None:
        qs = qs.filter(region=region)
    return (
        qs.select_related(None)
        .only(
            "started_on",
            "six_month_on",
            "ended_on",
            "six_month_assessment",
            "participant__gender",
            "participant__interests",
            "participant__postcode",
            "participant__birth_year",
            "participant__languages",
            "volunteer__gender",
            "volunteer__interests",
            "volunteer__postcode",
            "volunteer__birth_year",
            "volunteer__languages",
        )
        .select_related("participant", "volunteer")
    )


def _cell(label, n: int, well: int) -> dict:
    hidden = n < MIN_CELL
    return {
        "label": label,
        "n": None if hidden else n,
        "well": None if hidden else well,
        "pct": None if hidden else pct(well, n),
        "hidden": hidden,
    }


def insights(user, *, today: date, region: Region | None = None) -> dict:
    """Six-month success rate by criterion agreement; cells under MIN_CELL matches are hidden."""
    matches = list(evaluable_matches(user, today=today, region=region))
    results = [(m, m.well) for m in matches]
    rows = []
    for key, title, values, classify in DIMENSIONS:
        counts = {value: [0, 0] for value, _label in values}
        unknown = [0, 0]
        for match, well in results:
            slot = counts.get(classify(match), unknown)
            slot[0] += 1
            slot[1] += int(well)
        cells = [_cell(label, *counts[value]) for value, label in values]
        if unknown[0]:
            cells.append(_cell(_("Unknown"), *unknown))
        rows.append({"key": key, "title": title, "cells": cells})
    well_total = sum(int(well) for _m, well in results)
    return {"overall": _cell(_("All evaluable matches"), len(results), well_total), "rows": rows}
