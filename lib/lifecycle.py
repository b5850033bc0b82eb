"""Status lifecycles as explicit state machines: only allowed transitions, each recorded as a row."""

from datetime import date

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .errors import OperationRefused


class InvalidTransition(OperationRefused):
    """Not allowed from the current status, or the record moved on meanwhile."""


class StatusChangeBase(models.Model):
    """One row per transition: from, to, the date it took effect, who, why."""

    from_status = models.CharField(_("from"), max_length=32, blank=True)
    to_status = models.CharField(_("to"), max_length=32)
    on = models.DateField(_("date"))
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    reason = models.TextField(_("reason"), blank=True)
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        abstract = True
        ordering = ["on", "recorded_at", "pk"]


class Lifecycle(models.Model):
    """Mixin for a model with `status`, `status_changed_on` and a `TRANSITIONS` table.

    Subclasses set `TRANSITIONS = {from_status: {to_status, ...}}` and `status_changes`
    as the related name of their StatusChangeBase model.
    """

    TRANSITIONS: dict[str, set[str]] = {}

    class Meta:
        abstract = True

    def can_transition(self, to_status: str) -> bool:
        return to_status in self.TRANSITIONS.get(self.status, set())

    def allowed_transitions(self) -> set[str]:
        return set(self.TRANSITIONS.get(self.status, set()))

    def transition(self, to_status: str, *, on: date, by=None, reason: str = "", extra_fields=()):
        """Move to `to_status`, save the status and `extra_fields`, and record the change."""
        if not self.can_transition(to_status):
            raise InvalidTransition(
                _("A %(model)s cannot go from %(from)s to %(to)s.")
                % {
                    "model": self._meta.verbose_name,
                    "from": self.get_status_display(),
                    "to": self._status_label(to_status),
                }
            )
        from_status = self.status
        values = {"status": to_status, "status_changed_on": on}
        values.update({field: getattr(self, field) for field in extra_fields})
        # Conditional on the status we read: of two concurrent transitions only one applies.
        updated = type(self)._default_manager.filter(pk=self.pk, status=from_status).update(**values)
        if not updated:
            raise InvalidTransition(
                _("Someone else changed this %(model)s meanwhile. Reload the page and try again.")
                % {"model": self._meta.verbose_name}
            )
        self.status = to_status
        self.status_changed_on = on
        self.status_changes.create(from_status=from_status, to_status=to_status, on=on, by=by, reason=reason)

    def _status_label(self, status: str) -> str:
        return dict(self._meta.get_field("status").choices).get(status, status)
