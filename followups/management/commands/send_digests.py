from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from accounts.models import Role, User
from followups.services import digest_send


class Command(BaseCommand):
    help = (
        "Send each consultant one e-mail with today's due and overdue follow-up counts (no personal data). "
        "Run daily; running it again the same day sends nothing twice."
    )

    def handle(self, *args, **options):
        if not settings.EMAIL_ENABLED:
            self.stdout.write("E-mail is not configured; no digests sent.")
            return
        today = timezone.localdate()
        sent = 0
        for user in User.objects.filter(role=Role.CONSULTANT, is_active=True).exclude(email="").order_by("pk"):
            sent += digest_send(user=user, today=today)
        self.stdout.write(f"{sent} digest(s) sent for {today.isoformat()}.")
