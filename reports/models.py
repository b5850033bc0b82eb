"""Report configuration: targets per region and year, the project period's targets, and the
referring centres' patient gender profile (for the gender-balance comparison)."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from regions.models import Region, TreatmentCentre


class Target(models.Model):
    """A region's yearly targets. A row holds from its year until a later year's row replaces it."""

    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="targets", verbose_name=_("region"))
    year = models.PositiveSmallIntegerField(_("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)])
    matches = models.PositiveIntegerField(_("new matches in the year"), null=True, blank=True)
    well_functioning_pct = models.PositiveSmallIntegerField(
        _("well-functioning after six months (%)"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(100)],
    )

    class Meta:
        ordering = ["region__name", "year"]
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        constraints = [
            models.UniqueConstraint(fields=["region", "year"], name="one_target_per_region_year"),
            models.CheckConstraint(
                condition=Q(well_functioning_pct__isnull=True) | Q(well_functioning_pct__lte=100),
                name="target_pct_at_most_100",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.region} {self.year}"


class PeriodTarget(models.Model):
    """Targets for a whole project period (the funder's grant period), for the whole program."""

    label = models.CharField(_("name"), max_length=100)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    volunteers_recruited = models.PositiveIntegerField(_("volunteers recruited"), null=True, blank=True)
    referrals_accepted = models.PositiveIntegerField(_("referrals accepted"), null=True, blank=True)

    class Meta:
        ordering = ["starts_on"]
        verbose_name = _("project period target")
        verbose_name_plural = _("project period targets")
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gte=F("starts_on")), name="period_target_ends_after_start")
        ]

    def __str__(self) -> str:
        return self.label


class CentrePatientProfile(models.Model):
    """The share of women among a treatment centre's patients in a year (given by the centre)."""

    centre = models.ForeignKey(
        TreatmentCentre, on_delete=models.CASCADE, related_name="patient_profiles", verbose_name=_("treatment centre")
    )
    year = models.PositiveSmallIntegerField(_("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)])
    share_women_pct = models.PositiveSmallIntegerField(
        _("share of women among the patients (%)"), validators=[MaxValueValidator(100)]
    )

    class Meta:
        ordering = ["centre__name", "year"]
        verbose_name = _("centre patient profile")
        verbose_name_plural = _("centre patient profiles")
        constraints = [
            models.UniqueConstraint(fields=["centre", "year"], name="one_profile_per_centre_year"),
            models.CheckConstraint(condition=Q(share_women_pct__lte=100), name="profile_pct_at_most_100"),
        ]

    def __str__(self) -> str:
        return f"{self.centre} {self.year}"
