"""The targets a figure is compared with: the regions' yearly targets and the project period's."""

from .arithmetic import pct, round_half_up
from .kpi import Period
from .models import PeriodTarget, Target
from .tables import HIDDEN, SMALL, Percent


def target_for(targets: list[Target], region_id: int, year: int) -> Target | None:
    """A target holds from its year until a later year's row for the region replaces it."""
    rows = [t for t in targets if t.region_id == region_id and t.year <= year]
    return max(rows, key=lambda t: t.year) if rows else None


def matches_target(targets, region_ids, years) -> int | None:
    values = [
        t.matches for r in region_ids for y in years if (t := target_for(targets, r, y)) and t.matches is not None
    ]
    return sum(values) if values else None


def pct_target(targets, region_ids, years) -> int | None:
    """Matches-weighted mean of the regions' well-functioning targets (all equal: that value)."""
    rows = [
        t for r in region_ids for y in years if (t := target_for(targets, r, y)) and t.well_functioning_pct is not None
    ]
    if not rows:
        return None
    weights = [t.matches or 0 for t in rows]
    if not sum(weights):
        return round_half_up(sum(t.well_functioning_pct for t in rows) / len(rows))
    return round_half_up(sum(t.well_functioning_pct * w for t, w in zip(rows, weights, strict=True)) / sum(weights))


def period_target(targets: list[PeriodTarget], period: Period) -> PeriodTarget | None:
    """The project period that overlaps the chosen period most."""
    best, best_days = None, 0
    for target in targets:
        overlap = (min(target.ends_on, period.date_to) - max(target.starts_on, period.date_from)).days + 1
        if overlap > best_days:
            best, best_days = target, overlap
    return best


def of_target(value, target):
    """A result as a share of its target ("—" without a target or with a hidden result)."""
    if target in (None, 0) or value in (None, SMALL, HIDDEN):
        return "—"
    return Percent(pct(value, target))
