from django.http import HttpResponse
from django.urls import include, path
from django.views.i18n import set_language

from accounts.admin_site import site as admin_site
from accounts.permissions import public
from accounts.urls import audit_urlpatterns
from followups.urls import match_urlpatterns as followups_match_urlpatterns
from matches.urls import urlpatterns as matches_urlpatterns


@public
def healthz(request):
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [
    path("", include("accounts.urls")),
    path("audit/", include((audit_urlpatterns, "audit"))),
    path("notifications/", include("notifications.urls")),
    path("referrals/", include("referrals.urls")),
    path("volunteers/", include("volunteers.urls")),
    # Holding the meeting and ending the match are followups' views (see followups/urls.py).
    path("matches/", include((matches_urlpatterns + followups_match_urlpatterns, "matches"))),
    path("matching/", include("matching.urls")),
    path("followups/", include("followups.urls")),
    path("reports/", include("reports.urls")),
    path("reports/import/", include("transfer.urls")),
    path("i18n/setlang/", public(set_language), name="set_language"),
    path("healthz", healthz, name="healthz"),
    path("admin/", admin_site.urls),
]
