"""Refund history and reasons in the reader's language.

Code never stores prose: facts are a `kind` plus `data` (and, for the 3-day rule, a blank
reason on an escalation case), rendered here with gettext at display and email time. Only
notes typed by people are shown as they are.
"""

from __future__ import annotations

from datetime import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from .models import BillingState, RefundEvent, RefundRequest, Source, State

Kind = RefundEvent.Kind
# Codes in event.data["code"] for facts that have no kind of their own.
OPENED_BY_RULE = "opened_by_rule"


def state_label(value: str) -> str:
    """ "in_review" -> "In review" (translated); an empty state (before filing) is a dash."""
    if not value:
        return "—"
    try:
        return str(State(value).label)
    except ValueError:
        return value


def _when(iso: str | None, fallback: datetime) -> str:
    try:
        when = datetime.fromisoformat(iso) if iso else fallback
    except ValueError:
        when = fallback
    return f"{timezone.localtime(when):%Y-%m-%d %H:%M}"


def event_text(event: RefundEvent) -> str:
    """What happened, translated, from the kind and data; "" when only a person's note says it."""
    data = event.data or {}
    if event.kind == Kind.CONSENT_REQUESTED:
        return _("Asked the customer for consent")
    if event.kind == Kind.CONSENT_ANSWERED:
        if data.get("consented"):
            return _("The customer consented")
        return _("The customer declined consent")
    if event.kind == Kind.ANSWERED_LATE:
        return _("Answered late at %(at)s") % {
            "at": _when(data.get("answered_at"), event.created_at)
        }
    if event.kind == Kind.BILLING:
        return _billing_event_text(data)
    if "assignee_name" in data:
        return _("Assigned to %(name)s") % {"name": data["assignee_name"]}
    if data.get("code") == OPENED_BY_RULE:
        return _("Opened by the 3-day rule")
    return ""


def event_note(event: RefundEvent) -> str:
    """The note a person typed. Facts written by code have none (a row an older worker wrote
    during a deploy may still hold English: the kind already says it, so it is not shown)."""
    if event.kind in (
        Kind.CONSENT_REQUESTED,
        Kind.CONSENT_ANSWERED,
        Kind.ANSWERED_LATE,
        Kind.BILLING,
    ):
        return ""
    return event.note or ""


def event_summary(event: RefundEvent) -> str:
    """One line for lists and the API: the translated fact, then the person's note."""
    return " ".join(part for part in (event_text(event), event_note(event)) if part)


def refund_reason(refund: RefundRequest) -> str:
    """The reason as filed; the 3-day rule's own reason is written in the reader's language."""
    if refund.reason or refund.source != Source.ESCALATION or refund.inquiry_id is None:
        return refund.reason
    return _("Inquiry #%(no)s was not answered within the deadline.") % {
        "no": f"{refund.inquiry_id:06d}"
    }


def _billing_event_text(data: dict) -> str:
    state = data.get("billing")
    if state == BillingState.PENDING:
        return _("Billing was asked to cancel the payment")
    if state == BillingState.FAILING:
        return _("The billing call is failing: %(error)s") % {"error": data.get("error", "")}
    if data.get("by") == "payment_notification":
        return _("Billing confirmed the cancellation (payment notification)")
    return _("Billing confirmed the cancellation")


def billing_status(refund: RefundRequest) -> str:
    """ "Billing: failing since 2026-12-02 10:00" for the case pages; "" when billing is not
    called (no store billing: the purchase was cancelled at approval)."""
    if not refund.billing_state:
        return ""
    since = refund.billing_since
    at = f"{timezone.localtime(since):%Y-%m-%d %H:%M}" if since else ""
    if refund.billing_state == BillingState.FAILING:
        return _("Billing: failing since %(at)s") % {"at": at}
    if refund.billing_state == BillingState.CONFIRMED:
        return _("Billing: confirmed at %(at)s") % {"at": at}
    return _("Billing: pending since %(at)s") % {"at": at}
