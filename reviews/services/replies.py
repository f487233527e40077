"""The developer account's official reply to a review: post, change, delete.

Every write locks the review, then its reply (one lock order, so two writers cannot deadlock),
and checks the caller's If-Match under those locks: a stale one changes nothing.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from voc_portal.accounts.models import DeveloperAccount, User
from voc_portal.accounts.roles import Action
from voc_portal.api.etags import if_match_check
from voc_portal.core.errors import DomainError, NotFound, PreconditionFailed
from voc_portal.mail.services import (
    outbound_email_group_told,
    outbound_email_group_withdraw,
    outbound_email_queue_latest,
)

from .. import emails
from ..etags import official_reply_etag
from ..models import OfficialReply, Review, ReviewEvent
from ..privacy import PrivateDataInText, published_text_check
from .common import review_event_write, review_lock, review_member_require

# The one guard's error (voc_portal.catalog.privacy); the old name stays for callers.
PrivateDataInReply = PrivateDataInText


# The one precondition error (voc_portal.core.errors); the old name stays for callers.
ReplyChanged = PreconditionFailed


def reply_privacy_check(*, body: str, review: Review) -> None:
    """Refuse a public reply carrying personal or payment details (the one guard)."""
    published_text_check(text=body, customer_id=review.customer_id, what="reply")


def _clean_reply(body: str) -> str:
    body = (body or "").strip()
    limit = settings.VOC_OFFICIAL_REPLY_MAX_LENGTH
    if not body:
        raise DomainError(_("The reply is empty."), code="empty", field="body")
    if len(body) > limit:
        raise DomainError(
            _("An official reply can be at most %(max)d characters (this one has %(n)d).")
            % {"max": limit, "n": len(body)},
            code="too_long",
            field="body",
        )
    return body


def _user_id(user: User | None) -> int | None:
    return user.pk if user is not None else None


def _require_own(*, review: Review, account: DeveloperAccount, user: User | None = None) -> None:
    review_member_require(review=review, account=account, user=user, action=Action.REVIEW_REPLY)


def _lock_with_reply(review: Review) -> tuple[Review, OfficialReply | None]:
    locked = review_lock(review)
    return locked, OfficialReply.objects.select_for_update().filter(review=locked).first()


def _check_if_match(reply: OfficialReply | None, if_match: str | None, required: bool) -> None:
    if_match_check(if_match, official_reply_etag(reply), required=required)


def _reply_create(
    *,
    review: Review,
    account: DeveloperAccount,
    author: User | None,
    body: str,
    now: datetime.datetime,
) -> OfficialReply:
    reply = OfficialReply.objects.create(
        review=review, account=account, author=author, body=body, created_at=now, updated_at=now
    )
    review_event_write(
        review=review,
        kind=ReviewEvent.Kind.REPLY_PUBLISHED,
        at=now,
        actor_id=_user_id(author),
        note=body,
        data={"reply_id": reply.pk, "version": reply.version},
    )
    return reply


def _reply_edit(
    reply: OfficialReply, *, review: Review, author: User | None, body: str, now: datetime.datetime
) -> None:
    """A new text is a new version; the event keeps the text it replaces."""
    previous = reply.body
    reply.body, reply.author, reply.updated_at = body, author, now
    reply.version = F("version") + 1
    reply.save(update_fields=["body", "author", "updated_at", "version"])
    reply.refresh_from_db(fields=["version"])
    review_event_write(
        review=review,
        kind=ReviewEvent.Kind.REPLY_EDITED,
        at=now,
        actor_id=_user_id(author),
        note=body,
        data={"reply_id": reply.pk, "version": reply.version, "previous_body": previous},
    )


def review_reply_update_or_create(
    *,
    review: Review,
    account: DeveloperAccount,
    author: User | None,
    body: str,
    if_match: str | None = None,
    if_match_required: bool = False,
) -> tuple[OfficialReply, bool]:
    """Post or change the account's official reply; the customer is emailed about it.

    Returns the reply and whether it was created, like QuerySet.update_or_create. `if_match`
    is the ETag the caller last read (the API's If-Match header); a stale one raises
    PreconditionFailed before the text is even looked at, as HTTP wants. `if_match_required`
    (the API): changing a reply that exists without one raises PreconditionRequired; the first
    reply needs none. The same text again changes nothing: no new version, no new email.
    """
    _require_own(review=review, account=account, user=author)
    with transaction.atomic():
        locked, reply = _lock_with_reply(review)
        if locked.deleted_at is not None:
            raise NotFound(_("No such review."))
        _check_if_match(reply, if_match, if_match_required)
        body = _clean_reply(body)
        reply_privacy_check(body=body, review=locked)
        now = timezone.now()
        if reply is None:
            reply = _reply_create(review=locked, account=account, author=author, body=body, now=now)
            created = True
        elif reply.body == body:
            return reply, False
        else:
            _reply_edit(reply, review=locked, author=author, body=body, now=now)
            created = False
        _customer_tell(reply=reply, review=locked)
    return reply, created


def _mail_group(reply: OfficialReply) -> str:
    return f"review-reply:{reply.pk}"


def _customer_tell(*, reply: OfficialReply, review: Review) -> None:
    """One email per burst of edits: the latest text, once the reply has been quiet a while
    (settings.VOC_REVIEW_REPLY_MAIL_QUIET_SECONDS); "updated" only if an earlier one went out."""
    group = _mail_group(reply)
    told = outbound_email_group_told(group=group, to_email=review.customer.user.email)
    outbound_email_queue_latest(
        spec=emails.review_reply_spec(reply=reply, review=review, changed=told),
        group=group,
        quiet=datetime.timedelta(seconds=settings.VOC_REVIEW_REPLY_MAIL_QUIET_SECONDS),
    )


def review_reply_publish(
    *,
    review: Review,
    account: DeveloperAccount,
    author: User | None,
    body: str,
    if_match: str | None = None,
) -> OfficialReply:
    """Post or change the account's official reply (review_reply_update_or_create's reply)."""
    reply, _created = review_reply_update_or_create(
        review=review, account=account, author=author, body=body, if_match=if_match
    )
    return reply


def review_reply_delete(
    *,
    review: Review,
    account: DeveloperAccount,
    actor: User | None = None,
    if_match: str | None = None,
    if_match_required: bool = False,
) -> bool:
    """Delete the official reply; False when there was none (then nothing changes).

    With no reply, `if_match` is not looked at (the API answers 404 for that); a stale one on
    a reply that is there raises PreconditionFailed (a missing one PreconditionRequired, when
    `if_match_required`) and keeps it. The event keeps the deleted text.
    """
    _require_own(review=review, account=account, user=actor)
    with transaction.atomic():
        locked, reply = _lock_with_reply(review)
        if reply is None:
            return False
        _check_if_match(reply, if_match, if_match_required)
        reply_id = reply.pk
        # A reply deleted inside its quiet period was never seen: its email goes with it.
        outbound_email_group_withdraw(group=_mail_group(reply), to_email=locked.customer.user.email)
        reply.delete()
        review_event_write(
            review=locked,
            kind=ReviewEvent.Kind.REPLY_DELETED,
            at=timezone.now(),
            actor_id=_user_id(actor),
            data={"reply_id": reply_id, "version": reply.version, "previous_body": reply.body},
        )
    return True
