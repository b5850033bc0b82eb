"""The volunteer's login by e-mailed link, their call-back requests and their own details."""

import hashlib
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from accounts.models import Role
from accounts.selectors import region_contacts
from audit.models import Action
from audit.services import audit_record
from events import services as event_services
from events.models import Attendance, Event, SignUp
from lib.errors import OperationRefused
from lib.mail import send_email
from lib.tokens import hash_token, new_token
from matches.models import Match, MatchStatus
from notifications.services import notify
from support import services as support_services
from support.models import SupervisionReason, SupervisionRequest, SupervisionSource
from volunteers.models import APPROVED_STATUSES, Volunteer
from volunteers.services import volunteer_update

from .models import CallbackRequest, Category, LoginLink

LINK_MINUTES = 15
# Login-link requests per e-mail address and per client address, in RATE_WINDOW_SECONDS.
RATE_PER_ADDRESS = 5
RATE_PER_CLIENT = 20
RATE_WINDOW_SECONDS = 3600
# The matches a volunteer sees in the portal (a proposal is not theirs to see until the meeting is set).
PORTAL_MATCH_STATUSES = (MatchStatus.MEETING_SCHEDULED, MatchStatus.ACTIVE, MatchStatus.PAUSED)


class PortalError(OperationRefused):
    pass


# --- Rate limits (counted in the cache; only hashes of addresses) ---


def _rate_key(kind: str, value: str) -> str:
    digest = hashlib.sha256(f"{settings.SECRET_KEY}:{kind}:{value}".encode()).hexdigest()[:32]
    return f"portal:login:{kind}:{digest}"


def login_rate_exceeded(*, email: str, ip: str) -> bool:
    return (cache.get(_rate_key("email", email.lower())) or 0) >= RATE_PER_ADDRESS or (
        cache.get(_rate_key("ip", ip)) or 0
    ) >= RATE_PER_CLIENT


def login_rate_count(*, email: str, ip: str) -> None:
    for key in (_rate_key("email", email.lower()), _rate_key("ip", ip)):
        if not cache.add(key, 1, RATE_WINDOW_SECONDS):
            try:
                cache.incr(key)
            except ValueError:
                cache.set(key, 1, RATE_WINDOW_SECONDS)


# --- Accounts and login links ---


def volunteer_for_email(email: str) -> Volunteer | None:
    """The one volunteer in the program with this address; None when none or several have it."""
    found = list(Volunteer.objects.filter(email__iexact=email.strip(), status__in=APPROVED_STATUSES)[:2])
    return found[0] if len(found) == 1 else None


@transaction.atomic
def volunteer_account(*, volunteer: Volunteer):
    """The volunteer's portal account, made on first use: role volunteer, no password."""
    volunteer = Volunteer.objects.select_for_update().get(pk=volunteer.pk)
    if volunteer.user_id:
        return volunteer.user
    user = get_user_model()(
        username=f"volunteer-{volunteer.reference}".lower(),
        role=Role.VOLUNTEER,
        first_name=volunteer.first_name,
        last_name=volunteer.last_name,
    )
    user.set_unusable_password()
    user.save()
    volunteer.user = user
    volunteer.save(update_fields=["user"])
    audit_record(actor=None, action=Action.CREATE, target=volunteer, detail="portal account")
    return user


@transaction.atomic
def login_link_request(*, email: str, browser_key: str) -> bool:
    """E-mail a login link when the address is a volunteer's in the program; the caller answers the
    same either way. Earlier unused links of the account stop working. True when one was sent."""
    volunteer = volunteer_for_email(email)
    if volunteer is None:
        return False
    user = volunteer_account(volunteer=volunteer)
    if not user.is_active:
        return False
    now = timezone.now()
    LoginLink.objects.filter(user=user, used_at__isnull=True, expires_at__gt=now).update(expires_at=now)
    token = new_token()
    LoginLink.objects.create(
        user=user,
        token_hash=hash_token(token),
        browser_hash=hash_token(browser_key),
        created_at=now,
        expires_at=now + timedelta(minutes=LINK_MINUTES),
    )
    url = settings.SITE_URL + reverse("portal:link", kwargs={"login_token": token})
    address = volunteer.email
    transaction.on_commit(
        lambda: send_email("portal/email/login_link", {"url": url, "minutes": LINK_MINUTES}, to=[address])
    )
    return True


def login_link_check(*, token: str, browser_key: str) -> LoginLink:
    """The link, if it may still log in from this browser; else PortalError saying why."""
    link = LoginLink.objects.for_token(token).select_related("user__volunteer").first()
    if link is None or link.used_at is not None:
        raise PortalError(_("This login link has already been used or does not exist. Ask for a new one."))
    if link.is_expired:
        raise PortalError(_("This login link has expired (it works for 15 minutes). Ask for a new one."))
    if not browser_key or hash_token(browser_key) != link.browser_hash:
        raise PortalError(
            _("Open the login link in the same browser where you asked for it, or ask for a new link here.")
        )
    volunteer = getattr(link.user, "volunteer", None)
    if not link.user.is_active or volunteer is None or not volunteer.may_use_portal:
        raise PortalError(_("This login link has already been used or does not exist. Ask for a new one."))
    return link


@transaction.atomic
def login_link_use(*, token: str, browser_key: str):
    """Use the link up and return the user to log in."""
    link = login_link_check(token=token, browser_key=browser_key)
    updated = LoginLink.objects.filter(pk=link.pk, used_at__isnull=True).update(used_at=timezone.now())
    if not updated:  # used meanwhile, e.g. a double click
        raise PortalError(_("This login link has already been used or does not exist. Ask for a new one."))
    return link.user


# --- Call-back requests ---


@transaction.atomic
def supervision_request(*, volunteer: Volunteer, match: Match | None, message: str) -> SupervisionRequest:
    """The volunteer asks for supervision: a support SupervisionRequest (source volunteer) on the
    consultants' supervision list, and the match's consultant (else the region's) is notified."""
    request = support_services.supervision_request(
        volunteer=volunteer,
        by=volunteer.user,
        requested_on=timezone.localdate(),
        reason=SupervisionReason.OTHER,
        note=message,
        source=SupervisionSource.VOLUNTEER,
    )
    consultant = match.consultant if match and match.consultant_id and match.consultant.is_active else None
    notify(
        recipients=[consultant] if consultant else region_contacts(match.region if match else volunteer.region),
        message=gettext_noop("Volunteer %(reference)s asks for supervision."),
        params={"reference": volunteer.reference},
        person=volunteer,
        url=reverse("volunteers:detail", kwargs={"volunteer_id": volunteer.pk}),
    )
    return request


@transaction.atomic
def callback_request(*, volunteer: Volunteer, category: str, message: str = "") -> CallbackRequest:
    """ "I need to talk to a consultant": lands on the match consultant's today page (the region's
    consultants when there is no open match)."""
    match = volunteer.matches.filter(status__in=PORTAL_MATCH_STATUSES).select_related("consultant").first()
    if category == Category.SUPERVISION:
        return supervision_request(volunteer=volunteer, match=match, message=message)
    return _callback_create(volunteer=volunteer, match=match, category=category, message=message)


def _callback_create(*, volunteer: Volunteer, match: Match | None, category: str, message: str) -> CallbackRequest:
    callback = CallbackRequest.objects.create(
        volunteer=volunteer,
        match=match,
        region=match.region if match else volunteer.region,
        category=category,
        message=message,
    )
    audit_record(actor=volunteer.user, action=Action.CREATE, target=callback, detail="call-back request")
    consultant = match.consultant if match and match.consultant_id and match.consultant.is_active else None
    notify(
        recipients=[consultant] if consultant else region_contacts(callback.region),
        message=gettext_noop("Volunteer %(reference)s asks a consultant to call."),
        params={"reference": volunteer.reference},
        person=volunteer,
        url=reverse("followups:today"),
    )
    return callback


@transaction.atomic
def callback_handle(*, callback: CallbackRequest, by) -> CallbackRequest:
    updated = CallbackRequest.objects.filter(pk=callback.pk, handled_at__isnull=True).update(
        handled_at=timezone.now(), handled_by=by
    )
    if not updated:
        raise PortalError(_("The request has already been handled."))
    audit_record(actor=by, action=Action.CHANGE, target=callback, detail="call-back handled")
    return callback


# --- Their own details ---


def own_details_update(*, volunteer: Volunteer, data: dict) -> list[str]:
    """The volunteer corrects their own details (volunteers' service audits the changed fields)."""
    return volunteer_update(volunteer=volunteer, data=data, by=volunteer.user)


# --- Events (the volunteer's own; the events app's services keep the places and the waiting list) ---


def event_sign_up(*, volunteer: Volunteer, event: Event) -> SignUp:
    """A place, or the waiting list when full. The caller passes an event from
    `selectors.open_to(volunteer)` (invited; national or the volunteer's region)."""
    return event_services.signup_add(event=event, volunteer=volunteer, by=None)


def event_cancel(*, volunteer: Volunteer, event: Event) -> None:
    """Give the place (or the waiting-list place) up before the day; the next waiting moves in."""
    signup = SignUp.objects.filter(event=event, volunteer=volunteer).first()
    if signup is None:
        raise PortalError(_("You are not signed up for this event."))
    if event.held_on <= timezone.localdate():
        raise PortalError(_("On the day of the event, tell your consultant instead."))
    event_services.signup_cancel(signup=signup, by=None)


def event_feedback(*, attendance: Attendance, rating: int, comment: str = ""):
    """The volunteer's own feedback on an event they came to (the caller passes their attendance)."""
    return event_services.feedback_record(attendance=attendance, rating=rating, comment=comment, by=None)
