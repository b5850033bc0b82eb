from django.contrib import admin

from accounts.admin_site import site

from .models import WithdrawalReason


@admin.register(WithdrawalReason, site=site)
class WithdrawalReasonAdmin(admin.ModelAdmin):
    """The project leader keeps the list of reasons for withdrawing a referral or a waiting person."""

    list_display = ["name", "active", "order"]
    list_editable = ["active", "order"]
