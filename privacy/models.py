from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class RetentionSchedule(models.Model):
    """How long the program keeps each class of personal data (one row; the project leader edits it
    in the admin). `manage.py apply_retention` erases what has passed its time."""

    withdrawn_consent_days = models.PositiveIntegerField(
        _("erase after consent is withdrawn (days)"),
        default=30,
        help_text=_("Time to finish what is under way before the person is erased."),
    )
    closed_referral_days = models.PositiveIntegerField(_("declined or withdrawn referrals (days)"), default=365)
    ended_match_days = models.PositiveIntegerField(
        _("people of ended matches, after the end (days)"), default=3 * 365 + 1
    )
    rejected_application_days = models.PositiveIntegerField(
        _("rejected or withdrawn volunteer applications (days)"), default=183
    )
    audit_days = models.PositiveIntegerField(_("audit events (days)"), default=5 * 365 + 1)
    updated_at = models.DateTimeField(_("changed"), auto_now=True)

    class Meta:
        verbose_name = _("retention schedule")
        verbose_name_plural = _("retention schedule")
        constraints = [
            # Audit events are evidence of who read what: never kept shorter than a year.
            models.CheckConstraint(condition=Q(audit_days__gte=365), name="retention_audit_at_least_a_year"),
        ]

    def __str__(self) -> str:
        return str(_("Retention schedule"))

    @classmethod
    def current(cls) -> "RetentionSchedule":
        return cls.objects.order_by("pk").first() or cls.objects.create()
