"""Optimal batch assignment over the feasible pairs, as a sparse assignment problem.

Rows are participants, columns are volunteer *slots* (a volunteer with room for k more
matches appears k times) plus one "unmatched" column per participant. Costs are
COST_OFFSET - score, and COST_OFFSET for staying unmatched, so a minimum-cost full matching
of the rows maximises the total score and leaves a participant unmatched rather than forcing
a pair. COST_OFFSET is above any score so no cost is zero: sparse matrices drop explicit
zeros, which would silently remove a pair.
"""

from __future__ import annotations

import numpy as np
from scipy.sparse import csr_array
from scipy.sparse.csgraph import min_weight_full_bipartite_matching

COST_OFFSET = 101.0


def _slot_columns(
    vol: np.ndarray,
    n_vols: int,
    room: np.ndarray,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Repeat each edge once per slot of its volunteer.

    Returns (edge index per repeated edge, its slot column, volunteer per slot column).
    A volunteer gets at most as many slots as it has edges; more could never be used.
    """
    slots = np.minimum(room, np.bincount(vol, minlength=n_vols))
    first = np.cumsum(slots) - slots
    reps = slots[vol]
    edge = np.repeat(np.arange(len(vol)), reps)
    within = np.arange(len(edge)) - np.repeat(np.cumsum(reps) - reps, reps)
    return edge, first[vol[edge]] + within, np.repeat(np.arange(n_vols), slots)


def _compress(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Like np.unique(values, return_inverse=True) for small non-negative ints, without sorting."""
    present = np.bincount(values) > 0
    code = np.cumsum(present) - 1
    return np.flatnonzero(present), code[values]


def assign(
    participant: np.ndarray,
    volunteer: np.ndarray,
    score: np.ndarray,
    room: np.ndarray,
) -> np.ndarray:
    """Indices of the chosen edges maximising the total score.

    Edges are (participant, volunteer, score) with unique pairs; `room` is the number of
    further matches each volunteer (by the same index as `volunteer`) may take.
    """
    if len(participant) == 0:
        return np.zeros(0, dtype=np.int64)
    rows, row = _compress(participant)
    vols, vol = _compress(volunteer)
    edge, col, slot_vol = _slot_columns(vol, len(vols), np.asarray(room)[vols])
    n_rows, n_slots = len(rows), len(slot_vol)
    matrix = csr_array(
        (
            np.concatenate((COST_OFFSET - score[edge], np.full(n_rows, COST_OFFSET))),
            (
                np.concatenate((row[edge], np.arange(n_rows))),
                np.concatenate((col, n_slots + np.arange(n_rows))),
            ),
        ),
        shape=(n_rows, n_slots + n_rows),
    )
    matched_row, matched_col = min_weight_full_bipartite_matching(matrix)
    real = matched_col < n_slots
    key = row.astype(np.int64) * len(vols) + vol
    order = np.arange(len(key)) if np.all(key[1:] > key[:-1]) else np.argsort(key)
    wanted = matched_row[real].astype(np.int64) * len(vols) + slot_vol[matched_col[real]]
    return order[np.searchsorted(key[order], wanted)]
