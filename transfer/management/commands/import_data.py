"""python manage.py import_data PATH — a .xlsx workbook or a folder of .csv files (import-format.md).
All or nothing: on any error every error is listed as file:row:column: message and nothing is written."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from transfer.applying import import_data


class Command(BaseCommand):
    help = "Import participants, volunteers and matches (all or nothing, idempotent by id)."

    def add_arguments(self, parser):
        parser.add_argument("path", help="an .xlsx workbook or a folder of .csv files")
        parser.add_argument(
            "--consent-held-on-paper",
            action="store_true",
            help="participants without consent_on consented on paper: record that, dated today",
        )

    def handle(self, *args, path, consent_held_on_paper, **options):
        source = Path(path)
        if not source.exists():
            raise CommandError(f"{path}: no such file or folder")
        plan = import_data(source, consent_on_paper=timezone.localdate() if consent_held_on_paper else None)
        if plan.errors:
            for error in plan.errors:
                self.stderr.write(error)
            raise CommandError(f"{len(plan.errors)} error(s); nothing was imported.")
        for table, counts in plan.counts().items():
            self.stdout.write(
                f"{table}: {counts['created']} created, {counts['changed']} changed, {counts['unchanged']} unchanged"
            )
