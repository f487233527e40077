"""Builds the emails of the reviews app. Never decides when to send: services do."""

from __future__ import annotations

from django.urls import reverse

from voc_portal.mail.services import EmailSpec

from .models import OfficialReply, Review


def review_reply_spec(*, reply: OfficialReply, review: Review) -> EmailSpec:
    """Tell the customer their review has an official reply (new or changed): one per version."""
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
            "customer_name": user.get_short_name(),
            "app_title": app.title,
            "account_name": reply.account.name,
            "review_body": review.body,
            "review_rating": review.rating,
            "reply_body": reply.body,
            "changed": reply.version > 1,
            "app_path": reverse("reviews:app_detail", args=[app.package_name]),
        },
    )
