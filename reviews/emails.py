"""Builds the emails of the reviews app. Never decides when to send: services do."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse

from voc_portal.accounts.models import User
from voc_portal.mail.services import EmailSpec, customer_name

from .models import OfficialReply, Review


def review_reply_spec(*, reply: OfficialReply, review: Review, changed: bool) -> EmailSpec:
    """Tell the customer their review has an official reply (`changed`: one they were told of
    before was edited). Edits in a burst become one email (reviews.services.replies)."""
    user = review.customer.user
    app = review.app
    return EmailSpec(
        kind="review_reply",
        template="review_reply",
        to_email=user.email,
        to_user_id=user.pk,
        language=user.language,
        dedupe_key=f"review-reply:{reply.pk}:v{reply.version}",
        context={
            "audience": "customer",
            "recipient_name": customer_name(user),
            "app_title": app.title,
            "account_name": reply.account.name,
            "review_body": review.body,
            "review_rating": review.rating,
            "reply_body": reply.body,
            "changed": changed,
            "app_url": settings.SITE_URL.rstrip("/")
            + reverse("reviews:app_detail", args=[app.package_name]),
        },
    )


def review_assigned_spec(
    *, review: Review, account_name: str, assignee: User, by: User | None, event_id: int
) -> EmailSpec:
    """Tells a member a review needing a reply is now theirs to answer."""
    console = reverse("reviews:console") + f"?app={review.app_id}#review-{review.pk}"
    return EmailSpec(
        kind="review_assigned",
        template="review_assigned",
        to_email=assignee.email,
        to_user_id=assignee.pk,
        language=assignee.language,
        dedupe_key=f"review-assigned:{event_id}",
        context={
            "recipient_name": assignee.get_short_name(),
            "account_name": account_name,
            "by_name": by.get_full_name() if by else "",
            "app_title": review.app.title,
            "review_rating": review.rating,
            "review_body": review.body,
            "review_url": settings.SITE_URL.rstrip("/") + console,
        },
    )
