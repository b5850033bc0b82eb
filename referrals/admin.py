from django.contrib import admin

from .models import WithdrawalReason


@admin.register(WithdrawalReason)
class WithdrawalReasonAdmin(admin.ModelAdmin):
    list_display = ["name", "active", "order"]
    list_editable = ["active", "order"]
