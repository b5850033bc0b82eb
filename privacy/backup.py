"""Backups and the restore drill (docs/operations.md).

`backup_take(path)`: SQLite through its online backup API (the `.backup` of the sqlite3 shell: a
consistent copy while the app keeps running), PostgreSQL with `pg_dump -Fc`.
`drill_run(path)`: restores the backup into a scratch database, computes the figures there in a
separate process (`manage.py drill_figures` with DATABASE_URL pointing to the scratch copy) and
compares them with the live database's: `kpi_report` for the whole history and every table's row
count. The scratch database is removed afterwards."""

import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import connection
from django.utils import timezone

from reports.kept import computed_afresh
from reports.kpi import kpi_report

FIRST_DAY = date(2000, 1, 1)


def figures() -> dict:
    """What a restore must give back: the KPI figures of the whole history and every row count."""
    today = timezone.localdate()
    rows = {model._meta.label_lower: model._base_manager.count() for model in apps.get_models()}
    with computed_afresh():  # from this database, never from figures kept for the live one
        kpi = kpi_report(date_from=FIRST_DAY, date_to=today, as_of=today)
    return {"kpi": kpi, "rows": rows}


def _is_sqlite() -> bool:
    return connection.vendor == "sqlite"


def _pg_env() -> dict:
    db = connection.settings_dict
    env = {**os.environ, "PGPASSWORD": db.get("PASSWORD") or ""}
    env.update({"PGHOST": db.get("HOST") or "localhost", "PGPORT": str(db.get("PORT") or 5432)})
    env["PGUSER"] = db.get("USER") or ""
    return env


def _require(tool: str) -> str:
    found = shutil.which(tool)
    if not found:
        raise RuntimeError(f"{tool} is not installed")
    return found


def backup_take(path: Path) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    if _is_sqlite():
        connection.ensure_connection()
        target = sqlite3.connect(path)
        try:
            connection.connection.backup(target)
        finally:
            target.close()
    else:
        name = connection.settings_dict["NAME"]
        subprocess.run([_require("pg_dump"), "-Fc", "-f", str(path), name], env=_pg_env(), check=True)
    path.chmod(0o600)
    return path


@dataclass
class DrillResult:
    live: dict
    restored: dict

    @property
    def differences(self) -> list[str]:
        found = []
        if self.live["kpi"] != self.restored["kpi"]:
            found.append("kpi_report differs")
        for label in sorted(set(self.live["rows"]) | set(self.restored["rows"])):
            a, b = self.live["rows"].get(label), self.restored["rows"].get(label)
            if a != b:
                found.append(f"{label}: {a} rows live, {b} restored")
        return found

    @property
    def ok(self) -> bool:
        return not self.differences


def _figures_of(database_url: str) -> dict:
    env = {**os.environ, "DATABASE_URL": database_url}
    env.setdefault("DJANGO_SETTINGS_MODULE", os.environ.get("DJANGO_SETTINGS_MODULE", "config.settings"))
    manage = Path(settings.BASE_DIR) / "manage.py"
    result = subprocess.run(
        [sys.executable, str(manage), "drill_figures"], env=env, capture_output=True, text=True, check=True
    )
    return json.loads(result.stdout)


def drill_run(backup: Path) -> DrillResult:
    """Restore `backup` into a scratch database and compare its figures with the live ones."""
    live = figures()
    if _is_sqlite():
        with tempfile.TemporaryDirectory() as folder:
            scratch = Path(folder) / "drill.sqlite3"
            source, target = sqlite3.connect(backup), sqlite3.connect(scratch)
            try:
                source.backup(target)
            finally:
                source.close()
                target.close()
            restored = _figures_of(f"sqlite:///{scratch}")
        return DrillResult(live=live, restored=restored)
    env, db = _pg_env(), connection.settings_dict
    scratch = f"{db['NAME']}_drill"
    subprocess.run([_require("dropdb"), "--if-exists", scratch], env=env, check=True)
    subprocess.run([_require("createdb"), scratch], env=env, check=True)
    try:
        subprocess.run([_require("pg_restore"), "--no-owner", "-d", scratch, str(backup)], env=env, check=True)
        user = db.get("USER") or ""
        password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
        url = f"postgres://{user}{password}@{env['PGHOST']}:{env['PGPORT']}/{scratch}"
        restored = _figures_of(url)
    finally:
        subprocess.run([_require("dropdb"), "--if-exists", scratch], env=env, check=False)
    return DrillResult(live=live, restored=restored)
