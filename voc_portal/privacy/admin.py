from django.contrib import admin

from .models import LifecycleRun


@admin.register(LifecycleRun)
class LifecycleRunAdmin(admin.ModelAdmin):
    """Read-only: the audit of what the sweeps destroyed."""

    list_display = ["ran_at", "kind", "cutoff", "counts"]
    list_filter = ["kind"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
