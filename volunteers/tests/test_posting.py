"""The posting's anonymity rule as pure functions: fewer than five sharing the facts is refused."""

from hypothesis import given
from hypothesis import strategies as st

from volunteers import posting
from volunteers.posting import Facts

REGION_OF = {"København": "Region Hovedstaden", "Odense": "Region Syddanmark"}


def person(**overrides):
    base = {
        "gender": "female",
        "age_decade": 40,
        "region": "Region Hovedstaden",
        "municipality": "København",
        "interests": frozenset({"walks", "cooking"}),
        "needs": frozenset({"danish"}),
        "birth_country": "SY",
    }
    return Facts(**{**base, **overrides})


def test_age_decade_is_coarse():
    assert posting.age_decade(1980, 2024) == 40
    assert posting.age_decade(1975, 2024) == 40
    assert posting.age_decade(1984, 2024) == 40
    assert posting.age_decade(1985, 2024) == 30
    assert posting.age_decade(None, 2024) is None


def test_a_combination_shared_by_four_is_refused_and_five_accepted():
    chosen = Facts(gender="female", age_decade=40, region="Region Hovedstaden")
    population = [person() for _ in range(4)] + [person(gender="male") for _ in range(10)]
    assert not posting.check(chosen, population, region_of=REGION_OF).ok
    assert posting.check(chosen, population + [person()], region_of=REGION_OF).ok


def test_interests_and_wishes_count_people_who_have_at_least_those():
    chosen = Facts(interests=frozenset({"walks"}), needs=frozenset({"danish"}))
    population = [person(), person(interests=frozenset({"walks", "music"})), person(interests=frozenset({"music"}))]
    assert posting.group_size(chosen, population) == 2


def test_refusal_explains_that_municipality_to_region_is_enough():
    chosen = Facts(gender="female", age_decade=40, municipality="København")
    population = [person() for _ in range(2)] + [person(municipality="Gentofte") for _ in range(4)]
    result = posting.check(chosen, population, region_of={**REGION_OF, "Gentofte": "Region Hovedstaden"})
    assert not result.ok and result.group_size == 2
    first = result.relaxations[0]
    assert first.change == "municipality_to_region" and first.value == "Region Hovedstaden"
    assert first.group_size == 6 and first.enough


def test_birth_country_is_refused_when_fewer_than_five_share_it():
    population = [person(birth_country="SY") for _ in range(3)] + [person(birth_country="AF") for _ in range(6)]
    chosen = Facts(gender="female", birth_country="SY")
    result = posting.check(chosen, population)
    assert not result.ok
    drop = next(r for r in result.relaxations if r.change == "drop_birth_country")
    assert drop.enough and drop.group_size == 9


def test_a_plan_of_several_changes_when_no_single_change_is_enough():
    population = [person(), person(), person(gender="male", municipality="Odense", region="Region Syddanmark")] + [
        person(gender="male", age_decade=20, municipality="Odense", region="Region Syddanmark") for _ in range(3)
    ]
    chosen = Facts(gender="female", age_decade=40, municipality="København")
    result = posting.check(chosen, population, region_of=REGION_OF)
    assert not result.ok and not any(step.enough for step in result.relaxations)
    assert result.plan and result.plan[-1].enough
    assert posting.group_size(result.plan[-1].facts, population) >= posting.MIN_GROUP_SIZE


def test_no_plan_when_the_whole_system_has_fewer_than_five():
    result = posting.check(Facts(gender="female"), [person(), person()])
    assert not result.ok and result.plan == ()


def test_draft_is_danish_and_uses_only_the_chosen_facts():
    text = posting.draft_text(
        Facts(
            gender="female",
            age_decade=40,
            region="Region Hovedstaden",
            interests=frozenset({"walks", "cooking"}),
            needs=frozenset({"danish"}),
        )
    )
    assert text.startswith(
        "Kvinde i 40'erne i Region Hovedstaden, glad for gåture og natur og madlavning, vil gerne øve dansk."
    )
    assert "Syrien" not in text
    with_country = posting.draft_text(Facts(gender="male", birth_country="SY"), country_name="Syrien")
    assert with_country.startswith("Mand med rødder i Syrien.")
    assert posting.draft_text(Facts(municipality="København")).startswith("Person i Københavns Kommune.")


def test_leaks_catch_name_reference_and_exact_age_but_not_the_decade():
    text = "Aminas nabo er 44 år, P-T00001, i 40'erne"
    assert posting.leaks(text, ["Amina", "P-T00001", "44", "40", "Rahimi", "DIGNITY"]) == ["Amina", "P-T00001", "44"]


PLACES = [("Region Hovedstaden", "København"), ("Region Syddanmark", "Odense")]


@st.composite
def facts_strategy(draw, *, chosen=False):
    region, municipality = draw(st.sampled_from(PLACES))
    if chosen:  # a posting names the region, the municipality, or neither
        mode = draw(st.sampled_from(["region", "municipality", "none"]))
        region = region if mode == "region" else ""
        municipality = municipality if mode == "municipality" else ""
    return Facts(
        gender=draw(st.sampled_from(["", "female", "male"])),
        age_decade=draw(st.sampled_from([None, 20, 30, 40])),
        region=region,
        municipality=municipality,
        interests=draw(st.frozensets(st.sampled_from(["walks", "cooking", "music"]), max_size=2)),
        needs=draw(st.frozensets(st.sampled_from(["danish", "social"]), max_size=2)),
        birth_country=draw(st.sampled_from(["", "SY", "AF"])),
    )


@given(chosen=facts_strategy(chosen=True), population=st.lists(facts_strategy(), max_size=25))
def test_an_accepted_posting_always_fits_five_and_relaxing_never_narrows(chosen, population):
    result = posting.check(chosen, population, region_of=REGION_OF)
    assert result.ok == (posting.group_size(chosen, population) >= posting.MIN_GROUP_SIZE)
    for step in result.relaxations:
        assert step.group_size >= result.group_size
    if result.plan:
        assert result.plan[-1].enough


def test_first_draft_adds_interests_and_wishes_only_while_five_share_them():
    own = person(interests=frozenset({"walks", "cooking", "music"}), needs=frozenset({"danish", "social"}))
    population = (
        [person(interests=frozenset({"walks", "cooking"}), needs=frozenset({"danish"})) for _ in range(5)]
        + [person(interests=frozenset({"walks", "music"}), needs=frozenset({"social"})) for _ in range(2)]
        + [own]
    )
    draft = posting.first_draft(own, population, region_of=REGION_OF)
    assert (draft.gender, draft.age_decade, draft.region) == ("female", 40, "Region Hovedstaden")
    assert draft.interests == {"cooking", "walks"} and draft.needs == {"danish"}
    assert not draft.municipality and not draft.birth_country
    assert posting.check(draft, population).ok
    # All the participant's interests and wishes (the old first draft) would be refused.
    assert not posting.check(
        Facts(**{**draft.as_json(), "interests": own.interests, "needs": own.needs}), population
    ).ok


def test_first_draft_broadens_the_coarse_facts_when_they_are_too_narrow():
    own = person(age_decade=60)
    population = [own] + [person(age_decade=30) for _ in range(6)]
    draft = posting.first_draft(own, population, region_of=REGION_OF)
    assert draft.age_decade is None and draft.gender == "female"
    assert posting.check(draft, population).ok


def test_first_draft_of_a_too_small_system_is_the_coarse_facts():
    own = person()
    draft = posting.first_draft(own, [own, own], region_of=REGION_OF)
    assert not posting.check(draft, [own, own]).ok and not draft.interests


@given(
    own=st.builds(
        person,
        gender=st.sampled_from(["female", "male"]),
        age_decade=st.sampled_from([20, 30, 40]),
        interests=st.frozensets(st.sampled_from(["walks", "cooking", "music"])),
    ),
    population=st.lists(
        st.builds(
            person,
            gender=st.sampled_from(["female", "male"]),
            age_decade=st.sampled_from([20, 30, 40]),
            interests=st.frozensets(st.sampled_from(["walks", "cooking", "music"])),
        ),
        max_size=30,
    ),
)
def test_first_draft_passes_whenever_the_coarse_facts_or_a_broadening_do(own, population):
    draft = posting.first_draft(own, population, region_of=REGION_OF)
    coarse_ok = posting.check(Facts(gender=own.gender, age_decade=own.age_decade, region=own.region), population)
    if coarse_ok.ok:
        assert posting.check(draft, population).ok
    assert draft.interests <= own.interests and draft.needs <= own.needs
