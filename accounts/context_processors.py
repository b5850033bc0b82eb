from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .models import Role

# (label, url name, roles that see it). Pages add themselves here as they are built.
NAVIGATION = [
    (_("Home"), "accounts:home", tuple(Role.values)),
    (_("Audit log"), "audit:list", (Role.PROJECT_LEADER,)),
]


def navigation(request):
    user = getattr(request, "user", None)
    if not user or not user.is_authenticated:
        return {"nav_items": []}
    current = request.path
    items = []
    for label, url_name, roles in NAVIGATION:
        if user.role in roles:
            url = reverse(url_name)
            active = current == url if url == "/" else current.startswith(url)
            items.append({"label": label, "url": url, "active": active})
    return {"nav_items": items}
