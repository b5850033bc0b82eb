from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q, Sum
from django.utils.translation import gettext_lazy as _

from accounts.models import Role
from matches.models import Match
from regions.models import Region

# When the leader has set no allowance for a year (neither for the region nor as the default).
FALLBACK_ALLOWANCE_DKK = 1000  # the admin's help text says so too


class AllowanceQuerySet(models.QuerySet):
    def amount_for(self, *, region, year: int) -> int:
        """The yearly allowance per match: the region's for the year, else the year's default
        (a row without region), else FALLBACK_ALLOWANCE_DKK."""
        rows = {row.region_id: row.amount for row in self.filter(Q(region=region) | Q(region__isnull=True), year=year)}
        region_id = getattr(region, "pk", region)
        if region_id in rows:
            return rows[region_id]
        return rows.get(None, FALLBACK_ALLOWANCE_DKK)


class Allowance(models.Model):
    """How much a match may spend in a calendar year (DKK), per region; a row without region is
    the default for every region that year. The project leader keeps them in the admin."""

    region = models.ForeignKey(
        Region,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("region"),
        help_text=_("Empty: the default for every region without its own amount."),
    )
    year = models.PositiveSmallIntegerField(_("year"))
    amount = models.PositiveIntegerField(
        _("allowance per match (DKK)"),
        help_text=_("Without any row for a year, a match may spend 1000 kr. that year."),
    )

    objects = AllowanceQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "region__name"]
        verbose_name = _("expense allowance")
        verbose_name_plural = _("expense allowances")
        constraints = [
            models.UniqueConstraint(fields=["region", "year"], name="one_allowance_per_region_year"),
            models.UniqueConstraint(
                fields=["year"], condition=Q(region__isnull=True), name="one_default_allowance_per_year"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.region or _('Default')} {self.year}: {self.amount} kr."


class Category(models.TextChoices):
    TRANSPORT = "transport", _("Transport")
    CAFE = "cafe", _("Café")
    ENTRANCE = "entrance", _("Entrance")
    MATERIAL = "material", _("Material")
    OTHER = "other", _("Other")


class ExpenseStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    OVER_ALLOWANCE = "over_allowance", _("Over the allowance: awaits the project leader")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    PAID = "paid", _("Paid")


S = ExpenseStatus
# Expenses that use the allowance up.
COUNTED_STATUSES = (S.APPROVED, S.PAID)
PENDING_STATUSES = (S.SUBMITTED, S.OVER_ALLOWANCE)


class ExpenseQuerySet(models.QuerySet):
    def for_user(self, user):
        """The expenses this user may see: the volunteer their own, a consultant their regions', the
        project leader all; nobody else any."""
        qs = self.select_related("match__region", "volunteer")
        if user.role == Role.PROJECT_LEADER:
            return qs
        if user.role == Role.CONSULTANT:
            return qs.filter(match__region__in=user.regions.all())
        if user.role == Role.VOLUNTEER:
            return qs.filter(volunteer__user=user)
        return qs.none()

    def of_year(self, year: int):
        return self.filter(spent_on__year=year)

    def counted(self):
        return self.filter(status__in=COUNTED_STATUSES)

    def total(self) -> Decimal:
        return self.aggregate(total=Sum("amount"))["total"] or Decimal("0")


class Expense(models.Model):
    # Matches and volunteers are never deleted in the program (only the demo rebuild deletes its own).
    match = models.ForeignKey(Match, on_delete=models.CASCADE, related_name="expenses", verbose_name=_("match"))
    # The volunteer who paid (the match's; kept so scoping needs no join through the match).
    volunteer = models.ForeignKey(
        "volunteers.Volunteer", on_delete=models.CASCADE, related_name="expenses", verbose_name=_("volunteer")
    )
    spent_on = models.DateField(_("date"))
    amount = models.DecimalField(
        _("amount (DKK)"), max_digits=8, decimal_places=2, validators=[MinValueValidator(Decimal("0.01"))]
    )
    category = models.CharField(_("category"), max_length=16, choices=Category.choices)
    note = models.CharField(_("note"), max_length=300, blank=True)
    # The receipt lives in the private receipt folder (expenses/receipts.py) under a random name.
    receipt_name = models.CharField(max_length=80, editable=False)
    receipt_type = models.CharField(max_length=40, editable=False)
    receipt_size = models.PositiveIntegerField(editable=False)

    status = models.CharField(_("status"), max_length=16, choices=S.choices, default=S.SUBMITTED)
    submitted_at = models.DateTimeField(_("submitted"), auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    reject_reason = models.CharField(_("reason for rejecting"), max_length=300, blank=True)
    over_approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    paid_on = models.DateField(_("paid on"), null=True, blank=True)
    paid_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = ExpenseQuerySet.as_manager()

    class Meta:
        ordering = ["-spent_on", "-pk"]
        verbose_name = _("expense")
        verbose_name_plural = _("expenses")
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="expense_amount_positive"),
            models.CheckConstraint(
                condition=Q(status="rejected") | Q(reject_reason=""), name="expense_reason_only_rejected"
            ),
            models.CheckConstraint(
                condition=Q(status="paid", paid_on__isnull=False) | (~Q(status="paid") & Q(paid_on__isnull=True)),
                name="expense_paid_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.match.reference} {self.spent_on} {self.amount}"
