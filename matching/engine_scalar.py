"""The scalar scorer: one participant and one volunteer, with reasons ("why not Anne?").

engine_vector.py computes the same numbers for many pairs at once; both must use the same
arithmetic in the same order (tests compare them), so change them together.
"""

from __future__ import annotations

from math import asin, cos, inf, radians, sin, sqrt

from .engine_data import CRITERIA, Config, Exclusion, Explanation, Participant, Reason, Volunteer

EARTH_RADIUS_KM = 6371.0088
REASON_MIN_FRACTION = 0.3  # a criterion is worth telling when it gives >= 30 % of its weight
MAX_REASONS = 4


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km between two points given in degrees."""
    phi1, phi2 = radians(lat1), radians(lat2)
    half_dphi = (phi2 - phi1) * 0.5
    half_dlam = (radians(lon2) - radians(lon1)) * 0.5
    s1, s2 = sin(half_dphi), sin(half_dlam)
    a = s1 * s1 + cos(phi1) * cos(phi2) * (s2 * s2)
    return 2.0 * EARTH_RADIUS_KM * asin(sqrt(min(a, 1.0)))


def pair_distance_km(p: Participant, v: Volunteer) -> float | None:
    if None in (p.lat, p.lon, v.lat, v.lon):
        return None
    return haversine_km(p.lat, p.lon, v.lat, v.lon)


def distance_limit_km(v: Volunteer, config: Config) -> float:
    own = inf if v.max_distance_km is None else float(v.max_distance_km)
    return min(float(config.max_distance_km), own)


def age(birth_year: int | None, config: Config) -> int | None:
    return None if birth_year is None else config.current_year - birth_year


# --- hard constraints ------------------------------------------------------------------


def _volunteer_state(v: Volunteer) -> list[Exclusion]:
    out = []
    if not v.approved:
        out.append(Exclusion("not_approved", {}))
    if v.paused:
        out.append(Exclusion("paused", {}))
    if v.open_matches >= v.capacity:
        params = {"capacity": v.capacity, "open_matches": v.open_matches}
        out.append(Exclusion("no_capacity", params))
    return out


def _wishes(p: Participant, v: Volunteer, config: Config) -> list[Exclusion]:
    """A stated wish must be known to be met: unknown gender or age fails it."""
    out = []
    wished = p.wished_volunteer_gender
    if wished is not None and v.gender != wished:
        out.append(Exclusion("participant_gender_wish", {"wished": wished, "actual": v.gender}))
    wished = v.wished_participant_gender
    if wished is not None and p.gender != wished:
        out.append(Exclusion("volunteer_gender_wish", {"wished": wished, "actual": p.gender}))
    low, high = v.wished_age_min, v.wished_age_max
    if low is not None or high is not None:
        p_age = age(p.birth_year, config)
        too_young = p_age is None or (low is not None and p_age < low)
        if too_young or (high is not None and p_age > high):
            out.append(Exclusion("volunteer_age_wish", {"min": low, "max": high, "age": p_age}))
    return out


def exclusions(p: Participant, v: Volunteer, config: Config, km: float | None) -> list[Exclusion]:
    """All hard constraints the pair fails (empty: the pair is feasible)."""
    out = _volunteer_state(v)
    if p.heavy_case and not v.professional_background:
        out.append(Exclusion("heavy_case", {}))
    out += _wishes(p, v, config)
    language = p.needs_language
    if language and not p.interpreter_arranged and language not in v.languages:
        out.append(Exclusion("language_required", {"language": language}))
    limit = distance_limit_km(v, config)
    if km is not None and km > limit:
        out.append(Exclusion("too_far", {"km": round(km, 1), "limit_km": limit}))
    return out


# --- soft criteria: each a fraction in [0, 1] --------------------------------------------


def _distance_fit(km: float | None, config: Config) -> float:
    if km is None:
        return 0.0
    return max(0.0, 1.0 - km / float(config.max_distance_km))


def _age_fit(p: Participant, v: Volunteer, config: Config) -> float:
    v_age = age(v.birth_year, config)
    if p.wished_age_min is not None or p.wished_age_max is not None:
        if v_age is None:
            return 0.0
        low = -inf if p.wished_age_min is None else p.wished_age_min
        high = inf if p.wished_age_max is None else p.wished_age_max
        outside = max(0.0, max(low - v_age, v_age - high))
        return max(0.0, 1.0 - outside / float(config.age_decay_years))
    p_age = age(p.birth_year, config)
    if p_age is None or v_age is None:
        return 0.0
    return max(0.0, 1.0 - abs(p_age - v_age) / float(config.age_gap_years))


def _interest_fit(p: Participant, v: Volunteer, config: Config) -> float:
    saturation = config.interest_saturation
    return min(len(p.interests & v.interests), saturation) / saturation


def met_needs(p: Participant, v: Volunteer, config: Config) -> list[tuple[str, str | None]]:
    """(need, strength serving it) for each met need; strength None: a shared interest."""
    shared = bool(p.interests & v.interests)
    out = []
    for need in sorted(p.needs):
        strength = next((s for s in config.need_strengths.get(need, ()) if s in v.strengths), None)
        if strength is not None or (need in config.interest_needs and shared):
            out.append((need, strength))
    return out


def _needs_fit(p: Participant, v: Volunteer, config: Config) -> float:
    if not p.needs:
        return 0.0
    return len(met_needs(p, v, config)) / len(p.needs)


def _availability_fit(p: Participant, v: Volunteer) -> float:
    if not p.availability:
        return 0.0
    return len(p.availability & v.availability) / len(p.availability)


def _mother_tongue_fit(p: Participant, v: Volunteer) -> float:
    if not (p.wants_same_mother_tongue and p.languages):
        return 0.0
    return 1.0 if p.languages[0] in v.languages else 0.0


def _waiting_fit(p: Participant, config: Config) -> float:
    saturation = config.waiting_saturation_days
    return min(max(p.waiting_days, 0), saturation) / saturation


def fractions(p: Participant, v: Volunteer, config: Config, km: float | None) -> dict[str, float]:
    return {
        "distance": _distance_fit(km, config),
        "age": _age_fit(p, v, config),
        "interests": _interest_fit(p, v, config),
        "children": 1.0 if (p.has_children is True and v.has_children is True) else 0.0,
        "needs": _needs_fit(p, v, config),
        "availability": _availability_fit(p, v),
        "mother_tongue": _mother_tongue_fit(p, v),
        "waiting": _waiting_fit(p, config),
    }


# --- reasons ---------------------------------------------------------------------------


def _age_reason(p: Participant, v: Volunteer, config: Config) -> Reason:
    v_age = age(v.birth_year, config)
    low, high = p.wished_age_min, p.wished_age_max
    if low is None and high is None:
        p_age = age(p.birth_year, config)
        return Reason("age_close", {"difference": abs(p_age - v_age)})
    inside = (low is None or v_age >= low) and (high is None or v_age <= high)
    code = "age_in_wished_range" if inside else "age_near_wished_range"
    return Reason(code, {"age": v_age, "min": low, "max": high})


def _reason(
    criterion: str,
    p: Participant,
    v: Volunteer,
    config: Config,
    km: float | None,
) -> Reason:
    if criterion == "distance":
        return Reason("distance", {"km": round(km, 1)})
    if criterion == "age":
        return _age_reason(p, v, config)
    if criterion == "interests":
        return Reason("shared_interests", {"interests": sorted(p.interests & v.interests)})
    if criterion == "children":
        return Reason("both_have_children", {})
    if criterion == "needs":
        need, strength = met_needs(p, v, config)[0]
        return Reason("need_met", {"need": need, "strength": strength})
    if criterion == "availability":
        return Reason("availability", {"slots": sorted(p.availability & v.availability)})
    if criterion == "mother_tongue":
        return Reason("same_mother_tongue", {"language": p.languages[0]})
    return Reason("waiting", {"days": p.waiting_days})


def reasons(
    p: Participant,
    v: Volunteer,
    config: Config,
    km: float | None,
    fits: dict[str, float],
    points: dict[str, float],
) -> list[Reason]:
    """The positive criteria worth telling, the most points first (at most MAX_REASONS)."""
    told = [c for c in CRITERIA if points[c] > 0 and fits[c] >= REASON_MIN_FRACTION]
    told.sort(key=lambda c: -points[c])  # stable: ties keep the CRITERIA order
    return [_reason(c, p, v, config, km) for c in told[:MAX_REASONS]]


def explain(participant: Participant, volunteer: Volunteer, config: Config) -> Explanation:
    km = pair_distance_km(participant, volunteer)
    fits = fractions(participant, volunteer, config, km)
    full = config.points()
    points = {c: fits[c] * full[c] for c in CRITERIA}
    return Explanation(
        participant_id=participant.id,
        volunteer_id=volunteer.id,
        volunteer_name=volunteer.name,
        excluded=exclusions(participant, volunteer, config, km),
        score=sum(points[c] for c in CRITERIA),
        contributions=points,
        reasons=reasons(participant, volunteer, config, km, fits, points),
    )
