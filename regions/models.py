from django.db import models
from django.utils.translation import gettext_lazy as _


class Region(models.Model):
    """One of Denmark's regions. Regions are data: adding one needs no code change."""

    slug = models.SlugField(_("slug"), unique=True)
    name = models.CharField(_("name"), max_length=100, unique=True)
    code = models.CharField(_("official code"), max_length=4, unique=True)
    active = models.BooleanField(_("program runs here"), default=False)

    class Meta:
        ordering = ["name"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")

    def __str__(self) -> str:
        return self.name


class TreatmentCentre(models.Model):
    """A referring treatment centre (behandlingssted)."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="centres", verbose_name=_("region"))
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["region__name", "name"]
        verbose_name = _("treatment centre")
        verbose_name_plural = _("treatment centres")

    def __str__(self) -> str:
        return self.name
