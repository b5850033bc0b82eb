from django.http import HttpResponse, HttpResponseServerError
from django.template import loader
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


# The last resort when even templates/500.html cannot be rendered (Danish: the default language).
PLAIN_SERVER_ERROR = (
    '<!doctype html><html lang="da"><meta charset="utf-8"><title>Der skete en fejl</title>'
    '<h1>Der skete en fejl</h1><p>Prøv igen om lidt. <a href="/">Gå til forsiden</a></p></html>'
)


def server_error(request):
    """The 500 page, without a request context: a failing database or context processor cannot break it."""
    try:
        return HttpResponseServerError(loader.render_to_string("500.html"))
    except Exception:
        return HttpResponseServerError(PLAIN_SERVER_ERROR)


handler500 = server_error

urlpatterns = [
    path("", include("accounts.urls")),
    path("audit/", include((audit_urlpatterns, "audit"))),
    path("notifications/", include("notifications.urls")),
    path("referrals/", include("referrals.urls")),
    path("volunteers/", include("volunteers.urls")),
    path("events/", include("events.urls")),
    # Holding the meeting and ending the match are followups' views (see followups/urls.py).
    path("matches/", include((matches_urlpatterns + followups_match_urlpatterns, "matches"))),
    path("matching/", include("matching.urls")),
    path("planning/", include("planning.urls")),
    path("support/", include("support.urls")),
    path("followups/", include("followups.urls")),
    path("outcomes/", include("outcomes.urls")),
    path("reports/", include("reports.urls")),
    path("reports/import/", include("transfer.urls")),
    path("privacy/", include("privacy.urls")),
    path("expenses/", include("expenses.urls")),
    # The volunteers' own part (role volunteer): nothing else of the app is open to them.
    path("portal/", include("portal.urls")),
    path("i18n/setlang/", public(set_language), name="set_language"),
    path("healthz", healthz, name="healthz"),
    path("admin/", admin_site.urls),
]
