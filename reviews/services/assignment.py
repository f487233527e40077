"""Who answers a review needing a reply: the inquiries' assignment rules (catalog.assignment),
with the review's row lock, its event rows and its email."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from voc_portal.accounts.models import DeveloperAccount, Membership
from voc_portal.accounts.roles import Action
from voc_portal.catalog.assignment import assignee_change, assignee_check
from voc_portal.mail.services import outbound_email_queue

from .. import emails
from ..models import Review
from .common import review_event_write, review_lock, review_member_require


def review_assign(
    *,
    membership: Membership,
    review: Review,
    assignee: Membership | None,
    via: str = "web",
) -> Review:
    """`membership` gives `review` to `assignee` (a teammate who answers and sees its app), or
    clears it (None). Assigning the current assignee again writes nothing and tells nobody."""
    account: DeveloperAccount = membership.account
    actor = membership.user
    review_member_require(review=review, account=account, user=actor, action=Action.REVIEW_ASSIGN)
    now = timezone.now()
    with transaction.atomic():
        locked = review_lock(review)
        if assignee is not None:
            assignee = Membership.objects.select_related("user").get(pk=assignee.pk)
            assignee_check(
                assignee,
                account_id=account.pk,
                app_id=locked.app_id,
                message=_("Choose a member of this team who answers reviews of this app."),
            )

        def notify(event) -> None:
            spec = emails.review_assigned_spec(
                review=review,
                account_name=account.name,
                assignee=assignee.user,
                by=actor,
                event_id=event.pk,
            )
            outbound_email_queue(spec=spec)

        assignee_change(
            locked,
            assignee,
            actor=actor,
            via=via,
            event_write=lambda kind, data: review_event_write(
                review=locked, kind=kind, at=now, actor_id=actor.pk, data=data
            ),
            notify=notify,
        )
    review.assignee = locked.assignee
    return review
