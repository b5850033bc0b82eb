"""Forandringsstjernen (the change star): its configuration, versioned, and the readings made with it.

The star is data the project leader keeps: a StarVersion with its areas, each area's wording per
language (AreaText). Danish is the source wording; changing it (or the areas, or the interval)
publishes a new version, so a reading always shows the wording it was made with. Other languages
are translations of the current version, edited in place and marked "to be checked" until the
leader confirms them.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lib.tokens import hash_token
from matches.models import Match

SOURCE_LANGUAGE = "da"
SCALE = tuple(range(1, 11))
# Written right to left (Arabic, Farsi, Dari, Pashto, Urdu, Sorani Kurdish, Hebrew, ...).
RTL_LANGUAGES = frozenset({"ar", "fa", "prs", "ps", "ur", "ckb", "sdh", "he", "yi", "sd", "ug", "dv", "syr"})
LINK_DAYS = 14


def is_rtl(language: str) -> bool:
    return language in RTL_LANGUAGES


class NotThisTime(models.TextChoices):
    DECLINED = "declined", _("We did not want to this time")
    NOT_RELEVANT = "not_relevant", _("It is not relevant now")
    COULD_NOT_MEET = "could_not_meet", _("We could not meet")


class FilledBy(models.TextChoices):
    PAIR = "pair", _("The two of us together")
    PARTICIPANT = "participant", _("The participant")
    VOLUNTEER = "volunteer", _("The volunteer")
    CONSULTANT = "consultant", _("The consultant")


class StarVersionQuerySet(models.QuerySet):
    def current(self) -> "StarVersion | None":
        return self.order_by("-number").first()


class StarVersion(models.Model):
    number = models.PositiveSmallIntegerField(_("version"), unique=True)
    interval_months = models.PositiveSmallIntegerField(_("a reading is due every (months)"), default=3)
    note = models.CharField(_("what changed"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("published"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = StarVersionQuerySet.as_manager()

    class Meta:
        ordering = ["-number"]
        verbose_name = _("star version")
        verbose_name_plural = _("star versions")
        constraints = [
            models.CheckConstraint(
                condition=Q(interval_months__gte=1, interval_months__lte=12), name="star_interval_1_to_12_months"
            )
        ]

    def __str__(self) -> str:
        return str(self.number)


class StarArea(models.Model):
    version = models.ForeignKey(StarVersion, on_delete=models.CASCADE, related_name="areas")
    code = models.SlugField(_("code"), max_length=32)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("star area")
        verbose_name_plural = _("star areas")
        constraints = [models.UniqueConstraint(fields=["version", "code"], name="one_star_area_code_per_version")]

    def __str__(self) -> str:
        return self.code

    def text(self, language: str) -> "AreaText | None":
        """This area's wording in a language, from prefetched texts."""
        return next((text for text in self.texts.all() if text.language == language), None)


class AreaText(models.Model):
    area = models.ForeignKey(StarArea, on_delete=models.CASCADE, related_name="texts")
    language = models.CharField(_("language"), max_length=8)
    name = models.CharField(_("name"), max_length=100)
    low = models.CharField(_("what low looks like"), max_length=300)
    middle = models.CharField(_("what the middle looks like"), max_length=300)
    high = models.CharField(_("what high looks like"), max_length=300)
    needs_check = models.BooleanField(_("to be checked by a native speaker"), default=False)

    class Meta:
        verbose_name = _("area text")
        verbose_name_plural = _("area texts")
        constraints = [models.UniqueConstraint(fields=["area", "language"], name="one_area_text_per_language")]

    def __str__(self) -> str:
        return f"{self.area.code} {self.language}"

    @property
    def direction(self) -> str:
        return "rtl" if is_rtl(self.language) else "ltr"


class Reading(models.Model):
    """One dated reading of a match: scores 1-10 per area, or "not this time" with a reason."""

    match = models.ForeignKey(Match, on_delete=models.CASCADE, related_name="star_readings", verbose_name=_("match"))
    version = models.ForeignKey(StarVersion, on_delete=models.PROTECT, related_name="readings")
    on = models.DateField(_("date"))
    # Empty: not known (history imported from spreadsheets).
    filled_by = models.CharField(_("filled in by"), max_length=16, choices=FilledBy.choices, blank=True)
    not_this_time = models.CharField(_("not this time"), max_length=16, choices=NotThisTime.choices, blank=True)
    comment = models.TextField(_("comment"), blank=True)
    # Empty when the pair used the volunteer's link.
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded"), default=timezone.now)

    class Meta:
        ordering = ["on", "pk"]
        verbose_name = _("star reading")
        verbose_name_plural = _("star readings")
        constraints = [
            models.UniqueConstraint(fields=["match", "on"], name="one_star_reading_per_match_per_day"),
            models.CheckConstraint(
                condition=Q(not_this_time__in=["", *NotThisTime.values]), name="star_reading_known_reason"
            ),
            models.CheckConstraint(condition=Q(filled_by__in=["", *FilledBy.values]), name="star_reading_known_filler"),
        ]
        # "Not this time" by reason in a period (outcomes.kpi): about one reading in ten, read
        # from the index alone.
        indexes = [
            models.Index(
                fields=["on", "not_this_time", "match"],
                condition=~Q(not_this_time=""),
                name="star_reading_not_this_time",
            )
        ]

    def __str__(self) -> str:
        return f"{self.match_id} {self.on}"

    def score_map(self) -> dict[str, int]:
        """{area code: score} from prefetched scores."""
        return {score.area: score.value for score in self.scores.all()}


class Score(models.Model):
    reading = models.ForeignKey(Reading, on_delete=models.CASCADE, related_name="scores")
    area = models.SlugField(_("area"), max_length=32)
    value = models.PositiveSmallIntegerField(_("score"))

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        constraints = [
            models.UniqueConstraint(fields=["reading", "area"], name="one_score_per_area_per_reading"),
            models.CheckConstraint(condition=Q(value__gte=1, value__lte=10), name="star_score_1_to_10"),
        ]

    def __str__(self) -> str:
        return f"{self.area}={self.value}"


class AreaProgress(models.Model):
    """Per match and area: the first and the latest reading that scores the area, over all of the
    match's readings ("not this time" excluded). Written only by database triggers on the readings
    and scores tables (outcomes/progress.py), so it cannot drift from them whoever writes there
    (forms, import, erasure, bulk updates). The distance travelled reads it (outcomes/kpi.py)."""

    # The unique (match, area) index serves lookups by match.
    match = models.ForeignKey(Match, on_delete=models.CASCADE, related_name="+", db_index=False)
    area = models.CharField(max_length=32)
    first_on = models.DateField()
    first_value = models.PositiveSmallIntegerField()
    latest_on = models.DateField()
    latest_value = models.PositiveSmallIntegerField()

    class Meta:
        verbose_name = _("progress in an area")
        verbose_name_plural = _("progress in the areas")
        constraints = [models.UniqueConstraint(fields=["match", "area"], name="one_progress_per_match_and_area")]
        indexes = [
            # Covers the distance's count of every row by (area, first score, latest score).
            models.Index(
                fields=["area", "first_value", "latest_value", "first_on", "latest_on"], name="area_progress_changes"
            ),
            # The rows a period cuts: a first before it, a latest after it.
            models.Index(fields=["first_on"], name="area_progress_first_on"),
            models.Index(fields=["latest_on"], name="area_progress_latest_on"),
        ]

    def __str__(self) -> str:
        return f"{self.match_id} {self.area}"


class ReadingLinkQuerySet(models.QuerySet):
    def for_token(self, token: str):
        return self.filter(token_hash=hash_token(token))

    def open(self):
        return self.filter(used_at__isnull=True, expires_at__gt=timezone.now())


class ReadingLink(models.Model):
    """A link for the volunteer: opens one match's reading form without a password, once, for 14 days."""

    match = models.ForeignKey(Match, on_delete=models.CASCADE, related_name="star_links")
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    emailed = models.BooleanField(default=False)
    used_at = models.DateTimeField(null=True, blank=True)
    reading = models.OneToOneField(Reading, on_delete=models.SET_NULL, null=True, blank=True, related_name="link")

    objects = ReadingLinkQuerySet.as_manager()

    class Meta:
        verbose_name = _("reading link")
        verbose_name_plural = _("reading links")

    def __str__(self) -> str:
        return f"{self.match_id} {self.created_at:%Y-%m-%d}"

    @property
    def is_used(self) -> bool:
        return self.used_at is not None

    @property
    def is_expired(self) -> bool:
        return self.expires_at <= timezone.now()
