"""readings.csv (Forandringsstjernen) per ../shared/docs/import-format.md: import, errors at
readings.csv:row:column with nothing written, idempotence, and export → import giving the same
`star` figures."""

import json
from datetime import date
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from audit.models import Action, AuditEvent
from matches.models import Match
from outcomes.models import AreaProgress, Reading, Score
from referrals.models import Participant
from transfer.applying import import_data
from transfer.tests.test_import import ON_PAPER
from volunteers.models import Volunteer

from .test_import import MATCHES, PARTICIPANTS, VOLUNTEERS, write

pytestmark = pytest.mark.django_db

R_HEAD = "match_id,on,filled_by,not_this_time,scores"
# M1 ran 2022-02-01 .. 2022-09-01; M2 started 2022-08-31 and runs on.
READINGS = [
    "M1,2022-02-01,pair,,danish=3|network=5",
    "M1,2022-05-01,,could_not_meet,",
    "M1,2022-09-01,participant,,danish=6|home=2",
    "M2,2022-09-15,volunteer,,health=7",
    "M2,2022-12-01,pair,declined,",
]


def with_readings(folder: Path, lines, head=R_HEAD) -> Path:
    (folder / "readings.csv").write_text("\n".join([head, *lines]) + "\n", encoding="utf-8")
    return folder


@pytest.fixture
def data(tmp_path, hovedstaden, syddanmark):
    return with_readings(write(tmp_path / "data", PARTICIPANTS, VOLUNTEERS, MATCHES), READINGS)


def stored():
    return sorted(
        (reading.match.reference, reading.on.isoformat(), reading.filled_by, reading.not_this_time, reading.score_map())
        for reading in Reading.objects.select_related("match").prefetch_related("scores")
    )


def progress():
    """AreaProgress (kept by database triggers) by match reference."""
    return sorted(
        AreaProgress.objects.values_list(
            "match__reference", "area", "first_on", "first_value", "latest_on", "latest_value"
        )
    )


def test_readings_are_imported_with_their_scores(data):
    plan = import_data(data, consent_on_paper=ON_PAPER)
    assert plan.errors == []
    assert plan.counts()["readings"] == {"created": 5, "changed": 0, "unchanged": 0}
    assert stored() == [
        ("M1", "2022-02-01", "pair", "", {"danish": 3, "network": 5}),
        ("M1", "2022-05-01", "", "could_not_meet", {}),
        ("M1", "2022-09-01", "participant", "", {"danish": 6, "home": 2}),
        ("M2", "2022-09-15", "volunteer", "", {"health": 7}),
        ("M2", "2022-12-01", "pair", "declined", {}),
    ]
    assert "readings: 5 created" in AuditEvent.objects.get(action=Action.IMPORT).detail


def test_the_same_readings_twice_change_nothing_and_a_changed_row_updates(data, tmp_path):
    import_data(data, consent_on_paper=ON_PAPER)
    assert import_data(data, consent_on_paper=ON_PAPER).counts()["readings"] == {
        "created": 0,
        "changed": 0,
        "unchanged": 5,
    }
    changed = tmp_path / "changed"
    changed.mkdir()
    # No filled_by column: the stored value stays.
    with_readings(changed, ["M1,2022-02-01,danish=4|network=5"], head="match_id,on,scores")
    plan = import_data(changed, consent_on_paper=ON_PAPER)
    assert plan.errors == []
    assert plan.counts()["readings"] == {"created": 0, "changed": 1, "unchanged": 0}
    assert plan.tables["readings"].changed == {"M1 2022-02-01": ["scores"]}
    assert ("M1", "2022-02-01", "pair", "", {"danish": 4, "network": 5}) in stored()
    assert Score.objects.count() == 5
    # The rescored reading's scores were deleted and written again: the triggers followed.
    assert ("M1", "danish", date(2022, 2, 1), 4, date(2022, 9, 1), 6) in progress()


def test_readings_may_refer_to_matches_already_in_the_system(data, tmp_path):
    import_data(data, consent_on_paper=ON_PAPER)
    (tmp_path / "later").mkdir()
    later = with_readings(tmp_path / "later", ["M2,2023-03-01,pair,,danish=5"])
    assert import_data(later, consent_on_paper=ON_PAPER).errors == []
    assert Reading.objects.filter(match__reference="M2").count() == 3


ERROR_CASES = [
    ("M9,2022-03-01,pair,,danish=3", "readings.csv:2:match_id: ingen match har id'et M9"),
    ("M1,2022-01-31,pair,,danish=3", "readings.csv:2:on: før matchet startede"),
    ("M1,2022-09-02,pair,,danish=3", "readings.csv:2:on: efter matchet sluttede"),
    ("M1,2022-03-01,pair,declined,danish=3", "readings.csv:2:not_this_time: "),
    ("M1,2022-03-01,pair,,", "readings.csv:2:scores: "),
    ("M1,2022-03-01,pair,,danish=11", "readings.csv:2:scores: "),
    ("M1,2022-03-01,pair,,danish=3.5", "readings.csv:2:scores: "),
    ("M1,2022-03-01,pair,,dansk=3", "readings.csv:2:scores: "),
    ("M1,2022-03-01,pair,,danish:3", "readings.csv:2:scores: "),
    ("M1,2022-03-01,pair,,danish=3|danish=4", "readings.csv:2:scores: "),
    ("M1,2022-03-01,pair,busy,", "readings.csv:2:not_this_time: "),
    ("M1,2022-03-01,the dog,,danish=3", "readings.csv:2:filled_by: "),
    ("M1,,pair,,danish=3", "readings.csv:2:on: "),
    (",2022-03-01,pair,,danish=3", "readings.csv:2:match_id: "),
    ("M1,2022-02-30,pair,,danish=3", "readings.csv:2:on: "),
]


@pytest.mark.parametrize(("line", "expected"), ERROR_CASES)
def test_each_reading_error_is_at_its_row_and_column_and_nothing_is_written(
    tmp_path, hovedstaden, syddanmark, line, expected
):
    folder = with_readings(write(tmp_path / "bad", PARTICIPANTS, VOLUNTEERS, MATCHES), [READINGS[0], line])
    plan = import_data(folder, consent_on_paper=ON_PAPER)
    expected = expected.replace("readings.csv:2:", "readings.csv:3:")
    assert any(error.startswith(expected) for error in plan.errors), plan.errors
    assert not Reading.objects.exists() and not Match.objects.exists() and not Participant.objects.exists()


def test_a_second_reading_on_the_same_day_and_a_match_not_started(tmp_path, hovedstaden, syddanmark):
    matches = [*MATCHES, "M3,P3,V3,,2022-03-01,,,,,"]
    folder = write(tmp_path / "bad", PARTICIPANTS, VOLUNTEERS, matches)
    with_readings(folder, [READINGS[0], "M1,2022-02-01,pair,,danish=4", "M3,2022-03-05,pair,,danish=4"])
    errors = import_data(folder, consent_on_paper=ON_PAPER).errors
    assert any(error.startswith("readings.csv:3:on: ") and "række 2" in error for error in errors), errors
    assert any(error.startswith("readings.csv:4:on: ") for error in errors), errors
    assert not Reading.objects.exists()


def test_a_match_cannot_move_away_from_its_stored_readings(data, tmp_path):
    import_data(data, consent_on_paper=ON_PAPER)
    moved = write(tmp_path / "moved", None, None, ["M1,P1,V1,,2022-01-20,2022-02-01,,2022-08-01,moved,"])
    errors = import_data(moved, consent_on_paper=ON_PAPER).errors
    assert any(error.startswith("matches.csv:2:ended_on: ") for error in errors), errors
    assert Match.objects.get(reference="M1").ended_on.isoformat() == "2022-09-01"


def star(as_of="2023-06-30"):
    out = StringIO()
    call_command("kpi_report", "--from", "2022-01-01", "--to", "2023-06-30", "--as-of", as_of, stdout=out)
    return json.loads(out.getvalue())


@pytest.mark.parametrize("suffix", ["", ".xlsx"])
def test_export_then_import_into_an_empty_installation_gives_the_same_star_figures(tmp_path, data, suffix):
    from django.db import transaction

    assert import_data(data, consent_on_paper=ON_PAPER).errors == []
    expected = star()
    early = star("2022-10-01")
    kept = progress()
    assert ("M1", "danish", date(2022, 2, 1), 3, date(2022, 9, 1), 6) in kept
    assert expected["star"]["not_this_time"] == {"declined": 1, "not_relevant": 0, "could_not_meet": 1}
    assert early["star"]["distance"] == {"danish": {"n": 1, "median_change": 3.0, "improved_pct": 100}}
    assert early["star"]["with_recent_reading"] == 1
    target = tmp_path / f"export{suffix}"
    call_command("export_data", str(target), stdout=StringIO())
    with transaction.atomic():
        Match.objects.all().delete()
        Participant.objects.all().delete()
        Volunteer.objects.all().delete()
    assert not Reading.objects.exists() and not AreaProgress.objects.exists()
    plan = import_data(target, consent_on_paper=ON_PAPER)
    assert plan.errors == []
    assert plan.counts()["readings"]["created"] == 5
    assert star() == expected
    assert star("2022-10-01") == early
    assert progress() == kept
