from django.contrib import admin

from accounts.admin_site import site

from .models import ConsentText, WithdrawalReason


@admin.register(WithdrawalReason, site=site)
class WithdrawalReasonAdmin(admin.ModelAdmin):
    """The project leader keeps the list of reasons for withdrawing a referral or a waiting person."""

    list_display = ["name", "active", "order"]
    list_editable = ["active", "order"]


@admin.register(ConsentText, site=site)
class ConsentTextAdmin(admin.ModelAdmin):
    """New versions of the consent texts; a published version is never changed (people agreed to it)."""

    list_display = ["kind", "version", "published_on"]
    list_filter = ["kind"]
