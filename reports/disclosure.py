"""Statistical disclosure control for the figures (pure: plain numbers in, a mask out; no Django).

Primary suppression: a cell describing 1-4 people is shown as "<5". That alone can be undone by
subtraction (a total beside its rows, "established" beside "evaluable"), so, as statistical offices
do, cells are also suppressed secondarily:

- a **group** is a total and the cells that add up to it (regions → all regions, gender groups →
  matched participants, established = evaluable + not yet evaluable, evaluable = well-functioning +
  not well-functioning, ...). A cell may belong to several groups (a total of one can be a cell of
  another) and the same number shown in two tables has one key, so it is hidden in both or neither;
- while a hidden cell can be pinned down to one value from the shown cells, the shown totals and
  what the symbols tell ("<5" is 1-4, a secondarily hidden cell is at least 5), taking every
  group's sum into account (bounds tightened group by group until nothing changes), the smallest
  other shown non-zero cell of a group it is in is hidden too, or else that group's total;
- a cell that is never shown (not well-functioning = evaluable − well-functioning) but describes
  1-4 people is protected the same way: it must not be derivable;
- a group that stays exposed with everything hidden (only when its total is itself under 5: four
  rows of one person each under a "<5" total) has its rows **withheld** (not shown at all);
- a **share** is hidden when its numerator or the remainder (denominator − numerator) describes
  1-4 people, or when the numerator or the denominator is hidden;
- **published** figures are shown whatever their size (the headline success rate over 5 or more
  matches, and its parts: the program's main result is never hidden). They, and whatever they
  give away by themselves (with the zeros, which are always shown), are neither hidden nor
  protected; everything else is protected with them known.

This repeats until nothing can be pinned down (masks only grow, so it ends).
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from math import inf

from .arithmetic import is_small

PRIMARY = "primary"  # shown as "<5": the reader knows it is 1-4
SECONDARY = "secondary"  # hidden so that a primary cell cannot be derived: the reader knows it is >= 5
WITHHELD = "withheld"  # a row not shown at all: its group could not be protected otherwise


@dataclass(frozen=True)
class Group:
    """`total` is the sum of `cells` (keys into the values)."""

    total: str
    cells: tuple[str, ...]


def share_hidden(numerator: int | None, denominator: int | None) -> bool:
    """A share whose numerator or remainder describes 1-4 people (so would single them out)."""
    if numerator is None or not denominator:
        return False
    return is_small(numerator) or is_small(denominator - numerator)


def _interval(key: str, values, mask, unseen, published=frozenset()) -> tuple:
    """What a reader knows of the value of `key`: an inclusive (low, high) interval."""
    if key in published:
        return (values[key], values[key])
    if key in unseen or mask.get(key) == WITHHELD:
        return (0, inf)
    status = mask.get(key)
    if status == PRIMARY:
        return (1, 4)
    if status == SECONDARY:
        return (5, inf)
    return (values[key], values[key])


def feasible(key: str, group: Group, intervals: Mapping[str, tuple]) -> tuple:
    """The values `key` (a cell or the total of `group`) can take given the reader's intervals."""
    low, high = intervals[key]
    if key == group.total:
        return (
            max(low, sum(intervals[c][0] for c in group.cells)),
            min(high, sum(intervals[c][1] for c in group.cells)),
        )
    others = [c for c in group.cells if c != key]
    total_low, total_high = intervals[group.total]
    return (
        max(low, total_low - sum(intervals[c][1] for c in others)),
        min(high, total_high - sum(intervals[c][0] for c in others)),
    )


def reader_intervals(values, groups, mask, unseen, *, published=frozenset(), rounds: int = 50) -> dict[str, tuple]:
    """What a reader can narrow each figure down to: the symbols' intervals, tightened by every
    group's sum in turn until nothing changes (figures linked through several groups included)."""
    intervals = {key: _interval(key, values, mask, unseen, published) for key in values}
    return _tighten(intervals, groups, rounds)


def _tighten(intervals: dict[str, tuple], groups, rounds: int = 50) -> dict[str, tuple]:
    for _round in range(rounds):
        changed = False
        for group in groups:
            for key in (*group.cells, group.total):
                narrowed = feasible(key, group, intervals)
                if narrowed != intervals[key]:
                    intervals[key] = narrowed
                    changed = True
        if not changed:
            break
    return intervals


def implied_by(published, values, groups, unseen) -> frozenset[str]:
    """The published figures and what they pin down by themselves (with the zeros, always shown)."""
    published = set(published)
    known = {
        key: (n, n) if key in published or (key not in unseen and n == 0) else (0, inf) for key, n in values.items()
    }
    intervals = _tighten(known, groups)
    return frozenset(published | {key for key, (low, high) in intervals.items() if low >= high})


def _protected(key: str, values, mask, unseen, published=frozenset()) -> bool:
    """Hidden (masked), or never shown but describing 1-4 people; not what is published anyway."""
    if key in published:
        return False
    if mask.get(key) in (PRIMARY, SECONDARY):
        return True
    return (key in unseen or mask.get(key) == WITHHELD) and is_small(values[key])


def _exposed(values, groups, mask, unseen, published) -> str | None:
    """A protected figure the reader can pin down to one value, if any."""
    intervals = reader_intervals(values, groups, mask, unseen, published=published)
    for key in values:
        if _protected(key, values, mask, unseen, published) and intervals[key][0] >= intervals[key][1]:
            return key
    return None


def _candidates(exposed: str, values, groups, mask, unseen, published) -> list[str]:
    """Shown non-zero figures that could be hidden to protect `exposed`: those of the groups it is
    in first (cells by size, then totals), then those one group further, and so on."""
    seen_groups, frontier, reached, order = set(), {exposed}, {exposed}, []
    while frontier:
        level = [i for i, g in enumerate(groups) if i not in seen_groups and frontier & {*g.cells, g.total}]
        seen_groups.update(level)
        cells = {c for i in level for c in groups[i].cells}
        totals = {groups[i].total for i in level} - cells
        for batch in (cells, totals):
            shown = [
                k
                for k in batch
                if k not in mask and k not in unseen and k not in published and values[k] and k not in order
            ]
            order += sorted(shown, key=lambda k: (values[k], k))
        frontier = {k for i in level for k in (*groups[i].cells, groups[i].total)} - reached
        reached |= frontier
    return order


def suppress(
    values: Mapping[str, int], groups: Iterable[Group], *, unseen: Iterable[str] = (), published: Iterable[str] = ()
) -> dict[str, str]:
    """{key: PRIMARY | SECONDARY | WITHHELD} for every key of `values` to hide. `unseen` keys are
    never shown (derivable at most): they are not in the result, but a small one is protected.
    `published` keys are shown whatever their size; what they give away is not protected."""
    groups = list(groups)
    unseen = set(unseen)
    for group in groups:
        for key in (*group.cells, group.total):
            if key not in values:
                raise KeyError(key)
        if sum(values[c] for c in group.cells) != values[group.total]:
            raise ValueError(f"cells of {group.total} do not add up to it")
    published = implied_by(published, values, groups, unseen)
    mask = {key: PRIMARY for key, n in values.items() if key not in unseen and key not in published and is_small(n)}
    while (exposed := _exposed(values, groups, mask, unseen, published)) is not None:
        candidates = _candidates(exposed, values, groups, mask, unseen, published)
        if candidates:
            # the nearest, smallest figure whose hiding protects it; else the first, and go on
            mask[candidates[0]] = SECONDARY
            for key in candidates:
                trial = {**mask, key: SECONDARY}
                low, high = reader_intervals(values, groups, trial, unseen, published=published)[exposed]
                if low < high:
                    del mask[candidates[0]]
                    mask[key] = SECONDARY
                    break
            continue
        around = [group for group in groups if exposed in (*group.cells, group.total)]
        withheld = [
            c for g in around for c in g.cells if c not in unseen and c not in published and mask.get(c) != WITHHELD
        ]
        if not withheld:  # cannot happen with consistent sums; never loop forever
            break
        for cell in withheld:  # nothing left to hide: leave the rows out
            mask[cell] = WITHHELD
    return mask
