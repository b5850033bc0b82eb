"""Plain data going into and out of the matching engine (no Django, no database).

Import these through `matching.engine`; this module only keeps engine.py short.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

GENDERS = ("female", "male", "other")

# The soft criteria in a fixed order; totals are always summed in this order.
CRITERIA = (
    "distance",
    "age",
    "interests",
    "children",
    "needs",
    "availability",
    "mother_tongue",
    "waiting",
)

# The hard constraints, in the order an explanation lists the ones a pair fails.
EXCLUSION_CODES = (
    "not_approved",
    "paused",
    "no_capacity",
    "requirements_missing",
    "heavy_case",
    "participant_gender_wish",
    "volunteer_gender_wish",
    "volunteer_age_wish",
    "language_required",
    "too_far",
)

REASON_CODES = (
    "distance",
    "age_in_wished_range",
    "age_near_wished_range",
    "age_close",
    "shared_interests",
    "both_have_children",
    "need_met",
    "availability",
    "same_mother_tongue",
    "waiting",
)

DEFAULT_WEIGHTS: Mapping[str, float] = MappingProxyType(
    {
        "distance": 20.0,
        "age": 10.0,
        "interests": 20.0,
        "children": 5.0,
        "needs": 15.0,
        "availability": 10.0,
        "mother_tongue": 10.0,
        "waiting": 10.0,
    }
)

# Which volunteer strengths serve which participant need, best first.
DEFAULT_NEED_STRENGTHS: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {
        "advice": ("public_system", "social_work", "job_market"),
        "danish": ("language_teaching", "teaching"),
        "social": (),
    }
)


def _default_needs() -> dict[str, tuple[str, ...]]:
    return dict(DEFAULT_NEED_STRENGTHS)


@dataclass(frozen=True, slots=True)
class ParticipantFacts:
    """What the engine knows about a participant (matching.loading builds it from the model)."""

    id: int
    gender: str | None = None
    birth_year: int | None = None
    lat: float | None = None
    lon: float | None = None
    interests: frozenset[str] = frozenset()
    languages: tuple[str, ...] = ()  # mother tongue first
    needs: frozenset[str] = frozenset()  # "social", "advice", "danish"
    wished_volunteer_gender: str | None = None
    wished_age_min: int | None = None
    wished_age_max: int | None = None
    has_children: bool | None = None
    availability: frozenset[str] = frozenset()
    heavy_case: bool = False
    needs_language: str | None = None
    interpreter_arranged: bool = False
    wants_same_mother_tongue: bool = False
    waiting_days: int = 0


@dataclass(frozen=True, slots=True)
class VolunteerFacts:
    """What the engine knows about a volunteer (matching.loading builds it from the model)."""

    id: int
    name: str = ""
    gender: str | None = None
    birth_year: int | None = None
    lat: float | None = None
    lon: float | None = None
    interests: frozenset[str] = frozenset()
    languages: tuple[str, ...] = ()
    strengths: frozenset[str] = frozenset()
    has_children: bool | None = None
    availability: frozenset[str] = frozenset()
    professional_background: bool = False
    approved: bool = False  # fail closed: an unscreened volunteer is never suggested
    paused: bool = False
    capacity: int = 1
    open_matches: int = 0
    # Requirements needed before a first match that the volunteer lacks (names, for "why not").
    missing_requirements: tuple[str, ...] = ()
    wished_participant_gender: str | None = None
    wished_age_min: int | None = None
    wished_age_max: int | None = None
    max_distance_km: float | None = None


@dataclass(frozen=True, slots=True)
class Config:
    """Tuning of the engine. `current_year` is passed in; the engine never reads the clock.

    Default weights (points before normalising; the total is reported as
    100 * sum(contributions) / sum(weights), so with these defaults points are percent):

    ============== ====== =================================================================
    criterion      weight full points when
    ============== ====== =================================================================
    distance       20     living at the same place; falls linearly to 0 at max_distance_km
    age            10     volunteer inside the participant's wished age range (falls by
                          1/age_decay_years per year outside); without a wish: same age,
                          falling linearly to 0 at age_gap_years apart
    interests      20     interest_saturation (3) or more shared interests; 1/3 per interest
    children       5      both have children
    needs          15     every need of the participant is served by a volunteer strength
                          (need_strengths); the interest_needs ("social") are also served
                          by at least one shared interest
    availability   10     the volunteer can meet at all the participant's times (share of
                          the participant's times)
    mother_tongue  10     the participant wants it and the volunteer speaks the participant's
                          first language
    waiting        10     waited waiting_saturation_days (365) or longer; linear before
    ============== ====== =================================================================

    Other defaults: max_distance_km 25 (hard limit, the volunteer's own limit may be lower),
    threshold 40 (minimum total score, 0-100, for propose_batch), age_decay_years 10,
    age_gap_years 20. Weights not given keep their default; a weight of 0 turns a criterion off.
    """

    current_year: int
    weights: Mapping[str, float] = field(default_factory=DEFAULT_WEIGHTS.copy)
    max_distance_km: float = 25.0
    threshold: float = 40.0
    need_strengths: Mapping[str, tuple[str, ...]] = field(default_factory=_default_needs)
    interest_needs: frozenset[str] = frozenset({"social"})
    interest_saturation: int = 3
    age_decay_years: float = 10.0
    age_gap_years: float = 20.0
    waiting_saturation_days: int = 365

    def __post_init__(self) -> None:
        unknown = set(self.weights) - set(CRITERIA)
        if unknown:
            raise ValueError(f"unknown criteria in weights: {sorted(unknown)}")
        weights = {c: float(self.weights.get(c, DEFAULT_WEIGHTS[c])) for c in CRITERIA}
        if min(weights.values()) < 0 or sum(weights.values()) <= 0:
            raise ValueError("weights must be >= 0 with a positive sum")
        positive = (
            self.max_distance_km,
            self.interest_saturation,
            self.age_decay_years,
            self.age_gap_years,
            self.waiting_saturation_days,
        )
        if min(positive) <= 0:
            raise ValueError("distances, saturations and age spans must be positive")
        strengths = {need: tuple(codes) for need, codes in self.need_strengths.items()}
        object.__setattr__(self, "weights", MappingProxyType(weights))
        object.__setattr__(self, "need_strengths", MappingProxyType(strengths))
        object.__setattr__(self, "interest_needs", frozenset(self.interest_needs))

    def points(self) -> dict[str, float]:
        """Points on the 0-100 scale that each criterion gives at full fit."""
        scale = 100.0 / sum(self.weights.values())
        return {c: self.weights[c] * scale for c in CRITERIA}

    def need_codes(self) -> tuple[str, ...]:
        """The needs the engine knows how to serve; other needs are never met."""
        return tuple(sorted(set(self.need_strengths) | self.interest_needs))


@dataclass(frozen=True, slots=True)
class Reason:
    """Something positive about a pair. Codes and params are listed in engine.py."""

    code: str
    params: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Exclusion:
    """A hard constraint the pair fails. Codes and params are listed in engine.py."""

    code: str
    params: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Explanation:
    participant_id: int
    volunteer_id: int
    volunteer_name: str
    excluded: list[Exclusion]
    score: float  # computed even when excluded: "would have scored"
    contributions: dict[str, float]
    reasons: list[Reason]

    @property
    def eligible(self) -> bool:
        return not self.excluded


@dataclass(frozen=True, slots=True)
class Candidate:
    participant_id: int
    volunteer_id: int
    score: float
    contributions: dict[str, float]
    reasons: list[Reason]

    @property
    def display_score(self) -> float:
        return round(self.score, 1)


@dataclass(frozen=True, slots=True)
class Standing:
    """Where one volunteer ranks among a pool's feasible volunteers for a participant."""

    rank: int | None  # in suggest()'s order; None: not a feasible volunteer of the pool
    top_volunteer_id: int | None
    top_score: float | None
    feasible: int


@dataclass(frozen=True, slots=True)
class Ranked:
    """What one scoring of a pool tells about a participant: the best, explained, and where a
    chosen volunteer stands (None when no volunteer was chosen)."""

    candidates: list[Candidate]
    standing: Standing | None = None


@dataclass(frozen=True, slots=True)
class Pair:
    participant_id: int
    volunteer_id: int
    score: float
