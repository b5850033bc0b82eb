from datetime import date

import pytest
import time_machine
from django.urls import reverse

from followups.models import CadenceConfig, FollowUp, FollowUpPlan, Kind
from followups.services import cadence_save, followup_record, match_start, plan_dates
from matches.tests.factories import active_match, proposed_match

pytestmark = pytest.mark.django_db


def _plan(match):
    return [(f.kind, f.due_on) for f in FollowUp.objects.filter(match=match).order_by("due_on", "kind")]


def test_starting_a_match_creates_the_default_plan(consultant_h):
    match = active_match(by=consultant_h, start=date(2024, 3, 5))
    assert _plan(match) == [
        (Kind.DAY_AFTER, date(2024, 3, 6)),
        (Kind.ONE_MONTH, date(2024, 4, 5)),
        (Kind.THREE_MONTHS, date(2024, 6, 5)),
        (Kind.SIX_MONTHS, date(2024, 9, 5)),
        (Kind.TOUCH_BASE, date(2025, 3, 5)),
        (Kind.YEARLY, date(2026, 3, 5)),
    ]
    assert FollowUp.objects.get(match=match, kind=Kind.TOUCH_BASE).with_whom == "both"
    assert match.followup_plan.touch_base_months == 12


@pytest.mark.parametrize(
    "start,expected",
    [
        # Month ends: a day missing in the target month becomes its last day.
        (date(2023, 8, 31), [date(2023, 9, 1), date(2023, 9, 30), date(2023, 11, 30), date(2024, 2, 29)]),
        (date(2024, 1, 31), [date(2024, 2, 1), date(2024, 2, 29), date(2024, 4, 30), date(2024, 7, 31)]),
        (date(2023, 1, 31), [date(2023, 2, 1), date(2023, 2, 28), date(2023, 4, 30), date(2023, 7, 31)]),
        # Year end and a leap day start.
        (date(2023, 12, 31), [date(2024, 1, 1), date(2024, 1, 31), date(2024, 3, 31), date(2024, 6, 30)]),
        (date(2024, 2, 29), [date(2024, 3, 1), date(2024, 3, 29), date(2024, 5, 29), date(2024, 8, 29)]),
    ],
)
def test_due_dates_are_month_end_and_leap_year_safe(start, expected):
    planned = plan_dates(start, CadenceConfig())
    assert [item.due_on for item in planned[:4]] == expected


def test_leap_day_start_has_its_yearly_follow_ups_on_the_28th():
    planned = {item.kind: item.due_on for item in plan_dates(date(2024, 2, 29), CadenceConfig(touch_base_months=6))}
    assert planned[Kind.TOUCH_BASE] == date(2024, 8, 29)
    assert planned[Kind.YEARLY] == date(2025, 2, 28)


def test_touch_base_at_six_months_and_yearly_from_the_first_year(consultant_h, leader):
    cadence_save(region=None, by=leader, touch_base_months=6, one_month=False)
    match = active_match(by=consultant_h, start=date(2024, 3, 5))
    kinds = dict(_plan(match))
    assert Kind.ONE_MONTH not in kinds
    assert kinds[Kind.TOUCH_BASE] == date(2024, 9, 5)
    assert kinds[Kind.YEARLY] == date(2025, 3, 5)


def test_changing_the_cadence_affects_new_plans_only(consultant_h, leader, hovedstaden):
    first = active_match(by=consultant_h, start=date(2024, 3, 5))
    cadence_save(region=hovedstaden, by=leader, day_after=False, three_months=False)
    second = active_match(by=consultant_h, start=date(2024, 3, 5))
    assert Kind.DAY_AFTER in dict(_plan(first)) and Kind.THREE_MONTHS in dict(_plan(first))
    assert Kind.DAY_AFTER not in dict(_plan(second)) and Kind.THREE_MONTHS not in dict(_plan(second))
    assert first.followup_plan.day_after and not second.followup_plan.day_after


def test_region_override_wins_over_default_and_other_regions_keep_default(
    consultant_h, consultant_s, leader, syddanmark
):
    cadence_save(region=syddanmark, by=leader, day_after=False)
    south = active_match(by=consultant_s, region=syddanmark)
    north = active_match(by=consultant_h)
    assert Kind.DAY_AFTER not in dict(_plan(south))
    assert Kind.DAY_AFTER in dict(_plan(north))


def test_plan_is_made_once(consultant_h):
    from followups.services import plan_create

    match = active_match(by=consultant_h)
    plan_create(match=match, by=consultant_h)
    assert FollowUpPlan.objects.filter(match=match).count() == 1
    assert FollowUp.objects.filter(match=match).count() == 6


@time_machine.travel(date(2026, 3, 10), tick=False)
def test_recording_a_yearly_follow_up_plans_the_next_year(consultant_h):
    match = active_match(by=consultant_h, on=date(2024, 2, 1), start=date(2024, 2, 29))
    yearly = FollowUp.objects.get(match=match, kind=Kind.YEARLY)
    assert yearly.due_on == date(2026, 2, 28)
    followup_record(followup=yearly, by=consultant_h, done_on=date(2026, 3, 1), how="phone", with_whom="volunteer")
    nxt = FollowUp.objects.filter(match=match, kind=Kind.YEARLY, done_on__isnull=True).get()
    assert nxt.due_on == date(2027, 2, 28)


# --- The recording window and matches registered late -------------------------------------


def _record_url(followup):
    return reverse("followups:record", kwargs={"followup_id": followup.pk})


@time_machine.travel(date(2024, 3, 21), tick=False)
def test_a_follow_up_is_offered_from_fourteen_days_before_it_is_due(client, consultant_h):
    match = active_match(by=consultant_h)  # started 5.3.2024: one month due 5.4, three months 5.6
    one_month = FollowUp.objects.get(match=match, kind=Kind.ONE_MONTH)
    three = FollowUp.objects.get(match=match, kind=Kind.THREE_MONTHS)
    client.force_login(consultant_h)
    page = client.get(reverse("matches:detail", kwargs={"match_id": match.pk})).content.decode()
    assert _record_url(one_month) not in page and "Fra 22. marts 2024" in page  # 5.4 - 14 days
    assert _record_url(three) not in page and "Fra 22. maj 2024" in page
    data = {"done_on": "2024-03-21", "how": "phone", "with_whom": "volunteer"}
    response = client.post(_record_url(three), data)
    assert response.status_code == 400 and "Opfølgningen kan registreres fra 22. maj 2024." in response.content.decode()
    assert FollowUp.objects.get(pk=three.pk).done_on is None
    with time_machine.travel(date(2024, 3, 22), tick=False):
        client.force_login(consultant_h)  # a day later: a new session
        page = client.get(reverse("matches:detail", kwargs={"match_id": match.pk})).content.decode()
        assert _record_url(one_month) in page
        assert client.post(_record_url(one_month), {**data, "done_on": "2024-03-22"}).status_code == 302


@time_machine.travel(date(2024, 3, 22), tick=False)
def test_the_window_is_configured_on_the_cadence(client, leader, consultant_h):
    cadence_save(region=None, by=leader, record_from_days=0)
    match = active_match(by=consultant_h, start=date(2024, 3, 5))
    one_month = FollowUp.objects.get(match=match, kind=Kind.ONE_MONTH)
    assert match.followup_plan.record_from_days == 0 and one_month.offered_from == one_month.due_on
    client.force_login(leader)
    data = {"day_after": "on", "touch_base_months": "12", "record_from_days": "91"}
    response = client.post(reverse("followups:cadence"), data)
    assert response.status_code == 200 and "record_from_days" in response.context["form"].errors


@time_machine.travel(date(2024, 8, 30), tick=False)
def test_the_six_month_assessment_cannot_be_recorded_before_the_six_month_mark(client, consultant_h):
    match = active_match(by=consultant_h)  # six-month mark 5.9.2024
    six = FollowUp.objects.get(match=match, kind=Kind.SIX_MONTHS)
    client.force_login(consultant_h)
    page = client.get(reverse("matches:detail", kwargs={"match_id": match.pk})).content.decode()
    assert _record_url(six) not in page
    data = {"done_on": "2024-08-30", "how": "phone", "with_whom": "volunteer", "assessment": "well_functioning"}
    response = client.post(_record_url(six), data)
    assert response.status_code == 400
    assert "kan ikke registreres før seksmånedersdatoen, 5. september 2024" in response.content.decode()
    match.refresh_from_db()
    assert match.six_month_assessment == "" and FollowUp.objects.get(pk=six.pk).done_on is None
    with time_machine.travel(date(2024, 9, 5), tick=False):
        client.force_login(consultant_h)
        assert client.post(_record_url(six), {**data, "done_on": "2024-09-05"}).status_code == 302
    match.refresh_from_db()
    assert match.six_month_assessment == "well_functioning"


@time_machine.travel(date(2024, 7, 1), tick=False)
def test_a_meeting_registered_late_marks_passed_follow_ups_not_relevant_instead_of_overdue(client, consultant_h):
    match = proposed_match(by=consultant_h)
    match_start(match=match, on=date(2024, 3, 5), by=consultant_h)  # registered almost four months late
    states = {f.kind: f.not_relevant for f in FollowUp.objects.filter(match=match)}
    # Day after (6.3) and one month (5.4) closed long ago; three months (5.6) + 14 days = 19.6 < 1.7 too.
    assert states == {
        Kind.DAY_AFTER: True,
        Kind.ONE_MONTH: True,
        Kind.THREE_MONTHS: True,
        Kind.SIX_MONTHS: False,  # the assessment is always needed (KPI)
        Kind.TOUCH_BASE: False,
        Kind.YEARLY: False,
    }
    client.force_login(consultant_h)
    assert client.get(reverse("followups:today")).context["due"] == []
    page = client.get(reverse("matches:detail", kwargs={"match_id": match.pk})).content.decode()
    assert page.count("ikke relevant (registreret senere)") == 3 and "Overskredet" not in page
    day_after = FollowUp.objects.get(match=match, kind=Kind.DAY_AFTER)
    assert _record_url(day_after) not in page
    assert client.post(_record_url(day_after), {"done_on": "2024-07-01", "how": "phone"}).status_code == 302
    assert FollowUp.objects.get(pk=day_after.pk).done_on is None


@time_machine.travel(date(2024, 3, 25), tick=False)
def test_a_follow_up_still_within_its_window_stays_due_when_registered_late(consultant_h):
    match = proposed_match(by=consultant_h)
    match_start(match=match, on=date(2024, 3, 5), by=consultant_h)
    day_after = FollowUp.objects.get(match=match, kind=Kind.DAY_AFTER)  # 6.3 + 14 = 20.3 < 25.3
    one_month = FollowUp.objects.get(match=match, kind=Kind.ONE_MONTH)
    assert day_after.not_relevant and not one_month.not_relevant


# --- The next follow-up kept on the match (the match list's order) ---------------------------


def _kept_and_computed(match):
    match.refresh_from_db()
    pending = FollowUp.objects.filter(match=match, done_on__isnull=True, not_relevant=False).order_by("due_on")
    return match.next_followup_on, pending.values_list("due_on", flat=True).first()


def test_the_next_follow_up_is_kept_on_the_match_through_start_record_and_close(consultant_h):
    from followups.services import match_close
    from matches.models import EndReason

    match = active_match(by=consultant_h, start=date(2024, 3, 5))
    assert _kept_and_computed(match) == (date(2024, 3, 6), date(2024, 3, 6))
    day_after = FollowUp.objects.get(match=match, kind=Kind.DAY_AFTER)
    followup_record(followup=day_after, by=consultant_h, done_on=date(2024, 3, 6), how="phone", with_whom="both")
    assert _kept_and_computed(match) == (date(2024, 4, 5), date(2024, 4, 5))
    match_close(
        match=match,
        by=consultant_h,
        on=date(2024, 3, 20),
        planned=True,
        initiated_by="both",
        reason=EndReason.objects.first(),
        conversation_with_participant=True,
        conversation_with_volunteer=True,
    )
    kept, computed = _kept_and_computed(match)
    assert kept == computed


def test_the_demo_data_keeps_the_next_follow_up_of_every_match(settings):
    from demo.builder import build
    from matches.models import Match

    build(participants=40, volunteers=50)
    matches = list(Match.objects.all())
    assert any(match.next_followup_on for match in matches)
    for match in matches:
        kept, computed = _kept_and_computed(match)
        assert kept == computed, match.reference
