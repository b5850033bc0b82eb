"""python manage.py evaluator_export PATH — the evaluator's pseudonymised, k-anonymous CSV
(privacy.evaluation); refused without PSEUDONYM_KEY."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from audit.models import Action
from audit.services import audit_record
from lib.errors import OperationRefused
from privacy.evaluation import evaluation_csv


class Command(BaseCommand):
    help = "Write the evaluator's pseudonymised export (no names, no free text, k >= 5)."

    def add_arguments(self, parser):
        parser.add_argument("path", help="the .csv file to write")

    def handle(self, *args, path, **options):
        try:
            content = evaluation_csv()
        except OperationRefused as error:
            raise CommandError(" ".join(error.messages))
        Path(path).write_text(content, encoding="utf-8")
        audit_record(actor=None, action=Action.EXPORT, target_type="privacy.evaluation", detail="csv (command)")
        self.stdout.write(f"{content.count(chr(10)) - 1} rows written to {path}")
