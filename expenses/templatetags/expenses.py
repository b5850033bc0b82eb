"""The match page's expenses panel without touching the matches app: `{% match_expenses %}`
(matches/detail.html includes expenses/_match_expenses.html). Casework roles only."""

from django import template
from django.utils import timezone

from accounts.models import CASEWORK_ROLES, Role

from .. import services

register = template.Library()


@register.inclusion_tag("expenses/_match_expenses_panel.html", takes_context=True)
def match_expenses(context):
    user = context["request"].user
    match = context.get("match")
    if match is None or user.role not in CASEWORK_ROLES or not match.started_on:
        return {"show": False}
    expenses = list(match.expenses.all())
    return {
        "show": True,
        "expenses": expenses,
        "standing": services.allowance_standing(match=match, year=timezone.localdate().year, expenses=expenses),
        "is_leader": user.role == Role.PROJECT_LEADER,
    }
