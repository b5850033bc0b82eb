from django.contrib import admin

from accounts.admin_site import site

from .models import CentrePatientProfile, PeriodTarget, Target


@admin.register(Target, site=site)
class TargetAdmin(admin.ModelAdmin):
    list_display = ["region", "year", "matches", "well_functioning_pct"]
    list_filter = ["region", "year"]
    list_editable = ["matches", "well_functioning_pct"]


@admin.register(PeriodTarget, site=site)
class PeriodTargetAdmin(admin.ModelAdmin):
    list_display = ["label", "starts_on", "ends_on", "volunteers_recruited", "referrals_accepted"]


@admin.register(CentrePatientProfile, site=site)
class CentrePatientProfileAdmin(admin.ModelAdmin):
    list_display = ["centre", "year", "share_women_pct"]
    list_filter = ["centre", "year"]
