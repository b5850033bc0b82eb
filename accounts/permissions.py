"""The one permission layer: every view declares which roles may use it.

`require_roles(...)` and `public` both stamp the view with `allowed_roles`; the test
`accounts/tests/test_url_matrix.py` walks every URL pattern and fails on a view without it.
"""

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied

from .models import CASEWORK_ROLES, Role

PUBLIC = frozenset({"public"})
ALL_ROLES = tuple(Role.values)
STAFF_CASEWORK = CASEWORK_ROLES


def require_roles(*roles: str) -> Callable:
    allowed = frozenset(roles)

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
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
