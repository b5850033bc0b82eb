from datetime import date, datetime, time

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Role
from lib.dates import six_month_mark
from lib.lifecycle import Lifecycle, StatusChangeBase
from referrals.models import Participant
from regions.models import Region
from volunteers.models import Volunteer


class MatchStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    MEETING_SCHEDULED = "meeting_scheduled", _("Match meeting scheduled")
    ACTIVE = "active", _("Active")
    PAUSED = "paused", _("Paused")
    ENDED = "ended", _("Ended")
    CANCELLED = "cancelled", _("Cancelled")


class Assessment(models.TextChoices):
    WELL_FUNCTIONING = "well_functioning", _("Well-functioning")
    NOT_WELL_FUNCTIONING = "not_well_functioning", _("Not well-functioning")


S = MatchStatus
# A match in one of these states occupies the volunteer (one slot) and the participant.
OPEN_MATCH_STATUSES = (S.PROPOSED, S.MEETING_SCHEDULED, S.ACTIVE, S.PAUSED)


def scope_q(user, through: str = "") -> Q:
    """MatchQuerySet.for_user's rule as a condition, for rows reached through a match (`through`:
    "match__"): filtering on it joins the match instead of testing `match_id IN (the user's
    matches)`, a list the planner cannot see through (the project leader's today page scanned every
    match for its flags)."""
    if user.role == Role.PROJECT_LEADER:
        return Q()
    if user.role == Role.CONSULTANT:
        return Q(**{f"{through}region__in": user.regions.all()})
    if user.role == Role.SOCIAL_WORKER:
        return Q(**{f"{through}participant__referred_by": user})
    return Q(pk__in=[])


class MatchQuerySet(models.QuerySet):
    def for_user(self, user):
        """The matches this user may see: a consultant their regions', a social worker those of the
        participants they referred, the project leader all; nobody else any."""
        return self.select_related("participant", "volunteer", "region", "consultant").filter(scope_q(user))

    def open(self):
        return self.filter(status__in=OPEN_MATCH_STATUSES)

    def in_region(self, region):
        return self.filter(region=region)


class Match(Lifecycle):
    TRANSITIONS = {
        S.PROPOSED: {S.MEETING_SCHEDULED, S.ACTIVE, S.CANCELLED},
        S.MEETING_SCHEDULED: {S.ACTIVE, S.CANCELLED, S.PROPOSED},
        S.ACTIVE: {S.PAUSED, S.ENDED},
        S.PAUSED: {S.ACTIVE, S.ENDED},
        S.ENDED: set(),
        S.CANCELLED: set(),
    }

    reference = models.CharField(_("reference"), max_length=32, unique=True)
    participant = models.ForeignKey(
        Participant, on_delete=models.PROTECT, related_name="matches", verbose_name=_("participant")
    )
    volunteer = models.ForeignKey(
        Volunteer, on_delete=models.PROTECT, related_name="matches", verbose_name=_("volunteer")
    )
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="matches", verbose_name=_("region"))
    consultant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="matches",
        verbose_name=_("consultant"),
    )
    # Which of the volunteer's places this open match takes (1..capacity); empty once closed.
    slot = models.PositiveSmallIntegerField(null=True, blank=True, editable=False)

    status = models.CharField(_("status"), max_length=32, choices=S.choices, default=S.PROPOSED)
    status_changed_on = models.DateField(_("status changed"), default=date.today)
    proposed_on = models.DateField(_("proposed on"), null=True, blank=True)
    proposal_reason = models.TextField(_("why this match"), blank=True)
    # The only contact details of the participant the volunteer sees (portal): what the participant
    # agreed to share, as the consultant writes it.
    shared_contact = models.TextField(
        _("contact details the participant agreed to share with the volunteer"),
        blank=True,
        help_text=_("Shown to the volunteer in their portal. Only what the participant agreed to."),
    )
    started_on = models.DateField(_("started on (match meeting)"), null=True, blank=True)
    # Derived from started_on (lib.dates.six_month_mark); stored so KPIs aggregate in the database.
    six_month_on = models.DateField(_("six-month mark"), null=True, blank=True, editable=False)
    cancelled_on = models.DateField(_("cancelled on"), null=True, blank=True)
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    end_reason = models.TextField(_("reason for ending"), blank=True)
    six_month_assessment = models.CharField(
        _("six-month assessment"), max_length=32, choices=Assessment.choices, blank=True
    )
    six_month_assessment_reason = models.TextField(_("reason for the assessment"), blank=True)
    six_month_assessed_on = models.DateField(_("assessed on"), null=True, blank=True)
    # The earliest follow-up still to do (not done, not "not relevant"): the match list's default
    # order, kept by followups.services.next_followup_refresh after every write to follow-ups
    # (computing it per open match on each list took 60-100 ms at national scale).
    next_followup_on = models.DateField(_("next follow-up"), null=True, blank=True, editable=False)
    # The date of the latest Forandringsstjernen reading when it fell by two or more in an area since
    # the one before (the today page's "needs attention"), else empty: kept by
    # outcomes.services.attention_refresh after every write to readings.
    star_fell_on = models.DateField(_("star reading fell on"), null=True, blank=True, editable=False)

    objects = MatchQuerySet.as_manager()

    class Meta:
        ordering = ["-proposed_on", "-pk"]
        verbose_name = _("match")
        verbose_name_plural = _("matches")
        indexes = [
            # A participant's first match meeting (referrals.selectors.waiting_times) and the
            # referral list's latest meeting: one seek per participant.
            models.Index(fields=["participant", "started_on"], name="match_participant_started"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["volunteer", "slot"],
                condition=Q(status__in=OPEN_MATCH_STATUSES),
                name="one_open_match_per_volunteer_slot",
                violation_error_message=_("The volunteer has no free place for another match."),
            ),
            models.UniqueConstraint(
                fields=["participant"],
                condition=Q(status__in=OPEN_MATCH_STATUSES),
                name="one_open_match_per_participant",
                violation_error_message=_("The participant already has an open match."),
            ),
            models.CheckConstraint(
                condition=~Q(status__in=OPEN_MATCH_STATUSES) | Q(slot__gte=1),
                name="open_match_has_slot",
            ),
            models.CheckConstraint(
                condition=Q(started_on__isnull=True)
                | Q(proposed_on__isnull=True)
                | Q(started_on__gte=F("proposed_on")),
                name="match_started_after_proposed",
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | (Q(started_on__isnull=False) & Q(ended_on__gte=F("started_on"))),
                name="match_ended_after_started",
            ),
            models.CheckConstraint(
                condition=Q(six_month_assessment="") | Q(started_on__isnull=False),
                name="match_assessment_needs_start",
            ),
            models.CheckConstraint(
                condition=Q(cancelled_on__isnull=True) | Q(started_on__isnull=True),
                name="match_cancelled_never_started",
            ),
        ]

    def __str__(self) -> str:
        return self.reference

    def set_started(self, on: date) -> None:
        self.started_on = on
        self.six_month_on = six_month_mark(on)

    @property
    def six_month_standing(self) -> str:
        """How the match counts in "well-functioning after six months" today, in the words of
        docs/kpi-definitions.md (reports.kpi.well_functioning_q is the rule the figures use)."""
        if self.six_month_on is None:
            return ""
        if self.ended_on and self.ended_on < self.six_month_on:
            return str(_("Ended before six months: counts as not well-functioning"))
        if self.six_month_assessment:
            return self.get_six_month_assessment_display()
        if self.six_month_on <= timezone.localdate():
            return str(_("Not assessed: counts as well-functioning"))
        return str(_("Not yet assessed"))


class MatchStatusChange(StatusChangeBase):
    match = models.ForeignKey(Match, on_delete=models.CASCADE, related_name="status_changes")

    class Meta(StatusChangeBase.Meta):
        verbose_name = _("match status change")
        verbose_name_plural = _("match status changes")


class PlaceType(models.TextChoices):
    TREATMENT_CENTRE = "treatment_centre", _("The treatment centre")
    PARTICIPANT_HOME = "participant_home", _("The participant's home")
    NEUTRAL = "neutral", _("A neutral third place")
    NGO_OFFICE = "ngo_office", _("The NGO's office")


class Attendee(models.TextChoices):
    PARTICIPANT = "participant", _("Participant")
    VOLUNTEER = "volunteer", _("Volunteer")
    CONSULTANT = "consultant", _("Consultant")
    SOCIAL_WORKER = "social_worker", _("Social worker")
    INTERPRETER = "interpreter", _("Interpreter")


class MeetingFrequency(models.TextChoices):
    WEEKLY = "weekly", _("About weekly at first, later every two weeks")
    FORTNIGHTLY = "fortnightly", _("Every two weeks")
    OTHER = "other", _("Other (see notes)")


# The fixed agenda of a match meeting: field name → what the consultant confirms.
MEETING_CHECKLIST = {
    "checked_introductions": _("Introductions"),
    "checked_expectations": _("Expectations: how often to meet and which activities"),
    "checked_expenses": _("The expense allowance"),
    "checked_confidentiality": _("Confidentiality"),
    "checked_withdrawal": _("Either side may withdraw, through the consultant"),
}


# A match meeting starts between these local times (inclusive): 01:00 is a typing slip, not a meeting.
MEETING_EARLIEST = time(7, 0)
MEETING_LATEST = time(22, 0)


def meeting_time_is_sensible(starts_at: datetime) -> bool:
    return MEETING_EARLIEST <= timezone.localtime(starts_at).time() <= MEETING_LATEST


class MatchMeeting(models.Model):
    """The match meeting (matchmøde): the first meeting of the pair with the consultant."""

    match = models.OneToOneField(Match, on_delete=models.CASCADE, related_name="meeting", verbose_name=_("match"))
    starts_at = models.DateTimeField(_("date and time"))
    place_type = models.CharField(_("place"), max_length=32, choices=PlaceType.choices)
    address = models.CharField(_("address"), max_length=200, blank=True)
    attendees = models.JSONField(_("who attends"), default=list, blank=True)
    interpreter_language = models.CharField(_("interpreter language"), max_length=8, blank=True)
    scheduled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    invitations_sent_at = models.DateTimeField(_("invitations sent"), null=True, blank=True)
    # Filled in when the meeting is held.
    held_on = models.DateField(_("held on"), null=True, blank=True)
    checked_introductions = models.BooleanField(MEETING_CHECKLIST["checked_introductions"], default=False)
    checked_expectations = models.BooleanField(MEETING_CHECKLIST["checked_expectations"], default=False)
    checked_expenses = models.BooleanField(MEETING_CHECKLIST["checked_expenses"], default=False)
    checked_confidentiality = models.BooleanField(MEETING_CHECKLIST["checked_confidentiality"], default=False)
    checked_withdrawal = models.BooleanField(MEETING_CHECKLIST["checked_withdrawal"], default=False)
    agreed_frequency = models.CharField(
        _("agreed meeting frequency"), max_length=16, choices=MeetingFrequency.choices, blank=True
    )
    wished_activities = models.JSONField(_("wished activities"), default=list, blank=True)
    notes = models.TextField(_("notes from the meeting"), blank=True)

    class Meta:
        verbose_name = _("match meeting")
        verbose_name_plural = _("match meetings")
        indexes = [
            # The today page's meetings still to record: the few not held, not every match in scope.
            models.Index(fields=["starts_at"], condition=Q(held_on__isnull=True), name="matchmeeting_not_held"),
        ]

    def __str__(self) -> str:
        return f"{self.match.reference} {self.starts_at:%Y-%m-%d %H:%M}"

    @property
    def day(self):
        """The meeting's local date: it can be recorded as held from this day on."""
        return timezone.localtime(self.starts_at).date()

    @property
    def address_may_be_emailed(self) -> bool:
        """A treatment centre's address reveals health data; a home address is the participant's."""
        return self.place_type in (PlaceType.NGO_OFFICE, PlaceType.NEUTRAL)


class MatchPause(models.Model):
    """A pause of an active match (travel, illness): from a date to a date (open while paused)."""

    match = models.ForeignKey(Match, on_delete=models.CASCADE, related_name="pauses", verbose_name=_("match"))
    starts_on = models.DateField(_("paused from"))
    ends_on = models.DateField(_("resumed on"), null=True, blank=True)
    reason = models.CharField(_("reason"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["starts_on", "pk"]
        verbose_name = _("pause")
        verbose_name_plural = _("pauses")
        constraints = [
            models.UniqueConstraint(
                fields=["match"], condition=Q(ends_on__isnull=True), name="one_open_pause_per_match"
            ),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")), name="pause_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.match.reference} {self.starts_on}"


class EndReason(models.Model):
    """Why matches end: a list the project leader keeps (admin). Names are Danish data, like regions."""

    name = models.CharField(_("name"), max_length=120, unique=True)
    active = models.BooleanField(_("in use"), default=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("reason for ending")
        verbose_name_plural = _("reasons for ending")

    def __str__(self) -> str:
        return self.name


class Initiator(models.TextChoices):
    PARTICIPANT = "participant", _("The participant")
    VOLUNTEER = "volunteer", _("The volunteer")
    BOTH = "both", _("Both")
    CONSULTANT = "consultant", _("The consultant")
    TREATMENT_CENTRE = "treatment_centre", _("The treatment centre")


class MatchClosure(models.Model):
    """How an active match ended (the Match itself keeps ended_on and end_reason for the KPIs)."""

    match = models.OneToOneField(Match, on_delete=models.CASCADE, related_name="closure", verbose_name=_("match"))
    planned = models.BooleanField(_("planned ending"), default=False)
    initiated_by = models.CharField(_("who initiated the ending"), max_length=32, choices=Initiator.choices)
    reason = models.ForeignKey(EndReason, on_delete=models.PROTECT, related_name="+", verbose_name=_("reason"))
    note = models.TextField(_("note"), blank=True)
    conversation_with_participant = models.BooleanField(_("closing conversation held with the participant"))
    conversation_with_volunteer = models.BooleanField(_("closing conversation held with the volunteer"))
    participant_wants_new = models.BooleanField(_("the participant wants a new volunteer"), default=False)
    volunteer_leaves = models.BooleanField(_("the volunteer leaves the program"), default=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        verbose_name = _("closure")
        verbose_name_plural = _("closures")

    def __str__(self) -> str:
        return self.match.reference
