from django.contrib import admin
from django.db import models

from .models import Delivery, DeliveryAttempt, Endpoint


@admin.register(Endpoint)
class EndpointAdmin(admin.ModelAdmin):
    list_display = ["url", "account", "format", "enabled", "failures", "disabled_at", "created_at"]
    list_filter = ["enabled", "format"]
    search_fields = ["url", "account__name"]
    # The signing secrets are the developer's; ops never need to read them.
    exclude = ["secret", "previous_secret"]
    readonly_fields = ["failures", "failing_since", "disabled_at", "disabled_reason"]
    # Endpoints are https:// (Django 6's default for a URL typed without a scheme).
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    list_display = [
        "created_at",
        "event_type",
        "endpoint",
        "status",
        "attempts",
        "last_status_code",
    ]
    list_filter = ["status", "event_type"]
    raw_id_fields = ["endpoint"]
    readonly_fields = ["msg_id", "dedupe_key", "payload"]


@admin.register(DeliveryAttempt)
class DeliveryAttemptAdmin(admin.ModelAdmin):
    list_display = ["attempted_at", "endpoint", "status_code", "duration_ms", "ok"]
    raw_id_fields = ["delivery", "endpoint"]
