"""Reviews' part of the data lifecycle (voc_portal.privacy orchestrates): its own rows only."""

from __future__ import annotations

from django.utils import timezone

from voc_portal.catalog.privacy import redact

from ..models import Review, ReviewVersion
from .ratings import app_rating_recompute


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


def customer_reviews_erase(*, customer_id: int, identifiers: list[str], remove: bool) -> int:
    """Erasure: the reviews stay under "Deleted user" with personal data removed from their
    text (and from earlier versions), or are removed (soft delete, the apps' figures
    recounted). A fixed number of statements per app."""
    reviews = list(Review.objects.filter(customer_id=customer_id).select_related("app"))
    if remove:
        live = [r for r in reviews if r.deleted_at is None]
        Review.objects.filter(pk__in=[r.pk for r in live]).update(deleted_at=timezone.now())
        for app in {r.app_id: r.app for r in live}.values():
            app_rating_recompute(app=app)
        return len(live)
    for review in reviews:
        review.body = redact(review.body, identifiers=identifiers)
    Review.objects.bulk_update(reviews, ["body"])
    versions = list(ReviewVersion.objects.filter(review__customer_id=customer_id))
    for version in versions:
        version.body = redact(version.body, identifiers=identifiers)
    ReviewVersion.objects.bulk_update(versions, ["body"])
    return len(reviews)
