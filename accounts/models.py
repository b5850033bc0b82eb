from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lib.tokens import hash_token
from regions.models import Region, TreatmentCentre


class Role(models.TextChoices):
    PROJECT_LEADER = "project_leader", _("Project leader")
    CONSULTANT = "consultant", _("Consultant")
    STUDENT_ASSISTANT = "student_assistant", _("Student assistant")
    SOCIAL_WORKER = "social_worker", _("Social worker")
    EVALUATOR = "evaluator", _("Evaluator")
    # A volunteer's own account (volunteers.Volunteer.user): only the portal's pages, never a staff page.
    VOLUNTEER = "volunteer", _("Volunteer")


# The program's staff: every role but the volunteer's.
STAFF_ROLES = tuple(role for role in Role.values if role != Role.VOLUNTEER)


# Roles that may see people's records at all (the others see aggregates or recruitment only).
CASEWORK_ROLES = (Role.PROJECT_LEADER, Role.CONSULTANT)

# What the project leader may do in the admin, by model: the program's configuration, never the
# records of people (participants, volunteers, matches have their own pages, with scoping and audit).
# The permissions follow from the role (User.has_perm), so there is no group to keep in step.
# No delete where the rows carry history: campaigns (volunteers' attribution),
# accounts (deactivate instead). Regions are Denmark's five: switched on and off, not added.
LEADER_PERMISSIONS: dict[str, frozenset[str]] = {
    label: frozenset(actions)
    for label, actions in {
        "accounts.user": ("view", "add", "change"),
        # Resetting two-factor login is the user list's "new set-up link" action, not a deletion here.
        "otp_totp.totpdevice": ("view",),
        "otp_static.staticdevice": ("view",),
        "regions.region": ("view", "change"),
        "regions.treatmentcentre": ("view", "add", "change", "delete"),
        "matches.endreason": ("view", "add", "change", "delete"),
        "referrals.withdrawalreason": ("view", "add", "change", "delete"),
        # Versions are added, never changed: a person's consent points to the words they agreed to.
        "referrals.consenttext": ("view", "add"),
        "privacy.retentionschedule": ("view", "change"),  # one schedule, made by a migration
        "support.referralplace": ("view", "add", "change", "delete"),
        # No delete: met requirements refer to them (switch off "in use" instead).
        "support.requirement": ("view", "add", "change"),
        "followups.cadenceconfig": ("view", "add", "change", "delete"),
        "expenses.allowance": ("view", "add", "change", "delete"),
        "reports.target": ("view", "add", "change", "delete"),
        "reports.periodtarget": ("view", "add", "change", "delete"),
        "reports.centrepatientprofile": ("view", "add", "change", "delete"),
        "volunteers.campaign": ("view", "add", "change"),
        "volunteers.regionsettings": ("view", "add", "change", "delete"),
    }.items()
}
LEADER_PERMISSION_CODES = frozenset(
    f"{label.split('.')[0]}.{action}_{label.split('.')[1]}"
    for label, actions in LEADER_PERMISSIONS.items()
    for action in actions
)


class User(AbstractUser):
    """A staff user, or a volunteer's portal account (role volunteer, no password: e-mailed login
    links). Participants are not users."""

    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    regions = models.ManyToManyField(
        Region,
        blank=True,
        related_name="staff",
        verbose_name=_("regions"),
        help_text=_("Consultants and student assistants work in these regions."),
    )
    treatment_centre = models.ForeignKey(
        TreatmentCentre,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="social_workers",
        verbose_name=_("treatment centre"),
        help_text=_("Required for social workers."),
    )
    phone = models.CharField(_("phone"), max_length=32, blank=True)
    # Mirrors "has a confirmed authenticator device" so the permission layer needs no extra query
    # per request; only accounts.services.two_factor_confirm / two_factor_remove / two_factor_sync set it.
    two_factor_enabled = models.BooleanField(_("two-factor login"), default=False, editable=False)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.CheckConstraint(
                condition=~Q(role="social_worker") | Q(treatment_centre__isnull=False),
                name="social_worker_has_centre",
                violation_error_message=_("A social worker must belong to a treatment centre."),
            )
        ]

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    def has_perm(self, perm, obj=None) -> bool:
        if self._leads() and perm in LEADER_PERMISSION_CODES:
            return True
        return super().has_perm(perm, obj)

    def has_module_perms(self, app_label) -> bool:
        if self._leads() and any(label.split(".")[0] == app_label for label in LEADER_PERMISSIONS):
            return True
        return super().has_module_perms(app_label)

    def _leads(self) -> bool:
        return self.is_active and self.role == Role.PROJECT_LEADER


# How long a set-up link works (accounts.services.setup_link_issue).
SETUP_LINK_DAYS = 3


class SetupLinkQuerySet(models.QuerySet):
    def for_token(self, token: str):
        return self.filter(token_hash=hash_token(token))

    def open(self):
        return self.filter(used_at__isnull=True, expires_at__gt=timezone.now())


class SetupLink(models.Model):
    """A one-time link with which a person sets up their account: a password of their own and an
    authenticator app. Only the SHA-256 of its secret is stored (lib/tokens.py)."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="setup_links")
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    created_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    used_at = models.DateTimeField(null=True, blank=True)

    objects = SetupLinkQuerySet.as_manager()

    class Meta:
        verbose_name = _("set-up link")
        verbose_name_plural = _("set-up links")

    def __str__(self) -> str:
        return f"{self.user_id} {self.created_at:%Y-%m-%d}"

    @property
    def is_used(self) -> bool:
        return self.used_at is not None

    @property
    def is_expired(self) -> bool:
        return self.expires_at <= timezone.now()
