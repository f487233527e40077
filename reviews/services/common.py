"""What every review service shares: the row lock and the event row it writes."""

from __future__ import annotations

import datetime

from ..models import Review, ReviewEvent


def review_lock(review: Review) -> Review:
    """The review row under SELECT ... FOR UPDATE (always locked before its official reply)."""
    return Review.objects.select_for_update().get(pk=review.pk)


def review_event_write(
    *,
    review: Review,
    kind: str,
    at: datetime.datetime,
    actor_id: int | None = None,
    note: str = "",
    data: dict | None = None,
) -> ReviewEvent:
    """One ReviewEvent, in the caller's transaction, at the time of the change it records."""
    return ReviewEvent.objects.create(
        review=review, kind=kind, actor_id=actor_id, note=note, data=data or {}, created_at=at
    )
