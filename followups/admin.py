from django.contrib import admin

from .models import CadenceConfig, ReferralPlace


@admin.register(ReferralPlace)
class ReferralPlaceAdmin(admin.ModelAdmin):
    """Places to refer a volunteer carrying heavy responsibility (benefits, pensions, authorities)."""

    list_display = ["name", "region", "contact", "active"]
    list_filter = ["active", "region"]


@admin.register(CadenceConfig)
class CadenceConfigAdmin(admin.ModelAdmin):
    list_display = ["__str__", "day_after", "one_month", "three_months", "touch_base_months", "yearly"]
