from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from accounts.permissions import ALL_ROLES, require_roles

from .models import Notification
from .services import mark_read


@require_roles(*ALL_ROLES)
def notification_list(request):
    page = Paginator(Notification.objects.filter(recipient=request.user), 30).get_page(request.GET.get("page"))
    return render(request, "notifications/list.html", {"title": _("Notifications"), "page": page})


@require_roles(*ALL_ROLES)
@require_POST
def notification_read_all(request):
    mark_read(user=request.user)
    return redirect("notifications:list")
