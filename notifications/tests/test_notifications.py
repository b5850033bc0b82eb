import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_noop

from notifications.models import Notification
from notifications.services import notify, unread_count

pytestmark = pytest.mark.django_db

MESSAGE = gettext_noop("New referral %(reference)s from %(centre)s.")


def test_notice_is_translated_when_read_not_when_written(consultant_h):
    [notice] = notify(recipients=[consultant_h], message="Audit log", email=False)
    with translation.override("da"):
        assert notice.text == "Adgangslog"
    with translation.override("en"):
        assert notice.text == "Audit log"


def test_email_says_only_that_there_is_news(consultant_h, consultant_s, settings, django_capture_on_commit_callbacks):
    settings.EMAIL_ENABLED = True
    consultant_h.email, consultant_s.email = "a@example.org", "b@example.org"
    with django_capture_on_commit_callbacks(execute=True):
        notify(
            recipients=[consultant_h, consultant_s],
            message=MESSAGE,
            params={"reference": "P-ABC123", "centre": "DIGNITY"},
            url="/referrals/1/",
        )
    [sent] = mail.outbox
    assert sorted(sent.bcc) == ["a@example.org", "b@example.org"] and not sent.to
    assert "P-ABC123" not in sent.subject + sent.body and "DIGNITY" not in sent.subject + sent.body


def test_no_email_when_email_is_not_configured(consultant_h, settings, django_capture_on_commit_callbacks):
    settings.EMAIL_ENABLED = False
    consultant_h.email = "a@example.org"
    with django_capture_on_commit_callbacks(execute=True):
        notify(recipients=[consultant_h], message=MESSAGE, params={"reference": "P-1", "centre": "X"})
    assert not mail.outbox


def test_list_shows_own_notices_and_marks_them_read(client, consultant_h, consultant_s):
    notify(recipients=[consultant_h], message="Audit log", email=False)
    notify(recipients=[consultant_s], message="Home", email=False)
    client.force_login(consultant_h)
    page = client.get(reverse("notifications:list"))
    assert [n.recipient for n in page.context["page"]] == [consultant_h]
    assert unread_count(consultant_h) == 1
    client.post(reverse("notifications:read_all"))
    assert unread_count(consultant_h) == 0
    assert Notification.objects.filter(recipient=consultant_s, read_at__isnull=True).count() == 1
