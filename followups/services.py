"""Follow-up plans, recording follow-ups, the daily digest and the calendar feed."""

from dataclasses import dataclass
from datetime import date, timedelta

import icalendar
from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import OuterRef, Subquery
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from audit.models import Action
from audit.services import audit_record
from lib.dates import add_months
from lib.errors import OperationRefused
from lib.mail import send_email
from lib.tokens import hash_token, new_token
from matches import services as matches_services
from matches.models import Assessment, Match, MatchClosure, MatchMeeting, MatchStatus
from support import services as support_services

from . import selectors
from .models import (
    CadenceConfig,
    CalendarToken,
    DigestSent,
    FollowUp,
    FollowUpPlan,
    Kind,
    WithWhom,
)


class FollowUpError(OperationRefused):
    """A follow-up operation refused for a reason the user can act on."""


# --- The plan -----------------------------------------------------------------------------


def cadence_for(region) -> CadenceConfig:
    """The region's own cadence, else the default row, else the built-in default (unsaved)."""
    if region is not None:
        own = CadenceConfig.objects.filter(region=region).first()
        if own:
            return own
    return CadenceConfig.objects.filter(region__isnull=True).first() or CadenceConfig()


@dataclass(frozen=True)
class Planned:
    kind: str
    due_on: date
    with_whom: str = WithWhom.VOLUNTEER


def _first_yearly_months(touch_base_months: int) -> int:
    # A touch-base meeting at twelve months is that year's contact; yearly follow-ups go on from there.
    return 24 if touch_base_months == 12 else 12


def plan_dates(start: date, cadence) -> list[Planned]:
    """The follow-ups of a match started on `start` (its match meeting), month-end safe."""
    planned = []
    if cadence.day_after:
        planned.append(Planned(Kind.DAY_AFTER, start + timedelta(days=1)))
    if cadence.one_month:
        planned.append(Planned(Kind.ONE_MONTH, add_months(start, 1)))
    if cadence.three_months:
        planned.append(Planned(Kind.THREE_MONTHS, add_months(start, 3)))
    planned.append(Planned(Kind.SIX_MONTHS, add_months(start, 6)))
    planned.append(Planned(Kind.TOUCH_BASE, add_months(start, cadence.touch_base_months), WithWhom.BOTH))
    if cadence.yearly:
        planned.append(Planned(Kind.YEARLY, add_months(start, _first_yearly_months(cadence.touch_base_months))))
    return sorted(planned, key=lambda item: item.due_on)


def _passed_before(item: Planned, *, registered_on: date, lead_days: int) -> bool:
    """A follow-up's time is over when its recording window (`lead_days` either side of the due
    date) closed before the match was registered. The six-month assessment never is: the KPI needs it."""
    return item.kind != Kind.SIX_MONTHS and item.due_on + timedelta(days=lead_days) < registered_on


@transaction.atomic
def plan_create(*, match: Match, by, on: date | None = None, registered_on: date | None = None) -> FollowUpPlan:
    """Copy the region's cadence into a plan for the started match and create its follow-ups.
    Idempotent: a match has one plan.

    A match meeting registered late (`registered_on`, today by default, long after the start) does
    not flood the overdue list: follow-ups whose window closed before that day are marked
    not relevant (registered later) instead of overdue."""
    registered_on = registered_on or timezone.localdate()
    if match.started_on is None:
        raise FollowUpError(_("The match has not started yet."))
    existing = FollowUpPlan.objects.filter(match=match).first()
    if existing:
        return existing
    cadence = cadence_for(match.region)
    plan = FollowUpPlan.objects.create(
        match=match,
        created_on=on or timezone.localdate(),
        day_after=cadence.day_after,
        one_month=cadence.one_month,
        three_months=cadence.three_months,
        touch_base_months=cadence.touch_base_months,
        yearly=cadence.yearly,
        record_from_days=cadence.record_from_days,
    )
    FollowUp.objects.bulk_create(
        FollowUp(
            match=match,
            kind=item.kind,
            due_on=item.due_on,
            with_whom=item.with_whom,
            not_relevant=_passed_before(item, registered_on=registered_on, lead_days=plan.record_from_days),
        )
        for item in plan_dates(match.started_on, plan)
    )
    next_followup_refresh([match.pk])
    audit_record(actor=by, action=Action.CREATE, target=plan, detail="follow-up plan")
    return plan


def next_followup_refresh(matches) -> None:
    """Match.next_followup_on again from the follow-ups (`matches`: a queryset or ids); every write
    to follow-ups calls it, inside its transaction."""
    first_due = (
        FollowUp.objects.filter(match=OuterRef("pk"), done_on__isnull=True, not_relevant=False)
        .order_by("due_on")
        .values("due_on")[:1]
    )
    Match.objects.filter(pk__in=matches).update(next_followup_on=Subquery(first_due))


def _plan_next_yearly(followup: FollowUp) -> None:
    match, plan = followup.match, getattr(followup.match, "followup_plan", None)
    if plan is None or not plan.yearly or match.started_on is None:
        return
    done_yearly = match.followups.filter(kind=Kind.YEARLY).count()
    months = _first_yearly_months(plan.touch_base_months) + 12 * done_yearly
    FollowUp.objects.get_or_create(match=match, kind=Kind.YEARLY, due_on=add_months(match.started_on, months))


def plan_drop_after(*, match: Match, on: date) -> int:
    """A match ended: planned follow-ups not done and due after the end are no longer due."""
    deleted, _ = match.followups.filter(done_on__isnull=True, due_on__gt=on).exclude(kind=Kind.AD_HOC).delete()
    next_followup_refresh([match.pk])
    return deleted


# --- The match after its meeting ----------------------------------------------------------
# followups owns the match's life after the meeting: it starts the match (matches.services) and
# makes the plan, and ends it and drops what is no longer due. matches never calls followups.


@transaction.atomic
def match_start(*, match: Match, on: date, by) -> Match:
    """The match starts (matches.services.match_start) with its follow-up plan."""
    matches_services.match_start(match=match, on=on, by=by)
    plan_create(match=match, by=by, on=on)
    return match


@transaction.atomic
def meeting_hold(
    *, match: Match, by, checklist: dict[str, bool], agreed_frequency: str = "", wished_activities=(), notes=""
) -> Match:
    """The match meeting was held, its agenda gone through (matches.services.meeting_hold): the
    match starts on the meeting's date and gets its follow-up plan."""
    matches_services.meeting_hold(
        match=match,
        by=by,
        checklist=checklist,
        agreed_frequency=agreed_frequency,
        wished_activities=wished_activities,
        notes=notes,
    )
    plan_create(match=match, by=by, on=match.started_on)
    return match


@transaction.atomic
def match_close(*, match: Match, by, on: date, **closure) -> MatchClosure:
    """End the match (matches.services.match_close, which takes the closure's answers) and drop
    the planned follow-ups due after the end."""
    recorded = matches_services.match_close(match=match, by=by, on=on, **closure)
    plan_drop_after(match=match, on=on)
    return recorded


# --- Recording ----------------------------------------------------------------------------

RECORD_FIELDS = (
    "how",
    "with_whom",
    "frequency",
    "activities",
    "how_it_goes",
    "volunteer_coping",
    "safety_concerns",
    "notes",
    "flag_supervision",
    "flag_heavy_responsibility",
    "flag_consider_ending",
)


def _check_done_on(match: Match, done_on: date) -> None:
    if done_on > timezone.localdate():
        raise FollowUpError(_("A follow-up cannot be recorded for a future date."))
    if match.started_on and done_on < match.started_on:
        raise FollowUpError(_("The follow-up cannot be before the match started."))


def _check_offered(followup: FollowUp, done_on: date) -> None:
    opens = followup.offered_from
    day = formats.date_format(opens, "DATE_FORMAT")
    if followup.kind == Kind.SIX_MONTHS and done_on < opens:
        raise FollowUpError(
            _(
                "The six-month assessment cannot be recorded before the six-month mark, %(day)s. "
                "Record an earlier conversation as a contact."
            )
            % {"day": day}
        )
    if timezone.localdate() < opens:
        raise FollowUpError(_("This follow-up can be recorded from %(day)s.") % {"day": day})


@transaction.atomic
def followup_record(
    *, followup: FollowUp, by, done_on: date, assessment: str = "", assessment_reason: str = "", **answers
) -> FollowUp:
    """Record a planned follow-up as done, with the answers to the standard questions.
    The six-month follow-up also records whether the match is well-functioning."""
    followup = FollowUp.objects.select_for_update().select_related("match").get(pk=followup.pk)
    match = followup.match
    if followup.done_on is not None:
        raise FollowUpError(_("This follow-up has already been recorded."))
    if followup.not_relevant:
        raise FollowUpError(_("This follow-up is not relevant: the match was registered after its time had passed."))
    if match.status not in (MatchStatus.ACTIVE, MatchStatus.PAUSED):
        raise FollowUpError(_("Follow-ups can only be recorded for an active or paused match."))
    _check_done_on(match, done_on)
    _check_offered(followup, done_on)
    if followup.kind == Kind.SIX_MONTHS:
        if assessment not in Assessment.values:
            raise FollowUpError(_("Record whether the match is well-functioning after six months."))
        if assessment == Assessment.NOT_WELL_FUNCTIONING and not assessment_reason.strip():
            raise FollowUpError(_("Give a reason when the match is not well-functioning."))
        match.six_month_assessment = assessment
        match.six_month_assessment_reason = assessment_reason.strip()
        match.six_month_assessed_on = done_on
        match.save(update_fields=["six_month_assessment", "six_month_assessment_reason", "six_month_assessed_on"])
    _fill(followup, by=by, done_on=done_on, answers=answers)
    followup.save()
    _request_supervision(followup, by=by)
    if followup.kind == Kind.YEARLY:
        _plan_next_yearly(followup)
    next_followup_refresh([match.pk])
    audit_record(actor=by, action=Action.CHANGE, target=followup, detail=f"follow-up {followup.kind} done")
    return followup


@transaction.atomic
def followup_ad_hoc(*, match: Match, by, done_on: date, **answers) -> FollowUp:
    """An unplanned contact (a volunteer calls for advice), recorded like a follow-up."""
    if match.status not in (MatchStatus.ACTIVE, MatchStatus.PAUSED):
        raise FollowUpError(_("Follow-ups can only be recorded for an active or paused match."))
    _check_done_on(match, done_on)
    followup = FollowUp(match=match, kind=Kind.AD_HOC, due_on=done_on)
    _fill(followup, by=by, done_on=done_on, answers=answers)
    followup.save()
    _request_supervision(followup, by=by)
    audit_record(actor=by, action=Action.CREATE, target=followup, detail="ad-hoc contact")
    return followup


def _request_supervision(followup: FollowUp, *, by) -> None:
    """The flag "needs supervision" opens a supervision request for the volunteer (one open at a time)."""
    if followup.flag_supervision:
        support_services.supervision_from_follow_up(volunteer=followup.match.volunteer, by=by, on=followup.done_on)


def _fill(followup: FollowUp, *, by, done_on: date, answers: dict) -> None:
    unknown = set(answers) - set(RECORD_FIELDS)
    if unknown:
        raise TypeError(f"unknown follow-up fields: {sorted(unknown)}")
    for name, value in answers.items():
        setattr(followup, name, value)
    followup.done_on = done_on
    followup.recorded_by = by
    followup.recorded_at = timezone.now()


@transaction.atomic
def flags_handle(*, followup: FollowUp, by, on: date) -> FollowUp:
    """The consultant has acted on the flags of a follow-up: they leave the today page."""
    followup.flags_handled_on = on
    followup.save(update_fields=["flags_handled_on"])
    audit_record(actor=by, action=Action.CHANGE, target=followup, detail="flags handled")
    return followup


# --- Calendar feed ------------------------------------------------------------------------


@transaction.atomic
def calendar_token_issue(*, user) -> tuple[CalendarToken, str]:
    """A new secret feed address; the previous one stops working. Returns the stored row and the
    secret, which is not stored (only its hash): show it to the user once."""
    calendar_token_revoke(user=user)
    secret = new_token()
    token = CalendarToken.objects.create(user=user, token_hash=hash_token(secret))
    audit_record(actor=user, action=Action.CREATE, target=token, detail="calendar link issued")
    return token, secret


@transaction.atomic
def calendar_token_revoke(*, user) -> int:
    live = list(CalendarToken.objects.filter(user=user, revoked_at__isnull=True))
    for token in live:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit_record(actor=user, action=Action.CHANGE, target=token, detail="calendar link revoked")
    return len(live)


# The feed's window: what is still to do from the last two months, and the coming half year.
FEED_DAYS_BACK = 60
FEED_DAYS_AHEAD = 180


def calendar_feed(*, user, matches, today: date) -> bytes:
    """Due follow-ups and coming match meetings of `matches`. Events carry references, never names."""
    screenings = selectors.screening_meetings(user).filter(
        meeting_at__date__gte=today - timedelta(days=FEED_DAYS_BACK),
        meeting_at__date__lte=today + timedelta(days=FEED_DAYS_AHEAD),
    )
    with translation.override(settings.LANGUAGE_CODE):
        return _calendar(matches=matches, screenings=screenings, today=today)


def _screening_event(screening, *, stamp) -> icalendar.Event:
    """A volunteer's screening meeting: the volunteer's reference, never a name or the place."""
    event = icalendar.Event()
    event.add("uid", f"screening-{screening.pk}@livetgaarvidere")
    event.add("dtstamp", stamp)
    event.add("summary", _("Screening meeting %(reference)s") % {"reference": screening.volunteer.reference})
    event.add("dtstart", screening.meeting_at)
    event.add("dtend", screening.meeting_at + timedelta(minutes=60))
    event.add("url", settings.SITE_URL + reverse("volunteers:detail", kwargs={"volunteer_id": screening.volunteer_id}))
    return event


def _calendar(*, matches, screenings, today: date) -> bytes:
    cal = icalendar.Calendar()
    cal.add("prodid", "-//Livet Går Videre//opfølgning//DA")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", _("Follow-ups, Livet Går Videre"))
    stamp = timezone.now()
    followups = FollowUp.objects.pending().filter(
        match__in=matches,
        due_on__gte=today - timedelta(days=FEED_DAYS_BACK),
        due_on__lte=today + timedelta(days=FEED_DAYS_AHEAD),
    )
    for followup in followups.select_related("match"):
        event = icalendar.Event()
        event.add("uid", f"followup-{followup.pk}@livetgaarvidere")
        event.add("dtstamp", stamp)
        event.add("summary", _("Follow-up %(reference)s") % {"reference": followup.match.reference})
        event.add("dtstart", followup.due_on)
        event.add("dtend", followup.due_on + timedelta(days=1))
        event.add("url", settings.SITE_URL + reverse("matches:detail", kwargs={"match_id": followup.match_id}))
        cal.add_component(event)
    meetings = MatchMeeting.objects.filter(
        match__in=matches, match__status=MatchStatus.MEETING_SCHEDULED, held_on__isnull=True
    ).select_related("match")
    for meeting in meetings:
        cal.add_component(matches_services.meeting_event(meeting, stamp=stamp))
    for screening in screenings:
        cal.add_component(_screening_event(screening, stamp=stamp))
    return cal.to_ical()


# --- Daily digest -------------------------------------------------------------------------


def digest_counts(*, user, today: date) -> dict:
    pending = FollowUp.objects.pending().filter(match__in=Match.objects.for_user(user))
    return {
        "due_today": pending.filter(due_on=today).count(),
        "overdue": pending.filter(due_on__lt=today).count(),
    }


def digest_send(*, user, today: date) -> bool:
    """Send the consultant today's digest unless it has been sent today or there is nothing due.
    The DigestSent row and the e-mail commit together; a second run finds the row and sends nothing."""
    if not settings.EMAIL_ENABLED or not user.email:
        return False
    counts = digest_counts(user=user, today=today)
    if not counts["due_today"] and not counts["overdue"]:
        return False
    try:
        with transaction.atomic():
            _sent, created = DigestSent.objects.get_or_create(user=user, on=today)
            if not created:
                return False
            context = {**counts, "link": settings.SITE_URL + reverse("followups:today")}
            send_email("followups/email/digest", context, to=[user.email], fail_silently=False)
    except IntegrityError:
        return False  # another run sent it a moment ago
    return True


# --- Cadence configuration ----------------------------------------------------------------

CADENCE_FIELDS = ("day_after", "one_month", "three_months", "touch_base_months", "yearly", "record_from_days")


@transaction.atomic
def cadence_save(*, region, by, **values) -> CadenceConfig:
    """Set the default cadence (region None) or a region's own. Existing plans keep theirs."""
    unknown = set(values) - set(CADENCE_FIELDS)
    if unknown:
        raise TypeError(f"unknown cadence fields: {sorted(unknown)}")
    if region is None:
        config = CadenceConfig.objects.filter(region__isnull=True).first() or CadenceConfig(region=None)
    else:
        config = CadenceConfig.objects.filter(region=region).first() or CadenceConfig(region=region)
    for name, value in values.items():
        setattr(config, name, value)
    config.save()
    audit_record(actor=by, action=Action.CHANGE, target=config, detail="follow-up cadence")
    return config


@transaction.atomic
def cadence_reset(*, region, by) -> None:
    """The region follows the default cadence again."""
    CadenceConfig.objects.filter(region=region).delete()
    audit_record(actor=by, action=Action.DELETE, target_type="followups.cadenceconfig", detail=f"region {region.pk}")
