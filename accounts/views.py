import datetime as dt

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice

from audit.models import AuditEvent
from lib.lists import CappedPaginator

from . import selectors, services
from .filters import AuditEventFilter
from .forms import AccountSetupForm, ConfirmWithCodeForm, TokenForm
from .models import Role
from .permissions import (
    ALL_ROLES,
    is_two_factor_verified,
    login_only,
    public,
    require_roles,
    safe_next,
    two_factor_redirect,
)

login = public(auth_views.LoginView.as_view(template_name="accounts/login.html", redirect_authenticated_user=True))
logout = public(require_POST(auth_views.LogoutView.as_view()))


@require_roles(*ALL_ROLES)
def home(request):
    context = {
        "title": _("Overview"),
        "cards": selectors.home_cards(request.user),
        "reports_url": selectors.reports_url(request.user),
        "two_factor_on": is_two_factor_verified(request),
        "contacts": selectors.contact_consultants(request.user),
    }
    return render(request, "accounts/home.html", context)


def _mark_verified(request, device) -> None:
    request.session.cycle_key()  # a new session id once the second factor is given
    otp_login(request, device)


@login_only
@never_cache
def verify(request):
    """Second login step: the code from the authenticator app, or a backup code."""
    next_url = safe_next(request)
    if is_two_factor_verified(request) or not services.two_factor_sync(user=request.user):
        return two_factor_redirect(request, next_url=next_url) or redirect(next_url)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            device = services.two_factor_verify(user=request.user, token=form.cleaned_data["token"])
        except ValidationError as error:
            form.add_error("token", error)
        else:
            _mark_verified(request, device)
            if isinstance(device, StaticDevice):
                left = device.token_set.count()
                messages.warning(
                    request,
                    ngettext(
                        "You used a backup code. %(count)d backup code is left.",
                        "You used a backup code. %(count)d backup codes are left.",
                        left,
                    )
                    % {"count": left},
                )
            return redirect(next_url)
    context = {"title": _("Two-factor login"), "form": form, "next": next_url}
    return render(request, "accounts/verify.html", context)


@login_only
@never_cache
def two_factor(request):
    """Set up two-factor login: scan the QR code, confirm with a code, note the backup codes."""
    next_url = safe_next(request)
    context = {"title": _("Two-factor login"), "next": next_url, "required": settings.REQUIRE_2FA}
    if services.two_factor_sync(user=request.user):
        if not is_two_factor_verified(request):
            return two_factor_redirect(request, next_url=request.get_full_path())
        left = services.backup_codes_left(user=request.user)
        return render(request, "accounts/two_factor.html", {**context, "enabled": True, "backup_left": left})
    if settings.REQUIRE_2FA:
        # A password alone never enrols an authenticator: whoever knew it (an initial password, a
        # demo password) could otherwise make the account theirs. The set-up link does it.
        return render(request, "accounts/two_factor.html", {**context, "needs_link": True}, status=403)
    device = services.two_factor_start(user=request.user)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            device, codes = services.two_factor_confirm(user=request.user, token=form.cleaned_data["token"])
        except ValidationError as error:
            form.add_error("token", error)
        else:
            _mark_verified(request, device)
            # Shown once, in this response only (the page is never cached).
            return render(request, "accounts/two_factor.html", {**context, "backup_codes": codes})
    context |= {
        "form": form,
        "qr_code": services.totp_qr_data_uri(device),
        "secret": services.totp_secret_text(device),
    }
    return render(request, "accounts/two_factor.html", context)


@require_roles(Role.PROJECT_LEADER)
def audit_log(request):
    """Who did what to which record (the audit app's events; the page is served as audit:list)."""
    events = AuditEventFilter(request.GET, queryset=AuditEvent.objects.select_related("actor"))
    page = CappedPaginator(events.qs, 50).get_page(request.GET.get("page"))
    others = request.GET.copy()
    others.pop("page", None)
    context = {"title": _("Audit log"), "filter": events, "page": page, "query_without_page": others.urlencode()}
    return render(request, "accounts/audit_log.html", context)


# A replacement's QR code is shown for this long after the current code was given.
REPLACE_SESSION_KEY = "two_factor_replace_until"
REPLACE_WINDOW = dt.timedelta(minutes=10)


def _code_given(request, form) -> bool:
    """The form holds a valid code from the user's current app or a backup code (throttled)."""
    if not form.is_valid():
        return False
    try:
        services.two_factor_verify(user=request.user, token=form.cleaned_data["token"])
    except ValidationError as error:
        form.add_error("token", error)
        return False
    return True


def _new_codes_page(request, codes, *, renewed: bool):
    context = {"title": _("Two-factor login"), "backup_codes": codes, "renewed": renewed}
    return render(request, "accounts/two_factor.html", context | {"next": reverse("accounts:two_factor")})


@require_roles(*ALL_ROLES)
@never_cache
def two_factor_replace(request):
    """New phone: a code from the current app (or a backup code) first, then the new app's QR code
    and a code from it. On confirmation the old app and the old backup codes stop working."""
    if not services.two_factor_sync(user=request.user):
        return redirect("accounts:two_factor")
    context = {"title": _("Replace the authenticator app")}
    until = request.session.get(REPLACE_SESSION_KEY)
    if until is None or until < timezone.now().timestamp():
        form = ConfirmWithCodeForm(request.POST or None)
        if request.method == "POST" and _code_given(request, form):
            request.session[REPLACE_SESSION_KEY] = (timezone.now() + REPLACE_WINDOW).timestamp()
            return redirect("accounts:two_factor_replace")
        return render(request, "accounts/two_factor_replace.html", {**context, "form": form, "step": 1})
    device = services.two_factor_start(user=request.user)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            device, codes = services.two_factor_confirm(user=request.user, token=form.cleaned_data["token"])
        except ValidationError as error:
            form.add_error("token", error)
        else:
            request.session.pop(REPLACE_SESSION_KEY, None)
            _mark_verified(request, device)
            return _new_codes_page(request, codes, renewed=False)
    context |= {
        "form": form,
        "step": 2,
        "qr_code": services.totp_qr_data_uri(device),
        "secret": services.totp_secret_text(device),
    }
    return render(request, "accounts/two_factor_replace.html", context)


@require_roles(*ALL_ROLES)
@never_cache
def backup_codes(request):
    """Ten new backup codes after a current code; the old ones stop working."""
    if not services.two_factor_sync(user=request.user):
        return redirect("accounts:two_factor")
    form = ConfirmWithCodeForm(request.POST or None)
    if request.method == "POST" and _code_given(request, form):
        return _new_codes_page(request, services.backup_codes_renew(user=request.user), renewed=True)
    return render(request, "accounts/backup_codes.html", {"title": _("New backup codes"), "form": form})


# --- The set-up link (no login: the secret in the link is the credential, once) ---


@public
@never_cache
def setup(request, setup_token):
    """Choose a password and set up the authenticator app with a one-time link from the project
    leader. An unknown, used or expired link gets a plain page and never anyone's QR code."""
    link = services.setup_link_for_token(setup_token)
    refusal = None if link is not None else ("unknown", 404)
    if link is not None and (link.is_used or link.is_expired or not link.user.is_active):
        refusal = ("used", 410) if link.is_used else ("expired", 410)
    if refusal:
        context = {"title": _("Set up your account"), "reason": refusal[0]}
        return render(request, "accounts/setup_refused.html", context, status=refusal[1])
    user = link.user
    device = services.two_factor_start(user=user)
    form = AccountSetupForm(user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            codes = services.setup_complete(
                link=link, password=form.cleaned_data["new_password1"], token=form.cleaned_data["token"]
            )
        except ValidationError as error:
            form.add_error("token", error)
        else:
            context = {"title": _("Set up your account"), "backup_codes": codes, "next": reverse("accounts:login")}
            return render(request, "accounts/two_factor.html", context)
    context = {
        "title": _("Set up your account"),
        "form": form,
        "username": user.get_username(),
        "qr_code": services.totp_qr_data_uri(device),
        "secret": services.totp_secret_text(device),
    }
    return render(request, "accounts/setup.html", context, status=400 if form.errors else 200)
