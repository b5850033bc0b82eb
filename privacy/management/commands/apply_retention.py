"""python manage.py apply_retention [--dry-run] — daily (cron): erase the people whose data have
passed the retention schedule's time and delete old audit events. --dry-run lists them (by record
number, never a name) and changes nothing. Each run writes one audit row."""

from django.core.management.base import BaseCommand

from privacy.retention import retention_apply


class Command(BaseCommand):
    help = "Apply the retention schedule (erase people past their time, delete old audit events)."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="list what would be erased; change nothing")

    def handle(self, *args, dry_run, **options):
        run = retention_apply(dry_run=dry_run)
        for name, people in run.due.items():
            records = ", ".join(f"{p._meta.model_name} {p.pk}" for p in people) or "-"
            self.stdout.write(f"{name}: {len(people)} ({records})")
        self.stdout.write(f"audit events older than the schedule: {run.audit_events}")
        if dry_run:
            self.stdout.write("dry run: nothing was changed")
        else:
            self.stdout.write(f"erased: {run.erased}")
            for record in run.refused:
                self.stderr.write(f"refused (open match): {record}")
