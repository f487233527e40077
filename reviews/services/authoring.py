"""The author's writes: a purchaser writes, edits and deletes their own review of an app."""

from __future__ import annotations

import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from voc_portal.accounts.models import Customer
from voc_portal.catalog.models import App
from voc_portal.catalog.privacy import published_text_check
from voc_portal.core.errors import DomainError, NotFound
from voc_portal.push.services import push_notify

from ..alerts import low_review_alert_queue
from ..hooks import review_created, review_updated
from ..models import RATINGS, REVIEW_BODY_MAX_LENGTH, Review, ReviewEvent, ReviewVersion
from ..pushes import LOW_RATING, low_review_notice
from ..selectors import review_is_purchaser
from .common import review_event_write, review_lock
from .ratings import rating_apply


class NotAPurchaser(DomainError):
    """Only customers who bought this app, including free apps, can review it."""

    code = "not_a_purchaser"
    status = 403


def _clean_review(*, rating: int, body: str) -> str:
    if rating not in RATINGS:
        raise DomainError(_("Choose a rating from 1 to 5 stars."), code="invalid_rating")
    body = (body or "").strip()
    if not body:
        raise DomainError(_("Write a few words about the app."), code="empty", field="body")
    if len(body) > REVIEW_BODY_MAX_LENGTH:
        raise DomainError(
            _("A review can be at most %(max)d characters.") % {"max": REVIEW_BODY_MAX_LENGTH},
            code="too_long",
            field="body",
        )
    return body


def _require_purchaser(*, customer: Customer, app: App) -> None:
    if not review_is_purchaser(customer=customer, app=app):
        raise NotAPurchaser(
            _("Only customers who bought this app, including free apps, can review it.")
        )


def _already_reviewed() -> DomainError:
    return DomainError(
        _("You have already reviewed this app; edit your review instead."),
        code="already_reviewed",
    )


def _keep_version(review: Review, now: datetime.datetime) -> None:
    ReviewVersion.objects.create(
        review=review,
        rating=review.rating,
        body=review.body,
        written_at=review.edited_at or review.created_at,
        replaced_at=now,
    )


def _review_insert(
    *, customer: Customer, app: App, rating: int, body: str, now: datetime.datetime
) -> Review:
    try:
        with transaction.atomic():  # a savepoint: a concurrent twin loses cleanly
            return Review.objects.create(
                app=app, customer=customer, rating=rating, body=body, created_at=now, updated_at=now
            )
    except IntegrityError as exc:
        raise _already_reviewed() from exc


def _review_revive(review: Review, *, rating: int, body: str, now: datetime.datetime) -> Review:
    """A deleted review written again: the same row, new text, no marks; the old text kept."""
    _keep_version(review, now)
    review.rating, review.body = rating, body
    review.created_at = review.updated_at = now
    review.edited_at = review.deleted_at = review.hidden_at = review.hidden_by = None
    review.hidden_reason = ""
    review.save()
    return review


def review_create(*, customer: Customer, app: App, rating: int, body: str) -> Review:
    """Write the customer's review of the app (a completed purchase is required).

    If the customer deleted an earlier review of this app, that row is revived with the new text
    (the old text is kept as a version). A live review already there is a Conflict.
    """
    body = _clean_review(rating=rating, body=body)
    _require_purchaser(customer=customer, app=app)
    published_text_check(text=body, customer_id=customer.pk, what="review")
    now = timezone.now()
    with transaction.atomic():
        existing = Review.objects.select_for_update().filter(app=app, customer=customer).first()
        if existing is None:
            review = _review_insert(customer=customer, app=app, rating=rating, body=body, now=now)
            data = {"rating": rating}
        elif existing.deleted_at is None:
            raise _already_reviewed()
        else:
            review = _review_revive(existing, rating=rating, body=body, now=now)
            data = {"rating": rating, "revived": True}
        rating_apply(app_id=app.pk, add=rating)
        review_event_write(
            review=review,
            kind=ReviewEvent.Kind.CREATED,
            at=now,
            actor_id=customer.user_id,
            data=data,
        )
        if rating <= LOW_RATING:
            push_notify(notice=low_review_notice(review=review, app=app))
        low_review_alert_queue(review=review, app=app)
        review_created.send(review=review, app=app)
    return review


def review_update(*, review: Review, customer: Customer, rating: int, body: str) -> Review:
    """The author changes the rating or text; the earlier version is kept."""
    body = _clean_review(rating=rating, body=body)
    if review.customer_id != customer.pk:
        raise NotFound(_("No such review."))
    _require_purchaser(customer=customer, app=review.app)
    published_text_check(text=body, customer_id=customer.pk, what="review")
    with transaction.atomic():
        locked = review_lock(review)
        if locked.deleted_at is not None:
            raise NotFound(_("No such review."))
        if (locked.rating, locked.body) == (rating, body):
            return locked
        now = timezone.now()
        _keep_version(locked, now)
        old_rating = locked.rating
        locked.rating, locked.body = rating, body
        locked.updated_at = locked.edited_at = now
        locked.save(update_fields=["rating", "body", "updated_at", "edited_at"])
        if locked.hidden_at is None:
            rating_apply(app_id=locked.app_id, remove=old_rating, add=rating)
        review_event_write(
            review=locked,
            kind=ReviewEvent.Kind.UPDATED,
            at=now,
            actor_id=customer.user_id,
            data={"rating": rating, "previous_rating": old_rating},
        )
        review_updated.send(review=locked, previous_rating=old_rating)
    return locked


def review_delete(*, review: Review, customer: Customer) -> Review:
    """The author deletes the review: soft delete, out of the public page and the figures."""
    if review.customer_id != customer.pk:
        raise NotFound(_("No such review."))
    with transaction.atomic():
        locked = review_lock(review)
        if locked.deleted_at is not None:
            return locked  # deleting twice changes nothing
        now = timezone.now()
        locked.deleted_at = locked.updated_at = now
        locked.save(update_fields=["deleted_at", "updated_at"])
        if locked.hidden_at is None:
            rating_apply(app_id=locked.app_id, remove=locked.rating)
        review_event_write(
            review=locked,
            kind=ReviewEvent.Kind.DELETED,
            at=now,
            actor_id=customer.user_id,
            data={"rating": locked.rating},
        )
    return locked
