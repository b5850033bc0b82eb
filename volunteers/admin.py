from django.contrib import admin

from accounts.admin_site import site

from .models import Campaign, RegionSettings


@admin.register(RegionSettings, site=site)
class RegionSettingsAdmin(admin.ModelAdmin):
    list_display = ["region", "sleep_on_it_days"]


@admin.register(Campaign, site=site)
class CampaignAdmin(admin.ModelAdmin):
    list_display = ["name", "channel", "region", "starts_on", "ends_on", "slug"]
    list_select_related = ["region"]
    list_filter = ["channel", "region"]
    readonly_fields = ["slug"]
