"""Read rules about users: who hears about a region's news; the home page's link to the figures."""

from django.conf import settings
from django.urls import reverse
from django.utils.module_loading import import_string

from .models import Role, User


def home_cards(user) -> list[dict]:
    """The home page's counts, each with a link: every app named in settings.HOME_CARDS gives its
    own (the order there is the order on the page), so accounts imports none of them."""
    return [card for path in settings.HOME_CARDS for card in import_string(path)(user)]


def reports_url(user) -> str | None:
    return reverse("reports:dashboard") if user.role in (Role.PROJECT_LEADER, Role.EVALUATOR) else None


def region_contacts(region) -> list:
    """Who hears about news in a region (a referral, an application): its consultants; the project
    leaders when the region has none or the program does not run there yet."""
    consultants = []
    if region.active:
        consultants = list(User.objects.filter(role=Role.CONSULTANT, regions=region, is_active=True))
    return consultants or list(User.objects.filter(role=Role.PROJECT_LEADER, is_active=True))


def contact_consultants(user) -> list:
    """Whom a social worker calls about their referrals: the consultants of their centre's region
    (the project leaders when it has none). Nobody for other roles."""
    if user.role != Role.SOCIAL_WORKER or user.treatment_centre is None:
        return []
    return region_contacts(user.treatment_centre.region)
