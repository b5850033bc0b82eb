"""python manage.py backup_database PATH — a consistent backup while the app runs: SQLite through
its online backup API, PostgreSQL with pg_dump -Fc (docs/operations.md; scripts/backup.sh for cron)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from privacy.backup import backup_take


class Command(BaseCommand):
    help = "Back up the database (SQLite online backup, PostgreSQL pg_dump -Fc)."

    def add_arguments(self, parser):
        parser.add_argument("path", help="the backup file to write")

    def handle(self, *args, path, **options):
        try:
            written = backup_take(Path(path))
        except (RuntimeError, OSError) as error:
            raise CommandError(str(error))
        self.stdout.write(f"backup written: {written} ({written.stat().st_size} bytes)")
