"""The kernel: every hard constraint and soft criterion of the engine, written once, vectorised.

The functions take two "struct of arrays" objects (engine_pool.py) whose attributes broadcast
against each other: one participant against many volunteers (suggest), a block of
participants as a column against all volunteers (batch masks), or gathered pairs (batch
scores, explanations). Explaining one pair is a pool of one through `examine`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

import numpy as np

from lib.geo import EARTH_RADIUS_KM, great_circle_km

from .engine_data import Config, ParticipantFacts
from .engine_pool import Participants, Rows, VolunteerPool, bitmasks, encode, state_checks

SCORE_EPS = 1e-9  # a score within this of the threshold reaches it


def _any_common(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    x = a & b
    return x[..., 0] != 0 if x.shape[-1] == 1 else (x != 0).any(axis=-1)


def _count_common(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    c = np.bitwise_count(a & b)
    return c[..., 0] if c.shape[-1] == 1 else c.sum(axis=-1)


# --- hard constraints ------------------------------------------------------------------


def pair_checks(P, V) -> tuple[tuple[str, np.ndarray], ...]:
    """(exclusion code, passes) for the constraints between the two people, except distance.

    A stated wish must be known to be met: an unknown gender or age (code 0, NaN) fails it.
    """
    return (
        ("heavy_case", V.professional | ~P.heavy),
        ("participant_gender_wish", (P.wish_vg == 0) | (V.gender == P.wish_vg)),
        ("volunteer_gender_wish", (V.wish_pg == 0) | (V.wish_pg == P.gender)),
        ("volunteer_age_wish", ~V.wish_any | ((P.age >= V.wmin) & (P.age <= V.wmax))),
        ("language_required", ~P.req_active | _any_common(V.langs, P.req)),
    )


def _hard_ok(P, V) -> np.ndarray:
    """Every hard constraint except distance (the pool's `available` holds the volunteer's state)."""
    ok = V.available
    for _code, passes in pair_checks(P, V):
        ok = ok & passes
    return ok


def distance_km(P, V) -> np.ndarray:
    """NaN when a coordinate is unknown (and NaN never exceeds a limit)."""
    return great_circle_km(P.phi, P.lam, P.cosphi, V.phi, V.lam, V.cosphi)


def distance_limit(V, config: Config) -> np.ndarray:
    """The region's maximum distance, or the volunteer's own limit when lower."""
    return np.minimum(V.max_km, float(config.max_distance_km))


def _within(d: np.ndarray, limit: np.ndarray) -> np.ndarray:
    return ~(d > limit)


# --- soft criteria: each a fraction in [0, 1] --------------------------------------------


def _age_fit(P, V, config: Config) -> np.ndarray:
    v_age = config.current_year - V.birth_year
    outside = np.maximum(0.0, np.maximum(P.pwmin - v_age, v_age - P.pwmax))
    wished = np.maximum(0.0, 1.0 - outside / float(config.age_decay_years))
    close = np.maximum(0.0, 1.0 - np.abs(P.age - v_age) / float(config.age_gap_years))
    fit = np.where(P.pwish_any, wished, close)
    return np.where(np.isnan(fit), 0.0, fit)


def _strength_masks(pool: VolunteerPool, config: Config) -> list[np.ndarray]:
    """Per need (config.need_codes order): the bitmask of the strengths serving it."""
    wanted = [config.need_strengths.get(need, ()) for need in config.need_codes()]
    return list(bitmasks(wanted, pool.strength_index))


def needs_met(P, V, config: Config, masks: list[np.ndarray]) -> list[np.ndarray]:
    """Per need (config.need_codes order): the participant has it and the volunteer serves it.

    A need is served by one of its strengths; the interest needs ("social") also by at least
    one shared interest. Needs the configuration does not know are never met.
    """
    shared = _any_common(P.interests, V.interests)
    out = []
    for j, need in enumerate(config.need_codes()):
        served = _any_common(V.strengths, masks[j])
        if need in config.interest_needs:
            served = served | shared
        out.append(P.needs[..., j] & served)
    return out


def _needs_fit(P, V, config: Config, masks: list[np.ndarray]) -> np.ndarray:
    met = 0
    for served in needs_met(P, V, config, masks):
        met = met + served
    return np.where(P.n_needs > 0, met / np.maximum(P.n_needs, 1.0), 0.0)


def _availability_fit(P, V) -> np.ndarray:
    common = _count_common(P.avail, V.avail)
    return np.where(P.avail_count > 0, common / np.maximum(P.avail_count, 1.0), 0.0)


def _fit(criterion: str, P, V, d: np.ndarray, config: Config, masks: list) -> np.ndarray:
    """Fraction in [0, 1] for one criterion (the table in Config's docstring)."""
    if criterion == "distance":
        fit = np.maximum(0.0, 1.0 - d / float(config.max_distance_km))
        return np.where(np.isnan(d), 0.0, fit)
    if criterion == "age":
        return _age_fit(P, V, config)
    if criterion == "interests":
        saturation = config.interest_saturation
        return np.minimum(_count_common(P.interests, V.interests), saturation) / saturation
    if criterion == "children":
        return (P.children & V.children).astype(np.float64)
    if criterion == "needs":
        return _needs_fit(P, V, config, masks)
    if criterion == "availability":
        return _availability_fit(P, V)
    if criterion == "mother_tongue":
        return (P.mt_active & _any_common(V.langs, P.mt)).astype(np.float64)
    saturation = config.waiting_saturation_days
    return np.minimum(np.maximum(P.waiting, 0.0), saturation) / saturation


def _criteria(P, V, d: np.ndarray, config: Config, masks: list) -> Iterator[tuple[str, np.ndarray, np.ndarray]]:
    """(criterion, fit, points on the 0-100 scale) per criterion with a weight, in CRITERIA order."""
    for criterion, full in config.points().items():
        if full > 0:  # a weight of 0 turns the criterion off: it gives no points
            fit = _fit(criterion, P, V, d, config, masks)
            yield criterion, fit, fit * full


def _sum(points: Iterable[np.ndarray], shape: tuple[int, ...]) -> np.ndarray:
    """The total, always summed in CRITERIA order so every path gets the same float."""
    total = None
    for p in points:
        total = p if total is None else total + p
    return np.broadcast_to(total, shape).astype(np.float64)


def _soft_total(P, V, d: np.ndarray, config: Config, masks: list) -> np.ndarray:
    """Total score (0-100) per pair."""
    return _sum((points for _c, _fit, points in _criteria(P, V, d, config, masks)), d.shape)


# --- pipelines -----------------------------------------------------------------------


@dataclass(frozen=True, slots=True, eq=False)
class Examined:
    """Everything the kernel finds about gathered pairs (arrays, one entry per pair)."""

    km: np.ndarray  # NaN: a coordinate is unknown
    limit_km: np.ndarray
    failed: dict[str, np.ndarray]  # exclusion code -> the pair fails it, in EXCLUSION_CODES order
    fits: dict[str, np.ndarray]  # criteria with a weight, in CRITERIA order
    points: dict[str, np.ndarray]
    total: np.ndarray
    needs_met: list[np.ndarray]  # per config.need_codes()


def examine(
    participants: Sequence[ParticipantFacts],
    pool: VolunteerPool,
    config: Config,
    index: np.ndarray,
    rows: np.ndarray,
) -> Examined:
    """Constraints and criteria of the pairs (participants[index[k]], pool row rows[k])."""
    P, V = Rows(encode(participants, pool, config), index), Rows(pool, rows)
    shape = (len(rows),)
    d = np.broadcast_to(distance_km(P, V), shape)
    limit = np.broadcast_to(distance_limit(V, config), shape)
    checks = (*state_checks(V), *pair_checks(P, V), ("too_far", _within(d, limit)))
    masks = _strength_masks(pool, config)
    criteria = list(_criteria(P, V, d, config, masks))
    return Examined(
        km=d,
        limit_km=limit,
        failed={code: ~np.broadcast_to(passes, shape) for code, passes in checks},
        fits={c: np.broadcast_to(fit, shape) for c, fit, _points in criteria},
        points={c: np.broadcast_to(points, shape) for c, _fit, points in criteria},
        total=_sum((points for _c, _fit, points in criteria), shape),
        needs_met=[np.broadcast_to(met, shape) for met in needs_met(P, V, config, masks)],
    )


class OneByOne:
    """Scores participants one at a time against the whole pool (encoded once)."""

    def __init__(self, participants: Sequence[ParticipantFacts], pool: VolunteerPool, config: Config) -> None:
        self.parts, self.pool, self.config = encode(participants, pool, config), pool, config
        self.masks = _strength_masks(pool, config)

    def score(self, i: int) -> tuple[np.ndarray, np.ndarray]:
        """(pool rows of the feasible volunteers, their scores) for participant i."""
        pool, config = self.pool, self.config
        P = Rows(self.parts, i)
        rows = np.flatnonzero(_hard_ok(P, pool))
        V = Rows(pool, rows)
        d = distance_km(P, V)
        near = _within(d, distance_limit(V, config))
        rows, d = rows[near], d[near]
        return rows, _soft_total(P, Rows(pool, rows), d, config, self.masks)


def score_one(
    participant: ParticipantFacts,
    pool: VolunteerPool,
    config: Config,
) -> tuple[np.ndarray, np.ndarray]:
    """(pool rows of the feasible volunteers, their scores) for one participant."""
    return OneByOne([participant], pool, config).score(0)


def _blocks(n_participants: int, n_volunteers: int, block_pairs: int) -> list[np.ndarray]:
    step = max(1, block_pairs // max(1, n_volunteers))
    return [np.arange(i, min(i + step, n_participants)) for i in range(0, n_participants, step)]


class _BlockScorer:
    """Scores one block of participants against the available volunteers."""

    def __init__(self, parts: Participants, pool: VolunteerPool, config: Config) -> None:
        self.parts, self.config = parts, config
        self.cols = np.flatnonzero(pool.available)
        self.V = Rows(pool, self.cols)
        self.masks = _strength_masks(pool, config)
        self.limit = distance_limit(self.V, config)
        # cos of the largest allowed angle, with a margin: never drop a pair at the limit
        self.min_cos = np.cos(self.limit / EARTH_RADIUS_KM) - 1e-9

    def candidates(self, idx: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(participant index, column) of the pairs passing the cheap masks."""
        P, V = Rows(self.parts, idx[:, None]), self.V
        near = self.parts.xyz[idx] @ V.xyz.T >= self.min_cos
        ok = _hard_ok(P, V) & (near | ~P.has_coord | ~V.has_coord)
        pi, vj = np.nonzero(ok)
        return idx[pi], vj

    def score(self, idx: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(participant index, pool row, score) of the feasible pairs >= threshold."""
        pi, vj = self.candidates(idx)
        d = distance_km(Rows(self.parts, pi), Rows(self.V, vj))
        near = _within(d, self.limit[vj])
        pi, vj, d = pi[near], vj[near], d[near]
        P, V = Rows(self.parts, pi), Rows(self.V, vj)
        scores = _soft_total(P, V, d, self.config, self.masks)
        good = scores >= self.config.threshold - SCORE_EPS
        return pi[good], self.cols[vj[good]], scores[good]


def feasible_pairs(
    participants: Sequence[ParticipantFacts],
    pool: VolunteerPool,
    config: Config,
    block_pairs: int = 1 << 21,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """All feasible pairs scoring at least config.threshold, vectorised in blocks.

    Returns (participant index, pool row, score) arrays ordered by participant, then row.
    A block of participants is masked against all available volunteers (a dot product of
    unit vectors rules out the far ones), then only the remaining pairs are scored.
    """
    scorer = _BlockScorer(encode(participants, pool, config), pool, config)
    found = [scorer.score(idx) for idx in _blocks(len(participants), len(scorer.cols), block_pairs)]
    if not found:
        return np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0, np.float64)
    return tuple(np.concatenate(arrays) for arrays in zip(*found, strict=True))


def score_matrix(
    participants: Sequence[ParticipantFacts],
    pool: VolunteerPool,
    config: Config,
) -> np.ndarray:
    """Dense (participants x pool) scores, 0 where infeasible or below the threshold.

    For checks and small problems: no pre-filter, every pair scored by the same kernel.
    """
    parts = encode(participants, pool, config)
    masks = _strength_masks(pool, config)
    out = np.zeros((len(participants), len(pool)), dtype=np.float64)
    for idx in _blocks(len(participants), len(pool), 1 << 20):
        P = Rows(parts, idx[:, None])
        d = distance_km(P, pool)
        ok = _hard_ok(P, pool) & _within(d, distance_limit(pool, config))
        scores = _soft_total(P, pool, d, config, masks)
        out[idx] = np.where(ok & (scores >= config.threshold - SCORE_EPS), scores, 0.0)
    return out
