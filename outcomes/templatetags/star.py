"""The star on the today page without touching its view: `{% today_star %}`, which followups' today
panel "star" renders (the match page loads its star panel from outcomes:match_star instead). Shows
nothing to roles that may not see readings (social worker, student, evaluator)."""

from django import template
from django.utils import timezone

from accounts.models import Role
from audit.services import audit_listed

from .. import selectors
from ..models import StarVersion

register = template.Library()


@register.inclusion_tag("outcomes/_today_star_panel.html", takes_context=True)
def today_star(context):
    user = context["request"].user
    if not selectors.sees_readings(user):
        return {"show": False}
    today = timezone.localdate()
    version = StarVersion.objects.current()
    due, due_count = selectors.due_readings(user, today, version.interval_months)
    attention, attention_count = selectors.attention(user)
    audit_listed(
        actor=user,
        target_type="matches.match",
        ids=[row["match"].pk for row in [*due, *attention]],
        what="today page: star",
    )
    return {
        "show": True,
        "today": today,
        "due": due,
        "due_count": due_count,
        "attention": attention,
        "attention_count": attention_count,
        "limit": selectors.LIST_LIMIT,
        "is_leader": user.role == Role.PROJECT_LEADER,
    }
