import logging

from django.apps import AppConfig
from django.db import DatabaseError
from django.db.models.signals import post_migrate

logger = logging.getLogger("lib")


def _refresh_after_migrate(sender, using="default", **kwargs) -> None:
    from lib import data_version
    from lib.database import refresh_planner_statistics

    refresh_planner_statistics(using)
    # A data migration writes outside any request: figures kept from before it are not served.
    try:
        data_version.bump()
    except (OSError, DatabaseError) as error:  # CACHE=database before `createcachetable`
        logger.warning("data version not replaced after migrate (%s): no cache yet", type(error).__name__)


class LibConfig(AppConfig):
    """Shared helpers; an app only for its management commands and the after-migrate hook."""

    name = "lib"
    verbose_name = "lib"

    def ready(self) -> None:
        # post_migrate is sent once per app; bound to this one, this runs once per migrate.
        post_migrate.connect(_refresh_after_migrate, sender=self, dispatch_uid="lib.refresh_planner_statistics")
