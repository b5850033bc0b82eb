"""python manage.py kpi_report --from 2022-01-01 --to 2023-06-15 --as-of 2023-08-31 [--region hovedstaden]
[--format json|text] — the KPI figures exactly as ../shared/docs/kpi-definitions.md defines them."""

import json
from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from regions.models import Region
from reports.kpi import kpi_report
from reports.text import kpi_text


def _date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"not a date (YYYY-MM-DD): {value!r}")


class Command(BaseCommand):
    help = "Print the KPI figures for a period as of a date (JSON or text)."

    def add_arguments(self, parser):
        parser.add_argument("--from", dest="date_from", required=True, help="first day of the period (YYYY-MM-DD)")
        parser.add_argument("--to", dest="date_to", required=True, help="last day of the period (YYYY-MM-DD)")
        parser.add_argument("--as-of", dest="as_of", help="read the data as of this date (default: today)")
        parser.add_argument("--region", help="restrict to one region (slug)")
        parser.add_argument("--format", choices=["json", "text"], default="json")

    def handle(self, *args, **options):
        date_from, date_to = _date(options["date_from"]), _date(options["date_to"])
        as_of = _date(options["as_of"]) if options["as_of"] else timezone.localdate()
        if date_to < date_from:
            raise CommandError("--to is before --from")
        region = options["region"]
        if region and not Region.objects.filter(slug=region).exists():
            raise CommandError(f"unknown region: {region!r}")
        report = kpi_report(date_from=date_from, date_to=date_to, as_of=as_of, region=region)
        if options["format"] == "json":
            self.stdout.write(json.dumps(report, ensure_ascii=False))
        else:
            self.stdout.write(kpi_text(report))
