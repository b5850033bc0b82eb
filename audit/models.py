from django.apps import apps
from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from . import display

# Record types with a page of their own: (url name, kwarg).
RECORD_PAGES = {
    "referrals.participant": ("referrals:detail", "participant_id"),
    "volunteers.volunteer": ("volunteers:detail", "volunteer_id"),
    "matches.match": ("matches:detail", "match_id"),
}


# Room for the ids of a full list page (50 rows) in one event.
DETAIL_MAX = 1000


class Action(models.TextChoices):
    VIEW = "view", _("Viewed")
    CREATE = "create", _("Created")
    CHANGE = "change", _("Changed")
    DELETE = "delete", _("Deleted")
    EXPORT = "export", _("Exported")
    IMPORT = "import", _("Imported")


class AuditEvent(models.Model):
    """Who did what to which personal record, when. Never the record's content."""

    at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("user"),
    )
    action = models.CharField(_("action"), max_length=16, choices=Action.choices)
    target_type = models.CharField(_("record type"), max_length=64)
    target_id = models.CharField(_("record"), max_length=64, blank=True)
    # What was done, in words without personal data ("status: accepted", "12 rows").
    detail = models.CharField(_("detail"), max_length=DETAIL_MAX, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        indexes = [
            models.Index(fields=["target_type", "target_id"]),
            # The audit log's record filter asks for an id whatever its type.
            models.Index(fields=["target_id"], name="audit_event_target_id"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.target_type}:{self.target_id}"

    @property
    def target_label(self) -> str:
        """The record type in words ("deltager"), not the internal label."""
        try:
            return capfirst(apps.get_model(self.target_type)._meta.verbose_name)
        except (LookupError, ValueError):
            return self.target_type

    @property
    def detail_label(self) -> str:
        return display.detail_label(self.target_type, self.detail)

    @property
    def target_url(self) -> str | None:
        page = RECORD_PAGES.get(self.target_type)
        if page is None or not self.target_id.isdigit():
            return None
        url_name, kwarg = page
        return reverse(url_name, kwargs={kwarg: int(self.target_id)})


class ListedRecord(models.Model):
    """A record a list page showed, one row per id: "who has seen this person" is then an index
    lookup, not a search through every event's text. Ids only, like the event."""

    event = models.ForeignKey(AuditEvent, on_delete=models.CASCADE, related_name="listed")
    record_id = models.CharField(_("record"), max_length=64)

    class Meta:
        verbose_name = _("listed record")
        verbose_name_plural = _("listed records")
        constraints = [models.UniqueConstraint(fields=["event", "record_id"], name="listed_record_once_per_event")]
        indexes = [models.Index(fields=["record_id"], name="audit_listed_record_id")]

    def __str__(self) -> str:
        return f"{self.event_id}:{self.record_id}"
