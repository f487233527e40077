"""What the store's billing said about an approved cancellation, as the case shows it.

The call itself is the store's (voc_portal.store.billing, reacting to `refund_approved`); these
services only record its outcome on the case: failing since when, and confirmed, which is when
the purchase finally counts as cancelled. Each is a no-op once the case is confirmed.
"""

from __future__ import annotations

from datetime import datetime

from django.db import transaction

from voc_portal.catalog.models import Purchase
from voc_portal.catalog.services import purchase_cancel

from ..models import BillingState, RefundEvent, RefundRequest
from .shared import refund_event_write, refund_locked, refund_outcome_to_thread

# Who confirmed: the billing endpoint's answer, or a CANCELED payment notification.
BY_BILLING = "billing"
BY_NOTIFICATION = "payment_notification"


def refund_billing_failing(*, refund_id: int, error: str, at: datetime) -> RefundRequest:
    """An attempt failed: a pending case becomes "failing since `at`"; later failures only
    replace the error (the start of the outage is what ops need)."""
    with transaction.atomic():
        refund = refund_locked(refund_id)
        if refund.billing_state == BillingState.PENDING:
            refund.billing_state, refund.billing_since = BillingState.FAILING, at
            refund.billing_error = error[:2000]
            refund.save(update_fields=["billing_state", "billing_since", "billing_error"])
            data = {"billing": BillingState.FAILING, "error": error[:200]}
            refund_event_write(refund, kind=RefundEvent.Kind.BILLING, actor=None, data=data)
        elif refund.billing_state == BillingState.FAILING:
            refund.billing_error = error[:2000]
            refund.save(update_fields=["billing_error"])
    return refund


def refund_billing_confirmed(*, refund_id: int, at: datetime, by: str) -> RefundRequest:
    """Billing cancelled the payment: the purchase is cancelled (at `at`) and the case says so.

    Called in the caller's transaction (the store's, which marks its call done in it too).
    """
    with transaction.atomic():
        refund = refund_locked(refund_id)
        if refund.billing_state not in (BillingState.PENDING, BillingState.FAILING):
            return refund
        refund.billing_state, refund.billing_since = BillingState.CONFIRMED, at
        refund.billing_error = ""
        refund.save(update_fields=["billing_state", "billing_since", "billing_error"])
        if refund.purchase.state == Purchase.State.COMPLETED:
            purchase_cancel(purchase=refund.purchase, at=at)
        data = {"billing": BillingState.CONFIRMED, "by": by}
        refund_event_write(refund, kind=RefundEvent.Kind.BILLING, actor=None, data=data)
        refund_outcome_to_thread(refund)
    return refund
