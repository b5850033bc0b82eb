"""k-anonymity by generalising, then suppressing (pure: plain rows in, plain rows out).

Every combination of the quasi-identifiers must be shared by at least k rows. Rows in a smaller
group have their quasi-identifiers generalised one at a time, in the order given (the least useful
first) to "*"; rows still in a group below k after every step are left out."""

from collections import Counter

ANY = "*"


def _groups(rows: list[dict], quasi: tuple[str, ...]) -> Counter:
    return Counter(tuple(row[name] for name in quasi) for row in rows)


def k_anonymise(rows: list[dict], *, quasi: tuple[str, ...], order: tuple[str, ...], k: int = 5):
    """(kept rows, number suppressed). `order`: the quasi-identifiers to generalise, first to last."""
    rows = [dict(row) for row in rows]
    for name in order:
        sizes = _groups(rows, quasi)
        small = [row for row in rows if sizes[tuple(row[q] for q in quasi)] < k]
        if not small:
            break
        for row in small:
            row[name] = ANY
    sizes = _groups(rows, quasi)
    kept = [row for row in rows if sizes[tuple(row[q] for q in quasi)] >= k]
    return kept, len(rows) - len(kept)


def smallest_group(rows: list[dict], quasi: tuple[str, ...]) -> int:
    sizes = _groups(rows, quasi)
    return min(sizes.values()) if sizes else 0
