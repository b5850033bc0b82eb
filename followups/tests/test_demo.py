from datetime import date

import pytest

from demo import builder
from followups.models import FollowUp, FollowUpPlan
from matches.models import Match, MatchMeeting, MatchStatus

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 26)


def _snapshot():
    return sorted(
        FollowUp.objects.values_list("match__reference", "kind", "due_on", "done_on", "flag_supervision")
    ), sorted(MatchMeeting.objects.values_list("match__reference", "starts_at", "held_on"))


def test_demo_follow_ups_are_idempotent_with_some_done_some_overdue_and_flags():
    builder.build(seed=3, today=TODAY, participants=120, volunteers=140)
    first = _snapshot()
    builder.build(seed=3, today=TODAY, participants=120, volunteers=140)
    assert _snapshot() == first
    running = Match.objects.filter(status__in=[MatchStatus.ACTIVE, MatchStatus.PAUSED])
    assert FollowUpPlan.objects.count() == running.count() > 0
    assert FollowUp.objects.filter(done_on__isnull=False).exists()
    assert FollowUp.objects.overdue(TODAY).exists()
    assert FollowUp.objects.flagged().exists()
    assert FollowUp.objects.filter(due_on__gt=TODAY).exists()
    assert MatchMeeting.objects.filter(held_on__isnull=False).exists()
