"""The batch proposal: an optimal set of pairs, checked against brute force and a dense solver."""

from __future__ import annotations

import math
import random
from collections import Counter
from dataclasses import replace

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import linear_sum_assignment

from matching.engine import (
    Config,
    Pair,
    ParticipantFacts,
    VolunteerFacts,
    VolunteerPool,
    explain,
    feasible_pairs,
    propose_batch,
)
from matching.tests.test_engine import YEAR, participants, person, volunteer, volunteers

CONFIG = Config(current_year=YEAR)
LOW = Config(current_year=YEAR, threshold=10)  # plain test people score about 30-40
EPS = 1e-9  # the engine's tolerance at the threshold


def room(v: VolunteerFacts) -> int:
    return max(v.capacity - v.open_matches, 0)


def scored_options(ps: list[ParticipantFacts], vols: list[VolunteerFacts], config: Config) -> list[list]:
    """Per participant: (volunteer id, score) of the pairs a batch may propose, by explain."""
    out = []
    for p in ps:
        found = [explain(p, v, config) for v in vols]
        good = [e for e in found if e.eligible and e.score >= config.threshold - EPS]
        out.append([(e.volunteer_id, e.score) for e in good])
    return out


def brute_force_total(ps: list[ParticipantFacts], vols: list[VolunteerFacts], config: Config) -> float:
    """Best total over all partial assignments that respect the volunteers' room."""
    options = scored_options(ps, vols, config)
    left = {v.id: room(v) for v in vols}

    def best(i: int) -> float:
        if i == len(options):
            return 0.0
        result = best(i + 1)  # participant i stays unmatched
        for vid, score in options[i]:
            if left[vid] > 0:
                left[vid] -= 1
                result = max(result, score + best(i + 1))
                left[vid] += 1
        return result

    return best(0)


def dense_total(ps: list[ParticipantFacts], vols: list[VolunteerFacts], config: Config) -> float:
    """linear_sum_assignment on the dense matrix, one column per volunteer slot."""
    slots = [v for v in vols for _ in range(room(v))]
    scores = np.zeros((len(ps), len(slots)))
    for i, p in enumerate(ps):
        for j, v in enumerate(slots):
            e = explain(p, v, config)
            if e.eligible and e.score >= config.threshold - EPS:
                scores[i, j] = e.score
    rows, cols = linear_sum_assignment(scores, maximize=True)
    return float(scores[rows, cols].sum())


def assert_valid(pairs: list[Pair], ps: list[ParticipantFacts], vols: list[VolunteerFacts], config: Config):
    by_id = {v.id: v for v in vols}
    assert max(Counter(pair.participant_id for pair in pairs).values(), default=0) <= 1
    for vid, n in Counter(pair.volunteer_id for pair in pairs).items():
        assert n <= room(by_id[vid])
    people = {p.id: p for p in ps}
    for pair in pairs:
        e = explain(people[pair.participant_id], by_id[pair.volunteer_id], config)
        assert e.eligible and pair.score >= config.threshold - EPS
        assert math.isclose(pair.score, e.score, abs_tol=1e-6)


def total(pairs: list[Pair]) -> float:
    return sum(pair.score for pair in pairs)


# --- small instances -------------------------------------------------------------------


NEAR = st.tuples(st.floats(55.65, 55.72), st.floats(12.50, 12.62))  # within about 10 km


@st.composite
def batch_participants(draw, pid: int) -> ParticipantFacts:
    """Fewer hard wishes than the general strategy, so that instances have many options."""
    p = draw(participants(pid))
    lat, lon = draw(st.one_of(st.just((None, None)), NEAR, NEAR, NEAR))
    return replace(
        p,
        lat=lat,
        lon=lon,
        heavy_case=draw(st.sampled_from([False, False, False, True])),
        wished_volunteer_gender=draw(st.sampled_from([None, None, None, "female"])),
        needs_language=draw(st.sampled_from([None, None, None, "ar"])),
    )


@st.composite
def batch_volunteers(draw, vid: int) -> VolunteerFacts:
    v = draw(volunteers(vid))
    lat, lon = draw(st.one_of(st.just((None, None)), NEAR, NEAR, NEAR))
    gender = draw(st.sampled_from(["female", "male"]))
    v = replace(v, lat=lat, lon=lon, max_distance_km=None, gender=gender)
    if draw(st.integers(0, 3)) == 0:
        return v
    return replace(
        v,
        approved=True,
        paused=False,
        open_matches=min(v.open_matches, v.capacity - 1),
        wished_participant_gender=None,
        wished_age_min=None,
        wished_age_max=None,
    )


@st.composite
def instances(draw) -> tuple[list[ParticipantFacts], list[VolunteerFacts], Config]:
    ps = [draw(batch_participants(i + 1)) for i in range(draw(st.integers(0, 5)))]
    vol_ids = draw(st.lists(st.integers(1, 50), min_size=1, max_size=5, unique=True))
    vols = [draw(batch_volunteers(vid)) for vid in vol_ids]
    config = Config(current_year=YEAR, threshold=draw(st.sampled_from([0, 10, 20, 30, 45])))
    return ps, vols, config


@settings(max_examples=80, deadline=None)
@given(instance=instances())
def test_batch_equals_brute_force_optimum(instance):
    ps, vols, config = instance
    pairs = propose_batch(ps, VolunteerPool.from_volunteers(vols), config)
    assert_valid(pairs, ps, vols, config)
    assert math.isclose(total(pairs), brute_force_total(ps, vols, config), abs_tol=1e-6)


@settings(max_examples=40, deadline=None)
@given(instance=instances(), block_pairs=st.integers(1, 12))
def test_feasible_pairs_agree_with_explain_in_any_block_size(instance, block_pairs):
    ps, vols, config = instance
    pool = VolunteerPool.from_volunteers(vols)
    index, rows, scores = feasible_pairs(ps, pool, config, block_pairs=block_pairs)
    found = {(ps[i].id, int(pool.ids[r])): s for i, r, s in zip(index, rows, scores, strict=True)}
    options = scored_options(ps, vols, config)
    expected = {(p.id, vid): s for p, opts in zip(ps, options, strict=True) for vid, s in opts}
    assert found.keys() == expected.keys()
    for key, s in expected.items():
        assert math.isclose(found[key], s, abs_tol=1e-6)


# --- medium instance against a dense solver ----------------------------------------------


def random_instance(seed: int, n_participants: int, n_volunteers: int) -> tuple[list, list]:
    """Participants and volunteers spread over greater Copenhagen, most of them feasible."""
    rng = random.Random(seed)
    interests = ["walks", "cooking", "football", "music", "nature", "chess"]
    slots = ["weekday_daytime", "weekday_evening", "weekend"]

    def place() -> tuple[float, float]:
        return 55.68 + rng.uniform(-0.15, 0.15), 12.55 + rng.uniform(-0.25, 0.25)

    def some(items: list[str]) -> frozenset[str]:
        return frozenset(rng.sample(items, rng.randint(0, 3)))

    ps = [
        person(
            id=i + 1,
            birth_year=rng.randint(1960, 2000),
            lat=(xy := place())[0],
            lon=xy[1],
            interests=some(interests),
            needs=frozenset(rng.sample(["social", "advice", "danish"], rng.randint(1, 2))),
            availability=some(slots),
            wished_volunteer_gender=rng.choice([None, None, "female"]),
            heavy_case=rng.random() < 0.1,
            waiting_days=rng.randint(0, 500),
        )
        for i in range(n_participants)
    ]
    vols = [
        volunteer(
            id=100 + i,
            gender=rng.choice(["female", "female", "male"]),
            birth_year=rng.randint(1950, 2000),
            lat=(xy := place())[0],
            lon=xy[1],
            interests=some(interests),
            strengths=some(["public_system", "teaching", "social_work"]),
            availability=some(slots),
            professional_background=rng.random() < 0.2,
            capacity=rng.choice([1, 1, 1, 2]),
            open_matches=rng.choice([0, 0, 0, 1]),
            max_distance_km=rng.choice([None, None, 10.0]),
        )
        for i in range(n_volunteers)
    ]
    return ps, vols


@pytest.mark.parametrize(("seed", "threshold"), [(1, 40), (2, 25), (3, 55)])
def test_batch_total_equals_dense_linear_sum_assignment(seed, threshold):
    ps, vols = random_instance(seed, 40, 60)
    config = Config(current_year=YEAR, threshold=threshold)
    pairs = propose_batch(ps, VolunteerPool.from_volunteers(vols), config)
    assert_valid(pairs, ps, vols, config)
    assert len(pairs) > 10
    assert math.isclose(total(pairs), dense_total(ps, vols, config), abs_tol=1e-6)


def test_batch_is_deterministic_and_sorted():
    ps, vols = random_instance(4, 30, 30)
    first = propose_batch(ps, VolunteerPool.from_volunteers(vols), CONFIG)
    assert first == propose_batch(ps, VolunteerPool.from_volunteers(vols), CONFIG)
    assert first == sorted(first, key=lambda pair: (-pair.score, pair.participant_id))


# --- rules -----------------------------------------------------------------------------


def test_below_threshold_pair_is_never_proposed():
    p, v = person(), volunteer(lat=55.87, lon=12.55, birth_year=1950)  # feasible but poor
    e = explain(p, v, CONFIG)
    assert e.eligible and e.score < CONFIG.threshold
    assert propose_batch([p], VolunteerPool.from_volunteers([v]), CONFIG) == []


def test_volunteer_takes_at_most_its_remaining_room():
    ps = [person(id=i, waiting_days=300) for i in (1, 2, 3)]
    two = VolunteerPool.from_volunteers([volunteer(capacity=2)])
    assert len(propose_batch(ps, two, LOW)) == 2
    one_left = VolunteerPool.from_volunteers([volunteer(capacity=2, open_matches=1)])
    assert len(propose_batch(ps, one_left, LOW)) == 1


def test_longest_waiting_gets_the_scarce_volunteer():
    ps = [
        person(id=1, waiting_days=20),
        person(id=2, waiting_days=250),
        person(id=3, waiting_days=90),
    ]
    pairs = propose_batch(ps, VolunteerPool.from_volunteers([volunteer()]), LOW)
    assert [pair.participant_id for pair in pairs] == [2]


def test_the_total_wins_over_one_greedy_best_pair():
    walker = person(id=1, interests=frozenset({"walks"}), waiting_days=300)
    other = person(id=2, waiting_days=300)
    anne = volunteer(id=10, interests=frozenset({"walks"}))
    bo = volunteer(id=11, interests=frozenset({"walks"}), gender="male")
    pool = VolunteerPool.from_volunteers([anne, bo])
    pairs = propose_batch([walker, replace(other, wished_volunteer_gender="female")], pool, LOW)
    assert {(pair.participant_id, pair.volunteer_id) for pair in pairs} == {(1, 11), (2, 10)}


def test_empty_inputs_and_duplicate_ids():
    pool = VolunteerPool.from_volunteers([volunteer()])
    assert propose_batch([], pool, CONFIG) == []
    assert propose_batch([person()], VolunteerPool.from_volunteers([]), CONFIG) == []
    with pytest.raises(ValueError):
        propose_batch([person(id=1), person(id=1)], pool, CONFIG)
    with pytest.raises(ValueError):
        VolunteerPool.from_volunteers([volunteer(id=1), volunteer(id=1)])


def test_rejected_pair_is_never_proposed_and_the_next_best_takes_its_place():
    ps = [person(id=1, waiting_days=300)]
    pool = VolunteerPool.from_volunteers([volunteer(id=10), volunteer(id=11, lat=55.70, lon=12.56)])
    best = propose_batch(ps, pool, LOW)
    assert [(pair.participant_id, pair.volunteer_id) for pair in best] == [(1, 10)]
    again = propose_batch(ps, pool, LOW, exclude={(1, 10)})
    assert [(pair.participant_id, pair.volunteer_id) for pair in again] == [(1, 11)]
    assert propose_batch(ps, pool, LOW, exclude={(1, 10), (1, 11)}) == []
