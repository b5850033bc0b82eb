from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .models import Role

LEADER, CONSULTANT, STUDENT, SOCIAL, EVALUATOR, VOLUNTEER = (
    Role.PROJECT_LEADER,
    Role.CONSULTANT,
    Role.STUDENT_ASSISTANT,
    Role.SOCIAL_WORKER,
    Role.EVALUATOR,
    Role.VOLUNTEER,
)

# (label, url name, roles that see it).
NAVIGATION = [
    (_("Home"), "accounts:home", (LEADER, CONSULTANT, STUDENT, SOCIAL, EVALUATOR)),
    (_("Today"), "followups:today", (LEADER, CONSULTANT)),
    (_("Referrals"), "referrals:list", (LEADER, CONSULTANT, SOCIAL)),
    (_("Waiting list"), "referrals:waiting", (LEADER, CONSULTANT)),
    (_("Volunteers"), "volunteers:pipeline", (LEADER, CONSULTANT, STUDENT)),
    (_("Recruitment"), "volunteers:campaigns", (LEADER, CONSULTANT, STUDENT)),
    (_("Events"), "events:list", (LEADER, CONSULTANT)),
    (_("Matching"), "matching:index", (LEADER, CONSULTANT)),
    (_("Matches"), "matches:list", (LEADER, CONSULTANT)),
    (_("Planning"), "planning:index", (LEADER, CONSULTANT)),
    (_("Expenses"), "expenses:list", (LEADER, CONSULTANT)),
    (_("Figures"), "reports:dashboard", (LEADER, CONSULTANT, EVALUATOR)),
    (_("The star"), "outcomes:star", (LEADER,)),  # Forandringsstjernen's configuration
    (_("Audit log"), "audit:list", (LEADER,)),
    # The volunteer's own part (portal): nothing else.
    (_("My match"), "portal:home", (VOLUNTEER,)),
    (_("Events"), "portal:events", (VOLUNTEER,)),
    (_("Expenses"), "portal:expenses", (VOLUNTEER,)),
    (_("Talk to a consultant"), "portal:callback", (VOLUNTEER,)),
    (_("Where to get help"), "portal:directory", (VOLUNTEER,)),
    (_("My details"), "portal:profile", (VOLUNTEER,)),
]


def query_without_page(request) -> dict:
    """The current query string minus `page` (all values of multi-value filters kept), for pagination."""
    query = request.GET.copy()
    query.pop("page", None)
    return {"query_without_page": query.urlencode()}


def navigation(request):
    user = getattr(request, "user", None)
    if not user or not user.is_authenticated:
        return {"nav_items": []}
    items = []
    for label, url_name, roles in NAVIGATION:
        url = reverse(url_name) if user.role in roles else None
        if url:
            items.append({"label": label, "url": url, "active": False})
    # Only the most specific entry is current (/referrals/waiting/ is not also /referrals/).
    current = max(
        (
            item
            for item in items
            if request.path == item["url"] or (item["url"] != "/" and request.path.startswith(item["url"]))
        ),
        key=lambda item: len(item["url"]),
        default=None,
    )
    if current:
        current["active"] = True
    return {"nav_items": items}
