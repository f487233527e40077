from django.contrib import admin

from .models import PushMessage, PushSubscription


@admin.register(PushSubscription)
class PushSubscriptionAdmin(admin.ModelAdmin):
    list_display = ("membership", "endpoint", "created_at")
    list_select_related = ("membership__user", "membership__account")
    search_fields = ("membership__user__email",)
    readonly_fields = ("membership", "endpoint", "p256dh", "auth", "created_at")


@admin.register(PushMessage)
class PushMessageAdmin(admin.ModelAdmin):
    list_display = ("kind", "subscription", "status", "attempts", "created_at", "sent_at")
    list_filter = ("status", "kind")
    readonly_fields = [f.name for f in PushMessage._meta.fields]
