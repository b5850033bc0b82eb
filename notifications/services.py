"""In-app notices, and e-mail when e-mail is configured. E-mails never carry personal data."""

from collections.abc import Iterable

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from lib.mail import send_email

from .models import Notification


def notify(
    *,
    recipients: Iterable,
    message: str,
    params: dict | None = None,
    url: str = "",
    email: bool = True,
    person=None,
) -> list[Notification]:
    """Notify staff users. `message` is an English msgid marked with gettext_noop; `params` must hold
    no personal data (counts, centre names, references). The e-mail says only that there is news.

    `person`: the participant or volunteer the notice is about. Its name is added (param `name`)
    only for a recipient who may see that record (its manager's `for_user`), as inside the app."""
    recipients = [user for user in recipients if user.is_active]
    notices = Notification.objects.bulk_create(
        Notification(recipient=user, message=message, params=_params_for(user, params or {}, person), url=url)
        for user in recipients
    )
    if email and settings.EMAIL_ENABLED:
        addresses = [user.email for user in recipients if user.email]
        if addresses:
            transaction.on_commit(lambda: _send_generic_email(addresses, url))
    return notices


def _params_for(user, params: dict, person) -> dict:
    if person is None or not person.full_name:
        return params
    if not type(person).objects.for_user(user).filter(pk=person.pk).exists():
        return params
    return {**params, "name": person.full_name}


def _send_generic_email(addresses: list[str], url: str) -> None:
    # Bcc: staff do not see each other's addresses.
    send_email("notifications/email/notice", {"link": settings.SITE_URL + (url or "/notifications/")}, bcc=addresses)


def mark_read(*, user, notification_ids: Iterable[int] | None = None) -> int:
    unread = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if notification_ids is not None:
        unread = unread.filter(pk__in=list(notification_ids))
    return unread.update(read_at=timezone.now())


def unread_count(user) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()
