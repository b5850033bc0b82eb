"""python manage.py export_data PATH — PATH ending in .xlsx writes a workbook, otherwise a folder of
.csv files, in the import format."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from transfer.exporter import export_data


class Command(BaseCommand):
    help = "Export participants, volunteers and matches in the import format."

    def add_arguments(self, parser):
        parser.add_argument("path", help="an .xlsx file to write, or a folder for .csv files")

    def handle(self, *args, path, **options):
        target = Path(path)
        if target.suffix.lower() != ".xlsx" and target.exists() and not target.is_dir():
            raise CommandError(f"{path}: exists and is not a folder")
        counts = export_data(target)
        for table, n in counts.items():
            self.stdout.write(f"{table}: {n} rows")
