"""Export every participant, volunteer, match and star reading in the import format (streaming, ids only in the
audit log). The output imports into an empty installation with the same kpi_report."""

from pathlib import Path

from django.db.models import F

from audit.models import Action
from audit.services import audit_record
from matches.models import Match
from outcomes.arithmetic import area_order
from outcomes.models import Reading, Score
from referrals.models import Participant
from volunteers.models import Volunteer

from .tabular import COLUMNS, TableWriter

BATCH = 2000


def _participants():
    rows = (
        Participant.objects.order_by("reference")
        .annotate(region_slug=F("region__slug"), centre_name=F("treatment_centre__name"))
        .values_list(
            "reference",
            "first_name",
            "last_name",
            "gender",
            "birth_year",
            "birth_country",
            "arrival_year",
            "region_slug",
            "postcode",
            "centre_name",
            "referred_on",
            "accepted_on",
            "languages",
            "consent_on",
        )
    )
    for row in rows.iterator(chunk_size=BATCH):
        yield [*row[:-2], "|".join(row[-2] or []), row[-1]]


def _volunteers(with_capacity: bool):
    fields = [
        "reference",
        "first_name",
        "last_name",
        "gender",
        "birth_year",
        "postcode",
        "languages",
        "region_slug",
        "applied_on",
        "approved_on",
        "left_on",
    ]
    if with_capacity:
        fields.append("capacity")
    fields.append("consent_on")
    rows = Volunteer.objects.order_by("reference").annotate(region_slug=F("region__slug")).values_list(*fields)
    for row in rows.iterator(chunk_size=BATCH):
        row = list(row)
        row[6] = "|".join(row[6] or [])
        yield row


def _matches():
    rows = (
        Match.objects.order_by("reference")
        .annotate(p_ref=F("participant__reference"), v_ref=F("volunteer__reference"), region_slug=F("region__slug"))
        .values_list(
            "reference",
            "p_ref",
            "v_ref",
            "region_slug",
            "proposed_on",
            "started_on",
            "cancelled_on",
            "ended_on",
            "end_reason",
            "six_month_assessment",
        )
    )
    yield from (list(row) for row in rows.iterator(chunk_size=BATCH))


def _readings():
    """match_id, on, filled_by, not_this_time, scores ("danish=4|network=6"), by match and date."""
    rows = (
        Reading.objects.order_by("match__reference", "on")
        .annotate(match_ref=F("match__reference"))
        .values_list("pk", "match_ref", "on", "filled_by", "not_this_time")
    )
    batch: list[tuple] = []

    def flush():
        scores: dict[int, dict[str, int]] = {}
        for reading_id, area, value in Score.objects.filter(reading_id__in=[row[0] for row in batch]).values_list(
            "reading_id", "area", "value"
        ):
            scores.setdefault(reading_id, {})[area] = value
        for pk, *row in batch:
            given = scores.get(pk, {})
            yield [*row, "|".join(f"{area}={given[area]}" for area in area_order(given))]

    for row in rows.iterator(chunk_size=BATCH):
        batch.append(row)
        if len(batch) == BATCH:
            yield from flush()
            batch = []
    if batch:
        yield from flush()


def export_data(path: Path, *, actor=None) -> dict[str, int]:
    """Write PATH (.xlsx workbook, or a folder of CSV files) and record the export in the audit log."""
    writer = TableWriter(Path(path))
    with_capacity = Volunteer.objects.filter(capacity__gt=1).exists()
    volunteer_columns = list(COLUMNS["volunteers"]) + (["capacity"] if with_capacity else []) + ["consent_on"]
    counts = {
        "participants": writer.write("participants", [*COLUMNS["participants"], "consent_on"], _participants()),
        "volunteers": writer.write("volunteers", volunteer_columns, _volunteers(with_capacity)),
        "matches": writer.write("matches", list(COLUMNS["matches"]), _matches()),
        "readings": writer.write("readings", list(COLUMNS["readings"]), _readings()),
    }
    writer.close()
    audit_record(
        actor=actor,
        action=Action.EXPORT,
        target_type="reports.export",
        detail="; ".join(f"{table}: {n} rows" for table, n in counts.items()),
    )
    return counts
