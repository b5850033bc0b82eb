"""The matching engine, one pair and one participant at a time (no Django, no database)."""

from __future__ import annotations

import math
import subprocess
import sys
from dataclasses import replace

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from matching.engine import (
    CRITERIA,
    EXCLUSION_CODES,
    Config,
    ParticipantFacts,
    Reason,
    Standing,
    VolunteerFacts,
    VolunteerPool,
    explain,
    explain_pairs,
    score_matrix,
    standing,
    suggest,
    suggest_for_volunteer,
)

YEAR = 2025
CONFIG = Config(current_year=YEAR)
NØRREBRO = (55.6934, 12.5490)
VALBY = (55.6616, 12.5160)  # about 4 km from Nørrebro
AARHUS = (56.1567, 10.2108)


def person(**fields) -> ParticipantFacts:
    base = {"id": 1, "gender": "female", "birth_year": 1980, "lat": NØRREBRO[0], "lon": NØRREBRO[1]}
    return ParticipantFacts(**{**base, **fields})


def volunteer(**fields) -> VolunteerFacts:
    base = {
        "id": 1,
        "name": "Anne",
        "gender": "female",
        "birth_year": 1980,
        "lat": NØRREBRO[0],
        "lon": NØRREBRO[1],
        "approved": True,
    }
    return VolunteerFacts(**{**base, **fields})


def codes(p: ParticipantFacts, v: VolunteerFacts, config: Config = CONFIG) -> list[str]:
    return [x.code for x in explain(p, v, config).excluded]


def score(p: ParticipantFacts, v: VolunteerFacts, config: Config = CONFIG) -> float:
    return explain(p, v, config).score


# --- hard constraints ------------------------------------------------------------------


def test_feasible_pair_has_no_exclusions():
    assert explain(person(), volunteer(), CONFIG).eligible


def test_unapproved_volunteer_is_excluded():
    assert codes(person(), volunteer(approved=False)) == ["not_approved"]


def test_paused_volunteer_is_excluded():
    assert codes(person(), volunteer(paused=True)) == ["paused"]


def test_volunteer_without_room_is_excluded():
    assert codes(person(), volunteer(capacity=1, open_matches=1)) == ["no_capacity"]
    assert codes(person(), volunteer(capacity=2, open_matches=1)) == []


def test_participant_gender_wish_excludes_other_and_unknown_gender():
    p = person(wished_volunteer_gender="female")
    assert codes(p, volunteer(gender="male")) == ["participant_gender_wish"]
    assert codes(p, volunteer(gender=None)) == ["participant_gender_wish"]
    assert codes(p, volunteer(gender="female")) == []


def test_volunteer_gender_wish_excludes():
    v = volunteer(wished_participant_gender="male")
    assert codes(person(gender="female"), v) == ["volunteer_gender_wish"]
    assert codes(person(gender="male"), v) == []


def test_volunteer_age_wish_excludes_outside_and_unknown_age():
    v = volunteer(wished_age_min=30, wished_age_max=50)
    assert codes(person(birth_year=YEAR - 62), v) == ["volunteer_age_wish"]
    assert codes(person(birth_year=YEAR - 25), v) == ["volunteer_age_wish"]
    assert codes(person(birth_year=None), v) == ["volunteer_age_wish"]
    assert codes(person(birth_year=YEAR - 40), v) == []


def test_unlisted_gender_codes_match_only_themselves_in_both_paths():
    anne = volunteer(id=1, gender="x", wished_participant_gender="y")
    pool = VolunteerPool.from_volunteers([anne])
    for gender, expected in (("y", [1]), ("z", []), (None, [])):
        p = person(gender=gender, wished_volunteer_gender="x")
        assert [c.volunteer_id for c in suggest(p, pool, CONFIG)] == expected
        assert explain(p, anne, CONFIG).eligible == bool(expected)


def test_heavy_case_needs_professional_background():
    assert codes(person(heavy_case=True), volunteer()) == ["heavy_case"]
    assert codes(person(heavy_case=True), volunteer(professional_background=True)) == []


def test_needed_language_excludes_unless_spoken_or_interpreter():
    p = person(needs_language="ar")
    assert codes(p, volunteer(languages=("da", "en"))) == ["language_required"]
    assert codes(p, volunteer(languages=("da", "ar"))) == []
    assert codes(replace(p, interpreter_arranged=True), volunteer(languages=("da",))) == []


def test_distance_beyond_limit_excludes():
    far = volunteer(lat=AARHUS[0], lon=AARHUS[1])
    assert codes(person(), far) == ["too_far"]
    params = explain(person(), far, CONFIG).excluded[0].params
    assert params["limit_km"] == 25 and 150 < params["km"] < 160


def test_volunteers_own_distance_limit_applies():
    v = volunteer(lat=VALBY[0], lon=VALBY[1], max_distance_km=3)
    assert codes(person(), v) == ["too_far"]
    assert codes(person(), replace(v, max_distance_km=10)) == []


def test_unknown_coordinates_do_not_exclude_and_give_no_distance_points():
    e = explain(person(lat=None, lon=None), volunteer(lat=AARHUS[0], lon=AARHUS[1]), CONFIG)
    assert e.eligible and e.contributions["distance"] == 0


def test_explain_lists_every_failing_constraint():
    p = person(wished_volunteer_gender="female", heavy_case=True, needs_language="ar")
    v = volunteer(
        approved=False,
        paused=True,
        open_matches=1,
        gender="male",
        wished_participant_gender="male",
        wished_age_min=60,
        lat=AARHUS[0],
        lon=AARHUS[1],
    )
    assert codes(p, v) == [
        "not_approved",
        "paused",
        "no_capacity",
        "heavy_case",
        "participant_gender_wish",
        "volunteer_gender_wish",
        "volunteer_age_wish",
        "language_required",
        "too_far",
    ]


def test_explanations_list_constraints_in_the_documented_order():
    assert EXCLUSION_CODES[:3] == ("not_approved", "paused", "no_capacity") and EXCLUSION_CODES[-1] == "too_far"


# --- soft criteria ---------------------------------------------------------------------


def test_closer_scores_higher():
    assert score(person(), volunteer()) > score(person(), volunteer(lat=VALBY[0], lon=VALBY[1]))


def test_shared_interests_score_higher_and_saturate():
    p = person(interests=frozenset({"walks", "cooking", "football", "music"}))
    scores = [score(p, volunteer(interests=frozenset(list(p.interests)[:n]))) for n in range(5)]
    assert scores[0] < scores[1] < scores[2] < scores[3] == scores[4]


def test_age_inside_wished_range_scores_higher_than_outside():
    p = person(wished_age_min=40, wished_age_max=50)
    inside, near, far = (volunteer(birth_year=YEAR - a) for a in (45, 53, 70))
    assert score(p, inside) > score(p, near) > score(p, far)


def test_without_age_wish_closer_ages_score_higher():
    p = person(birth_year=1980)
    assert score(p, volunteer(birth_year=1982)) > score(p, volunteer(birth_year=1995))


def test_children_on_both_sides_scores_higher():
    p = person(has_children=True)
    assert score(p, volunteer(has_children=True)) > score(p, volunteer(has_children=False))
    assert score(p, volunteer(has_children=None)) == score(p, volunteer(has_children=False))


def test_needs_served_by_strengths_score_higher():
    p = person(needs=frozenset({"advice", "danish"}))
    none = volunteer()
    one = volunteer(strengths=frozenset({"public_system"}))
    both = volunteer(strengths=frozenset({"social_work", "teaching"}))
    assert score(p, none) < score(p, one) < score(p, both)


def test_social_need_is_served_by_a_shared_interest():
    p = person(needs=frozenset({"social"}), interests=frozenset({"walks"}))
    with_shared = explain(p, volunteer(interests=frozenset({"walks"})), CONFIG)
    without = explain(p, volunteer(interests=frozenset({"chess"})), CONFIG)
    assert with_shared.contributions["needs"] > 0 == without.contributions["needs"]


def test_availability_overlap_scores_higher():
    p = person(availability=frozenset({"weekend", "weekday_evening"}))
    assert (
        score(p, volunteer(availability=frozenset({"weekday_daytime"})))
        < score(p, volunteer(availability=frozenset({"weekend"})))
        < score(p, volunteer(availability=frozenset({"weekend", "weekday_evening"})))
    )


def test_mother_tongue_counts_only_when_wanted():
    wants = person(languages=("prs", "da"), wants_same_mother_tongue=True)
    speaks, not_ = volunteer(languages=("da", "prs")), volunteer(languages=("da", "fa"))
    assert score(wants, speaks) > score(wants, not_)
    indifferent = replace(wants, wants_same_mother_tongue=False)
    assert score(indifferent, speaks) == score(indifferent, not_)


def test_longer_waiting_scores_higher_and_saturates():
    scores = [score(person(waiting_days=d), volunteer()) for d in (0, 30, 214, 365, 900)]
    assert scores[0] < scores[1] < scores[2] < scores[3] == scores[4]


def test_unknown_data_gives_no_points_and_no_exclusion():
    p = ParticipantFacts(id=1)
    e = explain(p, VolunteerFacts(id=2, approved=True), CONFIG)
    assert e.eligible and e.score == 0 and e.reasons == []


def test_perfect_pair_scores_100_and_contributions_add_up():
    p = person(
        interests=frozenset({"walks", "cooking", "music"}),
        languages=("prs",),
        needs=frozenset({"advice"}),
        has_children=True,
        availability=frozenset({"weekend"}),
        wants_same_mother_tongue=True,
        waiting_days=400,
    )
    v = volunteer(
        interests=p.interests,
        languages=("da", "prs"),
        strengths=frozenset({"public_system"}),
        has_children=True,
        availability=frozenset({"weekend", "weekday_daytime"}),
    )
    e = explain(p, v, CONFIG)
    assert e.score == pytest.approx(100)
    assert sum(e.contributions.values()) == pytest.approx(e.score)
    assert list(e.contributions) == list(CRITERIA)


def test_weights_change_the_balance():
    only_waiting = Config(current_year=YEAR, weights=dict.fromkeys(CRITERIA, 0) | {"waiting": 1})
    assert score(person(waiting_days=146), volunteer(), only_waiting) == pytest.approx(40)
    with pytest.raises(ValueError):
        Config(current_year=YEAR, weights={"charm": 5})


# --- reasons ---------------------------------------------------------------------------


def test_reasons_most_important_first():
    p = person(
        interests=frozenset({"walks"}),
        languages=("prs", "da"),
        wants_same_mother_tongue=True,
        needs=frozenset({"advice"}),
        has_children=True,
        waiting_days=214,
    )
    v = volunteer(
        birth_year=1965,
        lat=VALBY[0],
        lon=VALBY[1],
        interests=frozenset({"walks"}),
        languages=("da", "prs"),
        strengths=frozenset({"public_system"}),
        has_children=True,
    )
    e = explain(p, v, CONFIG)
    assert e.reasons == [
        Reason("distance", {"km": 4.1}),
        Reason("need_met", {"need": "advice", "strength": "public_system"}),
        Reason("same_mother_tongue", {"language": "prs"}),
        Reason("shared_interests", {"interests": ["walks"]}),
    ]
    points = [e.contributions[c] for c in ("distance", "needs", "mother_tongue", "interests")]
    assert points == sorted(points, reverse=True)


def test_reason_params():
    p = person(
        wished_age_min=40,
        wished_age_max=50,
        interests=frozenset({"walks", "cooking", "chess"}),
        needs=frozenset({"social", "danish"}),
        has_children=True,
        availability=frozenset({"weekend", "weekday_evening"}),
        waiting_days=214,
    )
    v = volunteer(
        birth_year=YEAR - 45,
        interests=frozenset({"walks", "cooking"}),
        has_children=True,
        availability=frozenset({"weekend", "weekday_evening", "weekday_daytime"}),
    )
    only = {c: Config(current_year=YEAR, weights=dict.fromkeys(CRITERIA, 0) | {c: 1}) for c in CRITERIA}
    assert {c: explain(p, v, only[c]).reasons for c in CRITERIA} == {
        "distance": [Reason("distance", {"km": 0.0})],
        "age": [Reason("age_in_wished_range", {"age": 45, "min": 40, "max": 50})],
        "interests": [Reason("shared_interests", {"interests": ["cooking", "walks"]})],
        "children": [Reason("both_have_children", {})],
        "needs": [Reason("need_met", {"need": "social", "strength": None})],  # 1 of 2 needs: 50 %
        "availability": [Reason("availability", {"slots": ["weekday_evening", "weekend"]})],
        "mother_tongue": [],
        "waiting": [Reason("waiting", {"days": 214})],
    }


def test_age_reason_outside_the_wish_and_without_one():
    near = explain(person(wished_age_min=40, wished_age_max=50), volunteer(birth_year=YEAR - 53), CONFIG)
    assert Reason("age_near_wished_range", {"age": 53, "min": 40, "max": 50}) in near.reasons
    close = explain(person(birth_year=1980), volunteer(birth_year=1982), CONFIG)
    assert Reason("age_close", {"difference": 2}) in close.reasons


def test_exclusion_params():
    p = person(wished_volunteer_gender="male", needs_language="ar", birth_year=YEAR - 62)
    v = volunteer(
        capacity=2,
        open_matches=2,
        wished_participant_gender="male",
        wished_age_max=60,
        lat=AARHUS[0],
        lon=AARHUS[1],
        max_distance_km=10,
    )
    params = {x.code: x.params for x in explain(p, v, CONFIG).excluded}
    far = params.pop("too_far")
    assert params == {
        "no_capacity": {"capacity": 2, "open_matches": 2},
        "participant_gender_wish": {"wished": "male", "actual": "female"},
        "volunteer_gender_wish": {"wished": "male", "actual": "female"},
        "volunteer_age_wish": {"min": None, "max": 60, "age": 62},
        "language_required": {"language": "ar"},
    }
    assert far["limit_km"] == 10 and far["km"] == round(far["km"], 1) and 150 < far["km"] < 160


def test_weak_criteria_are_not_told():
    p = person(waiting_days=20)
    v = volunteer(birth_year=1960, lat=55.87, lon=12.55)  # about 20 km: few distance points
    assert explain(p, v, CONFIG).reasons == []


# --- suggest ---------------------------------------------------------------------------


def test_suggest_ranks_by_score_and_leaves_out_excluded():
    p = person(interests=frozenset({"walks"}))
    pool = VolunteerPool.from_volunteers(
        [
            volunteer(id=1, lat=VALBY[0], lon=VALBY[1]),
            volunteer(id=2, interests=frozenset({"walks"})),
            volunteer(id=3, paused=True, interests=frozenset({"walks"})),
            volunteer(id=4),
        ]
    )
    found = suggest(p, pool, CONFIG)
    assert [c.volunteer_id for c in found] == [2, 4, 1]
    assert found[0].reasons and found[0].display_score == round(found[0].score, 1)


def test_ties_are_ordered_by_volunteer_id():
    pool = VolunteerPool.from_volunteers([volunteer(id=i) for i in (9, 3, 7, 1, 5)])
    assert [c.volunteer_id for c in suggest(person(), pool, CONFIG)] == [1, 3, 5, 7, 9]
    assert [c.volunteer_id for c in suggest(person(), pool, CONFIG, limit=2)] == [1, 3]
    assert suggest(person(), pool, CONFIG, limit=0) == []


def test_suggest_limit_keeps_the_best_among_many():
    rng = np.random.default_rng(1)
    vols = [
        volunteer(id=int(i), lat=NØRREBRO[0] + float(d), interests=frozenset({"walks"}))
        for i, d in zip(rng.permutation(300), rng.choice([0.0, 0.02, 0.05], 300), strict=True)
    ]
    walker = person(interests=frozenset({"walks"}))
    found = suggest(walker, VolunteerPool.from_volunteers(vols), CONFIG, 7)
    keys = [(-c.score, c.volunteer_id) for c in found]
    best = sorted((-score(walker, v), v.id) for v in vols)[:7]
    assert keys == sorted(keys) and [k[1] for k in keys] == [b[1] for b in best]


def test_suggest_for_volunteer_ranks_participants():
    v = volunteer(interests=frozenset({"walks"}))
    found = suggest_for_volunteer(
        v,
        [
            person(id=5, waiting_days=10),
            person(id=6, waiting_days=300),
            person(id=7, wished_volunteer_gender="male"),
            person(id=4, waiting_days=10),
        ],
        CONFIG,
        limit=2,
    )
    assert [c.participant_id for c in found] == [6, 4]


def test_standing_counts_the_volunteers_ahead_in_suggest_order():
    p = person(interests=frozenset({"walks"}))
    pool = VolunteerPool.from_volunteers(
        [
            volunteer(id=1, lat=VALBY[0], lon=VALBY[1]),
            volunteer(id=2, interests=frozenset({"walks"})),
            volunteer(id=3, paused=True, interests=frozenset({"walks"})),
            volunteer(id=4),
            volunteer(id=5),
        ]
    )
    order = [c.volunteer_id for c in suggest(p, pool, CONFIG, limit=99)]
    assert order == [2, 4, 5, 1]
    for rank, vid in enumerate(order, start=1):
        top_score = suggest(p, pool, CONFIG)[0].score
        assert standing(p, pool, CONFIG, vid) == Standing(rank, top_volunteer_id=2, top_score=top_score, feasible=4)
    assert standing(p, pool, CONFIG, 3).rank is None and standing(p, pool, CONFIG, 99).rank is None
    empty = standing(p, VolunteerPool.from_volunteers([]), CONFIG, 1)
    assert (empty.rank, empty.top_volunteer_id, empty.top_score, empty.feasible) == (None, None, None, 0)


def test_explain_pairs_equals_explaining_each_pair():
    ps = [person(id=7, interests=frozenset({"walks"})), person(id=8, heavy_case=True)]
    vols = [volunteer(id=1, interests=frozenset({"walks"})), volunteer(id=2, lat=VALBY[0], lon=VALBY[1])]
    pool = VolunteerPool.from_volunteers(vols)
    pairs = [(8, 2), (7, 1), (7, 2)]
    by_id = {v.id: v for v in vols} | {-p.id: p for p in ps}
    assert explain_pairs(ps, pool, CONFIG, pairs) == [explain(by_id[-a], by_id[b], CONFIG) for a, b in pairs]


def test_the_engine_imports_no_django():
    code = "import sys, matching.engine; print(any(m.split('.')[0] == 'django' for m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


# --- the vectorised path agrees with explain -------------------------------------------

GENDERS = st.sampled_from(["female", "male", "other", None])
INTERESTS = ["walks", "cooking", "football", "music", "chess"]
LANGUAGES = ["ar", "prs", "da", "en", "so"]
SLOTS = ["weekday_daytime", "weekday_evening", "weekend"]
STRENGTHS = ["public_system", "teaching", "language_teaching", "health"]
YEARS = st.one_of(st.none(), st.integers(1945, 2005))
AGES = st.one_of(st.none(), st.integers(20, 75))
PLACES = st.one_of(
    st.none(),
    st.tuples(st.floats(55.55, 55.85), st.floats(12.30, 12.80)),
    st.just(NØRREBRO),
)


def _sets(items: list[str]) -> st.SearchStrategy[frozenset[str]]:
    return st.frozensets(st.sampled_from(items), max_size=len(items))


@st.composite
def participants(draw, pid: int = 1) -> ParticipantFacts:
    place = draw(PLACES) or (None, None)
    return ParticipantFacts(
        id=pid,
        gender=draw(GENDERS),
        birth_year=draw(YEARS),
        lat=place[0],
        lon=place[1],
        interests=draw(_sets(INTERESTS)),
        languages=tuple(draw(st.lists(st.sampled_from(LANGUAGES), max_size=2, unique=True))),
        needs=draw(_sets(["social", "advice", "danish"])),
        wished_volunteer_gender=draw(st.sampled_from(["female", "male", None, None])),
        wished_age_min=draw(AGES),
        wished_age_max=draw(AGES),
        has_children=draw(st.sampled_from([True, False, None])),
        availability=draw(_sets(SLOTS)),
        heavy_case=draw(st.sampled_from([False, False, True])),
        needs_language=draw(st.sampled_from([None, None, "ar", "so", "xx"])),
        interpreter_arranged=draw(st.booleans()),
        wants_same_mother_tongue=draw(st.booleans()),
        waiting_days=draw(st.integers(-5, 500)),
    )


@st.composite
def volunteers(draw, vid: int = 1) -> VolunteerFacts:
    place = draw(PLACES) or (None, None)
    capacity = draw(st.integers(1, 2))
    return VolunteerFacts(
        id=vid,
        name=f"V{vid}",
        gender=draw(GENDERS),
        birth_year=draw(YEARS),
        lat=place[0],
        lon=place[1],
        interests=draw(_sets(INTERESTS)),
        languages=tuple(draw(st.lists(st.sampled_from(LANGUAGES), max_size=3, unique=True))),
        strengths=draw(_sets(STRENGTHS)),
        has_children=draw(st.sampled_from([True, False, None])),
        availability=draw(_sets(SLOTS)),
        professional_background=draw(st.booleans()),
        approved=draw(st.sampled_from([True, True, True, False])),
        paused=draw(st.sampled_from([False, False, False, True])),
        capacity=capacity,
        open_matches=draw(st.integers(0, capacity)),
        wished_participant_gender=draw(st.sampled_from([None, None, "female", "male"])),
        wished_age_min=draw(st.one_of(st.none(), st.integers(20, 50))),
        wished_age_max=draw(st.one_of(st.none(), st.integers(40, 80))),
        max_distance_km=draw(st.sampled_from([None, None, 5.0, 12.5, 40.0])),
    )


@st.composite
def volunteer_lists(draw, max_size: int = 12) -> list[VolunteerFacts]:
    ids = draw(st.lists(st.integers(1, 99), min_size=1, max_size=max_size, unique=True))
    return [draw(volunteers(vid)) for vid in ids]


@settings(max_examples=80, deadline=None)
@given(p=participants(), vols=volunteer_lists())
def test_suggest_agrees_with_explain(p: ParticipantFacts, vols: list[VolunteerFacts]):
    pool = VolunteerPool.from_volunteers(vols)
    found = {c.volunteer_id: c for c in suggest(p, pool, CONFIG, limit=99)}
    for v in vols:
        e = explain(p, v, CONFIG)
        assert (v.id in found) == e.eligible, [x.code for x in e.excluded]
        if e.eligible:
            assert math.isclose(found[v.id].score, e.score, abs_tol=1e-6)
            assert found[v.id].contributions == e.contributions


@settings(max_examples=40, deadline=None)
@given(ps=st.lists(participants(), min_size=1, max_size=4), vols=volunteer_lists(8))
def test_score_matrix_agrees_with_explain(ps: list[ParticipantFacts], vols: list[VolunteerFacts]):
    ps = [replace(p, id=i) for i, p in enumerate(ps)]
    config = Config(current_year=YEAR, threshold=20)
    matrix = score_matrix(ps, VolunteerPool.from_volunteers(vols), config)
    for i, p in enumerate(ps):
        for j, v in enumerate(vols):
            e = explain(p, v, config)
            expected = e.score if e.eligible and e.score >= config.threshold else 0.0
            assert math.isclose(matrix[i, j], expected, abs_tol=1e-6)
