"""readings.csv (Forandringsstjernen) in the import: read, check and plan (nothing written), then
write with the rest of the plan. Keyed by (match_id, on); every error as `file:row:column: message`.

A reading lies between its match's start and its end (both included), has scores or a "not this
time" reason (never both), and scores known areas 1-10. Columns missing from the file leave an
existing reading's values alone. New readings get the star's current version.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Max, Min
from django.utils.translation import gettext as _

from matches.models import Match
from outcomes.arithmetic import DEFAULT_AREAS
from outcomes.models import Reading, Score, StarArea, StarVersion
from outcomes.services import attention_refresh

from .cells import CellError, column_parsers
from .tabular import records

CHUNK = 500
FIELDS = ("filled_by", "not_this_time", "scores")


@dataclass
class ReadingRow:
    label: str
    number: int
    match_ref: str
    on: date | None
    values: dict
    broken: bool = False

    def where(self, column: str) -> str:
        return f"{self.label}:{self.number}:{column}"


@dataclass
class PlannedReading:
    """The final state of one reading (created when `pk` is None, else changed)."""

    match: Match
    on: date
    filled_by: str
    not_this_time: str
    scores: dict[str, int]
    pk: int | None = None
    changed: list[str] = field(default_factory=list)


def area_codes() -> frozenset[str]:
    """Every area code of every version of the star, and the contract's defaults."""
    return frozenset(StarArea.objects.values_list("code", flat=True).distinct()) | frozenset(DEFAULT_AREAS)


def read_rows(planner, sheet) -> dict[tuple[str, date], ReadingRow]:
    parse = column_parsers("readings", planner.regions, area_codes())
    rows: dict[tuple[str, date], ReadingRow] = {}
    for number, raw in records(sheet):
        row = ReadingRow(label=sheet.label, number=number, match_ref="", on=None, values={})
        for column, cell in raw.items():
            try:
                row.values[column] = parse[column](cell)
            except CellError as error:
                planner.error(row.where(column), str(error))
                row.broken = True
        for column in ("match_id", "on"):
            if not row.broken and row.values.get(column) in (None, ""):
                planner.error(row.where(column), _("required"))
                row.broken = True
        if row.broken:
            continue
        row.match_ref, row.on = row.values.pop("match_id"), row.values.pop("on")
        if row.values.get("scores") and row.values.get("not_this_time"):
            planner.error(row.where("not_this_time"), _("either scores or not_this_time, not both"))
            continue
        first = rows.get((row.match_ref, row.on))
        if first is not None:
            planner.error(
                row.where("on"),
                _("the match %(id)s has a reading on this day on row %(row)s too")
                % {"id": row.match_ref, "row": first.number},
            )
            continue
        rows[(row.match_ref, row.on)] = row
    planner.plan.errors.extend(sheet.errors)
    return rows


def _existing(match_pks: list[int]) -> dict[tuple[int, date], tuple[Reading, dict]]:
    found = {}
    for start in range(0, len(match_pks), CHUNK):
        chunk = Reading.objects.filter(match_id__in=match_pks[start : start + CHUNK]).prefetch_related("scores")
        for reading in chunk:
            found[(reading.match_id, reading.on)] = (reading, reading.score_map())
    return found


def _check_dates(planner, row: ReadingRow, match: Match) -> bool:
    if match.started_on is None:
        planner.error(row.where("on"), _("the match %(id)s has not started") % {"id": row.match_ref})
    elif row.on < match.started_on:
        planner.error(row.where("on"), _("before the match started"))
    elif match.ended_on and row.on > match.ended_on:
        planner.error(row.where("on"), _("after the match ended"))
    else:
        return True
    return False


def _check_changed_matches(planner, matches: dict[str, Match]) -> None:
    """A match in matches.csv whose new dates would leave a stored reading outside them."""
    moved = {
        match.pk: match
        for match in matches.values()
        if match.pk and match._row is not None and not match._row.broken and match._original
    }
    pks = list(moved)
    for start in range(0, len(pks), CHUNK):
        spans = (
            Reading.objects.filter(match_id__in=pks[start : start + CHUNK])
            .values_list("match_id")
            .annotate(first=Min("on"), last=Max("on"))
            .order_by()
        )
        for match_id, first, last in spans:
            match = moved[match_id]
            if match.started_on is None or first < match.started_on:
                planner.error(match._row.where("started_on"), _("the match has a star reading before this start"))
            if match.ended_on and last > match.ended_on:
                planner.error(match._row.where("ended_on"), _("the match has a star reading after this end"))


def plan_readings(planner, rows: dict[tuple[str, date], ReadingRow]) -> list[PlannedReading]:
    """Check the rows against their matches (in the file or already stored) and work out what
    changes; errors go to the planner."""
    _check_changed_matches(planner, planner.final_matches)
    matches = dict(planner.final_matches)
    missing = {ref for ref, _on in rows} - set(matches)
    matches.update(planner._load(Match.objects.all(), "reference", missing))
    existing = _existing([match.pk for match in matches.values() if match.pk])
    table = planner.plan.tables["readings"]
    planned = []
    for (ref, on), row in rows.items():
        match = matches.get(ref)
        if match is None:
            planner.error(row.where("match_id"), _("no match has the id %(id)s") % {"id": ref})
            continue
        if getattr(match, "_row", None) is not None and match._row.broken:
            continue  # the match's own row has the error
        if not _check_dates(planner, row, match):
            continue
        stored, stored_scores = existing.get((match.pk, on), (None, {}))
        before = {
            "filled_by": stored.filled_by if stored else "",
            "not_this_time": stored.not_this_time if stored else "",
            "scores": stored_scores,
        }
        after = {name: row.values.get(name, before[name]) for name in FIELDS}
        if after["scores"] and after["not_this_time"]:
            planner.error(row.where("scores"), _("either scores or not_this_time, not both"))
            continue
        if not after["scores"] and not after["not_this_time"]:
            planner.error(row.where("scores"), _("a reading needs scores or not_this_time"))
            continue
        key = f"{ref} {on.isoformat()}"
        reading = PlannedReading(match, on, after["filled_by"], after["not_this_time"], after["scores"])
        if stored is None:
            table.created.append(key)
        else:
            reading.pk = stored.pk
            reading.changed = [name for name in FIELDS if after[name] != before[name]]
            if not reading.changed:
                table.unchanged += 1
                continue
            table.changed[key] = reading.changed
        planned.append(reading)
    return planned


def write_readings(planned: list[PlannedReading], match_pks: dict[str, int], *, by) -> None:
    """Create and update the planned readings and their scores (inside the import's transaction)."""
    if not planned:
        return
    version = StarVersion.objects.current()
    created = [reading for reading in planned if reading.pk is None]
    changed = [reading for reading in planned if reading.pk is not None]
    for reading in created:
        reading.match_id = match_pks.get(reading.match.reference, reading.match.pk)
    Reading.objects.bulk_create(
        (
            Reading(
                match_id=reading.match_id,
                version=version,
                on=reading.on,
                filled_by=reading.filled_by,
                not_this_time=reading.not_this_time,
                recorded_by=by,
            )
            for reading in created
        ),
        batch_size=CHUNK,
    )
    pks = defaultdict(dict)
    match_ids = sorted({reading.match_id for reading in created})
    for start in range(0, len(match_ids), CHUNK):
        for pk, match_id, on in Reading.objects.filter(match_id__in=match_ids[start : start + CHUNK]).values_list(
            "pk", "match_id", "on"
        ):
            pks[match_id][on] = pk
    for reading in created:
        reading.pk = pks[reading.match_id][reading.on]
    updates = [
        Reading(pk=reading.pk, filled_by=reading.filled_by, not_this_time=reading.not_this_time)
        for reading in changed
        if {"filled_by", "not_this_time"} & set(reading.changed)
    ]
    Reading.objects.bulk_update(updates, ["filled_by", "not_this_time"], batch_size=CHUNK)
    rescored = [reading for reading in changed if "scores" in reading.changed]
    pks_rescored = [reading.pk for reading in rescored]
    for start in range(0, len(pks_rescored), CHUNK):
        Score.objects.filter(reading_id__in=pks_rescored[start : start + CHUNK]).delete()
    Score.objects.bulk_create(
        (
            Score(reading_id=reading.pk, area=area, value=value)
            for reading in (*created, *rescored)
            for area, value in reading.scores.items()
        ),
        batch_size=CHUNK,
    )
    attention_refresh([reading.match_id for reading in created] + [reading.match.pk for reading in changed])
