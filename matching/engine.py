"""The matching engine: suggests and explains pairs of participant and volunteer.

Pure functions on plain data (stdlib, NumPy, SciPy, lib.geo; no Django). The software
suggests and explains; a person decides. The ORM loading is a thin wrapper (loading.py).

Every rule is written once, in the vectorised kernel (engine_vector.py): ranking a pool,
scoring a batch and explaining a pair all go through it; explaining one pair is a pool of one.

Public API::

    VolunteerPool.from_volunteers(volunteers) -> VolunteerPool
    VolunteerPool.from_columns({field: values}) -> VolunteerPool        # no object per volunteer
    pool.narrow(rows) -> VolunteerPool; pool.volunteer(row) -> VolunteerFacts
    ranked(participant, pool, config, limit=10, chosen=None) -> Ranked  # one scoring of the pool
    explain(participant, volunteer, config) -> Explanation           # "why not Anne?"
    explain_pairs(participants, pool, config, pairs) -> list[Explanation]
    suggest(participant, pool, config, limit=10) -> list[Candidate]
    standing(participant, pool, config, volunteer_id) -> Standing    # rank without explaining
    suggest_for_volunteer(volunteer, participants, config, limit=10) -> list[Candidate]
    propose_batch(participants, pool, config, exclude=(), one_by_one=None) -> list[Pair]
    feasible_pairs(participants, pool, config) -> (participant index, pool row, score) arrays
    score_matrix(participants, pool, config) -> dense ndarray (checks and small problems)

Input: ParticipantFacts and VolunteerFacts (what the engine knows about each person).
Explanation: participant_id, volunteer_id, volunteer_name, excluded (every failing
constraint), score, contributions, reasons, .eligible. Candidate: participant_id,
volunteer_id, score (0-100 float; .display_score rounds to 1 decimal), contributions
(criterion -> points on the 0-100 scale), reasons. Pair: participant_id, volunteer_id,
score. Ranked: candidates (as suggest), standing (as standing; None without `chosen`).
Standing: rank (None: not feasible in the pool), top_volunteer_id, top_score, feasible (how
many feasible volunteers the pool has).

Hard constraints (`Exclusion.code`: params), in EXCLUSION_CODES order. A stated wish must
be known to be met, so an unknown gender or age fails it; unknown coordinates never exclude.

    not_approved              {}
    paused                    {}
    no_capacity               {"capacity": int, "open_matches": int}
    requirements_missing      {"requirements": list of names}  lacks a requirement needed before
                              a first match (never met, or expired)
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
    EXCLUSION_CODES,
    REASON_CODES,
    Candidate,
    Config,
    Exclusion,
    Explanation,
    Pair,
    ParticipantFacts,
    Ranked,
    Reason,
    Standing,
    VolunteerFacts,
)
from .engine_explain import explanations
from .engine_pool import VolunteerPool
from .engine_vector import SCORE_EPS, OneByOne, feasible_pairs, score_matrix, score_one

__all__ = [
    "CRITERIA",
    "DEFAULT_NEED_STRENGTHS",
    "DEFAULT_WEIGHTS",
    "EXCLUSION_CODES",
    "REASON_CODES",
    "Candidate",
    "Config",
    "Exclusion",
    "Explanation",
    "Pair",
    "ParticipantFacts",
    "Ranked",
    "Reason",
    "Standing",
    "VolunteerFacts",
    "VolunteerPool",
    "explain",
    "explain_pairs",
    "feasible_pairs",
    "propose_batch",
    "ranked",
    "score_matrix",
    "standing",
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


def explain(participant: ParticipantFacts, volunteer: VolunteerFacts, config: Config) -> Explanation:
    """Every failing hard constraint, the score it would have, and its reasons: a pool of one."""
    one = np.zeros(1, dtype=np.int64)
    return explanations([participant], VolunteerPool.from_volunteers([volunteer]), config, one, one)[0]


def explain_pairs(
    participants: Sequence[ParticipantFacts],
    pool: VolunteerPool,
    config: Config,
    pairs: Sequence[tuple[int, int]],
) -> list[Explanation]:
    """Explanations of (participant id, volunteer id) pairs, all taken from `participants` and `pool`."""
    position = {p.id: i for i, p in enumerate(participants)}
    row = {int(vid): r for r, vid in enumerate(pool.ids)}
    index = np.array([position[pid] for pid, _vid in pairs], dtype=np.int64)
    rows = np.array([row[vid] for _pid, vid in pairs], dtype=np.int64)
    return explanations(participants, pool, config, index, rows)


def _standing(rows: np.ndarray, scores: np.ndarray, ids: np.ndarray, volunteer_id: int) -> Standing:
    if len(rows) == 0:
        return Standing(rank=None, top_volunteer_id=None, top_score=None, feasible=0)
    top = _top(scores, ids, 1)[0]
    rank = None
    mine = np.flatnonzero(ids == volunteer_id)
    if len(mine):
        score = scores[mine[0]]
        ahead = (scores > score) | ((scores == score) & (ids < volunteer_id))
        rank = 1 + int(np.count_nonzero(ahead))
    return Standing(rank=rank, top_volunteer_id=int(ids[top]), top_score=float(scores[top]), feasible=len(rows))


def ranked(
    participant: ParticipantFacts,
    pool: VolunteerPool,
    config: Config,
    limit: int = 10,
    chosen: int | None = None,
) -> Ranked:
    """One vectorised scoring of the whole pool; only the `limit` best are explained.

    With `chosen` (a volunteer id), also where that volunteer stands (see standing()).
    """
    if len(pool) == 0:
        rows, scores = np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float64)
    else:
        rows, scores = score_one(participant, pool, config)
    ids = pool.ids[rows]
    candidates = []
    if limit > 0 and len(rows):
        best = _top(scores, ids, limit)
        whys = explanations([participant], pool, config, np.zeros(len(best), dtype=np.int64), rows[best])
        candidates = [_candidate(why, float(scores[i])) for why, i in zip(whys, best, strict=True)]
    where = None if chosen is None else _standing(rows, scores, ids, chosen)
    return Ranked(candidates=candidates, standing=where)


def suggest(
    participant: ParticipantFacts,
    pool: VolunteerPool,
    config: Config,
    limit: int = 10,
) -> list[Candidate]:
    """The best feasible volunteers for a participant (no threshold: a person decides).

    The whole pool is scored at once; only the `limit` best are explained.
    """
    return ranked(participant, pool, config, limit).candidates


def standing(participant: ParticipantFacts, pool: VolunteerPool, config: Config, volunteer_id: int) -> Standing:
    """Where one volunteer ranks in suggest()'s order among the pool's feasible volunteers.

    One vectorised scoring of the pool; the rank counts the volunteers ahead (a higher score,
    or the same score and a lower id). Nothing is explained.
    """
    return ranked(participant, pool, config, limit=0, chosen=volunteer_id).standing


def suggest_for_volunteer(
    volunteer: VolunteerFacts,
    participants: Sequence[ParticipantFacts],
    config: Config,
    limit: int = 10,
) -> list[Candidate]:
    """The best feasible participants for a volunteer ("find a participant").

    Every waiting participant against a pool of one (they are a few hundred), explained.
    """
    if limit <= 0 or not participants:
        return []
    participants = list(participants)
    index = np.arange(len(participants), dtype=np.int64)
    whys = explanations(participants, VolunteerPool.from_volunteers([volunteer]), config, index, index * 0)
    found = [e for e in whys if e.eligible]
    found.sort(key=lambda e: (-e.score, e.participant_id))
    return [_candidate(e, e.score) for e in found[:limit]]


# From this many volunteers per waiting participant on, the batch scores one participant at a
# time and keeps only each one's best pairs, instead of masking every pair of the region at once.
LARGE_POOL_FACTOR = 100


def _best_pairs_each(
    participants: Sequence[ParticipantFacts],
    pool: VolunteerPool,
    config: Config,
    rejected: Collection[tuple[int, int]],
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per participant, its `len(participants)` best feasible pairs >= threshold (ties kept).

    That loses no optimal assignment: if a participant were matched outside its n best, one of
    those n volunteers is used by none of the n - 1 others and has room, and taking it instead
    scores at least as much.
    """
    scorer = OneByOne(participants, pool, config)
    keep = len(participants)
    banned: dict[int, list[int]] = {}
    for pid, vid in rejected:
        banned.setdefault(pid, []).append(vid)
    found = []
    for i, person in enumerate(participants):
        rows, scores = scorer.score(i)
        good = scores >= config.threshold - SCORE_EPS
        if person.id in banned:
            good &= ~np.isin(pool.ids[rows], banned[person.id])
        rows, scores = rows[good], scores[good]
        best = np.sort(_top(scores, pool.ids[rows], keep)) if len(rows) else np.zeros(0, dtype=np.int64)
        found.append((np.full(len(best), i, dtype=np.int64), rows[best], scores[best]))
    if not found:
        return np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0, np.float64)
    return tuple(np.concatenate(arrays) for arrays in zip(*found, strict=True))


def propose_batch(
    participants: Sequence[ParticipantFacts],
    pool: VolunteerPool,
    config: Config,
    exclude: Collection[tuple[int, int]] = (),
    one_by_one: bool | None = None,
) -> list[Pair]:
    """A set of pairs with the highest total score among feasible pairs >= threshold.

    Nobody is forced into a poor match; each participant at most once, each volunteer at
    most capacity - open_matches times. Sorted by score descending, then participant id.
    `exclude` holds (participant id, volunteer id) pairs a person has rejected.
    `one_by_one` (default: when the pool has LARGE_POOL_FACTOR times more volunteers than there
    are participants) scores one participant at a time and keeps each one's best pairs; the
    total is the same optimum.
    """
    participants = list(participants)
    if one_by_one is None:
        one_by_one = len(pool) >= LARGE_POOL_FACTOR * max(1, len(participants))
    rejected = set(exclude)
    if one_by_one:
        part, row, score = _best_pairs_each(participants, pool, config, rejected)
    else:
        part, row, score = feasible_pairs(participants, pool, config)
        if rejected:
            pids = np.array([p.id for p in participants], dtype=np.int64)
            keep = np.array(
                [(int(pids[a]), int(pool.ids[b])) not in rejected for a, b in zip(part, row, strict=True)],
                dtype=bool,
            )
            part, row, score = part[keep], row[keep], score[keep]
    chosen = assign(part, row, score, pool.remaining)
    pairs = [Pair(participants[part[e]].id, int(pool.ids[row[e]]), float(score[e])) for e in chosen]
    return sorted(pairs, key=lambda p: (-p.score, p.participant_id))
