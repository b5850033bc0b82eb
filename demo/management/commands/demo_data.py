from datetime import date

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _

from demo import builder
from portal.demo import demo_login_emails


class Command(BaseCommand):
    help = "Build (or rebuild) the generated demo program and print the demo logins."

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument("--today", type=date.fromisoformat, default=None, help="Pretend today is this date.")
        parser.add_argument("--participants", type=int, default=250)
        parser.add_argument("--volunteers", type=int, default=300)

    def handle(self, *args, seed, today, participants, volunteers, **options):
        # Demo users have a published password: on a production configuration its holder could set
        # up the second factor and own the account. There is no override.
        if not settings.DEBUG or settings.REQUIRE_2FA:
            raise CommandError(
                "demo_data only runs on a development configuration (DEBUG on, REQUIRE_2FA off): its users "
                "have a published password. Use `make demo` on a development machine, never with production "
                "settings or data."
            )
        counts = builder.build(seed=seed, today=today, participants=participants, volunteers=volunteers)
        # Danish like the app (a management command runs untranslated by default): role names included.
        with translation.override(settings.LANGUAGE_CODE):
            self.stdout.write(
                self.style.SUCCESS(
                    _("Demo data: %(participants)s participants, %(volunteers)s volunteers, %(matches)s matches.")
                    % counts
                )
            )
            self.stdout.write(
                _("Demo logins at %(url)s (password for all: %(password)s):")
                % {"url": f"{settings.SITE_URL}/login/", "password": builder.DEMO_PASSWORD}
            )
            for username, _first, _last, role, regions, centre in builder.STAFF:
                scope = ", ".join(regions) or centre or _("all regions")
                self.stdout.write(f"  {username:<28} {role.label} ({scope})")
            self.stdout.write(
                _(
                    "Volunteers log in at %(url)s with their e-mail address, e.g. the ones below; "
                    "the login link is printed in this console (console e-mail backend):"
                )
                % {"url": f"{settings.SITE_URL}/portal/login/"}
            )
            for email in demo_login_emails():
                self.stdout.write(f"  {email}")
