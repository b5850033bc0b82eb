from django.contrib import admin
from django.http import HttpResponse
from django.urls import include, path
from django.views.i18n import set_language

from accounts.models import Role
from accounts.permissions import public, safe_next, two_factor_redirect

admin.site.site_header = "Livet Går Videre"
admin.site.site_title = "Livet Går Videre"
# Only project leaders (and superusers) configure regions, centres and users, and only in a session
# that has given its second factor when one is due (accounts.permissions.two_factor_redirect).
admin.site.has_permission = lambda request: (
    request.user.is_active
    and (request.user.is_superuser or (request.user.is_staff and request.user.role == Role.PROJECT_LEADER))
    and two_factor_redirect(request) is None
)
_admin_login = admin.site.login


def admin_login(request, extra_context=None):
    """A logged-in session that still owes its second factor goes to the code page, not a login form."""
    if request.user.is_authenticated:
        pending = two_factor_redirect(request, next_url=safe_next(request, default="admin:index"))
        if pending is not None:
            return pending
    return _admin_login(request, extra_context)


admin.site.login = admin_login


@public
def healthz(request):
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [
    path("", include("accounts.urls")),
    path("audit/", include("audit.urls")),
    path("notifications/", include("notifications.urls")),
    path("referrals/", include("referrals.urls")),
    path("volunteers/", include("volunteers.urls")),
    path("matches/", include("matches.urls")),
    path("matching/", include("matching.urls")),
    path("followups/", include("followups.urls")),
    path("outcomes/", include("outcomes.urls")),
    path("reports/", include("reports.urls")),
    path("i18n/setlang/", public(set_language), name="set_language"),
    path("healthz", healthz, name="healthz"),
    path("admin/", admin.site.urls),
]
