"""Ops read inquiries here. State changes go through the services (web, API, email), so the
inquiry, its messages and events are read-only in admin: editing app, customer or purchase here
would bypass the tenancy and purchase-ownership checks, so those fields are shown, not edited.
"""

from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import Inquiry, InquiryEvent, Message, ReplyTemplate


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class MessageInline(ReadOnlyInline):
    model = Message
    fields = ["created_at", "author_kind", "author", "via", "is_internal", "shown_text", "email"]
    readonly_fields = fields
    ordering = ["created_at", "id"]

    @admin.display(description=_("message"))
    def shown_text(self, message: Message) -> str:
        # A system message is a code: ops read it in their language, not the stored English.
        return message.text


class InquiryEventInline(ReadOnlyInline):
    model = InquiryEvent
    fields = ["created_at", "kind", "clock", "actor", "data"]
    readonly_fields = fields
    ordering = ["created_at", "id"]


class EscalatedFilter(admin.SimpleListFilter):
    title = _("escalated")
    parameter_name = "escalated"

    def lookups(self, request, model_admin):
        return [("yes", _("Escalated (current clock)")), ("no", _("Not escalated"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(escalated_at__isnull=False)
        if self.value() == "no":
            return queryset.filter(escalated_at__isnull=True)
        return queryset


@admin.register(Inquiry)
class InquiryAdmin(admin.ModelAdmin):
    list_display = [
        "id",
        "subject",
        "app",
        "customer",
        "category",
        "status",
        "due_at",
        "escalated_at",
        "last_message_at",
    ]
    list_filter = ["status", "category", EscalatedFilter, ("app", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["subject", "=customer__customer_number", "=id"]
    list_select_related = ["app", "customer"]
    date_hierarchy = "created_at"
    ordering = ["-last_message_at"]
    inlines = [MessageInline, InquiryEventInline]
    readonly_fields = [
        "account",
        "app",
        "customer",
        "purchase",
        "category",
        "subject",
        "status",
        "clock",
        "awaiting_since",
        "due_at",
        "first_response_at",
        "escalated_at",
        "created_at",
        "last_message_at",
        "closed_at",
    ]
    exclude = ["search_text"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ReplyTemplate)
class ReplyTemplateAdmin(admin.ModelAdmin):
    list_display = ["name", "account"]
    search_fields = ["name", "account__name"]
    list_select_related = ["account"]
    autocomplete_fields = ["account"]
