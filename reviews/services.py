"""Every write to reviews, official replies and rating aggregates.

The aggregate (AppRating) changes in the same transaction as the review, by one conditional
F() UPDATE per change; the review row itself is locked (SELECT ... FOR UPDATE) before its old
rating is read, so concurrent edits cannot double-count.
"""

from __future__ import annotations

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from voc_portal.accounts.models import Customer, DeveloperAccount, User
from voc_portal.catalog.models import App
from voc_portal.core.errors import DomainError, InvalidTransition, NotFound

from . import emails
from .models import (
    RATINGS,
    REVIEW_BODY_MAX_LENGTH,
    AppRating,
    OfficialReply,
    Review,
    ReviewReplyTemplate,
    ReviewVersion,
)
from .privacy import find_private_data
from .selectors import customer_payment_identifiers, review_is_purchaser


class NotAPurchaser(DomainError):
    """Only customers who bought this app, including free apps, can review it."""

    code = "not_a_purchaser"
    status = 403


class PrivateDataInReply(DomainError):
    code = "private_data"


# --- aggregates ----------------------------------------------------------------------------------


def _rating_apply(*, app_id: int, remove: int | None = None, add: int | None = None) -> None:
    """Move one review's rating out of / into the app's aggregate, inside the caller's atomic."""
    if remove == add:
        return
    AppRating.objects.bulk_create([AppRating(app_id=app_id)], ignore_conflicts=True)
    changes: dict = {"updated_at": timezone.now()}
    count_delta = sum_delta = 0
    star_delta = dict.fromkeys(RATINGS, 0)
    if remove is not None:
        count_delta -= 1
        sum_delta -= remove
        star_delta[remove] -= 1
    if add is not None:
        count_delta += 1
        sum_delta += add
        star_delta[add] += 1
    if count_delta:
        changes["count"] = F("count") + count_delta
    if sum_delta:
        changes["sum"] = F("sum") + sum_delta
    for star, delta in star_delta.items():
        if delta:
            changes[f"count_{star}"] = F(f"count_{star}") + delta
    AppRating.objects.filter(app_id=app_id).update(**changes)


# --- reviews -------------------------------------------------------------------------------------


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


def _keep_version(review: Review, now) -> None:
    ReviewVersion.objects.create(
        review=review,
        rating=review.rating,
        body=review.body,
        written_at=review.edited_at or review.created_at,
        replaced_at=now,
    )


def review_create(*, customer: Customer, app: App, rating: int, body: str) -> Review:
    """Write the customer's review of the app (a completed purchase is required).

    If the customer deleted an earlier review of this app, that row is revived with the new text
    (the old text is kept as a version). A live review already there is a Conflict.
    """
    body = _clean_review(rating=rating, body=body)
    _require_purchaser(customer=customer, app=app)
    now = timezone.now()
    with transaction.atomic():
        existing = Review.objects.select_for_update().filter(app=app, customer=customer).first()
        if existing is None:
            try:
                with transaction.atomic():  # a savepoint: a concurrent twin loses cleanly
                    review = Review.objects.create(
                        app=app,
                        customer=customer,
                        rating=rating,
                        body=body,
                        created_at=now,
                        updated_at=now,
                    )
            except IntegrityError as exc:
                raise DomainError(
                    _("You have already reviewed this app; edit your review instead."),
                    code="already_reviewed",
                ) from exc
        elif existing.deleted_at is None:
            raise DomainError(
                _("You have already reviewed this app; edit your review instead."),
                code="already_reviewed",
            )
        else:
            review = existing
            _keep_version(review, now)
            review.rating, review.body = rating, body
            review.created_at = review.updated_at = now
            review.edited_at = review.deleted_at = review.hidden_at = review.hidden_by = None
            review.hidden_reason = ""
            review.save()
        _rating_apply(app_id=app.pk, add=rating)
    return review


def _lock(review: Review) -> Review:
    return Review.objects.select_for_update().get(pk=review.pk)


def review_update(*, review: Review, customer: Customer, rating: int, body: str) -> Review:
    """The author changes the rating or text; the earlier version is kept."""
    body = _clean_review(rating=rating, body=body)
    if review.customer_id != customer.pk:
        raise NotFound(_("No such review."))
    _require_purchaser(customer=customer, app=review.app)
    with transaction.atomic():
        locked = _lock(review)
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
            _rating_apply(app_id=locked.app_id, remove=old_rating, add=rating)
    return locked


def review_delete(*, review: Review, customer: Customer) -> Review:
    """The author deletes the review: soft delete, out of the public page and the figures."""
    if review.customer_id != customer.pk:
        raise NotFound(_("No such review."))
    with transaction.atomic():
        locked = _lock(review)
        if locked.deleted_at is not None:
            return locked  # deleting twice changes nothing
        now = timezone.now()
        locked.deleted_at = locked.updated_at = now
        locked.save(update_fields=["deleted_at", "updated_at"])
        if locked.hidden_at is None:
            _rating_apply(app_id=locked.app_id, remove=locked.rating)
    return locked


def review_hide(*, review: Review, actor: User, reason: str) -> Review:
    """Ops hide an abusive review: gone from the public page and the figures."""
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("Give a reason for hiding the review."), code="reason_required")
    with transaction.atomic():
        locked = _lock(review)
        if locked.deleted_at is not None:
            raise InvalidTransition(_("A deleted review cannot be hidden."))
        if locked.hidden_at is not None:
            raise InvalidTransition(_("This review is already hidden."))
        now = timezone.now()
        locked.hidden_at, locked.hidden_reason, locked.hidden_by = now, reason[:500], actor
        locked.save(update_fields=["hidden_at", "hidden_reason", "hidden_by"])
        _rating_apply(app_id=locked.app_id, remove=locked.rating)
    return locked


def review_restore(*, review: Review, actor: User) -> Review:
    """Ops put a hidden review back: public again and counted again."""
    with transaction.atomic():
        locked = _lock(review)
        if locked.hidden_at is None:
            raise InvalidTransition(_("This review is not hidden."))
        locked.hidden_at, locked.hidden_reason, locked.hidden_by = None, "", None
        locked.save(update_fields=["hidden_at", "hidden_reason", "hidden_by"])
        if locked.deleted_at is None:
            _rating_apply(app_id=locked.app_id, add=locked.rating)
    return locked


# --- official replies ----------------------------------------------------------------------------


def reply_privacy_check(*, body: str, review: Review) -> None:
    """Refuse a public reply carrying an email, phone number or payment identifier."""
    findings = find_private_data(
        body, identifiers=customer_payment_identifiers(customer_id=review.customer_id)
    )
    if findings:
        parts = "; ".join(f"{f.label}: “{f.fragment}”" for f in findings)
        raise PrivateDataInReply(
            _("An official reply is public. Remove the personal or payment details: %(parts)s.")
            % {"parts": parts},
            field="body",
        )


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


def review_reply_publish(
    *, review: Review, account: DeveloperAccount, author: User, body: str
) -> OfficialReply:
    """Post or change the account's official reply; the customer is emailed about it."""
    body = _clean_reply(body)
    if review.app.account_id != account.pk:
        raise NotFound(_("No such review."))
    reply_privacy_check(body=body, review=review)
    with transaction.atomic():
        locked = _lock(review)
        if locked.deleted_at is not None:
            raise NotFound(_("No such review."))
        now = timezone.now()
        reply = OfficialReply.objects.select_for_update().filter(review=locked).first()
        if reply is None:
            reply = OfficialReply.objects.create(
                review=locked,
                account=account,
                author=author,
                body=body,
                created_at=now,
                updated_at=now,
            )
        elif reply.body == body:
            return reply  # nothing changed: no new version, no new email
        else:
            reply.body, reply.author, reply.updated_at = body, author, now
            reply.version = F("version") + 1
            reply.save(update_fields=["body", "author", "updated_at", "version"])
            reply.refresh_from_db(fields=["version"])
        emails.review_reply_email_queue(reply=reply, review=locked)
    return reply


def review_reply_delete(*, review: Review, account: DeveloperAccount) -> None:
    if review.app.account_id != account.pk:
        raise NotFound(_("No such review."))
    with transaction.atomic():
        OfficialReply.objects.filter(review_id=review.pk).delete()


# --- reply templates -----------------------------------------------------------------------------


def review_reply_template_save(
    *, account: DeveloperAccount, name: str, body: str, template: ReviewReplyTemplate | None = None
) -> ReviewReplyTemplate:
    name, body = (name or "").strip(), (body or "").strip()
    if not name or not body:
        raise DomainError(_("Give the template a name and a text."), code="empty")
    with transaction.atomic():
        clash = ReviewReplyTemplate.objects.filter(account=account, name=name)
        if template is not None:
            clash = clash.exclude(pk=template.pk)
        if clash.exists():
            raise DomainError(
                _("You already have a template with this name."), code="duplicate", field="name"
            )
        if template is None:
            return ReviewReplyTemplate.objects.create(account=account, name=name, body=body)
        if template.account_id != account.pk:
            raise NotFound(_("No such template."))
        template.name, template.body = name, body
        template.save(update_fields=["name", "body"])
        return template


def review_reply_template_delete(
    *, account: DeveloperAccount, template: ReviewReplyTemplate
) -> None:
    if template.account_id != account.pk:
        raise NotFound(_("No such template."))
    template.delete()


# --- aggregates repair ---------------------------------------------------------------------------


def app_rating_recompute(*, app: App, fix: bool = True) -> dict[str, tuple[int, int]]:
    """Recount the app's figures from its reviews; returns the drift {field: (stored, actual)}.

    With fix=True the aggregate row is corrected in the same transaction, under a row lock.
    """
    from .selectors import app_rating_recount

    with transaction.atomic():
        AppRating.objects.bulk_create([AppRating(app_id=app.pk)], ignore_conflicts=True)
        stored = AppRating.objects.select_for_update().get(app_id=app.pk)
        actual = app_rating_recount(app_id=app.pk)
        drift = {
            name: (getattr(stored, name), value)
            for name, value in actual.items()
            if getattr(stored, name) != value
        }
        if drift and fix:
            for name, value in actual.items():
                setattr(stored, name, value)
            stored.updated_at = timezone.now()
            stored.save()
    return drift
