"""Configuration of the matching engine per region, its history, and how proposals were decided."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.db.models.lookups import GreaterThan
from django.utils.translation import gettext_lazy as _

from matches.models import Match
from regions.models import Region
from volunteers.models import Volunteer

from .engine import CRITERIA, DEFAULT_WEIGHTS

DEFAULT_MAX_DISTANCE_KM = 25
DEFAULT_THRESHOLD = 40

CRITERION_LABELS = {
    "distance": _("Distance"),
    "age": _("Age"),
    "interests": _("Shared interests"),
    "children": _("Children on both sides"),
    "needs": _("Needs and strengths"),
    "availability": _("Availability"),
    "mother_tongue": _("Same mother tongue"),
    "waiting": _("Time on the waiting list"),
}


def weight_field(criterion: str) -> models.PositiveSmallIntegerField:
    return models.PositiveSmallIntegerField(CRITERION_LABELS[criterion], default=int(DEFAULT_WEIGHTS[criterion]))


class MatchingConfig(models.Model):
    """The engine's weights and limits for one region. A region without a row uses the defaults."""

    region = models.OneToOneField(
        Region, on_delete=models.CASCADE, related_name="matching_config", verbose_name=_("region")
    )
    weight_distance = weight_field("distance")
    weight_age = weight_field("age")
    weight_interests = weight_field("interests")
    weight_children = weight_field("children")
    weight_needs = weight_field("needs")
    weight_availability = weight_field("availability")
    weight_mother_tongue = weight_field("mother_tongue")
    weight_waiting = weight_field("waiting")
    max_distance_km = models.PositiveSmallIntegerField(_("maximum distance (km)"), default=DEFAULT_MAX_DISTANCE_KM)
    threshold = models.PositiveSmallIntegerField(
        _("threshold for batch proposals (score 0–100)"), default=DEFAULT_THRESHOLD
    )
    updated_at = models.DateTimeField(_("changed"), auto_now=True)

    class Meta:
        verbose_name = _("matching configuration")
        verbose_name_plural = _("matching configurations")
        constraints = [
            models.CheckConstraint(condition=Q(max_distance_km__gte=1), name="matching_config_distance_positive"),
            models.CheckConstraint(condition=Q(threshold__lte=100), name="matching_config_threshold_at_most_100"),
            models.CheckConstraint(
                condition=GreaterThan(
                    F("weight_distance")
                    + F("weight_age")
                    + F("weight_interests")
                    + F("weight_children")
                    + F("weight_needs")
                    + F("weight_availability")
                    + F("weight_mother_tongue")
                    + F("weight_waiting"),
                    0,
                ),
                name="matching_config_some_weight",
            ),
        ]

    def __str__(self) -> str:
        return str(self.region)

    # The keys a project leader edits, in the order shown; ConfigChange.changes uses them.
    KEYS = tuple(f"weight_{c}" for c in CRITERIA) + ("max_distance_km", "threshold")

    def values(self) -> dict[str, int]:
        return {key: getattr(self, key) for key in self.KEYS}

    def weights(self) -> dict[str, float]:
        return {c: float(getattr(self, f"weight_{c}")) for c in CRITERIA}


class ConfigChange(models.Model):
    """One saved change of a region's configuration: which keys, from what to what."""

    config = models.ForeignKey(
        MatchingConfig, on_delete=models.CASCADE, related_name="changes", verbose_name=_("configuration")
    )
    changed_at = models.DateTimeField(_("changed"), auto_now_add=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("changed by"),
    )
    # {key: [old, new]} for the keys in MatchingConfig.KEYS that changed.
    changes = models.JSONField(_("changes"), default=dict)

    class Meta:
        ordering = ["-changed_at", "-pk"]
        verbose_name = _("configuration change")
        verbose_name_plural = _("configuration changes")

    def __str__(self) -> str:
        return f"{self.config} {self.changed_at:%Y-%m-%d %H:%M}"


class DecisionSource(models.TextChoices):
    SUGGESTION = "suggestion", _("Suggestions for the participant")
    VOLUNTEER = "volunteer", _("Suggestions for the volunteer")
    BATCH = "batch", _("Batch proposal")


class MatchingDecision(models.Model):
    """How a proposed match relates to what the engine suggested (for learning, never for blame)."""

    match = models.OneToOneField(Match, on_delete=models.CASCADE, related_name="decision", verbose_name=_("match"))
    source = models.CharField(_("proposed from"), max_length=16, choices=DecisionSource.choices)
    # 1 = the engine's top suggestion for the participant; empty when a hard constraint excluded the pair.
    rank = models.PositiveSmallIntegerField(_("rank of the chosen volunteer"), null=True, blank=True)
    score = models.FloatField(_("score of the chosen volunteer"), null=True, blank=True)
    top_volunteer = models.ForeignKey(
        Volunteer,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("top suggestion"),
    )
    top_score = models.FloatField(_("score of the top suggestion"), null=True, blank=True)
    overridden = models.BooleanField(_("the top suggestion was overridden"), default=False)
    override_reason = models.TextField(_("why the top suggestion was overridden"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided"), auto_now_add=True)

    class Meta:
        verbose_name = _("matching decision")
        verbose_name_plural = _("matching decisions")
        constraints = [
            models.CheckConstraint(condition=Q(rank__isnull=True) | Q(rank__gte=1), name="decision_rank_positive"),
            models.CheckConstraint(
                condition=Q(overridden=True) | Q(rank=1) | Q(source=DecisionSource.BATCH),
                name="decision_not_top_is_overridden",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.match} #{self.rank or '-'}"
