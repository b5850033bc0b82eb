from django.contrib import admin

from .models import Campaign, Course, RegionSettings


@admin.register(Course)
class CourseAdmin(admin.ModelAdmin):
    list_display = ["title", "held_on", "region"]
    list_filter = ["region"]
    search_fields = ["title"]


@admin.register(RegionSettings)
class RegionSettingsAdmin(admin.ModelAdmin):
    list_display = ["region", "sleep_on_it_days"]


@admin.register(Campaign)
class CampaignAdmin(admin.ModelAdmin):
    list_display = ["name", "channel", "region", "starts_on", "ends_on", "slug"]
    list_filter = ["channel", "region"]
    readonly_fields = ["slug"]
