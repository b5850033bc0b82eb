from django.contrib import admin

from accounts.admin_site import site

from .models import CadenceConfig


@admin.register(CadenceConfig, site=site)
class CadenceConfigAdmin(admin.ModelAdmin):
    list_display = ["__str__", "day_after", "one_month", "three_months", "touch_base_months", "yearly"]
