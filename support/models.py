"""Support for volunteers: supervision with the psychotherapist, the requirements a volunteer must
meet (with their expiry), and the directory of places to refer a participant to."""

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.access import regions_for
from accounts.models import Role
from lib.dates import add_months
from regions.models import Region
from volunteers.models import Volunteer

# --- Supervision ---------------------------------------------------------------------------


class SupervisionReason(models.TextChoices):
    HEAVY_STORY = "heavy_story", _("A heavy story")
    BOUNDARIES = "boundaries", _("Boundaries")
    CRISIS = "crisis", _("Crisis")
    OTHER = "other", _("Other")


class SupervisionSource(models.TextChoices):
    CONSULTANT = "consultant", _("Recorded by a consultant")
    VOLUNTEER = "volunteer", _("Asked for by the volunteer")
    FOLLOW_UP = "follow_up", _("Flag on a follow-up")


class SupervisionQuerySet(models.QuerySet):
    def for_user(self, user):
        """Casework only: the leader all, consultants their regions' volunteers."""
        if user.role == Role.PROJECT_LEADER:
            return self
        if user.role == Role.CONSULTANT:
            return self.filter(volunteer__region__in=user.regions.all())
        return self.none()

    def open(self):
        """Not yet recorded as held or not held with the psychotherapist."""
        return self.filter(held__isnull=True)


class SupervisionRequest(models.Model):
    """A volunteer's need to talk a match through with the program's psychotherapist. Content-free
    by design: a reason category and a short note about the volunteer, never the participant's health."""

    volunteer = models.ForeignKey(
        Volunteer, on_delete=models.CASCADE, related_name="supervision_requests", verbose_name=_("volunteer")
    )
    requested_on = models.DateField(_("requested on"))
    reason = models.CharField(_("reason"), max_length=16, choices=SupervisionReason.choices)
    note = models.CharField(
        _("short note"),
        max_length=300,
        blank=True,
        help_text=_(
            "What the volunteer needs to talk about, in a few words. Do not describe the participant's health "
            "or treatment."
        ),
    )
    source = models.CharField(
        _("source"), max_length=16, choices=SupervisionSource.choices, default=SupervisionSource.CONSULTANT
    )
    booked_on = models.DateField(_("booked with the psychotherapist on"), null=True, blank=True)
    held = models.BooleanField(_("held"), null=True, blank=True)  # None: still open
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = SupervisionQuerySet.as_manager()

    class Meta:
        ordering = ["-requested_on", "-pk"]
        verbose_name = _("supervision request")
        verbose_name_plural = _("supervision requests")
        indexes = [
            # The today page's open requests: the few still open, not every volunteer's history.
            models.Index(fields=["requested_on"], condition=Q(held__isnull=True), name="supervision_open"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(held__isnull=True) | Q(booked_on__isnull=False), name="supervision_held_needs_booking"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.volunteer.reference} {self.requested_on}"

    @property
    def is_open(self) -> bool:
        return self.held is None


# --- Requirements --------------------------------------------------------------------------


class RequirementQuerySet(models.QuerySet):
    def in_use(self):
        return self.filter(active=True)

    def before_first_match(self):
        return self.in_use().filter(before_first_match=True)


class Requirement(models.Model):
    """Something every volunteer of the program must have (a signed confidentiality declaration,
    references checked, ...). Defined by the project leader; `valid_months` makes it expire."""

    name = models.CharField(_("name"), max_length=120, unique=True)
    before_first_match = models.BooleanField(
        _("needed before a first match"),
        default=False,
        help_text=_("A volunteer without it (or with it expired) cannot be proposed for a match."),
    )
    valid_months = models.PositiveSmallIntegerField(
        _("valid for (months)"),
        null=True,
        blank=True,
        help_text=_("Empty: it does not expire. A criminal-record certificate valid for two years: 24."),
    )
    active = models.BooleanField(_("in use"), default=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = RequirementQuerySet.as_manager()

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("requirement")
        verbose_name_plural = _("requirements")
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_months__isnull=True) | Q(valid_months__gte=1),
                name="requirement_valid_months_positive",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def expires_on(self, met_on: date) -> date | None:
        return add_months(met_on, self.valid_months) if self.valid_months else None


class VolunteerRequirementQuerySet(models.QuerySet):
    def valid_on(self, day: date):
        """Records still valid on `day` (without expiry, or expiring after it)."""
        return self.filter(Q(expires_on__isnull=True) | Q(expires_on__gt=day), met_on__lte=day)


class VolunteerRequirement(models.Model):
    """A requirement met by a volunteer on a date, recorded by someone. Renewing adds a new row."""

    volunteer = models.ForeignKey(
        Volunteer, on_delete=models.CASCADE, related_name="requirements_met", verbose_name=_("volunteer")
    )
    requirement = models.ForeignKey(
        Requirement, on_delete=models.PROTECT, related_name="records", verbose_name=_("requirement")
    )
    met_on = models.DateField(_("met on"))
    # A copy of met_on + the requirement's validity when recorded: changing the validity later
    # does not move dates already given to volunteers.
    expires_on = models.DateField(_("expires on"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    objects = VolunteerRequirementQuerySet.as_manager()

    class Meta:
        ordering = ["-met_on", "-pk"]
        verbose_name = _("requirement met")
        verbose_name_plural = _("requirements met")
        indexes = [
            models.Index(fields=["volunteer", "requirement", "met_on"]),
            # The today page's "expiring soon": a range of expiry dates, not every volunteer's rows.
            models.Index(fields=["expires_on"], name="requirement_expires_on"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(expires_on__isnull=True) | Q(expires_on__gt=models.F("met_on")),
                name="volunteer_requirement_expires_after_met",
            )
        ]

    def __str__(self) -> str:
        return f"{self.volunteer_id} {self.requirement_id} {self.met_on}"


# --- Where to refer ------------------------------------------------------------------------


class PlaceCategory(models.TextChoices):
    LEGAL_AID = "legal_aid", _("Legal aid")
    ACCOMPANIMENT = "accompaniment", _("Accompaniment (bisidder)")
    CITIZEN_SERVICE = "citizen_service", _("The municipality's citizen service")
    DEBT = "debt", _("Debt counselling")
    HEALTH_CRISIS = "health_crisis", _("Health and crisis lines")
    MENTOR = "mentor", _("Mentor programs")
    BENEFITS = "benefits", _("Benefits and pensions")
    OTHER = "other", _("Other")


class ReferralPlaceQuerySet(models.QuerySet):
    def for_user(self, user):
        """National places (no region) and those of the user's regions; casework roles only."""
        if user.role == Role.PROJECT_LEADER:
            return self
        if user.role == Role.CONSULTANT:
            return self.filter(Q(region__isnull=True) | Q(region__in=regions_for(user)))
        return self.none()

    def for_region(self, region):
        """In use in `region` (a Region or its id): its own places and the national ones."""
        return self.filter(Q(region__isnull=True) | Q(region=region), active=True)


class ReferralPlace(models.Model):
    """A place a volunteer or consultant can refer a participant to (legal aid, a bisidder scheme,
    citizen service, ...). Empty region: national. Kept in the app by the leader and consultants."""

    name = models.CharField(_("name"), max_length=120)
    category = models.CharField(
        _("category"), max_length=20, choices=PlaceCategory.choices, default=PlaceCategory.OTHER
    )
    description = models.CharField(_("what they help with"), max_length=300, blank=True)
    contact = models.CharField(_("phone, e-mail or web address"), max_length=200, blank=True)
    opening_hours = models.CharField(_("opening hours"), max_length=200, blank=True)
    region = models.ForeignKey(
        Region,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("region"),
        help_text=_("Empty: the whole country."),
    )
    active = models.BooleanField(_("in use"), default=True)

    objects = ReferralPlaceQuerySet.as_manager()

    class Meta:
        ordering = ["category", "name"]
        verbose_name = _("place to refer to")
        verbose_name_plural = _("places to refer to")

    def __str__(self) -> str:
        return self.name
