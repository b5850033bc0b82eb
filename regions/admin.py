from django.contrib import admin

from accounts.admin_site import site

from .models import Region, TreatmentCentre


@admin.register(Region, site=site)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "code", "active"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(TreatmentCentre, site=site)
class TreatmentCentreAdmin(admin.ModelAdmin):
    list_display = ["name", "region", "active"]
    list_filter = ["region", "active"]
    search_fields = ["name"]
