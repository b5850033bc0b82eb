from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from regions.models import Region
from volunteers.models import Campaign


class GapCampaign(models.Model):
    """A recruitment campaign started from a gap on the "where volunteers are needed" page, so its
    effect can be followed: applications and approvals from the area or group after `created_on`."""

    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+", verbose_name=_("region"))
    municipality = models.CharField(_("municipality"), max_length=100, blank=True)  # "" for the region
    need = models.CharField(_("group"), max_length=40)  # a planning.profiles key
    created_on = models.DateField(_("created on"))
    waiting = models.PositiveIntegerField(_("waiting then"))
    gap = models.PositiveIntegerField(_("gap then"))
    campaign = models.OneToOneField(Campaign, on_delete=models.CASCADE, related_name="gap", verbose_name=_("campaign"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_on", "-pk"]
        verbose_name = _("campaign for a gap")
        verbose_name_plural = _("campaigns for gaps")

    def __str__(self) -> str:
        return f"{self.region} {self.municipality} {self.need}".strip()
