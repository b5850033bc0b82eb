from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import User


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = [
        "username",
        "first_name",
        "last_name",
        "role",
        "treatment_centre",
        "is_active",
        "two_factor_enabled",
    ]
    list_filter = ["role", "regions", "is_active"]
    filter_horizontal = ["regions", "groups", "user_permissions"]
    fieldsets = (
        *DjangoUserAdmin.fieldsets,
        (_("Role and scope"), {"fields": ("role", "regions", "treatment_centre", "phone")}),
    )
    add_fieldsets = (
        *DjangoUserAdmin.add_fieldsets,
        (_("Role and scope"), {"fields": ("role", "regions", "treatment_centre")}),
    )


# Two-factor devices (django-otp registers these; import first so the registration has happened).
# Removing a device is how the project leader resets a lost phone: it removes the user's
# authenticator AND backup codes, through the service that records it in the audit log.
from django_otp.plugins.otp_static import admin as _otp_static_admin  # noqa: E402
from django_otp.plugins.otp_static.models import StaticDevice  # noqa: E402
from django_otp.plugins.otp_totp import admin as _otp_totp_admin  # noqa: E402
from django_otp.plugins.otp_totp.models import TOTPDevice  # noqa: E402

from .services import two_factor_remove  # noqa: E402


class _RemovesWholeTwoFactor:
    def has_add_permission(self, request):
        return False  # users set up their own device on the two-factor page

    def delete_model(self, request, obj):
        two_factor_remove(actor=request.user, user=obj.user)

    def delete_queryset(self, request, queryset):
        for user in {device.user for device in queryset.select_related("user")}:
            two_factor_remove(actor=request.user, user=user)


for _model, _base in (
    (TOTPDevice, _otp_totp_admin.TOTPDeviceAdmin),
    (StaticDevice, _otp_static_admin.StaticDeviceAdmin),
):
    if admin.site.is_registered(_model):
        admin.site.unregister(_model)
    admin.site.register(_model, type(f"Leader{_base.__name__}", (_RemovesWholeTwoFactor, _base), {}))
