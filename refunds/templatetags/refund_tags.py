"""Refund history in the reader's language: state codes as labels, facts by their kind."""

from __future__ import annotations

from datetime import datetime

from django import template
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import RefundEvent, State

register = template.Library()

Kind = RefundEvent.Kind
_ASSIGNED = "Assigned to "


@register.filter
def state_label(value: str) -> str:
    """ "in_review" -> "In review" (translated); an empty state (before filing) is a dash."""
    if not value:
        return "—"
    try:
        return str(State(value).label)
    except ValueError:
        return value


@register.filter
def event_text(event: RefundEvent) -> str:
    """What happened, translated; notes typed by people are shown by the template as they are."""
    if event.kind == Kind.CONSENT_REQUESTED:
        return _("Asked the customer for consent")
    if event.kind == Kind.CONSENT_ANSWERED:
        if (event.data or {}).get("consented"):
            return _("The customer consented")
        return _("The customer declined consent")
    if event.kind == Kind.ANSWERED_LATE:
        at = (event.data or {}).get("answered_at")
        when = timezone.localtime(datetime.fromisoformat(at)) if at else event.created_at
        return _("Answered late at %(at)s") % {"at": f"{when:%Y-%m-%d %H:%M}"}
    if (event.note or "").startswith(_ASSIGNED):  # written by refund_assign, in English
        return _("Assigned to %(name)s") % {"name": event.note[len(_ASSIGNED) :]}
    return ""


@register.filter
def event_note(event: RefundEvent) -> str:
    """The free-text note, unless the kind already says it (consent notes are English codes)."""
    if event.kind in (Kind.CONSENT_REQUESTED, Kind.CONSENT_ANSWERED, Kind.ANSWERED_LATE):
        return ""
    if (event.note or "").startswith(_ASSIGNED):
        return ""
    return event.note
