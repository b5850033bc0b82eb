"""Explanations: what the kernel found about a pair (engine_vector.examine) as codes and params.

The rules live in the kernel; this module only reads the numbers it computed and names
them: every failing hard constraint (Exclusion) and the criteria worth telling (Reason).
The codes and params are listed in engine.py; matching/texts.py words them for people.
"""

from __future__ import annotations

from collections.abc import Sequence
from math import isnan

import numpy as np

from .engine_data import CRITERIA, Config, Exclusion, Explanation, ParticipantFacts, Reason, VolunteerFacts
from .engine_pool import VolunteerPool
from .engine_vector import Examined, examine

REASON_MIN_FRACTION = 0.3  # a criterion is worth telling when it gives >= 30 % of its weight
MAX_REASONS = 4


def _age(birth_year: int | None, config: Config) -> int | None:
    return None if birth_year is None else config.current_year - birth_year


def _exclusion(code: str, p: ParticipantFacts, v: VolunteerFacts, config: Config, km, limit_km) -> Exclusion:
    if code == "no_capacity":
        return Exclusion(code, {"capacity": v.capacity, "open_matches": v.open_matches})
    if code == "requirements_missing":
        return Exclusion(code, {"requirements": list(v.missing_requirements)})
    if code == "participant_gender_wish":
        return Exclusion(code, {"wished": p.wished_volunteer_gender, "actual": v.gender})
    if code == "volunteer_gender_wish":
        return Exclusion(code, {"wished": v.wished_participant_gender, "actual": p.gender})
    if code == "volunteer_age_wish":
        params = {"min": v.wished_age_min, "max": v.wished_age_max, "age": _age(p.birth_year, config)}
        return Exclusion(code, params)
    if code == "language_required":
        return Exclusion(code, {"language": p.needs_language})
    if code == "too_far":
        return Exclusion(code, {"km": round(km, 1), "limit_km": limit_km})
    return Exclusion(code, {})


def _age_reason(p: ParticipantFacts, v: VolunteerFacts, config: Config) -> Reason:
    v_age = _age(v.birth_year, config)
    low, high = p.wished_age_min, p.wished_age_max
    if low is None and high is None:
        return Reason("age_close", {"difference": abs(_age(p.birth_year, config) - v_age)})
    inside = (low is None or v_age >= low) and (high is None or v_age <= high)
    code = "age_in_wished_range" if inside else "age_near_wished_range"
    return Reason(code, {"age": v_age, "min": low, "max": high})


def _need_reason(v: VolunteerFacts, config: Config, met: list[str]) -> Reason:
    """The first met need, and the first of its strengths the volunteer has (None: shared interests)."""
    need = met[0]
    strength = next((s for s in config.need_strengths.get(need, ()) if s in v.strengths), None)
    return Reason("need_met", {"need": need, "strength": strength})


def _reason(criterion: str, p: ParticipantFacts, v: VolunteerFacts, config: Config, km, met) -> Reason:
    if criterion == "distance":
        return Reason("distance", {"km": round(km, 1)})
    if criterion == "age":
        return _age_reason(p, v, config)
    if criterion == "interests":
        return Reason("shared_interests", {"interests": sorted(p.interests & v.interests)})
    if criterion == "children":
        return Reason("both_have_children", {})
    if criterion == "needs":
        return _need_reason(v, config, met)
    if criterion == "availability":
        return Reason("availability", {"slots": sorted(p.availability & v.availability)})
    if criterion == "mother_tongue":
        return Reason("same_mother_tongue", {"language": p.languages[0]})
    return Reason("waiting", {"days": p.waiting_days})


def _explanation(found: Examined, k: int, p: ParticipantFacts, v: VolunteerFacts, config: Config) -> Explanation:
    km, limit_km = float(found.km[k]), float(found.limit_km[k])
    km = None if isnan(km) else km
    excluded = [_exclusion(code, p, v, config, km, limit_km) for code, failed in found.failed.items() if failed[k]]
    points = {c: float(found.points[c][k]) if c in found.points else 0.0 for c in CRITERIA}
    told = [c for c in found.fits if points[c] > 0 and found.fits[c][k] >= REASON_MIN_FRACTION]
    told.sort(key=lambda c: -points[c])  # stable: ties keep the CRITERIA order
    met = [need for need, served in zip(config.need_codes(), found.needs_met, strict=True) if served[k]]
    return Explanation(
        participant_id=p.id,
        volunteer_id=v.id,
        volunteer_name=v.name,
        excluded=excluded,
        score=float(found.total[k]),
        contributions=points,
        reasons=[_reason(c, p, v, config, km, met) for c in told[:MAX_REASONS]],
    )


def explanations(
    participants: Sequence[ParticipantFacts],
    pool: VolunteerPool,
    config: Config,
    index: np.ndarray,
    rows: np.ndarray,
) -> list[Explanation]:
    """Explanations of the pairs (participants[index[k]], pool row rows[k])."""
    if len(rows) == 0:
        return []
    found = examine(participants, pool, config, index, rows)
    return [
        _explanation(found, k, participants[i], pool.volunteer(r), config)
        for k, (i, r) in enumerate(zip(index, rows, strict=True))
    ]
