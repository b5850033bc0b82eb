"""Two server processes recording follow-ups at the same moment on the default SQLite database:
none may answer "database is locked", none may be lost (config/settings.py, SQLite OPTIONS)."""

import os
import sqlite3
import subprocess
import sys
import time
from contextlib import closing
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's file locking only")


def _run(database: Path, *arguments: str) -> subprocess.Popen:
    environment = {**os.environ, "DATABASE_URL": f"sqlite:///{database}"}
    return subprocess.Popen(
        [sys.executable, "-m", "followups.tests.concurrent_writer", *arguments],
        cwd=ROOT,
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _output(process: subprocess.Popen) -> str:
    stdout, stderr = process.communicate(timeout=300)
    assert process.returncode == 0, stderr
    return stdout.strip()


def test_two_processes_record_followups_at_once_without_an_error_or_a_lost_write(tmp_path):
    database = tmp_path / "db.sqlite3"
    ids = _output(_run(database, "setup", "8")).split()
    start_at = str(time.time() + 2)
    writers = [_run(database, "record", start_at, *ids[half::2]) for half in (0, 1)]
    errors = [int(_output(writer)) for writer in writers]

    assert errors == [0, 0]
    with closing(sqlite3.connect(database)) as reader:
        (recorded,) = reader.execute("SELECT count(*) FROM followups_followup WHERE done_on IS NOT NULL").fetchone()
    assert recorded == len(ids)
