"""Benchmark of the matching engine on synthetic data of a realistic shape.

Run from the project root: `python bench/bench_matching.py`. Prints one JSON line:
suggest_100k_ms      median time to rank one participant against 100,000 volunteers
batch_2000x10000_s   propose_batch end to end (pool building, scoring, solving)
batch_same_objective_as_dense  its total equals a dense linear_sum_assignment
batch_peak_mb        peak resident memory of a child process running only the batch
feasible_pairs       pairs passing every hard constraint with a score >= the threshold
proposed_pairs       pairs in the batch's proposal
Targets: suggest <= 20 ms, batch <= 2 s, same objective, peak <= 1000 MB.
"""

from __future__ import annotations

import json
import math
import random
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402
from scipy.optimize import linear_sum_assignment  # noqa: E402

from matching.engine import (  # noqa: E402
    Config,
    ParticipantFacts,
    VolunteerFacts,
    VolunteerPool,
    propose_batch,
    score_matrix,
    suggest,
)

SEED = 20240611
CONFIG = Config(current_year=2025)

# (lat, lon, share of people): volunteers and participants cluster in the cities.
CITIES = [
    (55.676, 12.568, 0.45),  # København
    (56.157, 10.211, 0.18),  # Aarhus
    (55.404, 10.402, 0.12),  # Odense
    (57.048, 9.919, 0.08),  # Aalborg
    (55.476, 8.459, 0.05),  # Esbjerg
    (55.709, 9.536, 0.04),  # Vejle
    (55.490, 9.472, 0.04),  # Kolding
    (55.641, 12.081, 0.04),  # Roskilde
]
INTERESTS = [
    "walks",
    "cooking",
    "football",
    "music",
    "nature",
    "museums",
    "reading",
    "cycling",
    "swimming",
    "crafts",
    "art",
    "films",
    "games",
    "gardening",
    "fitness",
]
MOTHER_TONGUES = ["ar", "fa", "prs", "ps", "so", "ti", "ku", "ur", "tr", "uk", "am", "bs"]
SLOTS = ["weekday_daytime", "weekday_evening", "weekend"]
STRENGTHS = [
    "public_system",
    "teaching",
    "language_teaching",
    "health",
    "social_work",
    "job_market",
]


def _place(rng: random.Random, spread_km: float) -> tuple[float, float]:
    lat, lon, _ = rng.choices(CITIES, weights=[c[2] for c in CITIES])[0]
    r = abs(rng.gauss(0, spread_km))
    angle = rng.uniform(0, 6.283)
    return lat + r * np.sin(angle) / 111.0, lon + r * np.cos(angle) / 63.0


def _maybe(rng: random.Random, chance: float, value: object) -> object:
    return value if rng.random() < chance else None


def _subset(rng: random.Random, items: list[str], low: int, high: int) -> frozenset[str]:
    return frozenset(rng.sample(items, rng.randint(low, high)))


def make_volunteers(n: int, seed: int = SEED) -> list[VolunteerFacts]:
    rng = random.Random(seed)
    out = []
    for i in range(n):
        lat, lon = _place(rng, 14.0)
        second = [rng.choice(MOTHER_TONGUES)] if rng.random() < 0.12 else []
        capacity = 2 if rng.random() < 0.15 else 1
        out.append(
            VolunteerFacts(
                id=i + 1,
                name=f"Frivillig {i + 1}",
                gender="female" if rng.random() < 0.75 else "male",
                birth_year=rng.randint(1950, 2003),
                lat=lat,
                lon=lon,
                interests=_subset(rng, INTERESTS, 1, 5),
                languages=("da", "en", *second),
                strengths=_subset(rng, STRENGTHS, 0, 2),
                has_children=rng.random() < 0.5,
                availability=_subset(rng, SLOTS, 1, 3),
                professional_background=rng.random() < 0.15,
                approved=rng.random() < 0.92,
                paused=rng.random() < 0.04,
                capacity=capacity,
                open_matches=1 if rng.random() < 0.2 else 0,
                wished_participant_gender=_maybe(rng, 0.1, rng.choice(["female", "male"])),
                wished_age_min=25 if rng.random() < 0.05 else None,
                max_distance_km=rng.choice([5.0, 10.0, 15.0]) if rng.random() < 0.3 else None,
            )
        )
    return out


def make_participants(n: int, seed: int = SEED + 1) -> list[ParticipantFacts]:
    """Participants live closer to the city centres than volunteers: many want the same ones."""
    rng = random.Random(seed)
    out = []
    for i in range(n):
        lat, lon = _place(rng, 7.0)
        gender = "female" if rng.random() < 0.72 else "male"
        wish = None
        if rng.random() < (0.4 if gender == "female" else 0.15):
            wish = gender
        language = rng.choice(MOTHER_TONGUES)
        needs_language = language if rng.random() < 0.08 else None
        out.append(
            ParticipantFacts(
                id=i + 1,
                gender=gender,
                birth_year=rng.randint(1955, 2002),
                lat=lat,
                lon=lon,
                interests=_subset(rng, INTERESTS, 1, 4),
                languages=(language, "da"),
                needs=_subset(rng, ["social", "advice", "danish"], 1, 3),
                wished_volunteer_gender=wish,
                wished_age_min=30 if rng.random() < 0.2 else None,
                wished_age_max=60 if rng.random() < 0.2 else None,
                has_children=rng.random() < 0.6,
                availability=_subset(rng, SLOTS, 1, 3),
                heavy_case=rng.random() < 0.1,
                needs_language=needs_language,
                interpreter_arranged=needs_language is not None and rng.random() < 0.5,
                wants_same_mother_tongue=rng.random() < 0.2,
                waiting_days=rng.randint(0, 600),
            )
        )
    return out


def bench_suggest(runs: int = 20) -> float:
    pool = VolunteerPool.from_volunteers(make_volunteers(100_000, seed=SEED + 7))
    participants = make_participants(runs + 1, seed=SEED + 8)
    suggest(participants[-1], pool, CONFIG)  # warm-up
    times = []
    for p in participants[:runs]:
        t0 = time.perf_counter()
        suggest(p, pool, CONFIG)
        times.append(time.perf_counter() - t0)
    return statistics.median(times) * 1000


def batch_child() -> None:
    """Runs in its own process so its peak memory is the batch's alone."""
    volunteers, participants = make_volunteers(10_000), make_participants(2_000)
    t0 = time.perf_counter()
    pairs = propose_batch(participants, VolunteerPool.from_volunteers(volunteers), CONFIG)
    seconds = time.perf_counter() - t0
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    total = sum(p.score for p in pairs)
    print(json.dumps({"seconds": seconds, "total": total, "pairs": len(pairs), "peak_mb": peak_mb}))


def dense_total() -> tuple[float, int]:
    """Optimum of the same problem with a dense solver: one column per volunteer slot."""
    volunteers, participants = make_volunteers(10_000), make_participants(2_000)
    pool = VolunteerPool.from_volunteers(volunteers)
    scores = score_matrix(participants, pool, CONFIG)
    used = np.flatnonzero(scores.any(axis=0))
    slots = np.repeat(used, pool.remaining[used])
    dense = scores[:, slots]
    rows, cols = linear_sum_assignment(dense, maximize=True)
    return float(dense[rows, cols].sum()), int(np.count_nonzero(scores))


def main() -> None:
    if "--batch-child" in sys.argv:
        batch_child()
        return
    command = [sys.executable, __file__, "--batch-child"]
    child = subprocess.run(command, check=True, capture_output=True, text=True)
    batch = json.loads(child.stdout)
    children_peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    suggest_ms = bench_suggest()
    total, feasible = dense_total()
    same = math.isclose(total, batch["total"], rel_tol=1e-12, abs_tol=1e-6)
    result = {
        "benchmark": "matching",
        "suggest_100k_ms": round(suggest_ms, 2),
        "batch_2000x10000_s": round(batch["seconds"], 3),
        "batch_same_objective_as_dense": same,
        "batch_peak_mb": round(max(batch["peak_mb"], children_peak_mb), 1),
        "feasible_pairs": feasible,
        "proposed_pairs": batch["pairs"],
    }
    print(json.dumps(result))


if __name__ == "__main__":
    main()
