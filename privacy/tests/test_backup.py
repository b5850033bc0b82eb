"""Backup and the restore drill: restored into a scratch database, kpi_report and row counts match.
On SQLite always; on PostgreSQL when pg_dump / pg_restore are installed."""

import shutil
import sqlite3

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from privacy.backup import backup_take, drill_run

from .conftest import build_people

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def backup(tmp_path, hovedstaden, consultant_h):
    if connection.vendor != "sqlite" and not all(shutil.which(t) for t in ("pg_dump", "pg_restore", "createdb")):
        pytest.skip("pg_dump/pg_restore/createdb are not installed")
    build_people(region=hovedstaden, by=consultant_h)
    return backup_take(tmp_path / "backup.db")


def test_the_restore_drill_gives_back_the_same_figures(backup, capsys):
    result = drill_run(backup)
    assert result.ok, result.differences
    assert result.restored["kpi"]["matches"]["established"] == 1
    assert result.restored["rows"]["referrals.participant"] == 1
    call_command("restore_drill", str(backup))
    assert "restore drill passed" in capsys.readouterr().out


def test_the_drill_notices_a_missing_row(backup):
    if connection.vendor != "sqlite":
        pytest.skip("the broken backup is made with sqlite3")
    damaged = sqlite3.connect(backup)
    damaged.execute("DELETE FROM referrals_participantnote")
    damaged.commit()
    damaged.close()
    assert drill_run(backup).differences == ["referrals.participantnote: 1 rows live, 0 restored"]
    with pytest.raises(CommandError):
        call_command("restore_drill", str(backup))
