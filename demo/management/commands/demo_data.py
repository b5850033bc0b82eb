from datetime import date

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from demo import builder


class Command(BaseCommand):
    help = "Build (or rebuild) the generated demo program and print the demo logins."

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument("--today", type=date.fromisoformat, default=None, help="Pretend today is this date.")
        parser.add_argument("--participants", type=int, default=250)
        parser.add_argument("--volunteers", type=int, default=300)
        parser.add_argument(
            "--allow-production",
            action="store_true",
            help="Allow demo users with a known password outside DEBUG (never on real data).",
        )

    def handle(self, *args, seed, today, participants, volunteers, allow_production, **options):
        if not settings.DEBUG and not allow_production:
            raise CommandError("Refusing to create demo users with a known password: DEBUG is off.")
        counts = builder.build(seed=seed, today=today, participants=participants, volunteers=volunteers)
        self.stdout.write(
            self.style.SUCCESS(
                "Demo data: {participants} participants, {volunteers} volunteers, {matches} matches.".format(**counts)
            )
        )
        self.stdout.write(f"Demo logins at {settings.SITE_URL}/login/ (password for all: {builder.DEMO_PASSWORD}):")
        for username, _first, _last, role, regions, centre in builder.STAFF:
            scope = ", ".join(regions) or centre or "alle regioner"
            self.stdout.write(f"  {username:<28} {role.label} ({scope})")
