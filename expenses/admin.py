from django.contrib import admin

from accounts.admin_site import site

from .models import Allowance


@admin.register(Allowance, site=site)
class AllowanceAdmin(admin.ModelAdmin):
    """The yearly expense allowance per match: a row without region is the year's default."""

    list_display = ["year", "region", "amount"]
    list_select_related = ["region"]
    list_filter = ["year", "region"]
