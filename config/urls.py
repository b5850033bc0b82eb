from django.http import HttpResponse
from django.urls import include, path
from django.views.i18n import set_language

from accounts.admin_site import site as admin_site
from accounts.permissions import public


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
    path("reports/", include("reports.urls")),
    path("i18n/setlang/", public(set_language), name="set_language"),
    path("healthz", healthz, name="healthz"),
    path("admin/", admin_site.urls),
]
