from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from accounts import services


class Command(BaseCommand):
    help = (
        "Print a one-time set-up link for an account (the operator's way to the first project leader, "
        "or to a superuser): the person chooses a password and sets up two-factor login with it. "
        "The account's password, authenticator and sessions stop working at once."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        user = get_user_model().objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(f"No active account with the user name {username!r}.")
        url, _emailed = services.setup_link_issue(actor=None, user=user)
        self.stdout.write(url)
