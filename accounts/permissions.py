"""The one permission layer: every view declares which roles may use it.

`require_roles(...)` and `public` both stamp the view with `allowed_roles`; the test
`accounts/tests/test_url_matrix.py` walks every URL pattern and fails on a view without it.

Two-factor login is enforced here too: a logged-in session that has not yet given its second
factor (a user with a device, or everyone when settings.REQUIRE_2FA) is sent to the code or set-up
page before any role page or the admin works. Only `login_only` views (those two pages) skip it.
"""

from collections.abc import Callable
from functools import wraps
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

from .models import CASEWORK_ROLES, STAFF_ROLES, Role

PUBLIC = frozenset({"public"})
# Every staff role; a page for "everyone" is never a volunteer's (the portal declares its own).
ALL_ROLES = STAFF_ROLES
STAFF_CASEWORK = CASEWORK_ROLES


def has_two_factor_device(user) -> bool:
    """A confirmed authenticator app (backup codes come with it and go with it).

    Read from the user row already loaded (no query per request); the verify and set-up pages
    re-check the devices themselves (accounts.services.two_factor_sync).
    """
    return bool(getattr(user, "two_factor_enabled", False))


def is_two_factor_verified(request) -> bool:
    is_verified = getattr(request.user, "is_verified", None)
    return bool(is_verified and is_verified())


def two_factor_redirect(request, next_url: str | None = None) -> HttpResponseRedirect | None:
    """Where a logged-in session must go before it may use the system, or None when it may."""
    if is_two_factor_verified(request):
        return None
    if request.user.role == Role.VOLUNTEER:
        return None  # a volunteer signs in with a single-use link to their e-mail (portal), no password
    if has_two_factor_device(request.user):
        target = "accounts:verify"
    elif settings.REQUIRE_2FA:
        target = "accounts:two_factor"
    else:
        return None
    return HttpResponseRedirect(f"{reverse(target)}?{urlencode({'next': next_url or request.get_full_path()})}")


def safe_next(request, default: str = "accounts:home") -> str:
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return next_url
    return reverse(default)


def require_roles(*roles: str) -> Callable:
    allowed = frozenset(roles)

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            pending = two_factor_redirect(request)
            if pending is not None:
                return pending
            if request.user.role not in allowed:
                raise PermissionDenied
            return view(request, *args, **kwargs)

        wrapped.allowed_roles = allowed
        return wrapped

    return decorator


def public(view: Callable) -> Callable:
    """Mark a view as open to anyone, logged in or not (login page, public application form)."""
    view.allowed_roles = PUBLIC
    return view


def login_only(view: Callable) -> Callable:
    """Logged in, second factor NOT required: only the two-factor code and set-up pages.

    Open to every staff role (`allowed_roles`) so the URL matrix checks it like any page.
    """

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if request.user.role not in ALL_ROLES:
            raise PermissionDenied  # a volunteer has no second factor to give (portal login)
        return view(request, *args, **kwargs)

    wrapped.allowed_roles = frozenset(ALL_ROLES)
    return wrapped
