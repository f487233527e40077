"""Builds the emails of the reviews app. Never decides when to send: services do."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse

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
