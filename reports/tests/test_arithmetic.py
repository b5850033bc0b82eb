import pytest

from reports.arithmetic import age_group, is_small, median, pct, round_half_up, share


@pytest.mark.parametrize(
    ("n", "d", "expected"),
    [(28, 124, 23), (11, 14, 79), (1, 8, 13), (3, 8, 38), (1, 200, 1), (0, 5, 0), (5, 5, 100), (89, 124, 72)],
)
def test_percentages_are_whole_numbers_rounded_half_up(n, d, expected):
    assert pct(n, d) == expected


def test_share_of_an_empty_set_is_null():
    assert pct(0, 0) is None
    assert share(0, 0) == {"n": 0, "pct": None}


def test_median_and_rounding_of_a_half_day():
    assert median([]) is None
    assert median([5, 1, 3]) == 3
    assert median([1, 2]) == 1.5
    assert round_half_up(1.5) == 2
    assert round_half_up(2.5) == 3
    assert round_half_up(2.4) == 2


@pytest.mark.parametrize(
    ("start", "birth", "group"),
    [
        (2022, 2005, "under-18"),
        (2022, 2004, "18-30"),
        (2022, 1992, "18-30"),
        (2022, 1991, "31-40"),
        (2022, 1972, "41-50"),
        (2022, 1962, "51-60"),
        (2022, 1961, "61+"),
        (2022, None, "unknown"),
    ],
)
def test_age_groups(start, birth, group):
    assert age_group(start, birth) == group


def test_small_cells_are_one_to_four_people():
    assert [is_small(n) for n in (None, 0, 1, 4, 5)] == [False, False, True, True, False]
