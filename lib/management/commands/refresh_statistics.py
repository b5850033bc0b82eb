from django.core.management.base import BaseCommand

from lib.database import refresh_planner_statistics


class Command(BaseCommand):
    help = "Refresh the database's query-planner statistics (daily; migrate and import_data do it too)."

    def handle(self, *args, **options):
        refresh_planner_statistics()
