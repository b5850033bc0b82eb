"""Run as a separate process against a file database (DATABASE_URL) by test_concurrent_writes:

    python -m followups.tests.concurrent_writer setup MATCHES   -> migrates, prints follow-up ids
    python -m followups.tests.concurrent_writer record ID ...   -> records them, prints the errors

Separate processes, as two server workers are: each has its own connection to the one file."""

import os
import sys
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings_test")

import django  # noqa: E402

django.setup()

from datetime import date  # noqa: E402

from django.core.management import call_command  # noqa: E402
from django.db import DatabaseError  # noqa: E402


def setup(matches: int) -> None:
    from accounts.models import Role
    from factories import UserFactory, region
    from followups.models import FollowUp
    from matches.tests.factories import active_match

    call_command("migrate", verbosity=0)
    hovedstaden = region("hovedstaden")
    consultant = UserFactory(username="konsulent.h", role=Role.CONSULTANT, regions=[hovedstaden])
    for _ in range(matches):
        active_match(by=consultant, start=date(2024, 3, 5))
    print(" ".join(str(pk) for pk in FollowUp.objects.order_by("pk").values_list("pk", flat=True)))


def record(ids: list[int], start_at: float) -> None:
    from accounts.models import User
    from followups.models import FollowUp
    from followups.services import followup_record

    consultant = User.objects.get(username="konsulent.h")
    time.sleep(max(0.0, start_at - time.time()))
    errors = 0
    for pk in ids:  # after the six-month mark, so every kind can be recorded
        try:
            followup_record(
                followup=FollowUp(pk=pk), by=consultant, done_on=date(2024, 9, 6), assessment="well_functioning"
            )
        except DatabaseError:
            errors += 1
    print(errors)


if __name__ == "__main__":
    command, *arguments = sys.argv[1:]
    if command == "setup":
        setup(int(arguments[0]))
    else:
        record([int(pk) for pk in arguments[1:]], float(arguments[0]))
