"""The dev mailbox: with DEBUG on, every stored outbox row is readable at /mail/dev/.

No provider is needed to see what the portal sends (`make run`). With DEBUG off these pages are
404 for everyone; ops staff read the same rows in the admin.
"""

from django.conf import settings
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.views import View

from voc_portal.core.pagination import InvalidCursor, clamp_page_size, keyset_page

from .models import OutboundEmail
from .preview import email_html_response, email_shown


class DebugOnlyMixin:
    def dispatch(self, request, *args, **kwargs):
        if not settings.DEBUG:
            raise Http404("The dev mailbox exists only with DEBUG on.")
        return super().dispatch(request, *args, **kwargs)


class DevMailboxView(DebugOnlyMixin, View):
    def get(self, request):
        emails = OutboundEmail.objects.only(
            "id",
            "kind",
            "to_email",
            "subject",
            "status",
            "created_at",
            "language",
            "reply_to",
            "template",
            "render_context",
        )
        if to := request.GET.get("to", "").strip():
            emails = emails.filter(to_email__iexact=to)
        try:
            page = keyset_page(
                emails,
                ordering=["-created_at", "-id"],
                cursor=request.GET.get("cursor") or None,
                page_size=clamp_page_size(request.GET.get("size"), default=50),
            )
        except InvalidCursor as exc:
            raise Http404("Bad cursor.") from exc
        for email in page.items:
            email_shown(email)  # a deferred row's subject, rendered for reading
        return render(request, "mail/dev_mailbox.html", {"page": page, "to": to})


class DevMessageView(DebugOnlyMixin, View):
    def get(self, request, pk: int):
        email = email_shown(get_object_or_404(OutboundEmail, pk=pk))
        return render(request, "mail/dev_message.html", {"email": email})


class DevMessageHtmlView(DebugOnlyMixin, View):
    def get(self, request, pk: int):
        return email_html_response(get_object_or_404(OutboundEmail, pk=pk))
