"""Saved official replies: the review kind of voc_portal.replies."""

from __future__ import annotations

from voc_portal.accounts.models import DeveloperAccount
from voc_portal.replies.models import Kind
from voc_portal.replies.services import reply_template_delete, reply_template_save

from ..models import REPLY_BODY_HARD_MAX_LENGTH, ReviewReplyTemplate


def review_reply_template_save(
    *, account: DeveloperAccount, name: str, body: str, template: ReviewReplyTemplate | None = None
) -> ReviewReplyTemplate:
    return reply_template_save(
        account_id=account.pk,
        kind=Kind.REVIEW,
        name=name,
        body=body,
        max_length=REPLY_BODY_HARD_MAX_LENGTH,
        template=template,
        model=ReviewReplyTemplate,
    )


def review_reply_template_delete(
    *, account: DeveloperAccount, template: ReviewReplyTemplate
) -> None:
    reply_template_delete(account_id=account.pk, template=template)
