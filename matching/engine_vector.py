"""Vectorised scoring: the same rules as engine_scalar.py for many pairs at once (NumPy).

A `VolunteerPool` turns volunteers into column arrays once. Participants are encoded the
same way per call. The kernel functions (`_hard_ok`, `_distance_km`, `_soft_total`) take two
"struct of arrays" objects whose attributes broadcast against each other: one participant
against many volunteers (suggest), a block of participants as a column against all
volunteers (batch masks), or gathered pairs (batch scores). Sets are bitmasks (uint64
words, last axis) over a vocabulary the pool builds from its volunteers.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from math import inf, nan

import numpy as np

from .engine_data import GENDERS, Config, Participant, Volunteer
from .engine_scalar import EARTH_RADIUS_KM

SCORE_EPS = 1e-9  # a score within this of the threshold reaches it (both code paths agree)
_WORD = (1 << 64) - 1


def haversine_km_np(lat1, lon1, lat2, lon2) -> np.ndarray:
    """Vectorised great-circle distance in km; arguments in degrees, broadcasting."""
    phi1, phi2 = np.radians(lat1), np.radians(lat2)
    half_dphi = (phi2 - phi1) * 0.5
    half_dlam = (np.radians(lon2) - np.radians(lon1)) * 0.5
    s1, s2 = np.sin(half_dphi), np.sin(half_dlam)
    a = s1 * s1 + np.cos(phi1) * np.cos(phi2) * (s2 * s2)
    return 2.0 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.minimum(a, 1.0)))


# --- encoding ------------------------------------------------------------------------


def _vocabulary(sets: Iterable[Iterable[str]]) -> dict[str, int]:
    codes: set[str] = set()
    for s in sets:
        codes.update(s)
    return {code: i for i, code in enumerate(sorted(codes))}


def _bitmasks(sets: Sequence[Iterable[str]], index: dict[str, int]) -> np.ndarray:
    """(n, words) uint64 bitmasks; codes missing from `index` are dropped."""
    cache: dict[frozenset[str], int] = {}
    ints = []
    for s in sets:
        key = frozenset(s)
        mask = cache.get(key)
        if mask is None:
            mask = cache[key] = sum(1 << index[c] for c in key if c in index)
        ints.append(mask)
    words = max(1, (len(index) + 63) // 64)
    out = np.empty((len(ints), words), dtype=np.uint64)
    for w in range(words):
        out[:, w] = np.array([(m >> (64 * w)) & _WORD for m in ints], dtype=np.uint64)
    return out


def _floats(values: Iterable[float | None], missing: float = nan) -> np.ndarray:
    return np.array([missing if x is None else float(x) for x in values], dtype=np.float64)


def _bools(values: Iterable[bool | None]) -> np.ndarray:
    return np.array([x is True for x in values], dtype=bool)


def _codes(values: Iterable[str | None], index: dict[str, int]) -> np.ndarray:
    """None -> 0; a code the pool has never seen -> -1, which matches nothing."""
    return np.array([0 if x is None else index.get(x, -1) for x in values], dtype=np.int16)


def _coordinates(lats: np.ndarray, lons: np.ndarray) -> dict[str, np.ndarray]:
    phi, lam = np.radians(lats), np.radians(lons)
    known = ~(np.isnan(phi) | np.isnan(lam))
    cosphi = np.cos(phi)
    xyz = np.stack([cosphi * np.cos(lam), cosphi * np.sin(lam), np.sin(phi)], axis=1)
    xyz[~known] = 0.0
    return {"phi": phi, "lam": lam, "cosphi": cosphi, "xyz": xyz, "has_coord": known}


def _gender_index(vols: Sequence[Volunteer]) -> dict[str, int]:
    """Codes from 1 for every gender the pool mentions, so that unknown strings never match."""
    mentioned = {v.gender for v in vols} | {v.wished_participant_gender for v in vols}
    extra = sorted(mentioned - {None} - set(GENDERS))
    return {g: i + 1 for i, g in enumerate((*GENDERS, *extra))}


@dataclass(frozen=True, slots=True, eq=False)
class VolunteerPool:
    """Volunteers as column arrays, built once and reused for many queries."""

    volunteers: tuple[Volunteer, ...]
    ids: np.ndarray
    gender: np.ndarray
    wish_pg: np.ndarray
    birth_year: np.ndarray
    wmin: np.ndarray
    wmax: np.ndarray
    wish_any: np.ndarray
    phi: np.ndarray
    lam: np.ndarray
    cosphi: np.ndarray
    xyz: np.ndarray
    has_coord: np.ndarray
    max_km: np.ndarray
    available: np.ndarray
    remaining: np.ndarray
    professional: np.ndarray
    children: np.ndarray
    interests: np.ndarray
    avail: np.ndarray
    strengths: np.ndarray
    langs: np.ndarray
    gender_index: dict[str, int]
    interest_index: dict[str, int]
    avail_index: dict[str, int]
    strength_index: dict[str, int]
    lang_index: dict[str, int]

    @classmethod
    def from_volunteers(cls, volunteers: Iterable[Volunteer]) -> VolunteerPool:
        vols = tuple(volunteers)
        ids = np.array([v.id for v in vols], dtype=np.int64)
        if len(np.unique(ids)) != len(ids):
            raise ValueError("duplicate volunteer ids in the pool")
        genders = _gender_index(vols)
        wmin = _floats((v.wished_age_min for v in vols), -inf)
        wmax = _floats((v.wished_age_max for v in vols), inf)
        capacity = np.array([v.capacity for v in vols], dtype=np.int64)
        open_ = np.array([v.open_matches for v in vols], dtype=np.int64)
        ready = np.array([v.approved and not v.paused for v in vols], dtype=bool)
        indexes = {
            "interest_index": _vocabulary(v.interests for v in vols),
            "avail_index": _vocabulary(v.availability for v in vols),
            "strength_index": _vocabulary(v.strengths for v in vols),
            "lang_index": _vocabulary(v.languages for v in vols),
        }
        return cls(
            volunteers=vols,
            ids=ids,
            gender=_codes((v.gender for v in vols), genders),
            wish_pg=_codes((v.wished_participant_gender for v in vols), genders),
            birth_year=_floats(v.birth_year for v in vols),
            wmin=wmin,
            wmax=wmax,
            wish_any=(wmin > -inf) | (wmax < inf),
            **_coordinates(_floats(v.lat for v in vols), _floats(v.lon for v in vols)),
            max_km=_floats((v.max_distance_km for v in vols), inf),
            available=ready & (open_ < capacity),
            remaining=np.maximum(capacity - open_, 0),
            professional=_bools(v.professional_background for v in vols),
            children=_bools(v.has_children for v in vols),
            interests=_bitmasks([v.interests for v in vols], indexes["interest_index"]),
            avail=_bitmasks([v.availability for v in vols], indexes["avail_index"]),
            strengths=_bitmasks([v.strengths for v in vols], indexes["strength_index"]),
            langs=_bitmasks([v.languages for v in vols], indexes["lang_index"]),
            gender_index=genders,
            **indexes,
        )

    def __len__(self) -> int:
        return len(self.volunteers)


@dataclass(frozen=True, slots=True, eq=False)
class _Participants:
    gender: np.ndarray
    wish_vg: np.ndarray
    age: np.ndarray
    pwmin: np.ndarray
    pwmax: np.ndarray
    pwish_any: np.ndarray
    phi: np.ndarray
    lam: np.ndarray
    cosphi: np.ndarray
    xyz: np.ndarray
    has_coord: np.ndarray
    interests: np.ndarray
    avail: np.ndarray
    avail_count: np.ndarray
    needs: np.ndarray
    n_needs: np.ndarray
    children: np.ndarray
    heavy: np.ndarray
    req_active: np.ndarray
    req: np.ndarray
    mt_active: np.ndarray
    mt: np.ndarray
    waiting: np.ndarray


def _needs_matrix(parts: Sequence[Participant], codes: tuple[str, ...]) -> np.ndarray:
    out = np.zeros((len(parts), len(codes)), dtype=bool)
    for j, need in enumerate(codes):
        out[:, j] = [need in p.needs for p in parts]
    return out


def _encode(parts: Sequence[Participant], pool: VolunteerPool, config: Config) -> _Participants:
    ids = np.array([p.id for p in parts], dtype=np.int64)
    if len(np.unique(ids)) != len(ids):
        raise ValueError("duplicate participant ids")
    pwmin = _floats((p.wished_age_min for p in parts), -inf)
    pwmax = _floats((p.wished_age_max for p in parts), inf)
    req_active = [bool(p.needs_language) and not p.interpreter_arranged for p in parts]
    mt_active = [p.wants_same_mother_tongue and bool(p.languages) for p in parts]
    required = [(p.needs_language,) if on else () for p, on in zip(parts, req_active, strict=True)]
    mother_tongues = [p.languages[:1] if on else () for p, on in zip(parts, mt_active, strict=True)]
    return _Participants(
        gender=_codes((p.gender for p in parts), pool.gender_index),
        wish_vg=_codes((p.wished_volunteer_gender for p in parts), pool.gender_index),
        age=config.current_year - _floats(p.birth_year for p in parts),
        pwmin=pwmin,
        pwmax=pwmax,
        pwish_any=(pwmin > -inf) | (pwmax < inf),
        **_coordinates(_floats(p.lat for p in parts), _floats(p.lon for p in parts)),
        interests=_bitmasks([p.interests for p in parts], pool.interest_index),
        avail=_bitmasks([p.availability for p in parts], pool.avail_index),
        avail_count=np.array([len(p.availability) for p in parts], dtype=np.float64),
        needs=_needs_matrix(parts, config.need_codes()),
        n_needs=np.array([len(p.needs) for p in parts], dtype=np.float64),
        children=_bools(p.has_children for p in parts),
        heavy=_bools(p.heavy_case for p in parts),
        req_active=np.array(req_active, dtype=bool),
        req=_bitmasks(required, pool.lang_index),
        mt_active=np.array(mt_active, dtype=bool),
        mt=_bitmasks(mother_tongues, pool.lang_index),
        waiting=np.array([p.waiting_days for p in parts], dtype=np.float64),
    )


class _Rows:
    """Lazy row selection of a struct of arrays: each attribute is indexed on first use."""

    __slots__ = ("_base", "_index", "_cache")

    def __init__(self, base: object, index: object) -> None:
        self._base, self._index, self._cache = base, index, {}

    def __getattr__(self, name: str) -> np.ndarray:
        cache = self._cache
        if name not in cache:
            cache[name] = getattr(self._base, name)[self._index]
        return cache[name]


# --- kernel --------------------------------------------------------------------------


def _any_common(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    x = a & b
    return x[..., 0] != 0 if x.shape[-1] == 1 else (x != 0).any(axis=-1)


def _count_common(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    c = np.bitwise_count(a & b)
    return c[..., 0] if c.shape[-1] == 1 else c.sum(axis=-1)


def _hard_ok(P, V) -> np.ndarray:
    """Every hard constraint except distance (see engine_scalar.exclusions)."""
    ok = V.available & (V.professional | ~P.heavy)
    ok = ok & ((P.wish_vg == 0) | (V.gender == P.wish_vg))
    ok = ok & ((V.wish_pg == 0) | (V.wish_pg == P.gender))
    ok = ok & (~V.wish_any | ((P.age >= V.wmin) & (P.age <= V.wmax)))
    return ok & (~P.req_active | _any_common(V.langs, P.req))


def _distance_km(P, V) -> np.ndarray:
    """Same formula and order as engine_scalar.haversine_km; NaN when a coordinate is unknown."""
    half_dphi = (V.phi - P.phi) * 0.5
    half_dlam = (V.lam - P.lam) * 0.5
    s1, s2 = np.sin(half_dphi), np.sin(half_dlam)
    a = s1 * s1 + P.cosphi * V.cosphi * (s2 * s2)
    return 2.0 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.minimum(a, 1.0)))


def _within_limit(d: np.ndarray, V, config: Config) -> np.ndarray:
    return ~(d > np.minimum(V.max_km, float(config.max_distance_km)))


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
    return list(_bitmasks(wanted, pool.strength_index))


def _needs_fit(P, V, config: Config, masks: list[np.ndarray]) -> np.ndarray:
    shared = _any_common(P.interests, V.interests)
    met = 0
    for j, need in enumerate(config.need_codes()):
        served = _any_common(V.strengths, masks[j])
        if need in config.interest_needs:
            served = served | shared
        met = met + (P.needs[..., j] & served)
    return np.where(P.n_needs > 0, met / np.maximum(P.n_needs, 1.0), 0.0)


def _availability_fit(P, V) -> np.ndarray:
    common = _count_common(P.avail, V.avail)
    return np.where(P.avail_count > 0, common / np.maximum(P.avail_count, 1.0), 0.0)


def _fit(criterion: str, P, V, d: np.ndarray, config: Config, masks: list) -> np.ndarray:
    """Fraction in [0, 1] for one criterion, as engine_scalar.fractions."""
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


def _soft_total(P, V, d: np.ndarray, config: Config, masks: list) -> np.ndarray:
    """Total score (0-100) per pair, summed in CRITERIA order like the scalar explain."""
    total = None
    for criterion, full in config.points().items():
        if full == 0:
            continue  # the scalar path adds 0.0 here, which changes nothing
        points = _fit(criterion, P, V, d, config, masks) * full
        total = points if total is None else total + points
    return np.broadcast_to(total, d.shape).astype(np.float64)


# --- pipelines -----------------------------------------------------------------------


def score_one(
    participant: Participant,
    pool: VolunteerPool,
    config: Config,
) -> tuple[np.ndarray, np.ndarray]:
    """(pool rows of the feasible volunteers, their scores) for one participant."""
    P = _Rows(_encode([participant], pool, config), 0)
    rows = np.flatnonzero(_hard_ok(P, pool))
    d = _distance_km(P, _Rows(pool, rows))
    near = _within_limit(d, _Rows(pool, rows), config)
    rows, d = rows[near], d[near]
    return rows, _soft_total(P, _Rows(pool, rows), d, config, _strength_masks(pool, config))


def _blocks(n_participants: int, n_volunteers: int, block_pairs: int) -> list[np.ndarray]:
    step = max(1, block_pairs // max(1, n_volunteers))
    return [np.arange(i, min(i + step, n_participants)) for i in range(0, n_participants, step)]


class _BlockScorer:
    """Scores one block of participants against the available volunteers."""

    def __init__(self, parts: _Participants, pool: VolunteerPool, config: Config) -> None:
        self.parts, self.config = parts, config
        self.cols = np.flatnonzero(pool.available)
        self.V = _Rows(pool, self.cols)
        self.masks = _strength_masks(pool, config)
        self.limit = np.minimum(self.V.max_km, float(config.max_distance_km))
        # cos of the largest allowed angle, with a margin: never drop a pair at the limit
        self.min_cos = np.cos(self.limit / EARTH_RADIUS_KM) - 1e-9

    def candidates(self, idx: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(participant index, column) of the pairs passing the cheap masks."""
        P, V = _Rows(self.parts, idx[:, None]), self.V
        near = self.parts.xyz[idx] @ V.xyz.T >= self.min_cos
        ok = _hard_ok(P, V) & (near | ~P.has_coord | ~V.has_coord)
        pi, vj = np.nonzero(ok)
        return idx[pi], vj

    def score(self, idx: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(participant index, pool row, score) of the feasible pairs >= threshold."""
        pi, vj = self.candidates(idx)
        d = _distance_km(_Rows(self.parts, pi), _Rows(self.V, vj))
        near = ~(d > self.limit[vj])
        pi, vj, d = pi[near], vj[near], d[near]
        P, V = _Rows(self.parts, pi), _Rows(self.V, vj)
        scores = _soft_total(P, V, d, self.config, self.masks)
        good = scores >= self.config.threshold - SCORE_EPS
        return pi[good], self.cols[vj[good]], scores[good]


def feasible_pairs(
    participants: Sequence[Participant],
    pool: VolunteerPool,
    config: Config,
    block_pairs: int = 1 << 21,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """All feasible pairs scoring at least config.threshold, vectorised in blocks.

    Returns (participant index, pool row, score) arrays ordered by participant, then row.
    A block of participants is masked against all available volunteers (a dot product of
    unit vectors rules out the far ones), then only the remaining pairs are scored.
    """
    scorer = _BlockScorer(_encode(participants, pool, config), pool, config)
    found = [scorer.score(idx) for idx in _blocks(len(participants), len(scorer.cols), block_pairs)]
    if not found:
        return np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0, np.float64)
    return tuple(np.concatenate(arrays) for arrays in zip(*found, strict=True))


def score_matrix(
    participants: Sequence[Participant],
    pool: VolunteerPool,
    config: Config,
) -> np.ndarray:
    """Dense (participants x pool) scores, 0 where infeasible or below the threshold.

    For checks and small problems: no pre-filter, every pair scored by the same kernel.
    """
    parts = _encode(participants, pool, config)
    masks = _strength_masks(pool, config)
    out = np.zeros((len(participants), len(pool)), dtype=np.float64)
    for idx in _blocks(len(participants), len(pool), 1 << 20):
        P = _Rows(parts, idx[:, None])
        d = _distance_km(P, pool)
        ok = _hard_ok(P, pool) & _within_limit(d, pool, config)
        scores = _soft_total(P, pool, d, config, masks)
        out[idx] = np.where(ok & (scores >= config.threshold - SCORE_EPS), scores, 0.0)
    return out
