import logging
import sqlite3
import sys

import pytest
from django.core.management import call_command
from django.db import IntegrityError, OperationalError, connection

from lib.logging import RedactDatabaseErrors

pytestmark = pytest.mark.django_db


def test_refresh_statistics_command_gives_the_planner_statistics():
    call_command("refresh_statistics")
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT count(*) FROM sqlite_master WHERE name = 'sqlite_stat1'")
        else:
            cursor.execute("SELECT count(*) FROM pg_stat_user_tables WHERE last_analyze IS NOT NULL")
        assert cursor.fetchone()[0] >= 1


def test_sqlite_takes_the_write_lock_at_the_start_and_waits_for_it(settings):
    options = settings.DATABASES["default"].get("OPTIONS", {})
    if connection.vendor != "sqlite":
        pytest.skip("SQLite only")
    assert options["transaction_mode"] == "IMMEDIATE"
    assert options["timeout"] >= 10
    assert "journal_mode=WAL" in options["init_command"]


def _logged(error: Exception) -> str:
    try:
        raise error
    except Exception:
        record = logging.LogRecord("django.request", logging.ERROR, __file__, 1, "failed", None, sys.exc_info())
    RedactDatabaseErrors().filter(record)
    return logging.Formatter().format(record)


def test_logged_database_errors_keep_their_kind_but_not_the_row():
    try:
        raise sqlite3.OperationalError("database is locked")
    except sqlite3.OperationalError as cause:
        error = OperationalError("database is locked")
        error.__cause__ = cause
    text = _logged(error)
    assert "OperationalError" in text and "redacted" in text

    unique = IntegrityError('Failing row contains (Amina, 1990, "+45 11 22 33 44")')
    text = _logged(unique)
    assert "IntegrityError" in text and "Amina" not in text and "+45" not in text
