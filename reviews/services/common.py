"""What every review service shares: the member check, the row lock and the event row."""

from __future__ import annotations

import datetime

from django.utils.translation import gettext as _

from voc_portal.accounts.access import membership_require, role_require
from voc_portal.accounts.models import DeveloperAccount, Membership, User
from voc_portal.accounts.roles import Action
from voc_portal.catalog.selectors import app_visible_to
from voc_portal.core.errors import NotFound

from ..models import Review, ReviewEvent


def review_member_require(
    *, review: Review, account: DeveloperAccount, user: User | None, action: Action
) -> Membership | None:
    """The review is the account's, and the member acting (None: the system) may do `action`:
    roles and per-app access are accounts' and catalog's one rule (accounts.access). An app the
    member was not given is a 404, like another account's review."""
    if review.app.account_id != account.pk:
        raise NotFound(_("No such review."))
    if user is None:
        return None
    membership = membership_require(account_id=account.pk, user=user, action=None)
    if not app_visible_to(membership, review.app_id):
        raise NotFound(_("No such review."))
    role_require(membership, action)
    return membership


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
