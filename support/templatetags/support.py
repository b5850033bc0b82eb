"""The volunteer page's requirements and supervision without volunteers importing support:
`{% volunteer_support volunteer %}` (volunteers/detail.html includes support/_volunteer_support.html)."""

from django import template
from django.utils import timezone

from accounts.models import CASEWORK_ROLES

from .. import selectors

register = template.Library()


@register.inclusion_tag("support/_volunteer_panel.html", takes_context=True)
def volunteer_support(context, volunteer):
    user = context["request"].user
    casework = user.role in CASEWORK_ROLES
    return {
        "volunteer": volunteer,
        "requirements": selectors.requirement_status(volunteer, timezone.localdate()),
        "can_record": casework,
        "supervisions": list(volunteer.supervision_requests.all()[:20]) if casework else [],
    }
