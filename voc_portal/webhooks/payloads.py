"""The `data` of each event: what the developer already sees in the Developer Center, no more.

No customer email or number, no message bodies (a customer may type anything there), never a
payment identifier (TID, TXID, payment receipt number) nor an amount: the customer appears by
their public (masked) name only (docs/privacy.md). Reviews are public text and are included.
"""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.urls import reverse


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def _url(name: str, **kwargs) -> str:
    return settings.SITE_URL.rstrip("/") + reverse(name, kwargs=kwargs)


def app_data(app) -> dict:
    return {"id": app.pk, "package_name": app.package_name, "title": app.title}


def inquiry_data(inquiry) -> dict:
    return {
        "id": inquiry.pk,
        "number": inquiry.number,
        "app": app_data(inquiry.app),
        "category": inquiry.category,
        "subject": inquiry.subject,
        "status": inquiry.status,
        "clock": inquiry.clock,
        "due_at": _iso(inquiry.due_at),
        "created_at": _iso(inquiry.created_at),
        "customer": {"name": inquiry.customer.public_name},
        "url": _url("inquiries:detail", pk=inquiry.pk),
    }


def escalated_data(row: dict, *, app, now: datetime) -> dict:
    """From the escalation sweep's claimed row (no model instance is loaded there)."""
    return {
        "id": row["id"],
        "number": f"{row['id']:06d}",
        "app": app_data(app),
        "subject": row["subject"],
        "clock": row["clock"],
        "due_at": _iso(row["due_at"]),
        "escalated_at": _iso(now),
        "url": _url("inquiries:detail", pk=row["id"]),
    }


def review_data(review, *, app) -> dict:
    return {
        "id": review.pk,
        "app": app_data(app),
        "rating": review.rating,
        "body": review.body,
        "reviewer": {"name": review.customer.public_name},
        "created_at": _iso(review.created_at),
        "edited_at": _iso(review.edited_at),
        "url": _url("reviews:console") + f"?app={app.pk}#review-{review.pk}",
    }


def refund_data(refund, *, event) -> dict:
    return {
        "id": refund.pk,
        "app": app_data(refund.app),
        "source": refund.source,
        "state": event.to_state,
        "previous_state": event.from_state or None,
        "inquiry_id": refund.inquiry_id,
        "changed_at": _iso(event.created_at),
        "url": _url("refunds:detail", pk=refund.pk),
    }
