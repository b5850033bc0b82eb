from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Reports")

    def ready(self):
        # The kept figures declare the tables they read (lib.table_versions.watch) on import: every
        # process must know them before its first request writes.
        from . import figures  # noqa: F401
