"""People as column arrays for the vectorised kernel (engine_vector.py).

A `VolunteerPool` turns volunteers into column arrays once. Participants are encoded the
same way per call. Sets are bitmasks (uint64 words, last axis) over a vocabulary the pool
builds from its volunteers; a participant's code the pool has never seen matches nothing.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, fields
from math import inf, nan

import numpy as np

from .engine_data import GENDERS, Config, ParticipantFacts, VolunteerFacts

_WORD = (1 << 64) - 1


def _vocabulary(sets: Iterable[Iterable[str]]) -> dict[str, int]:
    codes: set[str] = set()
    for s in sets:
        codes.update(s)
    return {code: i for i, code in enumerate(sorted(codes))}


def bitmasks(sets: Sequence[Iterable[str]], index: dict[str, int]) -> np.ndarray:
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


def _gender_index(genders: Sequence[str | None], wished: Sequence[str | None]) -> dict[str, int]:
    """Codes from 1 for every gender the pool mentions, so that unknown strings never match."""
    mentioned = set(genders) | set(wished)
    extra = sorted(mentioned - {None} - set(GENDERS))
    return {g: i + 1 for i, g in enumerate((*GENDERS, *extra))}


def state_checks(V) -> tuple[tuple[str, np.ndarray], ...]:
    """(exclusion code, passes) for the volunteer's own state; all passed: available."""
    return (
        ("not_approved", V.approved),
        ("paused", ~V.paused),
        ("no_capacity", V.open_matches < V.capacity),
        ("requirements_missing", ~V.lacks_requirements),
    )


VOLUNTEER_FIELDS = tuple(f.name for f in fields(VolunteerFacts))
_SET_FIELDS = frozenset({"interests", "strengths", "availability"})
_TUPLE_FIELDS = frozenset({"languages", "missing_requirements"})
_DEFAULTS = VolunteerFacts(id=0)


def _objects(values: Sequence, n: int) -> np.ndarray:
    """A 1-d object array holding the values as they are (tuples stay tuples)."""
    return np.fromiter(values, dtype=object, count=n)


def _normalised(name: str, values: Sequence | None, n: int) -> list:
    if values is None:
        return [getattr(_DEFAULTS, name)] * n
    if len(values) != n:
        raise ValueError(f"column {name!r} has {len(values)} values, not {n}")
    if name in _SET_FIELDS:
        return [x if type(x) is frozenset else frozenset(x or ()) for x in values]
    if name in _TUPLE_FIELDS:
        return [x if type(x) is tuple else tuple(x or ()) for x in values]
    return list(values)


@dataclass(frozen=True, slots=True, eq=False)
class VolunteerPool:
    """Volunteers as column arrays, built once and reused for many queries.

    `facts` keeps each VolunteerFacts field as a column, so that the few volunteers an answer
    explains are rebuilt (`volunteer(row)`) without keeping an object per volunteer.
    """

    facts: dict[str, np.ndarray]
    ids: np.ndarray
    gender: np.ndarray
    wish_pg: np.ndarray
    birth_year: np.ndarray
    wmin: np.ndarray
    wmax: np.ndarray
    wish_any: np.ndarray
    lat: np.ndarray
    lon: np.ndarray
    phi: np.ndarray
    lam: np.ndarray
    cosphi: np.ndarray
    xyz: np.ndarray
    has_coord: np.ndarray
    max_km: np.ndarray
    approved: np.ndarray
    paused: np.ndarray
    capacity: np.ndarray
    open_matches: np.ndarray
    lacks_requirements: np.ndarray
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
    def from_volunteers(cls, volunteers: Iterable[VolunteerFacts]) -> VolunteerPool:
        vols = tuple(volunteers)
        return cls.from_columns({name: [getattr(v, name) for v in vols] for name in VOLUNTEER_FIELDS})

    @classmethod
    def from_columns(cls, columns: Mapping[str, Sequence]) -> VolunteerPool:
        """A pool straight from columns named as VolunteerFacts' fields, one value per volunteer.

        "id" is required; a missing column takes the field's default for every volunteer. Set
        fields may come as lists (JSON), tuple fields as lists. No object per volunteer is made.
        """
        unknown = set(columns) - set(VOLUNTEER_FIELDS)
        if unknown:
            raise ValueError(f"unknown volunteer columns: {sorted(unknown)}")
        n = len(columns["id"])
        col = {name: _normalised(name, columns.get(name), n) for name in VOLUNTEER_FIELDS}
        ids = np.array(col["id"], dtype=np.int64)
        if len(np.unique(ids)) != len(ids):
            raise ValueError("duplicate volunteer ids in the pool")
        genders = _gender_index(col["gender"], col["wished_participant_gender"])
        wmin = _floats(col["wished_age_min"], -inf)
        wmax = _floats(col["wished_age_max"], inf)
        state = {
            "approved": np.array([bool(x) for x in col["approved"]], dtype=bool),
            "paused": np.array([bool(x) for x in col["paused"]], dtype=bool),
            "capacity": np.array(col["capacity"], dtype=np.int64),
            "open_matches": np.array(col["open_matches"], dtype=np.int64),
            "lacks_requirements": np.array([bool(x) for x in col["missing_requirements"]], dtype=bool),
        }
        available = np.ones(n, dtype=bool)
        for _code, passes in state_checks(_Columns(state)):
            available &= passes
        indexes = {
            "interest_index": _vocabulary(col["interests"]),
            "avail_index": _vocabulary(col["availability"]),
            "strength_index": _vocabulary(col["strengths"]),
            "lang_index": _vocabulary(col["languages"]),
        }
        lat, lon = _floats(col["lat"]), _floats(col["lon"])
        return cls(
            facts={name: _objects(values, n) for name, values in col.items()},
            ids=ids,
            gender=_codes(col["gender"], genders),
            wish_pg=_codes(col["wished_participant_gender"], genders),
            birth_year=_floats(col["birth_year"]),
            wmin=wmin,
            wmax=wmax,
            wish_any=(wmin > -inf) | (wmax < inf),
            lat=lat,
            lon=lon,
            **_coordinates(lat, lon),
            max_km=_floats(col["max_distance_km"], inf),
            **state,
            available=available,
            remaining=np.maximum(state["capacity"] - state["open_matches"], 0),
            professional=_bools(col["professional_background"]),
            children=_bools(col["has_children"]),
            interests=bitmasks(col["interests"], indexes["interest_index"]),
            avail=bitmasks(col["availability"], indexes["avail_index"]),
            strengths=bitmasks(col["strengths"], indexes["strength_index"]),
            langs=bitmasks(col["languages"], indexes["lang_index"]),
            gender_index=genders,
            **indexes,
        )

    def __len__(self) -> int:
        return len(self.ids)

    def volunteer(self, row: int) -> VolunteerFacts:
        """The volunteer of one row, as it came in."""
        return VolunteerFacts(**{name: column[row] for name, column in self.facts.items()})

    def row_of(self, volunteer_id: int) -> int | None:
        found = np.flatnonzero(self.ids == volunteer_id)
        return int(found[0]) if len(found) else None

    def narrow(self, rows: np.ndarray) -> VolunteerPool:
        """The pool of the given rows only (a boolean mask or row numbers), vocabularies kept.

        Filters narrow the pool this way; a volunteer's score does not depend on who else is in it.
        """
        values = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if isinstance(value, np.ndarray):
                value = value[rows]
            elif f.name == "facts":
                value = {name: column[rows] for name, column in value.items()}
            values[f.name] = value
        return VolunteerPool(**values)


class _Columns:
    """Attribute access to a dict of columns."""

    def __init__(self, columns: dict[str, np.ndarray]) -> None:
        self.__dict__.update(columns)


@dataclass(frozen=True, slots=True, eq=False)
class Participants:
    """Participants as column arrays, encoded against one pool's vocabularies."""

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


def _needs_matrix(parts: Sequence[ParticipantFacts], codes: tuple[str, ...]) -> np.ndarray:
    out = np.zeros((len(parts), len(codes)), dtype=bool)
    for j, need in enumerate(codes):
        out[:, j] = [need in p.needs for p in parts]
    return out


def encode(parts: Sequence[ParticipantFacts], pool: VolunteerPool, config: Config) -> Participants:
    ids = np.array([p.id for p in parts], dtype=np.int64)
    if len(np.unique(ids)) != len(ids):
        raise ValueError("duplicate participant ids")
    pwmin = _floats((p.wished_age_min for p in parts), -inf)
    pwmax = _floats((p.wished_age_max for p in parts), inf)
    req_active = [bool(p.needs_language) and not p.interpreter_arranged for p in parts]
    mt_active = [p.wants_same_mother_tongue and bool(p.languages) for p in parts]
    required = [(p.needs_language,) if on else () for p, on in zip(parts, req_active, strict=True)]
    mother_tongues = [p.languages[:1] if on else () for p, on in zip(parts, mt_active, strict=True)]
    return Participants(
        gender=_codes((p.gender for p in parts), pool.gender_index),
        wish_vg=_codes((p.wished_volunteer_gender for p in parts), pool.gender_index),
        age=config.current_year - _floats(p.birth_year for p in parts),
        pwmin=pwmin,
        pwmax=pwmax,
        pwish_any=(pwmin > -inf) | (pwmax < inf),
        **_coordinates(_floats(p.lat for p in parts), _floats(p.lon for p in parts)),
        interests=bitmasks([p.interests for p in parts], pool.interest_index),
        avail=bitmasks([p.availability for p in parts], pool.avail_index),
        avail_count=np.array([len(p.availability) for p in parts], dtype=np.float64),
        needs=_needs_matrix(parts, config.need_codes()),
        n_needs=np.array([len(p.needs) for p in parts], dtype=np.float64),
        children=_bools(p.has_children for p in parts),
        heavy=_bools(p.heavy_case for p in parts),
        req_active=np.array(req_active, dtype=bool),
        req=bitmasks(required, pool.lang_index),
        mt_active=np.array(mt_active, dtype=bool),
        mt=bitmasks(mother_tongues, pool.lang_index),
        waiting=np.array([p.waiting_days for p in parts], dtype=np.float64),
    )


class Rows:
    """Lazy row selection of a struct of arrays: each attribute is indexed on first use."""

    __slots__ = ("_base", "_index", "_cache")

    def __init__(self, base: object, index: object) -> None:
        self._base, self._index, self._cache = base, index, {}

    def __getattr__(self, name: str) -> np.ndarray:
        cache = self._cache
        if name not in cache:
            cache[name] = getattr(self._base, name)[self._index]
        return cache[name]
