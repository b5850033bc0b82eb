"""Pools from columns, narrowed pools, ranking only what is shown, and the large-pool batch: each
gives the answers the whole-pool computation gives (no Django, no database)."""

from __future__ import annotations

import math
import random
from dataclasses import replace

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from matching.engine import (
    Config,
    ParticipantFacts,
    VolunteerFacts,
    VolunteerPool,
    explain,
    propose_batch,
    ranked,
    standing,
    suggest,
)
from matching.engine_pool import VOLUNTEER_FIELDS
from matching.tests.test_engine import (
    INTERESTS,
    LANGUAGES,
    SLOTS,
    STRENGTHS,
    YEAR,
    participants,
    volunteer_lists,
)

CONFIG = Config(current_year=YEAR)


def as_columns(vols: list[VolunteerFacts]) -> dict[str, list]:
    """Columns as the database gives them: sets and tuples as JSON lists."""
    columns = {name: [getattr(v, name) for v in vols] for name in VOLUNTEER_FIELDS}
    for name in ("interests", "strengths", "availability", "languages", "missing_requirements"):
        columns[name] = [sorted(x) if name != "languages" else list(x) for x in columns[name]]
    return columns


def same_arrays(a: VolunteerPool, b: VolunteerPool) -> None:
    for name in VolunteerPool.__dataclass_fields__:
        left, right = getattr(a, name), getattr(b, name)
        if isinstance(left, np.ndarray):
            assert np.array_equal(left, right, equal_nan=left.dtype.kind == "f"), name
        elif name != "facts":
            assert left == right, name


@settings(max_examples=60, deadline=None)
@given(vols=volunteer_lists())
def test_a_pool_from_columns_is_the_pool_from_volunteers(vols: list[VolunteerFacts]):
    from_objects = VolunteerPool.from_volunteers(vols)
    from_columns = VolunteerPool.from_columns(as_columns(vols))
    same_arrays(from_objects, from_columns)
    assert [from_columns.volunteer(r) for r in range(len(vols))] == vols


def test_missing_columns_take_the_defaults_and_unknown_ones_are_refused():
    pool = VolunteerPool.from_columns({"id": [3, 1]})
    assert pool.volunteer(0) == VolunteerFacts(id=3) and len(pool) == 2
    with pytest.raises(ValueError, match="unknown"):
        VolunteerPool.from_columns({"id": [1], "colour": ["red"]})
    with pytest.raises(ValueError, match="duplicate"):
        VolunteerPool.from_columns({"id": [1, 1]})


def random_volunteer(rng: random.Random, vid: int) -> VolunteerFacts:
    capacity = rng.choice([1, 1, 2])
    return VolunteerFacts(
        id=vid,
        name=f"V{vid}",
        gender=rng.choice(["female", "male", "other", None]),
        birth_year=rng.choice([None, *range(1945, 2005)]),
        lat=None if rng.random() < 0.05 else rng.uniform(55.55, 55.85),
        lon=None if rng.random() < 0.05 else rng.uniform(12.30, 12.80),
        interests=frozenset(rng.sample(INTERESTS, rng.randint(0, 3))),
        languages=tuple(rng.sample(LANGUAGES, rng.randint(0, 3))),
        strengths=frozenset(rng.sample(STRENGTHS, rng.randint(0, 2))),
        has_children=rng.choice([True, False, None]),
        availability=frozenset(rng.sample(SLOTS, rng.randint(0, 3))),
        professional_background=rng.random() < 0.3,
        approved=rng.random() < 0.9,
        paused=rng.random() < 0.1,
        capacity=capacity,
        open_matches=rng.randint(0, capacity),
        missing_requirements=("Børneattest",) if rng.random() < 0.1 else (),
        wished_participant_gender=rng.choice([None, None, None, "female", "male"]),
        wished_age_min=rng.choice([None, None, 25, 35]),
        wished_age_max=rng.choice([None, None, 50, 70]),
        max_distance_km=rng.choice([None, None, 5.0, 12.5, 40.0]),
    )


def random_participant(rng: random.Random, pid: int) -> ParticipantFacts:
    return ParticipantFacts(
        id=pid,
        gender=rng.choice(["female", "male", None]),
        birth_year=rng.choice([None, *range(1950, 2004)]),
        lat=rng.uniform(55.60, 55.80),
        lon=rng.uniform(12.40, 12.70),
        interests=frozenset(rng.sample(INTERESTS, rng.randint(0, 3))),
        languages=tuple(rng.sample(LANGUAGES, rng.randint(0, 2))),
        needs=frozenset(rng.sample(["social", "advice", "danish"], rng.randint(0, 2))),
        wished_volunteer_gender=rng.choice([None, None, "female"]),
        availability=frozenset(rng.sample(SLOTS, rng.randint(0, 2))),
        heavy_case=rng.random() < 0.2,
        needs_language=rng.choice([None, None, "ar"]),
        wants_same_mother_tongue=rng.random() < 0.3,
        waiting_days=rng.randint(0, 500),
    )


def loaded(vols: list[VolunteerFacts]) -> VolunteerPool:
    """The pool as matching.loading builds it: only the available volunteers, from columns."""
    ready = [
        v for v in vols if v.approved and not v.paused and v.open_matches < v.capacity and not v.missing_requirements
    ]
    return VolunteerPool.from_columns(as_columns(ready))


@pytest.mark.parametrize("seed", range(6))
def test_ranking_the_loaded_pool_equals_explaining_every_volunteer(seed):
    """Today's answer, written out: every volunteer of the region explained on its own, the eligible
    ones ordered by score, then id. Ranking the loaded (available only) pool explains only the shown,
    and gives the same rows: order, scores, contributions and reasons, and the same standing."""
    rng = random.Random(seed)
    vols = [random_volunteer(rng, vid) for vid in rng.sample(range(1, 5000), 600)]
    everyone, pool = VolunteerPool.from_volunteers(vols), loaded(vols)
    for pid in range(5):
        person = random_participant(rng, pid)
        whys = [explain(person, v, CONFIG) for v in vols]
        order = sorted((e for e in whys if e.eligible), key=lambda e: (-e.score, e.volunteer_id))
        chosen = rng.choice(vols).id
        found = ranked(person, pool, CONFIG, limit=10, chosen=chosen)
        assert [(c.volunteer_id, c.score, c.contributions, c.reasons) for c in found.candidates] == [
            (e.volunteer_id, e.score, e.contributions, e.reasons) for e in order[:10]
        ]
        assert found.candidates == suggest(person, everyone, CONFIG, limit=10)
        assert found.standing == standing(person, everyone, CONFIG, chosen)
        ids = [e.volunteer_id for e in order]
        assert found.standing.rank == (ids.index(chosen) + 1 if chosen in ids else None)
        assert found.standing.feasible == len(order)


def test_a_narrowed_pool_ranks_as_a_pool_of_only_those_volunteers():
    rng = random.Random(7)
    vols = [random_volunteer(rng, vid) for vid in range(1, 301)]
    pool = loaded(vols)
    women = pool.facts["gender"] == "female"
    person = random_participant(rng, 1)
    only_women = VolunteerPool.from_volunteers([pool.volunteer(r) for r in np.flatnonzero(women)])
    assert ranked(person, pool.narrow(women), CONFIG, limit=25) == ranked(person, only_women, CONFIG, limit=25)
    assert len(pool.narrow(women)) == int(women.sum())


def test_ranking_an_empty_pool():
    found = ranked(ParticipantFacts(id=1), VolunteerPool.from_columns({"id": []}), CONFIG, limit=10, chosen=3)
    assert found.candidates == [] and found.standing.rank is None and found.standing.feasible == 0


def total(pairs) -> float:
    return sum(p.score for p in pairs)


@pytest.mark.parametrize("seed", range(4))
def test_the_large_pool_batch_finds_the_same_pairs_as_the_full_matrix(seed):
    rng = random.Random(seed)
    vols = [random_volunteer(rng, vid) for vid in range(1, 801)]
    people = [random_participant(rng, pid) for pid in range(1, 9)]
    pool = VolunteerPool.from_volunteers(vols)
    low = Config(current_year=YEAR, threshold=20)
    assert len(pool) >= 100 * len(people)  # the default picks one by one here
    full = propose_batch(people, pool, low, one_by_one=False)
    assert propose_batch(people, pool, low) == propose_batch(people, pool, low, one_by_one=True) == full
    rejected = {(p.participant_id, p.volunteer_id) for p in full[:3]}
    assert propose_batch(people, pool, low, exclude=rejected) == propose_batch(
        people, pool, low, exclude=rejected, one_by_one=False
    )


@settings(max_examples=60, deadline=None)
@given(ps=st.lists(participants(), min_size=1, max_size=4), vols=volunteer_lists(8))
def test_one_by_one_keeps_the_optimal_total_even_when_few_pairs_are_kept(ps, vols):
    """Each participant keeps only as many pairs as there are participants: the optimum stays."""
    ps = [replace(p, id=i) for i, p in enumerate(ps)]
    pool = VolunteerPool.from_volunteers(vols)
    low = Config(current_year=YEAR, threshold=10)
    one = propose_batch(ps, pool, low, one_by_one=True)
    assert math.isclose(total(one), total(propose_batch(ps, pool, low, one_by_one=False)), abs_tol=1e-6)
    room = {v.id: v.capacity - v.open_matches for v in vols}
    for pair in one:
        room[pair.volunteer_id] -= 1
    assert min(room.values(), default=0) >= 0 and len({p.participant_id for p in one}) == len(one)
