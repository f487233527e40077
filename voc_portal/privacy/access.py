"""Access requests: one customer's data as JSON, each domain exporting its own rows."""

from __future__ import annotations

from django.utils import timezone

from inquiries.services.privacy import customer_inquiries_export
from refunds.services.privacy import customer_refunds_export
from reviews.services.privacy import customer_reviews_export
from voc_portal.accounts.models import Customer
from voc_portal.catalog.models import Purchase, PurchaseConsent


def _purchases(customer_id: int) -> list[dict]:
    rows = Purchase.objects.filter(customer_id=customer_id).select_related("app").order_by("id")
    return [
        {
            "app": p.app.title,
            "item": p.item_name,
            "purchased_at": p.purchased_at.isoformat(),
            "amount": p.amount,
            "state": p.state,
            "tid": p.tid,
            "txid": p.txid,
            "receipt_number": p.receipt_number,
        }
        for p in rows
    ]


def _consents(customer_id: int) -> list[dict]:
    rows = PurchaseConsent.objects.filter(purchase__customer_id=customer_id).order_by("id")
    return [
        {
            "purchase_id": c.purchase_id,
            "source": c.source,
            "given_at": c.given_at.isoformat(),
            "ip_address": c.ip_address,
            "user_agent": c.user_agent,
            "channel": c.channel,
        }
        for c in rows
    ]


def customer_export(*, customer: Customer) -> dict:
    """Everything the portal holds about the customer; a fixed number of queries."""
    user = customer.user
    return {
        "exported_at": timezone.now().isoformat(),
        "customer": {
            "customer_number": customer.customer_number,
            "email": user.email,
            "name": user.full_name,
            "language": user.language,
            "joined": user.date_joined.isoformat(),
        },
        "purchases": _purchases(customer.pk),
        "consents": _consents(customer.pk),
        "inquiries": customer_inquiries_export(customer_id=customer.pk),
        "reviews": customer_reviews_export(customer_id=customer.pk),
        "refund_requests": customer_refunds_export(customer_id=customer.pk),
    }
