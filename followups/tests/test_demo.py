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


@pytest.mark.parametrize("today", [date(2026, 11, 26), date(2025, 3, 3), date(2024, 7, 15)])
def test_demo_assessments_and_six_month_follow_ups_agree_for_any_today(today):
    builder.build(seed=5, today=today, participants=150, volunteers=160)
    six = FollowUp.objects.filter(kind="six_months").select_related("match")
    assert six.exists()
    for followup in six:
        match = followup.match
        assert (followup.done_on is not None) == bool(match.six_month_assessment), match.reference
        if followup.done_on:
            assert followup.done_on == match.six_month_assessed_on and followup.done_on >= match.six_month_on
    assessed = Match.objects.exclude(six_month_assessment="")
    assert not assessed.filter(six_month_on__gt=today).exists()
    assert not assessed.filter(six_month_assessed_on__isnull=True).exists()
    assert not assessed.filter(six_month_assessment="not_well_functioning", six_month_assessment_reason="").exists()
