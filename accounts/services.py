"""Two-factor login (django-otp): set up an authenticator app, check codes, remove devices.

A user's second factor is one confirmed TOTP device (authenticator app) plus one static device
holding ten one-time backup codes. Both are made together and removed together.
"""

import base64
import datetime as dt
import io
import math

import qrcode
from django.conf import settings
from django.contrib.auth import SESSION_KEY, get_user_model
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from audit.models import Action
from audit.services import audit_record
from lib.errors import OperationRefused
from lib.tokens import hash_token, new_token

from .models import SETUP_LINK_DAYS, SetupLink

BACKUP_CODE_COUNT = 10
TOTP_NAME = "Authenticator app"
BACKUP_NAME = "Backup codes"


def _throttled(device) -> ValidationError | None:
    allowed, data = device.verify_is_allowed()
    if not allowed:
        seconds = max(1, math.ceil((data["locked_until"] - timezone.now()).total_seconds()))
        return ValidationError(
            ngettext(
                "Too many wrong codes. Wait %(seconds)d second and try again.",
                "Too many wrong codes. Wait %(seconds)d seconds and try again.",
                seconds,
            )
            % {"seconds": seconds}
        )
    return None


def _wrong_code() -> ValidationError:
    return ValidationError(_("The code is wrong or has expired. Try the newest code from the app."))


def _normalise(token: str) -> str:
    return "".join(token.split()).replace("-", "").lower()


def two_factor_sync(*, user) -> bool:
    """Whether the user has a confirmed authenticator, from the devices; repairs the user's flag."""
    exists = TOTPDevice.objects.filter(user=user, confirmed=True).exists()
    if exists != user.two_factor_enabled:
        get_user_model().objects.filter(pk=user.pk).update(two_factor_enabled=exists)
        user.two_factor_enabled = exists
    return exists


def two_factor_start(*, user) -> TOTPDevice:
    """The user's unconfirmed authenticator device (made once, so the QR code stays the same)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    return device or TOTPDevice.objects.create(user=user, name=TOTP_NAME, confirmed=False)


def totp_qr_data_uri(device: TOTPDevice) -> str:
    """The otpauth:// address as a PNG data: URI (the CSP allows data: images, no script needed)."""
    image = qrcode.make(device.config_url, box_size=6, border=2)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def totp_secret_text(device: TOTPDevice) -> str:
    """The secret in base32, in groups of four, for typing into an app by hand."""
    secret = base64.b32encode(device.bin_key).decode("ascii").rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def two_factor_confirm(*, user, token: str) -> tuple[TOTPDevice, list[str]]:
    """Activate the pending authenticator with a valid code; return it and fresh backup codes.

    A wrong code raises ValidationError after its failure count is saved (the throttle must
    survive the refusal, so nothing here raises inside the transaction).
    """
    with transaction.atomic():
        outcome = _confirm(user=user, token=_normalise(token))
    if isinstance(outcome, ValidationError):
        raise outcome
    return outcome


def _confirm(*, user, token: str):
    device = TOTPDevice.objects.select_for_update().filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        return ValidationError(_("Open the set-up page again to get a new QR code."))
    refusal = _throttled(device)
    if refusal:
        return refusal
    if not token.isdigit():
        device.throttle_increment()
        return _wrong_code()
    if not device.verify_token(token):
        return _wrong_code()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    replaced = TOTPDevice.objects.filter(user=user, confirmed=True).exclude(pk=device.pk).exists()
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    codes = _new_backup_codes(user)
    get_user_model().objects.filter(pk=user.pk).update(two_factor_enabled=True)
    user.two_factor_enabled = True
    detail = "authenticator replaced" if replaced else "two-factor login set up"
    audit_record(actor=user, action=Action.CHANGE if replaced else Action.CREATE, target=user, detail=detail)
    return device, codes


def two_factor_verify(*, user, token: str):
    """The device that accepts this code (6 digits: the app; otherwise a backup code, used up).

    Raises ValidationError (wrong code, or throttled after repeated wrong codes).
    """
    with transaction.atomic():
        outcome = _verify(user=user, token=_normalise(token))
    if isinstance(outcome, ValidationError):
        raise outcome
    return outcome


def _verify(*, user, token: str):
    model = TOTPDevice if token.isdigit() else StaticDevice
    device = model.objects.select_for_update().filter(user=user, confirmed=True).order_by("pk").first()
    if device is None:
        # A backup code from someone without backup codes: count it against the app.
        device = TOTPDevice.objects.select_for_update().filter(user=user, confirmed=True).first()
        if device is None:
            return _wrong_code()
        refusal = _throttled(device)
        if not refusal:
            device.throttle_increment()
        return refusal or _wrong_code()
    refusal = _throttled(device)
    if refusal:
        return refusal
    if not device.verify_token(token):
        return _wrong_code()
    return device


@transaction.atomic
def two_factor_remove(*, actor, user) -> int:
    """Remove the user's authenticator and backup codes (lost phone); they set it up again."""
    removed = 0
    for model in (TOTPDevice, StaticDevice):
        removed += model.objects.filter(user=user).delete()[1].get(model._meta.label, 0)
    get_user_model().objects.filter(pk=user.pk).update(two_factor_enabled=False)
    user.two_factor_enabled = False
    if removed:
        audit_record(actor=actor, action=Action.DELETE, target=user, detail="two-factor login removed")
    return removed


def backup_codes_left(*, user) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def backup_codes_renew(*, user) -> list[str]:
    """New backup codes for a user with an authenticator; the old ones stop working at once."""
    with transaction.atomic():
        codes = _new_backup_codes(user)
        audit_record(actor=user, action=Action.CHANGE, target=user, detail="backup codes renewed")
    return codes


def _new_backup_codes(user) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    backup = StaticDevice.objects.create(user=user, name=BACKUP_NAME, confirmed=True)
    codes = [StaticToken.random_token() for _ in range(BACKUP_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=backup, token=code) for code in codes)
    return codes


# --- Staff accounts (kept by the project leader in the admin) ---


def sessions_end(*, user) -> int:
    """Log the user out everywhere: delete their sessions (database sessions, settings default)."""
    mine = [
        session.pk
        for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator()
        if session.get_decoded().get(SESSION_KEY) == str(user.pk)
    ]
    return Session.objects.filter(pk__in=mine).delete()[0]


@transaction.atomic
def staff_account_saved(*, actor, user, created: bool, changed: list[str]) -> None:
    """Audit a created or changed account (field names only); a deactivated one is logged out."""
    if created:
        audit_record(actor=actor, action=Action.CREATE, target=user, detail=f"staff account created: {user.role}")
        return
    if not changed:
        return
    detail = "staff account changed: " + ", ".join(changed)
    if "is_active" in changed and not user.is_active:
        detail += f"; deactivated, {sessions_end(user=user)} session(s) ended"
    audit_record(actor=actor, action=Action.CHANGE, target=user, detail=detail)


@transaction.atomic
def staff_deactivate(*, actor, user) -> None:
    get_user_model().objects.filter(pk=user.pk).update(is_active=False)
    user.is_active = False
    staff_account_saved(actor=actor, user=user, created=False, changed=["is_active"])


def staff_password_set(*, actor, user) -> None:
    audit_record(actor=actor, action=Action.CHANGE, target=user, detail="password set by another user")


# --- Set-up links: how a person gets a password and an authenticator (never a password from someone) ---


class SetupLinkError(OperationRefused):
    pass


@transaction.atomic
def setup_link_issue(*, actor, user) -> tuple[str, bool]:
    """A new single-use set-up link for the user, valid for SETUP_LINK_DAYS; returns (its address,
    whether it was e-mailed to the user). Whoever held the account's password or second factor
    before holds nothing now: the password becomes unusable, the authenticator and backup codes
    are removed, earlier links stop working and the user's sessions end. Only the hash is stored."""
    now = timezone.now()
    SetupLink.objects.filter(user=user, used_at__isnull=True, expires_at__gt=now).update(expires_at=now)
    two_factor_remove(actor=actor, user=user)
    user.set_unusable_password()
    user.save(update_fields=["password"])
    sessions_end(user=user)
    secret = new_token()
    SetupLink.objects.create(
        user=user,
        token_hash=hash_token(secret),
        created_at=now,
        expires_at=now + dt.timedelta(days=SETUP_LINK_DAYS),
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    url = settings.SITE_URL + reverse("accounts:setup", kwargs={"setup_token": secret})
    address = user.email
    emailed = bool(settings.EMAIL_ENABLED and address)
    if emailed:
        transaction.on_commit(lambda: _send_setup_link(address, url))
    audit_record(
        actor=actor, action=Action.CREATE, target=user, detail="set-up link" + (" e-mailed" if emailed else "")
    )
    return url, emailed


def _send_setup_link(address: str, url: str) -> None:
    """No personal data in the subject; the body holds only the link."""
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Livet Går Videre: set up your account")
        body = _(
            "Hello,\n\nUse this link to choose your password and set up two-factor login for Livet Går "
            "Videre:\n\n%(url)s\n\nThe link works once and for %(days)s days. If you did not expect it, "
            "tell the project leader.\n\nBest wishes,\nLivet Går Videre"
        ) % {"url": url, "days": SETUP_LINK_DAYS}
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [address], fail_silently=True)


def setup_link_for_token(token: str) -> SetupLink | None:
    return SetupLink.objects.for_token(token).select_related("user").first()


def setup_complete(*, link: SetupLink, password: str, token: str) -> list[str]:
    """Set the account up: a valid code from the new authenticator app confirms it, then the chosen
    password is set and the link is used up. Returns the ten backup codes (shown once).

    A wrong code keeps the link (and counts against the device's throttle); a used or expired
    link raises SetupLinkError."""
    with transaction.atomic():
        link = SetupLink.objects.select_for_update().open().filter(pk=link.pk).select_related("user").first()
        if link is None or not link.user.is_active:
            raise SetupLinkError(
                _("This link has already been used or has expired. Ask the project leader for a new one.")
            )
        user = link.user
        outcome = _confirm(user=user, token=_normalise(token))
        if not isinstance(outcome, ValidationError):
            user.set_password(password)
            user.save(update_fields=["password"])
            link.used_at = timezone.now()
            link.save(update_fields=["used_at"])
            audit_record(actor=user, action=Action.CHANGE, target=user, detail="account set up with a set-up link")
    if isinstance(outcome, ValidationError):
        raise outcome
    _device, codes = outcome
    return codes
