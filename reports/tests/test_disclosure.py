"""Secondary suppression (reports.disclosure): pure functions over plain numbers."""

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reports.disclosure import PRIMARY, SECONDARY, WITHHELD, Group, share_hidden, suppress


def test_a_single_small_region_also_hides_the_smallest_other_region():
    values = {"total": 30, "a": 3, "b": 12, "c": 15}
    mask = suppress(values, [Group("total", ("a", "b", "c"))])
    assert mask == {"a": PRIMARY, "b": SECONDARY}


def test_two_small_cells_need_no_secondary_cell():
    values = {"total": 30, "a": 3, "b": 2, "c": 25}
    assert suppress(values, [Group("total", ("a", "b", "c"))]) == {"a": PRIMARY, "b": PRIMARY}


def test_one_cell_group_hides_the_total():
    values = {"total": 3, "only": 3}
    assert suppress(values, [Group("total", ("only",))]) == {"total": PRIMARY, "only": PRIMARY}
    values = {"established": 3, "region": 3, "year": 3}
    mask = suppress(values, [Group("established", ("region",)), Group("established", ("year",))])
    assert set(mask) == {"established", "region", "year"}


def test_small_cell_beside_a_cell_of_five_is_not_pinned_down_by_the_symbols():
    # 1 + 5 = 6: "<5" + "x" (at least 5) = 6 would give 1 and 5; hiding the total protects it.
    values = {"total": 6, "a": 1, "b": 5}
    mask = suppress(values, [Group("total", ("a", "b"))])
    assert mask == {"a": PRIMARY, "total": SECONDARY}


def test_zero_cells_are_never_chosen_as_secondary():
    values = {"total": 23, "a": 3, "zero": 0, "b": 20}
    mask = suppress(values, [Group("total", ("a", "zero", "b"))])
    assert mask == {"a": PRIMARY, "b": SECONDARY}


def test_not_well_functioning_cannot_be_derived_from_evaluable_and_well():
    # evaluable 30, well 28: not well = 2 is never shown but would be one subtraction away.
    values = {"established": 40, "evaluable": 30, "not_yet": 10, "well": 28, "not_well": 2}
    groups = [Group("established", ("evaluable", "not_yet")), Group("evaluable", ("well", "not_well"))]
    mask = suppress(values, groups, unseen={"not_well"})
    assert "not_well" not in mask
    assert mask == {"well": SECONDARY}


def test_not_yet_evaluable_small_hides_evaluable_and_the_cascade_follows():
    values = {"established": 33, "evaluable": 30, "not_yet": 3, "well": 20, "not_well": 10}
    groups = [Group("established", ("evaluable", "not_yet")), Group("evaluable", ("well", "not_well"))]
    mask = suppress(values, groups, unseen={"not_well"})
    # evaluable hidden (it is the smallest other cell); not_well is unseen so well may stay.
    assert mask == {"not_yet": PRIMARY, "evaluable": SECONDARY}


def test_a_group_that_cannot_be_protected_is_withheld():
    # four groups of one person under a "<5" total: each would be 1, so the rows are left out.
    values = {"n": 4, "a": 1, "b": 1, "c": 1, "d": 1}
    mask = suppress(values, [Group("n", ("a", "b", "c", "d"))])
    assert mask == {"n": PRIMARY, "a": WITHHELD, "b": WITHHELD, "c": WITHHELD, "d": WITHHELD}


def test_cells_that_do_not_add_up_are_a_programming_error():
    with pytest.raises(ValueError):
        suppress({"total": 5, "a": 1}, [Group("total", ("a",))])


@pytest.mark.parametrize(
    "numerator, denominator, hidden",
    [(2, 20, True), (18, 20, True), (10, 20, False), (0, 20, False), (20, 20, False), (3, 3, True), (0, 0, False)],
)
def test_share_is_hidden_when_numerator_or_remainder_is_small(numerator, denominator, hidden):
    assert share_hidden(numerator, denominator) is hidden


# --- property tests: brute force what a reader could work out from the shown figures ------------


def _reader_range(key, mask, values):
    if mask.get(key) == PRIMARY:
        return range(1, 5)
    if mask.get(key) == SECONDARY:
        return range(5, values["__bound__"] + 1)
    if key in mask or key.startswith("unseen"):
        return range(0, values["__bound__"] + 1)
    return range(values[key], values[key] + 1)


def _possible_values(keys, constraints, mask, values):
    """Every value each hidden key can take in some assignment satisfying all the sums."""
    hidden = [k for k in keys if k in mask or k.startswith("unseen")]
    possible = {k: set() for k in hidden}
    ranges = [_reader_range(k, mask, values) for k in hidden]
    for combo in itertools.product(*ranges):
        guess = dict(values) | dict(zip(hidden, combo, strict=True))
        if all(sum(guess[c] for c in cells) == guess[total] for total, cells in constraints):
            for key, value in zip(hidden, combo, strict=True):
                possible[key].add(value)
    return possible


small_or_not = st.one_of(st.integers(0, 4), st.integers(0, 14))


@settings(max_examples=300, deadline=None)
@given(cells=st.lists(small_or_not, min_size=1, max_size=4))
def test_no_hidden_cell_of_a_group_can_be_recovered(cells):
    keys = [f"c{i}" for i in range(len(cells))]
    values = dict(zip(keys, cells, strict=True)) | {"total": sum(cells)}
    mask = suppress(values, [Group("total", tuple(keys))])
    for key, n in values.items():
        if 0 < n < 5:
            assert mask.get(key) in (PRIMARY, WITHHELD)
    values["__bound__"] = sum(cells) + 6  # the reader does not know the hidden total
    possible = _possible_values([*keys, "total"], [("total", keys)], mask, values)
    for key, options in possible.items():
        assert values[key] in options
        assert len(options) >= 2, (values, mask, key, options)


@settings(max_examples=300, deadline=None)
@given(not_yet=small_or_not, well=small_or_not, not_well=small_or_not)
def test_cohort_figures_cannot_be_worked_back_to_a_small_cell(not_yet, well, not_well):
    """established = evaluable + not yet evaluable; evaluable = well + not well (never shown)."""
    evaluable = well + not_well
    values = {
        "established": evaluable + not_yet,
        "evaluable": evaluable,
        "not_yet": not_yet,
        "well": well,
        "unseen_not_well": not_well,
    }
    groups = [Group("established", ("evaluable", "not_yet")), Group("evaluable", ("well", "unseen_not_well"))]
    mask = suppress(values, groups, unseen={"unseen_not_well"})
    values["__bound__"] = values["established"] + 6
    constraints = [(g.total, g.cells) for g in groups]
    possible = _possible_values(list(values.keys() - {"__bound__"}), constraints, mask, values)
    for key, options in possible.items():
        assert values[key] in options
        if key in mask or 0 < values[key] < 5:
            assert len(options) >= 2, (values, mask, key, options)
