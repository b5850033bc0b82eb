"""Where volunteers are needed: waiting participants against the volunteers within their reach.

Plain data in and out (the matching engine's facts; no database). "Within reach" and every hard
constraint are the engine's own (`matching.engine.feasible_pairs` with no score threshold): a
volunteer counts for a participant when the engine could suggest the pair at all.

For an area (a municipality, or the whole region) and a group of its waiting participants:

- **waiting**: the participants of the group;
- **places**: the free places (capacity − open matches) of the volunteers who are feasible for at
  least one of them and meet the group's need (a gender wish: that gender; a language: speaks it;
  a heavier case: professional background; an age wish: within the wished ages);
- **gap**: waiting − places when positive. A volunteer may count in several areas (the areas
  overlap in reach); the gap says "even if every such volunteer took one of them, this many wait".
- **without**: participants for whom the engine finds no volunteer at all.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from matching import engine

from . import profiles


@dataclass(frozen=True, slots=True)
class Need:
    key: str  # a profiles key
    waiting: int
    places: int

    @property
    def gap(self) -> int:
        return max(self.waiting - self.places, 0)


@dataclass(frozen=True, slots=True)
class Area:
    region: str  # the region's slug
    municipality: str  # "" for the region as a whole
    waiting: int
    places: int
    without: int
    needs: tuple[Need, ...]  # the groups beyond "all", largest gap first

    @property
    def gap(self) -> int:
        return max(self.waiting - self.places, 0)

    @property
    def sort_key(self) -> tuple:
        return (-self.gap, -self.without, -self.waiting, self.municipality)


def participant_keys(p: engine.ParticipantFacts) -> list[str]:
    """The groups of a waiting participant by what the hard constraints need of a volunteer."""
    language = p.needs_language if not p.interpreter_arranged else None
    return profiles.keys_for(
        wished_gender=p.wished_volunteer_gender,
        language=language,
        heavy=p.heavy_case,
        age_wish=p.wished_age_min is not None or p.wished_age_max is not None,
    )


def meets(key: str, p: engine.ParticipantFacts, v: engine.VolunteerFacts, *, current_year: int) -> bool:
    """Whether the volunteer meets the participant's need named by `key`."""
    kind, _sep, value = key.partition(":")
    if kind == "wishes":
        return v.gender == value
    if kind == "language":
        return value in v.languages
    if kind == profiles.HEAVY:
        return v.professional_background
    if kind == profiles.AGE:
        if v.birth_year is None:
            return False
        age = current_year - v.birth_year
        low = p.wished_age_min if p.wished_age_min is not None else 0
        high = p.wished_age_max if p.wished_age_max is not None else 200
        return low <= age <= high
    return True


def free_places(v: engine.VolunteerFacts) -> int:
    return max(v.capacity - v.open_matches, 0)


def region_gaps(
    region: str,
    participants: Sequence[tuple[engine.ParticipantFacts, str]],
    volunteers: Sequence[engine.VolunteerFacts],
    config: engine.Config,
) -> list[Area]:
    """The region's row and one row per municipality with waiting participants (the municipality
    of each participant's postcode; "" when unknown: then only the region row counts them)."""
    facts = [p for p, _m in participants]
    pool = engine.VolunteerPool.from_volunteers(volunteers)
    reach: list[set[int]] = [set() for _ in facts]
    if facts and len(pool):
        index, rows, _scores = engine.feasible_pairs(facts, pool, replace(config, threshold=0.0))
        for i, row in zip(index.tolist(), rows.tolist(), strict=True):
            reach[i].add(row)
    keys = [participant_keys(p) for p in facts]

    def area(members: list[int], municipality: str) -> Area:
        groups: dict[str, list[int]] = {}
        for i in members:
            for key in keys[i]:
                groups.setdefault(key, []).append(i)
        needs = []
        for key, group in groups.items():
            rows = {
                row
                for i in group
                for row in reach[i]
                if meets(key, facts[i], volunteers[row], current_year=config.current_year)
            }
            needs.append(Need(key, len(group), sum(free_places(volunteers[row]) for row in rows)))
        everyone = next(n for n in needs if n.key == profiles.ALL)
        others = sorted(
            (n for n in needs if n.key != profiles.ALL), key=lambda n: (-n.gap, -n.waiting, profiles.rank(n.key))
        )
        return Area(
            region=region,
            municipality=municipality,
            waiting=everyone.waiting,
            places=everyone.places,
            without=sum(1 for i in members if not reach[i]),
            needs=tuple(others),
        )

    if not facts:
        return []
    by_municipality: dict[str, list[int]] = {}
    for i, (_p, municipality) in enumerate(participants):
        if municipality:
            by_municipality.setdefault(municipality, []).append(i)
    rows = [area(list(range(len(facts))), "")]
    rows += sorted((area(m, name) for name, m in by_municipality.items()), key=lambda a: a.sort_key)
    return rows
