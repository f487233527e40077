"""Small display helpers: the clock, delivery states and masked payment identifiers."""

from __future__ import annotations

from datetime import datetime, timedelta

from django import template
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.timezone import localtime
from django.utils.translation import gettext as _

from voc_portal.catalog.masking import mask_identifier
from voc_portal.core.formats import duration_text
from voc_portal.mail.models import OutboundEmail

register = template.Library()


def _span(delta: timedelta) -> str:
    """ "2 days 5 h", "3 h", "25 min" (core.formats: one format for pages and emails)."""
    return duration_text(delta)


def clock_text(inquiry, now: datetime | None = None) -> str:
    if inquiry.due_at is None:
        return ""
    now = now or timezone.now()
    if inquiry.due_at > now:
        return _("%(span)s left") % {"span": _span(inquiry.due_at - now)}
    return _("overdue by %(span)s") % {"span": _span(now - inquiry.due_at)}


@register.simple_tag
def clock_label(inquiry, now=None) -> str:
    return clock_text(inquiry, now)


@register.simple_tag
def clock_class(inquiry, now=None) -> str:
    if inquiry.due_at is None:
        return ""
    now = now or timezone.now()
    if inquiry.due_at <= now:
        return "badge-danger"
    if inquiry.due_at - now <= timedelta(hours=24):
        return "badge-warn"
    return "badge-info"


@register.simple_tag
def clock_badges(inquiry, now) -> SafeString:
    """The clock of an awaiting inquiry and the escalation badge (inbox row and thread)."""
    html = ""
    if inquiry.status == "awaiting":
        html = format_html(
            '<span class="badge {}">{}</span>',
            clock_class(inquiry, now),
            clock_text(inquiry, now),
        )
    if inquiry.escalated_at:
        html += format_html(
            ' <span class="badge badge-danger" title="{}">{}</span>',
            date_format(localtime(inquiry.escalated_at), "Y-m-d H:i"),
            _("escalated"),
        )
    return mark_safe(html)


_DELIVERY = {
    OutboundEmail.Status.QUEUED: ("queued", "Queued"),
    OutboundEmail.Status.SENDING: ("queued", "Sending"),
    OutboundEmail.Status.SENT: ("sent", "Sent"),
    OutboundEmail.Status.DELIVERED: ("delivered", "Delivered"),
    OutboundEmail.Status.BOUNCED: ("failed", "Not delivered"),
    OutboundEmail.Status.FAILED: ("failed", "Not delivered"),
}


@register.simple_tag
def delivery_label(email) -> str:
    if email is None:
        return ""
    labels = {
        "Queued": _("Queued"),
        "Sending": _("Sending"),
        "Sent": _("Sent"),
        "Delivered": _("Delivered"),
        "Not delivered": _("Not delivered"),
    }
    return labels[_DELIVERY.get(email.status, ("queued", "Queued"))[1]]


@register.simple_tag
def delivery_class(email) -> str:
    if email is None:
        return ""
    tone = _DELIVERY.get(email.status, ("queued", ""))[0]
    return {"queued": "badge-muted", "sent": "badge-info", "delivered": "badge-ok"}.get(
        tone, "badge-danger"
    )


@register.filter
def masked(value) -> str:
    return mask_identifier(value)


@register.filter
def duration(value) -> str:
    """A timedelta as "2 days 5 h", "3 h" or "25 min"; empty for None."""
    if value is None:
        return ""
    if value < timedelta(hours=1):
        return _("%(n)d min") % {"n": int(value.total_seconds() // 60)}
    return _span(value)
