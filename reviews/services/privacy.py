"""Reviews' part of the data lifecycle (voc_portal.privacy orchestrates): its own rows only."""

from __future__ import annotations

from ..models import Review


def customer_reviews_export(*, customer_id: int) -> list[dict]:
    """The customer's reviews, deleted and hidden ones included (access request; 1 query)."""
    rows = Review.objects.filter(customer_id=customer_id).select_related("app").order_by("id")
    return [
        {
            "app": r.app.title,
            "rating": r.rating,
            "body": r.body,
            "created_at": r.created_at.isoformat(),
            "updated_at": r.updated_at.isoformat(),
            "deleted_at": r.deleted_at.isoformat() if r.deleted_at else None,
            "hidden_at": r.hidden_at.isoformat() if r.hidden_at else None,
        }
        for r in rows
    ]
