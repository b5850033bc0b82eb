"""Erasure: every personal value is gone from a dump of the whole database, the KPI figures of any
past period are unchanged, and the audit trail stays."""

import json
import os
import shutil
import subprocess
from datetime import date

import pytest
from django.apps import apps
from django.db import connection, models

from audit.models import AuditEvent
from lib.errors import OperationRefused
from privacy.registry import REGISTRY
from privacy.services import person_erase
from reports.kpi import kpi_report

from .conftest import build_people, notify_about
from .test_registry import TEXT_LIKE

ON = date(2026, 6, 1)


def _personal_rows(person, kind: str):
    """(model, queryset, fields) for each registry entry that finds rows of this person."""
    for label, entry in REGISTRY.items():
        lookup = getattr(entry, kind)
        if entry.rows is not None or lookup is None:
            continue
        model = apps.get_model(label)
        fields = [
            f
            for f in model._meta.concrete_fields
            if isinstance(f, TEXT_LIKE) and not f.choices and (entry.delete or f.name in entry.erase)
        ]
        yield label, model._default_manager.filter(**{lookup: person.pk}), fields


def fill_with_canaries(people) -> set[str]:
    """Every personal text value of both people's rows becomes a canary; returns the canaries. A row
    of both (their match) is filled once."""
    canaries, filled = set(), set()
    for person, kind in ((people.participant, "participant"), (people.volunteer, "volunteer")):
        for label, rows, fields in _personal_rows(person, kind):
            for obj in rows:
                if (label, obj.pk) in filled or not fields:
                    continue
                filled.add((label, obj.pk))
                for field in fields:
                    value = f"kanariefugl{len(canaries):04d}"[: field.max_length or 100]
                    canaries.add(value)
                    setattr(obj, field.name, [value] if isinstance(field, models.JSONField) else value)
                obj.save(update_fields=[f.name for f in fields])
    for obj in (people.participant, people.volunteer, people.match):
        obj.refresh_from_db()
    return canaries


def database_dump() -> str:
    if connection.vendor == "sqlite":
        return "\n".join(connection.connection.iterdump())
    if not shutil.which("pg_dump"):
        pytest.skip("pg_dump is not installed: the PostgreSQL dump cannot be checked")
    settings = connection.settings_dict
    env = {**os.environ, "PGPASSWORD": settings.get("PASSWORD") or ""}
    command = ["pg_dump", "--no-owner", "-h", settings["HOST"] or "localhost", "-p", str(settings["PORT"] or 5432)]
    command += ["-U", settings["USER"], settings["NAME"]]
    return subprocess.run(command, env=env, capture_output=True, text=True, check=True).stdout


def test_every_personal_model_has_rows_in_the_canary_people(people):
    """So the dump test below covers a model added to the registry later."""
    empty = []
    for person, kind in ((people.participant, "participant"), (people.volunteer, "volunteer")):
        empty += [label for label, rows, fields in _personal_rows(person, kind) if fields and not rows.exists()]
    assert empty == []


@pytest.mark.django_db(transaction=True)
def test_after_erasure_a_database_dump_holds_none_of_the_persons_values(hovedstaden, consultant_h, leader):
    people = build_people(region=hovedstaden, by=consultant_h)
    canaries = fill_with_canaries(people)
    notify_about(people, consultant_h)
    names = {people.participant.full_name, people.volunteer.full_name}
    references = {people.participant.reference, people.volunteer.reference, people.match.reference}
    before = database_dump()
    assert [value for value in sorted(canaries | names | references) if value not in before] == []

    person_erase(person=people.participant, by=leader, on=ON)
    person_erase(person=people.volunteer, by=leader, on=ON)

    after = database_dump()
    assert [value for value in sorted(canaries | names | references) if value in after] == []


def test_kpi_report_of_past_periods_is_unchanged(people, leader, hovedstaden, consultant_h):
    build_people(region=hovedstaden, by=consultant_h)  # someone who stays
    periods = [(date(2024, 1, 1), date(2024, 12, 31), date(2025, 3, 1)), (date(2023, 1, 1), ON, ON)]
    before = [json.dumps(kpi_report(date_from=a, date_to=b, as_of=c), sort_keys=True) for a, b, c in periods]
    person_erase(person=people.participant, by=leader, on=ON)
    person_erase(person=people.volunteer, by=leader, on=ON)
    after = [json.dumps(kpi_report(date_from=a, date_to=b, as_of=c), sort_keys=True) for a, b, c in periods]
    assert after == before


def test_erasure_keeps_the_audit_trail_and_records_itself(people, leader):
    kept = AuditEvent.objects.count()
    person_erase(person=people.participant, by=leader, on=ON)
    assert AuditEvent.objects.count() == kept + 1
    event = AuditEvent.objects.first()
    assert (event.action, event.target_type, event.target_id) == (
        "delete",
        "referrals.participant",
        str(people.participant.pk),
    )
    people.participant.refresh_from_db()
    assert people.participant.erased_on == ON and people.participant.notes.count() == 0


def test_erasing_twice_or_with_an_open_match_is_refused(people, leader):
    person_erase(person=people.participant, by=leader, on=ON)
    with pytest.raises(OperationRefused):
        person_erase(person=people.participant, by=leader, on=ON)
    people.match.status = "active"
    people.match.ended_on = None
    people.match.slot = 1
    people.match.save()
    with pytest.raises(OperationRefused):
        person_erase(person=people.volunteer, by=leader, on=ON)
