from django.contrib import admin

from accounts.admin_site import site

from .models import RetentionSchedule


@admin.register(RetentionSchedule, site=site)
class RetentionScheduleAdmin(admin.ModelAdmin):
    """One schedule (made by a migration): the leader changes it, never adds a second one or deletes it."""

    list_display = ["__str__", "withdrawn_consent_days", "closed_referral_days", "ended_match_days", "audit_days"]
