from datetime import timedelta

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from lib.choices import Need
from lib.tokens import hash_token, new_token
from matches.models import Match
from regions.models import Region
from support.models import ReferralPlace


class TouchBase(models.IntegerChoices):
    SIX_MONTHS = 6, _("After six months")
    TWELVE_MONTHS = 12, _("After twelve months")


DEFAULT_RECORD_FROM_DAYS = 14


class CadenceConfig(models.Model):
    """Which follow-ups a new match's plan gets. One row without a region is the default;
    a row for a region overrides it there. Plans copy it when made, so changes affect new plans only."""

    region = models.ForeignKey(
        Region,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("region"),
    )
    day_after = models.BooleanField(_("the day after the match meeting"), default=True)
    one_month = models.BooleanField(_("after one month"), default=True)
    three_months = models.BooleanField(_("after three months"), default=True)
    touch_base_months = models.PositiveSmallIntegerField(
        _("touch-base meeting with both"), choices=TouchBase.choices, default=TouchBase.TWELVE_MONTHS
    )
    yearly = models.BooleanField(_("then once a year"), default=True)
    record_from_days = models.PositiveSmallIntegerField(
        _("days before the due date a follow-up can be recorded"),
        default=DEFAULT_RECORD_FROM_DAYS,
        validators=[MaxValueValidator(90)],
        help_text=_(
            "A follow-up is offered for recording this many days before it is due. It also decides which "
            "follow-ups of a match registered late are no longer relevant."
        ),
    )
    updated_at = models.DateTimeField(_("changed"), auto_now=True)

    class Meta:
        verbose_name = _("follow-up cadence")
        verbose_name_plural = _("follow-up cadences")
        constraints = [
            # One row per region and one default (no region): NULL counts as region 0.
            models.UniqueConstraint(Coalesce("region", Value(0)), name="one_cadence_per_region"),
            models.CheckConstraint(condition=Q(touch_base_months__in=[6, 12]), name="cadence_touch_base_6_or_12"),
            models.CheckConstraint(condition=Q(record_from_days__lte=90), name="cadence_record_from_at_most_90"),
        ]

    def __str__(self) -> str:
        return str(self.region) if self.region_id else str(_("Default"))


class FollowUpPlan(models.Model):
    """The plan a started match got: a copy of the cadence of its region on that day."""

    match = models.OneToOneField(Match, on_delete=models.CASCADE, related_name="followup_plan")
    created_on = models.DateField(_("created on"))
    day_after = models.BooleanField(default=True)
    one_month = models.BooleanField(default=True)
    three_months = models.BooleanField(default=True)
    touch_base_months = models.PositiveSmallIntegerField(default=12)
    yearly = models.BooleanField(default=True)
    record_from_days = models.PositiveSmallIntegerField(default=DEFAULT_RECORD_FROM_DAYS)

    class Meta:
        verbose_name = _("follow-up plan")
        verbose_name_plural = _("follow-up plans")

    def __str__(self) -> str:
        return self.match.reference


class Kind(models.TextChoices):
    DAY_AFTER = "day_after", _("The day after the match meeting")
    ONE_MONTH = "one_month", _("After one month")
    THREE_MONTHS = "three_months", _("After three months")
    SIX_MONTHS = "six_months", _("Six months (assessment)")
    TOUCH_BASE = "touch_base", _("Touch-base meeting with both")
    YEARLY = "yearly", _("Yearly follow-up")
    AD_HOC = "ad_hoc", _("Ad-hoc contact")


class How(models.TextChoices):
    PHONE = "phone", _("Phone")
    MEETING = "meeting", _("Meeting")
    EMAIL = "email", _("E-mail")
    TEXT = "text", _("Text message")


class WithWhom(models.TextChoices):
    VOLUNTEER = "volunteer", _("The volunteer")
    PARTICIPANT = "participant", _("The participant")
    BOTH = "both", _("Both")


class Frequency(models.TextChoices):
    WEEKLY = "weekly", _("Weekly or more")
    FORTNIGHTLY = "fortnightly", _("Every two weeks")
    MONTHLY = "monthly", _("About monthly")
    RARELY = "rarely", _("Less often")
    NOT_MEETING = "not_meeting", _("They are not meeting")


class Going(models.TextChoices):
    WELL = "well", _("Well")
    MIXED = "mixed", _("Mixed")
    POORLY = "poorly", _("Poorly")


FLAG_FIELDS = ("flag_supervision", "flag_heavy_responsibility", "flag_consider_ending")


class FollowUpQuerySet(models.QuerySet):
    def pending(self):
        """Not yet done (nor marked not relevant), of a match still running."""
        return self.filter(done_on__isnull=True, not_relevant=False, match__status__in=OPEN_FOLLOWUP_MATCH_STATUSES)

    def due_by(self, day):
        return self.pending().filter(due_on__lte=day)

    def overdue(self, day):
        return self.pending().filter(due_on__lt=day)

    def flagged(self):
        """Follow-ups raising a flag the consultant has not yet marked as handled, on running matches."""
        any_flag = Q(flag_supervision=True) | Q(flag_heavy_responsibility=True) | Q(flag_consider_ending=True)
        return self.filter(any_flag, flags_handled_on__isnull=True, match__status__in=OPEN_FOLLOWUP_MATCH_STATUSES)


# Follow-ups are due while the match runs (a paused match is still followed up).
OPEN_FOLLOWUP_MATCH_STATUSES = ("active", "paused")


class FollowUp(models.Model):
    """One planned or ad-hoc follow-up of a match: when it is due and, once done, what was learned."""

    match = models.ForeignKey(Match, on_delete=models.CASCADE, related_name="followups", verbose_name=_("match"))
    kind = models.CharField(_("follow-up"), max_length=16, choices=Kind.choices)
    due_on = models.DateField(_("due on"))
    done_on = models.DateField(_("done on"), null=True, blank=True)
    how = models.CharField(_("how"), max_length=16, choices=How.choices, blank=True)
    with_whom = models.CharField(_("with whom"), max_length=16, choices=WithWhom.choices, blank=True)
    # The standard questions.
    frequency = models.CharField(_("how often they meet"), max_length=16, choices=Frequency.choices, blank=True)
    activities = models.JSONField(_("what they do together"), default=list, blank=True)
    how_it_goes = models.CharField(_("how it is going"), max_length=16, choices=Going.choices, blank=True)
    volunteer_coping = models.CharField(
        _("how the volunteer is coping"), max_length=16, choices=Going.choices, blank=True
    )
    safety_concerns = models.BooleanField(_("safety concerns"), default=False)
    notes = models.TextField(_("notes"), blank=True)
    # Flags for the consultant's attention.
    flag_supervision = models.BooleanField(_("the volunteer needs supervision"), default=False)
    flag_heavy_responsibility = models.BooleanField(
        _("the volunteer carries heavy responsibility (e.g. benefits, pensions)"), default=False
    )
    flag_consider_ending = models.BooleanField(_("consider ending the match"), default=False)
    flags_handled_on = models.DateField(_("flags handled on"), null=True, blank=True)
    # The match was registered after this follow-up's time had passed (see followups.services.plan_create).
    not_relevant = models.BooleanField(_("not relevant (registered later)"), default=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    recorded_at = models.DateTimeField(_("recorded"), null=True, blank=True)

    objects = FollowUpQuerySet.as_manager()

    class Meta:
        ordering = ["due_on", "pk"]
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")
        indexes = [
            models.Index(fields=["done_on", "due_on"]),
            # A match's next follow-up to do (the match list, the today page): without it SQLite
            # walked every pending follow-up of the country for each match (21 s → 60 ms).
            models.Index(fields=["match", "done_on", "due_on"], name="followup_match_pending"),
            # The today page's flags still to handle: a handful among every follow-up ever done.
            models.Index(
                fields=["done_on"],
                condition=(Q(flag_supervision=True) | Q(flag_heavy_responsibility=True) | Q(flag_consider_ending=True))
                & Q(flags_handled_on__isnull=True),
                name="followup_flag_open",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["match", "kind", "due_on"], condition=~Q(kind="ad_hoc"), name="one_planned_followup_per_date"
            ),
            models.CheckConstraint(
                condition=~Q(kind="ad_hoc") | Q(done_on__isnull=False), name="ad_hoc_followup_is_done"
            ),
            models.CheckConstraint(
                condition=Q(not_relevant=False) | (Q(done_on__isnull=True) & ~Q(kind="six_months")),
                name="not_relevant_followup_is_not_done_nor_the_assessment",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.match.reference} {self.kind} {self.due_on}"

    def referral_places(self):
        """Where to refer when this follow-up flags heavy responsibility: the directory of the
        match's region and the national places (support.models.ReferralPlace)."""
        return ReferralPlace.objects.for_region(self.match.region_id)

    @property
    def activity_labels(self) -> list[str]:
        names = dict(Need.choices)
        return [str(names.get(code, code)) for code in self.activities]

    @property
    def offered_from(self):
        """The first day this follow-up can be recorded: the plan's `record_from_days` before it is
        due; the six-month assessment not before the six-month mark (it assesses six months)."""
        if self.kind == Kind.SIX_MONTHS:
            return max(self.due_on, self.match.six_month_on or self.due_on)
        plan = getattr(self.match, "followup_plan", None)
        return self.due_on - timedelta(days=plan.record_from_days if plan else DEFAULT_RECORD_FROM_DAYS)

    @property
    def has_flags(self) -> bool:
        return any(getattr(self, name) for name in FLAG_FIELDS)


class DigestSent(models.Model):
    """One row per consultant per day: the daily digest is sent at most once."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    on = models.DateField()
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("digest sent")
        verbose_name_plural = _("digests sent")
        constraints = [models.UniqueConstraint(fields=["user", "on"], name="one_digest_per_user_per_day")]

    def __str__(self) -> str:
        return f"{self.user_id} {self.on}"


# Named in migration 0001 (an old default of the token field).
new_calendar_token = new_token


class CalendarTokenQuerySet(models.QuerySet):
    def live(self):
        return self.filter(revoked_at__isnull=True)

    def for_token(self, token: str):
        return self.filter(token_hash=hash_token(token))


class CalendarToken(models.Model):
    """A consultant's calendar-feed address: the secret itself is shown once when made and stored
    only as its SHA-256 digest. Revoked tokens stop working."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_tokens")
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = CalendarTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("calendar link")
        verbose_name_plural = _("calendar links")
        constraints = [
            models.UniqueConstraint(
                fields=["user"], condition=Q(revoked_at__isnull=True), name="one_live_calendar_token_per_user"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.created_at:%Y-%m-%d}"
