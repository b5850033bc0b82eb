from django.contrib import admin

from accounts.admin_site import site

from .models import EndReason


@admin.register(EndReason, site=site)
class EndReasonAdmin(admin.ModelAdmin):
    """The project leader keeps the list of reasons for ending a match."""

    list_display = ["name", "active", "order"]
    list_editable = ["active", "order"]
