"""The call-back requests on the today page without touching its view: `{% today_callbacks %}`
(followups/today.html includes portal/_today_callbacks.html). Casework roles only."""

from django import template

from accounts.models import CASEWORK_ROLES
from audit.services import audit_listed

from ..models import CallbackRequest

register = template.Library()
LIST_LIMIT = 50


@register.inclusion_tag("portal/_today_callbacks_panel.html", takes_context=True)
def today_callbacks(context):
    user = context["request"].user
    if user.role not in CASEWORK_ROLES:
        return {"show": False}
    callbacks = list(CallbackRequest.objects.for_user(user).open().select_related("match")[:LIST_LIMIT])
    audit_listed(
        actor=user,
        target_type="volunteers.volunteer",
        ids=[c.volunteer_id for c in callbacks],
        what="call-back requests",
    )
    return {"show": True, "callbacks": callbacks}
