"""The reply box's "Preview email": the customer's mail for the text in the box, before sending.

Rendered through inquiries.emails (the same spec and render function as the real mail, so the
layout is whatever the mail layer makes it); shown as the stored mail is in admin, under the
email CSP (inline styles, no script). Nothing is saved or sent.
"""

from __future__ import annotations

from django.http import HttpResponse
from django.utils.html import escape, format_html
from django.utils.translation import gettext as _
from django.views import View

from voc_portal.mail.preview import email_html_response

from .. import emails
from ..forms import ReplyForm
from .developer import MemberInquiryMixin


class _Preview:
    """What email_html_response shows: the mail's HTML, its subject on top."""

    def __init__(self, subject: str, html: str, text: str):
        banner = format_html(
            '<p style="font:14px sans-serif;margin:0;padding:8px 12px;background:#f3f5f9;'
            'border-bottom:1px solid #dfe4ec"><strong>{}</strong> {}</p>',
            _("Subject:"),
            subject,
        )
        body = (
            html or f'<pre style="white-space:pre-wrap;font:14px sans-serif">{escape(text)}</pre>'
        )
        # After <body …> when the mail is a whole document, else simply first.
        at = body.find(">", body.lower().find("<body")) + 1 if "<body" in body.lower() else 0
        self.body_html = body[:at] + banner + body[at:]


class InquiryReplyPreviewView(MemberInquiryMixin, View):
    def post(self, request, pk):
        inquiry = self.get_inquiry(pk)
        form = ReplyForm(request.POST)
        if not form.is_valid():
            errors = " ".join(e for errs in form.errors.values() for e in errs)
            return HttpResponse(errors, status=400, content_type="text/plain; charset=utf-8")
        mail = emails.customer_reply_preview(inquiry=inquiry, body=form.cleaned_data["body"])
        return email_html_response(_Preview(mail.subject, mail.body_html, mail.body_text))
