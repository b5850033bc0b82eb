"""Links to pages of other apps that may not exist yet.

{% optional_url "referrals:detail" participant_id=p.pk as link %}{% if link %}...{% endif %}
"""

from django import template
from django.urls import NoReverseMatch, reverse

register = template.Library()


@register.simple_tag
def optional_url(name: str, **kwargs) -> str | None:
    """The URL, or None when the page does not exist (yet) in this build."""
    try:
        return reverse(name, kwargs=kwargs or None)
    except NoReverseMatch:
        return None
