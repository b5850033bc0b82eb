from django.contrib.auth import views as auth_views
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from . import selectors
from .permissions import ALL_ROLES, public, require_roles

login = public(auth_views.LoginView.as_view(template_name="accounts/login.html", redirect_authenticated_user=True))
logout = public(require_POST(auth_views.LogoutView.as_view()))


@require_roles(*ALL_ROLES)
def home(request):
    context = {
        "title": _("Overview"),
        "cards": selectors.home_cards(request.user),
        "reports_url": selectors.reports_url(request.user),
    }
    return render(request, "accounts/home.html", context)
