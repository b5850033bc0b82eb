"""Staff accounts and two-factor devices in the admin, kept by the project leader.

The leader creates and changes the accounts of consultants, student assistants, social workers
and evaluators, deactivates them (their sessions end) and resets their two-factor login. Accounts
of project leaders and superusers are the operator's (a superuser): the leader only sees them, so
no one can raise their own or anyone else's rights. Every change is in the audit log.
"""

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_otp.plugins.otp_static import admin as otp_static_admin
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp import admin as otp_totp_admin
from django_otp.plugins.otp_totp.models import TOTPDevice

from regions.models import Region, TreatmentCentre

from . import services
from .admin_site import site
from .forms import StaffAccountChangeForm, StaffAccountCreationForm
from .models import Role, User


def _manages(actor, user) -> bool:
    return actor.is_superuser or not (user.is_superuser or user.role == Role.PROJECT_LEADER)


_ACCOUNT = (None, {"fields": ("username", "password")})
_PERSON = (_("Name and contact"), {"fields": ("first_name", "last_name", "email", "phone")})
_SCOPE = (_("Role and scope"), {"fields": ("role", "regions", "treatment_centre")})
_STATUS = (_("Status"), {"fields": ("is_active", "two_factor_enabled", "last_login", "date_joined")})
_RIGHTS = (_("Rights (operator only)"), {"fields": ("is_staff", "is_superuser", "groups", "user_permissions")})


@admin.register(User, site=site)
class UserAdmin(DjangoUserAdmin):
    form = StaffAccountChangeForm
    add_form = StaffAccountCreationForm
    list_display = [
        "username",
        "first_name",
        "last_name",
        "role",
        "treatment_centre",
        "is_active",
        "two_factor_enabled",
    ]
    list_select_related = ["treatment_centre"]
    list_filter = ["role", "regions", "is_active"]
    filter_horizontal = ["regions", "groups", "user_permissions"]
    readonly_fields = ["two_factor_enabled", "last_login", "date_joined"]
    fieldsets = (_ACCOUNT, _PERSON, _SCOPE, _STATUS)
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("username", "usable_password", "password1", "password2")}),
        _PERSON,
        _SCOPE,
    )
    actions = ["deactivate", "reset_two_factor"]

    def get_fieldsets(self, request, obj=None):
        if obj is not None and request.user.is_superuser:
            return (*self.fieldsets, _RIGHTS)
        return super().get_fieldsets(request, obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and (obj is None or _manages(request.user, obj))

    def formfield_for_choice_field(self, db_field, request, **kwargs):
        if db_field.name == "role" and not request.user.is_superuser:
            kwargs["choices"] = [(value, label) for value, label in Role.choices if value != Role.PROJECT_LEADER]
        return super().formfield_for_choice_field(db_field, request, **kwargs)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        changed = [name for name in form.changed_data if name not in ("password1", "password2", "usable_password")]
        services.staff_account_saved(actor=request.user, user=form.instance, created=not change, changed=changed)

    def user_change_password(self, request, id, form_url=""):
        response = super().user_change_password(request, id, form_url)
        if request.method == "POST" and response.status_code == 302:
            services.staff_password_set(actor=request.user, user=self.get_object(request, id))
        return response

    def _managed(self, request, queryset):
        return [user for user in queryset if _manages(request.user, user)]

    @admin.action(
        description=_("Deactivate the selected accounts (they are logged out at once)"), permissions=["change"]
    )
    def deactivate(self, request, queryset):
        users = [user for user in self._managed(request, queryset) if user.is_active and user != request.user]
        for user in users:
            services.staff_deactivate(actor=request.user, user=user)
        count = len(users)
        self.message_user(
            request,
            ngettext("%(count)d account deactivated.", "%(count)d accounts deactivated.", count) % {"count": count},
            messages.SUCCESS,
        )

    @admin.action(description=_("Reset two-factor login (lost or new phone)"), permissions=["change"])
    def reset_two_factor(self, request, queryset):
        users = [
            user
            for user in self._managed(request, queryset)
            if services.two_factor_remove(actor=request.user, user=user)
        ]
        count = len(users)
        self.message_user(
            request,
            ngettext(
                "Two-factor login reset for %(count)d account: they set it up again at their next login.",
                "Two-factor login reset for %(count)d accounts: they set it up again at their next login.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )


class _RemovesWholeTwoFactor:
    """Removing a device is resetting the user's two-factor login: the authenticator AND the
    backup codes go, through the service that records it in the audit log."""

    def has_add_permission(self, request):
        return False  # users set up their own device on the two-factor page

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or _manages(request.user, obj.user))

    def delete_model(self, request, obj):
        services.two_factor_remove(actor=request.user, user=obj.user)

    def delete_queryset(self, request, queryset):
        for user in {device.user for device in queryset.select_related("user")}:
            if _manages(request.user, user):
                services.two_factor_remove(actor=request.user, user=user)


for _model, _base in (
    (TOTPDevice, otp_totp_admin.TOTPDeviceAdmin),
    (StaticDevice, otp_static_admin.StaticDeviceAdmin),
):
    site.register(_model, type(f"Leader{_base.__name__}", (_RemovesWholeTwoFactor, _base), {}))


# The regions app sits below accounts, so its configuration is registered here, on the leader's site.
@admin.register(Region, site=site)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "code", "active"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(TreatmentCentre, site=site)
class TreatmentCentreAdmin(admin.ModelAdmin):
    list_display = ["name", "region", "active"]
    list_filter = ["region", "active"]
    search_fields = ["name"]
