from django.contrib import admin
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from .models import OutboundEmail
from .preview import email_html_response, email_shown
from .services import outbound_email_requeue


@admin.register(OutboundEmail)
class OutboundEmailAdmin(admin.ModelAdmin):
    """The outbox, read-only: rows change only through voc_portal.mail.services."""

    list_display = [
        "created_at",
        "kind",
        "to_email",
        "subject_shown",
        "status",
        "attempts",
        "sent_at",
    ]
    list_filter = ["status", "kind", "language"]
    search_fields = ["to_email", "subject", "=message_id", "=provider_message_id", "dedupe_key"]
    date_hierarchy = "created_at"
    ordering = ["-created_at", "-id"]
    fieldsets = (
        (None, {"fields": ("kind", "status", "to_email", "to_user", "language", "subject")}),
        (_("Content"), {"fields": ("text_preview", "html_preview", "template")}),
        (
            _("Delivery"),
            {
                "fields": (
                    "from_email",
                    "reply_to",
                    "headers",
                    "message_id",
                    "dedupe_key",
                    "provider_message_id",
                    "attempts",
                    "last_error",
                    "created_at",
                    "claimed_at",
                    "next_attempt_at",
                    "sent_at",
                    "status_changed_at",
                )
            },
        ),
    )

    actions = ["requeue_failed"]

    @admin.action(description=_("Send failed emails again"), permissions=["requeue"])
    def requeue_failed(self, request, queryset):
        moved = outbound_email_requeue(email_ids=list(queryset.values_list("pk", flat=True)))
        self.message_user(request, _("%(count)d failed email(s) queued again.") % {"count": moved})

    def has_requeue_permission(self, request) -> bool:
        # Rows are never edited by hand; a retry goes through the outbox service.
        return request.user.has_perm("mail.change_outboundemail")

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields] + ["text_preview", "html_preview"]

    @admin.display(description=_("subject"), ordering="subject")
    def subject_shown(self, obj) -> str:
        return email_shown(obj).subject

    @admin.display(description=_("text body"))
    def text_preview(self, obj) -> str:
        # A deferred row not sent yet shows the text it will be sent with (rendered now).
        return format_html(
            '<pre style="white-space: pre-wrap">{}</pre>', email_shown(obj).body_text
        )

    @admin.display(description=_("HTML"))
    def html_preview(self, obj) -> str:
        if not email_shown(obj).body_html:
            return "—"
        # Sandboxed frame: the stored HTML as the recipient sees it, never running script.
        url = reverse("admin:mail_outboundemail_html", args=[obj.pk])
        return format_html(
            '<iframe sandbox src="{}" width="100%" height="420" title="HTML"></iframe>', url
        )

    def get_urls(self):
        urls = [
            path(
                "<int:pk>/html/",
                self.admin_site.admin_view(self.html_view),
                name="mail_outboundemail_html",
            )
        ]
        return urls + super().get_urls()

    def html_view(self, request, pk: int):
        email = get_object_or_404(OutboundEmail, pk=pk)
        if not self.has_view_permission(request, email):
            from django.core.exceptions import PermissionDenied

            raise PermissionDenied
        return email_html_response(email)

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        # Viewable (with the view or change permission) but nothing can be saved.
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
