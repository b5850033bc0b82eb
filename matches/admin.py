from django.contrib import admin

from .models import EndReason


@admin.register(EndReason)
class EndReasonAdmin(admin.ModelAdmin):
    """The project leader keeps the list of reasons for ending a match."""

    list_display = ["name", "active", "order"]
    list_editable = ["active", "order"]
