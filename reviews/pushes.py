"""Push notifications about reviews: a new review of LOW_RATING stars or fewer.

Builds the notice only; reviews.services.authoring queues it in the review's transaction.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from voc_portal.push.models import PushKind
from voc_portal.push.services import PushNotice

# PRODUCT: a review of 1 or 2 stars is worth a developer's attention at once.
LOW_RATING = 2


def review_url(review_id: int) -> str:
    """The review in the Developer Center app (/app/), which a tapped notification opens."""
    return f"/app/#/reviews/{review_id}"


def low_review_notice(*, review, app) -> PushNotice:
    pk, rating, body, title_app = review.pk, review.rating, review.body, app.title

    def render() -> dict:
        # Translators: push notification title; app name, the review's stars (1-5).
        title = _("[%(app)s] New review: %(rating)s of 5 stars") % {
            "app": title_app,
            "rating": rating,
        }
        return {"title": title, "body": body, "url": review_url(pk), "tag": f"review-{pk}"}

    return PushNotice(
        kind=PushKind.LOW_REVIEW,
        # A deleted review written again is the same row: the time tells the two apart.
        key=f"review-created:{pk}:{int(review.created_at.timestamp())}",
        account_id=app.account_id,
        app_id=app.pk,
        render=render,
    )
