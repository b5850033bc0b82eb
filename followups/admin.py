from django.contrib import admin

from accounts.admin_site import site

from .models import CadenceConfig, ReferralPlace


@admin.register(ReferralPlace, site=site)
class ReferralPlaceAdmin(admin.ModelAdmin):
    """Places to refer a volunteer carrying heavy responsibility (benefits, pensions, authorities)."""

    list_display = ["name", "region", "contact", "active"]
    list_select_related = ["region"]
    list_filter = ["active", "region"]


@admin.register(CadenceConfig, site=site)
class CadenceConfigAdmin(admin.ModelAdmin):
    list_display = ["__str__", "day_after", "one_month", "three_months", "touch_base_months", "yearly"]
