from django.contrib import admin

from .models import Region, TreatmentCentre


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "code", "active"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(TreatmentCentre)
class TreatmentCentreAdmin(admin.ModelAdmin):
    list_display = ["name", "region", "active"]
    list_filter = ["region", "active"]
    search_fields = ["name"]
