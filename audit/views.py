from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from accounts.models import Role
from accounts.permissions import require_roles

from .filters import AuditEventFilter
from .models import AuditEvent


@require_roles(Role.PROJECT_LEADER)
def event_list(request):
    events = AuditEventFilter(request.GET, queryset=AuditEvent.objects.select_related("actor"))
    page = Paginator(events.qs, 50).get_page(request.GET.get("page"))
    return render(request, "audit/list.html", {"title": _("Audit log"), "filter": events, "page": page})
