from django.contrib import admin

from accounts.admin_site import site
from volunteers import pool_version

from .models import ReferralPlace, Requirement


@admin.register(Requirement, site=site)
class RequirementAdmin(admin.ModelAdmin):
    """What every volunteer must have; "needed before a first match" makes it a matching constraint."""

    list_display = ["name", "before_first_match", "valid_months", "active", "order"]
    list_editable = ["order"]
    list_filter = ["active", "before_first_match"]

    # Which requirements are needed before a first match decides who is in the matching pools.
    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        pool_version.bump()

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        pool_version.bump()

    def delete_queryset(self, request, queryset):
        super().delete_queryset(request, queryset)
        pool_version.bump()


@admin.register(ReferralPlace, site=site)
class ReferralPlaceAdmin(admin.ModelAdmin):
    """The directory is kept on its own page (/support/places/); the admin is a second way in."""

    list_display = ["name", "category", "region", "contact", "active"]
    list_select_related = ["region"]
    list_filter = ["active", "category", "region"]
