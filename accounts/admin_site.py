"""The admin: where the project leader configures the program (docs/configuration.md).

Every app registers its configuration models on `site` (not on django.contrib.admin's default
site), so only what the project leader is meant to keep appears here. Who may use it: the
project leader (and a superuser, for the operator), with the second factor given when one is due,
exactly as on every other page (accounts.permissions.two_factor_redirect). What the leader may do
per model follows from the role: accounts.models.LEADER_PERMISSIONS.
"""

from django.contrib import admin
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _

from audit.models import Action
from audit.services import audit_record

from .models import Role
from .permissions import safe_next, two_factor_redirect


class AuditedAdmin:
    """Every change in the admin goes to the audit log, like a change anywhere else: which record,
    created / changed (the field names) / deleted, and by whom. Never the values. An admin whose
    services record their own changes (staff accounts, devices) sets `audits_itself`."""

    def _audits(self) -> bool:
        return not getattr(self, "audits_itself", False)  # set on the admin below this mixin

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if self._audits():
            detail = "fields: " + ", ".join(form.changed_data) if change and form.changed_data else ""
            audit_record(
                actor=request.user, action=Action.CHANGE if change else Action.CREATE, target=obj, detail=detail
            )

    def delete_model(self, request, obj):
        if self._audits():
            audit_record(actor=request.user, action=Action.DELETE, target=obj)
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        if self._audits():
            for obj in queryset:
                audit_record(actor=request.user, action=Action.DELETE, target=obj)
        super().delete_queryset(request, queryset)


class ConfigurationAdminSite(admin.AdminSite):
    site_header = "Livet Går Videre"
    site_title = "Livet Går Videre"
    index_title = _("Program configuration")

    def register(self, model_or_iterable, admin_class=None, **options):
        """Every model admin registered here writes to the audit log (AuditedAdmin)."""
        admin_class = admin_class or admin.ModelAdmin
        if not issubclass(admin_class, AuditedAdmin):
            admin_class = type(
                admin_class.__name__, (AuditedAdmin, admin_class), {"__module__": admin_class.__module__}
            )
        return super().register(model_or_iterable, admin_class, **options)

    def has_permission(self, request) -> bool:
        user = request.user
        return (
            super().has_permission(request)
            and (user.is_superuser or user.role == Role.PROJECT_LEADER)
            and two_factor_redirect(request) is None
        )

    def login(self, request, extra_context=None):
        """No second login form: the app's login (lockout, two-factor), then back here, or the
        Danish refusal for a role that does not configure the program."""
        next_url = safe_next(request, default=f"{self.name}:index")
        if not request.user.is_authenticated:
            return redirect_to_login(next_url)
        pending = two_factor_redirect(request, next_url=next_url)
        if pending is not None:
            return pending
        if self.has_permission(request):
            return redirect(next_url)
        raise PermissionDenied


site = ConfigurationAdminSite(name="admin")
