from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from .models import Role

LEADER, CONSULTANT, STUDENT, SOCIAL, EVALUATOR = (
    Role.values[0],
    Role.values[1],
    Role.values[2],
    Role.values[3],
    Role.values[4],
)

# (label, url name, roles that see it). Entries whose page does not exist yet are skipped.
NAVIGATION = [
    (_("Home"), "accounts:home", (LEADER, CONSULTANT, STUDENT, SOCIAL, EVALUATOR)),
    (_("Today"), "followups:today", (LEADER, CONSULTANT)),
    (_("Referrals"), "referrals:list", (LEADER, CONSULTANT, SOCIAL)),
    (_("Waiting list"), "referrals:waiting", (LEADER, CONSULTANT)),
    (_("Volunteers"), "volunteers:pipeline", (LEADER, CONSULTANT, STUDENT)),
    (_("Recruitment"), "volunteers:campaigns", (LEADER, CONSULTANT, STUDENT)),
    (_("Matches"), "matches:list", (LEADER, CONSULTANT)),
    (_("Figures"), "reports:dashboard", (LEADER, CONSULTANT, EVALUATOR)),
    (_("Audit log"), "audit:list", (LEADER,)),
]


def _url(name: str) -> str | None:
    try:
        return reverse(name)
    except NoReverseMatch:
        return None


def navigation(request):
    user = getattr(request, "user", None)
    if not user or not user.is_authenticated:
        return {"nav_items": []}
    from notifications.services import unread_count

    items = []
    for label, url_name, roles in NAVIGATION:
        url = _url(url_name) if user.role in roles else None
        if url:
            active = request.path == url if url == "/" else request.path.startswith(url)
            items.append({"label": label, "url": url, "active": active})
    return {"nav_items": items, "unread_notifications": unread_count(user)}
