"""python manage.py drill_figures — the figures a restore must give back, as JSON (used by
restore_drill on the scratch database)."""

import json

from django.core.management.base import BaseCommand

from privacy.backup import figures


class Command(BaseCommand):
    help = "Print kpi_report for the whole history and every table's row count (JSON)."

    def handle(self, *args, **options):
        self.stdout.write(json.dumps(figures(), ensure_ascii=False, sort_keys=True))
