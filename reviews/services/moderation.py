"""Ops' writes: hide an abusive review with a reason, and put it back."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from voc_portal.accounts.models import User
from voc_portal.core.errors import DomainError, InvalidTransition

from ..models import Review, ReviewEvent
from .common import review_event_write, review_lock
from .ratings import rating_apply


def review_hide(*, review: Review, actor: User, reason: str) -> Review:
    """Ops hide an abusive review: gone from the public page and the figures."""
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("Give a reason for hiding the review."), code="reason_required")
    with transaction.atomic():
        locked = review_lock(review)
        if locked.deleted_at is not None:
            raise InvalidTransition(_("A deleted review cannot be hidden."))
        if locked.hidden_at is not None:
            raise InvalidTransition(_("This review is already hidden."))
        now = timezone.now()
        locked.hidden_at, locked.hidden_reason, locked.hidden_by = now, reason[:500], actor
        locked.save(update_fields=["hidden_at", "hidden_reason", "hidden_by"])
        rating_apply(app_id=locked.app_id, remove=locked.rating)
        review_event_write(
            review=locked,
            kind=ReviewEvent.Kind.HIDDEN,
            at=now,
            actor_id=actor.pk,
            note=locked.hidden_reason,
        )
    return locked


def review_restore(*, review: Review, actor: User) -> Review:
    """Ops put a hidden review back: public again and counted again.

    A review its author deleted after it was hidden stays deleted; only ops' mark is cleared.
    """
    with transaction.atomic():
        locked = review_lock(review)
        if locked.hidden_at is None:
            raise InvalidTransition(_("This review is not hidden."))
        reason = locked.hidden_reason
        locked.hidden_at, locked.hidden_reason, locked.hidden_by = None, "", None
        locked.save(update_fields=["hidden_at", "hidden_reason", "hidden_by"])
        if locked.deleted_at is None:
            rating_apply(app_id=locked.app_id, add=locked.rating)
        review_event_write(
            review=locked,
            kind=ReviewEvent.Kind.RESTORED,
            at=timezone.now(),
            actor_id=actor.pk,
            data={"hidden_reason": reason},
        )
    return locked
