from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

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


class MatchQuerySet(models.QuerySet):
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
    started_on = models.DateField(_("started on (match meeting)"), null=True, blank=True)
    # Derived from started_on (lib.dates.six_month_mark); stored so KPIs aggregate in the database.
    six_month_on = models.DateField(_("six-month mark"), null=True, blank=True, editable=False)
    cancelled_on = models.DateField(_("cancelled on"), null=True, blank=True)
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    end_reason = models.TextField(_("reason for ending"), blank=True)
    six_month_assessment = models.CharField(
        _("six-month assessment"), max_length=32, choices=Assessment.choices, blank=True
    )

    objects = MatchQuerySet.as_manager()

    class Meta:
        ordering = ["-proposed_on", "-pk"]
        verbose_name = _("match")
        verbose_name_plural = _("matches")
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


class MatchStatusChange(StatusChangeBase):
    match = models.ForeignKey(Match, on_delete=models.CASCADE, related_name="status_changes")

    class Meta(StatusChangeBase.Meta):
        verbose_name = _("match status change")
        verbose_name_plural = _("match status changes")
