from datetime import date

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from lib import names
from lib.choices import Gender
from lib.lifecycle import Lifecycle, StatusChangeBase
from regions.models import Region


class VolunteerStatus(models.TextChoices):
    APPLIED = "applied", _("Applied")
    SCREENING_BOOKED = "screening_booked", _("Screening meeting booked")
    SCREENED = "screened", _("Screened, sleeping on it")
    APPROVED = "approved", _("Approved, available")
    MATCHED = "matched", _("Matched")
    PAUSED = "paused", _("Paused")
    LEFT = "left", _("Left")
    NOT_SUITABLE = "not_suitable", _("Not suitable")
    WITHDREW = "withdrew", _("Withdrew")
    REDIRECTED = "redirected", _("Redirected to another program")


S = VolunteerStatus
# Volunteers in these states count as approved (screened and accepted by the program).
APPROVED_STATUSES = (S.APPROVED, S.MATCHED, S.PAUSED)
PIPELINE_STATUSES = (S.APPLIED, S.SCREENING_BOOKED, S.SCREENED)


class VolunteerQuerySet(models.QuerySet):
    def in_region(self, region):
        return self.filter(region=region)

    def available(self):
        """Approved or matched volunteers below their capacity are checked by the matching app."""
        return self.filter(status__in=(S.APPROVED, S.MATCHED))


class Volunteer(Lifecycle):
    TRANSITIONS = {
        S.APPLIED: {S.SCREENING_BOOKED, S.WITHDREW, S.NOT_SUITABLE, S.REDIRECTED},
        S.SCREENING_BOOKED: {S.SCREENED, S.APPLIED, S.WITHDREW, S.NOT_SUITABLE, S.REDIRECTED},
        S.SCREENED: {S.APPROVED, S.NOT_SUITABLE, S.WITHDREW, S.REDIRECTED},
        S.APPROVED: {S.MATCHED, S.PAUSED, S.LEFT},
        S.MATCHED: {S.APPROVED, S.PAUSED, S.LEFT},
        S.PAUSED: {S.APPROVED, S.MATCHED, S.LEFT},
        S.LEFT: {S.APPROVED},
        S.NOT_SUITABLE: set(),
        S.WITHDREW: {S.APPLIED},
        S.REDIRECTED: set(),
    }

    reference = models.CharField(_("reference"), max_length=32, unique=True)
    first_name = models.CharField(_("first name"), max_length=100, blank=True)
    last_name = models.CharField(_("last name"), max_length=100, blank=True)
    phone = models.CharField(_("phone"), max_length=32, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    postcode = models.CharField(_("postcode"), max_length=4, blank=True)
    gender = models.CharField(_("gender"), max_length=16, choices=Gender.choices, blank=True)
    birth_year = models.PositiveSmallIntegerField(_("birth year"), null=True, blank=True)
    education_job = models.CharField(_("education and job"), max_length=200, blank=True)
    has_children = models.BooleanField(_("has children living at home"), null=True, blank=True)
    languages = models.JSONField(_("languages"), default=list, blank=True)
    interests = models.JSONField(_("interests"), default=list, blank=True)
    availability = models.JSONField(_("when they can meet"), default=list, blank=True)
    hours_per_month = models.PositiveSmallIntegerField(_("hours a month"), null=True, blank=True)
    earlier_volunteering = models.TextField(_("earlier volunteering"), blank=True)
    experience_vulnerable = models.TextField(_("experience with vulnerable people"), blank=True)
    motivation = models.TextField(_("motivation"), blank=True)
    consent_on = models.DateField(_("consent given on"), null=True, blank=True)

    # Match criteria recorded at screening.
    professional_background = models.BooleanField(_("professional background (may take heavier cases)"), default=False)
    strengths = models.JSONField(_("strengths"), default=list, blank=True)
    wished_participant_gender = models.CharField(
        _("wishes a participant of gender"), max_length=16, choices=Gender.choices, blank=True
    )
    wished_age_min = models.PositiveSmallIntegerField(_("wished age from"), null=True, blank=True)
    wished_age_max = models.PositiveSmallIntegerField(_("wished age to"), null=True, blank=True)
    max_distance_km = models.PositiveSmallIntegerField(_("will travel at most (km)"), null=True, blank=True)
    capacity = models.PositiveSmallIntegerField(
        _("matches at a time"), default=1, help_text=_("More than 1 only for volunteers able to take more.")
    )

    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="volunteers", verbose_name=_("region"))
    status = models.CharField(_("status"), max_length=32, choices=S.choices, default=S.APPLIED)
    status_changed_on = models.DateField(_("status changed"), default=date.today)
    applied_on = models.DateField(_("applied on"), null=True, blank=True)
    approved_on = models.DateField(_("approved on"), null=True, blank=True)
    left_on = models.DateField(_("left on"), null=True, blank=True)
    left_reason = models.CharField(_("reason for leaving"), max_length=200, blank=True)

    objects = VolunteerQuerySet.as_manager()

    class Meta:
        ordering = ["first_name", "last_name", "pk"]
        verbose_name = _("volunteer")
        verbose_name_plural = _("volunteers")
        constraints = [
            models.CheckConstraint(condition=Q(capacity__gte=1), name="volunteer_capacity_at_least_one"),
            models.CheckConstraint(
                condition=Q(approved_on__isnull=True)
                | Q(applied_on__isnull=True)
                | Q(approved_on__gte=models.F("applied_on")),
                name="volunteer_approved_after_applied",
            ),
        ]

    def __str__(self) -> str:
        return self.full_name or self.reference

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def language_names(self) -> list[str]:
        return [names.language_name(code) for code in self.languages]


class VolunteerStatusChange(StatusChangeBase):
    volunteer = models.ForeignKey(Volunteer, on_delete=models.CASCADE, related_name="status_changes")

    class Meta(StatusChangeBase.Meta):
        verbose_name = _("volunteer status change")
        verbose_name_plural = _("volunteer status changes")
