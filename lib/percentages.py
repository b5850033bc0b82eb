"""Whole percentages rounded half up, exactly (integer arithmetic, no floats); pure.

The KPI contract's rule (../shared/docs/kpi-definitions.md): 22.58 -> 23, 12.5 -> 13, and a share
of an empty set is None (JSON null). reports and outcomes both use it.
"""


def round_half_up_ratio(numerator: int, denominator: int) -> int:
    """numerator / denominator rounded half up, exactly."""
    if denominator <= 0:
        raise ValueError("denominator must be positive")
    if numerator < 0:
        raise ValueError("numerator must not be negative")
    return (2 * numerator + denominator) // (2 * denominator)


def pct(n: int, denominator: int) -> int | None:
    """n as a whole percentage of denominator, half up; None for an empty denominator."""
    if not denominator:
        return None
    return round_half_up_ratio(100 * n, denominator)


def counts_for_pct(value: int, denominator: int) -> range:
    """The numerators that give this percentage of `denominator` (what a reader can tell from a
    shown share and its n); empty when none does."""
    found = [n for n in range(denominator + 1) if pct(n, denominator) == value]
    return range(found[0], found[-1] + 1) if found else range(0)
