"""Demo portal accounts: every DEMO- volunteer in a running match gets one (so `make run` can show
the portal), and a few call-back requests wait on the consultants' today pages. Idempotent: the
demo volunteers' accounts are made again after the rebuild (their old users are deleted)."""

from django.contrib.auth import get_user_model

from accounts.models import Role
from matches.models import MatchStatus
from volunteers.models import Volunteer

from .models import CallbackRequest, Category
from .services import volunteer_account

USERNAME_PREFIX = "volunteer-demo-"


def demo_volunteers():
    return (
        Volunteer.objects.filter(
            reference__startswith="DEMO-",
            matches__status__in=[MatchStatus.ACTIVE, MatchStatus.PAUSED],
            matches__started_on__isnull=False,
        )
        .exclude(email="")
        .distinct()
        .order_by("reference")
    )


def demo_login_emails(count: int = 3) -> list[str]:
    """Addresses that `make run` prints: volunteers who can log in to the portal."""
    return list(demo_volunteers().filter(user__isnull=False).values_list("email", flat=True)[:count])


def build(*, rng, today, users) -> None:
    get_user_model().objects.filter(role=Role.VOLUNTEER, username__startswith=USERNAME_PREFIX).delete()
    volunteers = list(demo_volunteers())
    for volunteer in volunteers:
        volunteer_account(volunteer=volunteer)
    for volunteer in rng.sample(volunteers, min(3, len(volunteers))):
        match = volunteer.matches.filter(status=MatchStatus.ACTIVE).first()
        CallbackRequest.objects.create(
            volunteer=volunteer,
            match=match,
            region=match.region if match else volunteer.region,
            category=rng.choice([Category.PRACTICAL, Category.HEAVY_STORY, Category.BOUNDARIES]),
        )
