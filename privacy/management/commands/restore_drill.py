"""python manage.py restore_drill PATH — restore a backup into a scratch database and compare
kpi_report and every table's row count with the live database; exits non-zero on a difference."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from privacy.backup import drill_run


class Command(BaseCommand):
    help = "Restore a backup into a scratch database and compare it with the live one."

    def add_arguments(self, parser):
        parser.add_argument("path", help="a backup written by backup_database")

    def handle(self, *args, path, **options):
        backup = Path(path)
        if not backup.is_file():
            raise CommandError(f"{path}: no such backup")
        result = drill_run(backup)
        if not result.ok:
            for line in result.differences:
                self.stderr.write(line)
            raise CommandError("the restored database differs from the live one")
        rows = sum(result.restored["rows"].values())
        self.stdout.write(f"restore drill passed: kpi_report identical, {rows} rows in identical counts")
