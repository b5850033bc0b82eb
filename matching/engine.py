"""The matching engine: suggests and explains pairs of participant and volunteer.

Pure functions on plain data (stdlib, NumPy, SciPy; no Django). The software suggests and
explains; a person decides. The ORM loading is a thin wrapper elsewhere.

Public API::

    VolunteerPool.from_volunteers(volunteers) -> VolunteerPool
    explain(participant, volunteer, config) -> Explanation           # "why not Anne?"
    suggest(participant, pool, config, limit=10) -> list[Candidate]
    suggest_for_volunteer(volunteer, participants, config, limit=10) -> list[Candidate]
    propose_batch(participants, pool, config, exclude=()) -> list[Pair]
    feasible_pairs(participants, pool, config) -> (participant index, pool row, score) arrays
    score_matrix(participants, pool, config) -> dense ndarray (checks and small problems)
    haversine_km(lat1, lon1, lat2, lon2) -> float; haversine_km_np(...) -> ndarray

Explanation: participant_id, volunteer_id, volunteer_name, excluded (every failing
constraint), score, contributions, reasons, .eligible. Candidate: participant_id,
volunteer_id, score (0-100 float; .display_score rounds to 1 decimal), contributions
(criterion -> points on the 0-100 scale), reasons. Pair: participant_id, volunteer_id, score.

Hard constraints (`Exclusion.code`: params). A stated wish must be known to be met, so an
unknown gender or age fails it; unknown coordinates never exclude.

    not_approved              {}
    paused                    {}
    no_capacity               {"capacity": int, "open_matches": int}
    heavy_case                {}  heavy case, volunteer without professional background
    participant_gender_wish   {"wished": gender, "actual": gender | None}
    volunteer_gender_wish     {"wished": gender, "actual": gender | None}
    volunteer_age_wish        {"min": int | None, "max": int | None, "age": int | None}
    language_required         {"language": code}  no interpreter, volunteer lacks the language
    too_far                   {"km": float (1 decimal), "limit_km": float}
                              limit = min(config.max_distance_km, volunteer.max_distance_km)

Reasons (`Reason.code`: params), one per criterion at most, most points first, at most 4,
only for criteria giving at least 30 % of their weight:

    distance                  {"km": float (1 decimal)}
    age_in_wished_range       {"age": int, "min": int | None, "max": int | None}
    age_near_wished_range     {"age": int, "min": int | None, "max": int | None}
    age_close                 {"difference": int}  (participant without an age wish)
    shared_interests          {"interests": sorted list of codes}
    both_have_children        {}
    need_met                  {"need": code, "strength": code | None}  first met need;
                              strength None: met by shared interests
    availability              {"slots": sorted list of codes}
    same_mother_tongue        {"language": code}
    waiting                   {"days": int}

Contribution keys are the criteria in engine_data.CRITERIA; weights in Config's docstring.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

import numpy as np

from .engine_batch import assign
from .engine_data import (
    CRITERIA,
    DEFAULT_NEED_STRENGTHS,
    DEFAULT_WEIGHTS,
    Candidate,
    Config,
    Exclusion,
    Explanation,
    Pair,
    Participant,
    Reason,
    Volunteer,
)
from .engine_scalar import explain, haversine_km
from .engine_vector import VolunteerPool, feasible_pairs, haversine_km_np, score_matrix, score_one

__all__ = [
    "CRITERIA",
    "DEFAULT_NEED_STRENGTHS",
    "DEFAULT_WEIGHTS",
    "Candidate",
    "Config",
    "Exclusion",
    "Explanation",
    "Pair",
    "Participant",
    "Reason",
    "Volunteer",
    "VolunteerPool",
    "explain",
    "feasible_pairs",
    "haversine_km",
    "haversine_km_np",
    "propose_batch",
    "score_matrix",
    "suggest",
    "suggest_for_volunteer",
]


def _top(scores: np.ndarray, ids: np.ndarray, limit: int) -> np.ndarray:
    """Positions of the `limit` best: score descending, then id ascending."""
    if len(scores) > limit:
        kth = np.partition(scores, len(scores) - limit)[len(scores) - limit]
        among = np.flatnonzero(scores >= kth)  # keeps every tie of the last place
    else:
        among = np.arange(len(scores))
    order = np.lexsort((ids[among], -scores[among]))
    return among[order[:limit]]


def _candidate(why: Explanation, score: float) -> Candidate:
    return Candidate(why.participant_id, why.volunteer_id, score, why.contributions, why.reasons)


def suggest(
    participant: Participant,
    pool: VolunteerPool,
    config: Config,
    limit: int = 10,
) -> list[Candidate]:
    """The best feasible volunteers for a participant (no threshold: a person decides).

    Ranked by the vectorised score; contributions and reasons come from explain().
    """
    if limit <= 0 or len(pool) == 0:
        return []
    rows, scores = score_one(participant, pool, config)
    out = []
    for i in _top(scores, pool.ids[rows], limit):
        why = explain(participant, pool.volunteers[rows[i]], config)
        out.append(_candidate(why, float(scores[i])))
    return out


def suggest_for_volunteer(
    volunteer: Volunteer,
    participants: Sequence[Participant],
    config: Config,
    limit: int = 10,
) -> list[Candidate]:
    """The best feasible participants for a volunteer ("find a participant").

    A plain loop over explain(): participants waiting for a match are a few hundred.
    """
    found = [e for e in (explain(p, volunteer, config) for p in participants) if e.eligible]
    found.sort(key=lambda e: (-e.score, e.participant_id))
    return [_candidate(e, e.score) for e in found[: max(limit, 0)]]


def propose_batch(
    participants: Sequence[Participant],
    pool: VolunteerPool,
    config: Config,
    exclude: Collection[tuple[int, int]] = (),
) -> list[Pair]:
    """A set of pairs with the highest total score among feasible pairs >= threshold.

    Nobody is forced into a poor match; each participant at most once, each volunteer at
    most capacity - open_matches times. Sorted by score descending, then participant id.
    `exclude` holds (participant id, volunteer id) pairs a person has rejected.
    """
    participants = list(participants)
    part, row, score = feasible_pairs(participants, pool, config)
    if exclude:
        rejected = set(exclude)
        pids = np.array([p.id for p in participants], dtype=np.int64)
        keep = np.array(
            [(int(pids[a]), int(pool.ids[b])) not in rejected for a, b in zip(part, row, strict=True)],
            dtype=bool,
        )
        part, row, score = part[keep], row[keep], score[keep]
    chosen = assign(part, row, score, pool.remaining)
    pairs = [Pair(participants[part[e]].id, int(pool.ids[row[e]]), float(score[e])) for e in chosen]
    return sorted(pairs, key=lambda p: (-p.score, p.participant_id))
