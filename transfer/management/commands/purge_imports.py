"""python manage.py purge_imports [--max-age-minutes 60] — delete abandoned web-import uploads
(for cron; the web import also sweeps on every upload, preview and confirmation)."""

from django.core.management.base import BaseCommand

from transfer import uploads


class Command(BaseCommand):
    help = "Delete uploaded import files older than an hour (abandoned imports)."

    def add_arguments(self, parser):
        parser.add_argument("--max-age-minutes", type=int, default=uploads.MAX_AGE_SECONDS // 60)

    def handle(self, *args, max_age_minutes, **options):
        removed = uploads.sweep(max_age_minutes * 60)
        self.stdout.write(f"{removed} upload(s) removed")
