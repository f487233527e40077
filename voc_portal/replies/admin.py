from django.contrib import admin

from .models import ReplyTemplate


@admin.register(ReplyTemplate)
class ReplyTemplateAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "account", "created_at")
    list_filter = ("kind",)
    search_fields = ("name", "body", "account__name")
    list_select_related = ("account",)
