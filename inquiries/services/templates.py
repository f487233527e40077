"""Inquiry reply templates: the inquiry kind of voc_portal.replies, filled in for an inquiry."""

from __future__ import annotations

from voc_portal.replies.models import Kind
from voc_portal.replies.services import (
    reply_template_delete as _delete,
)
from voc_portal.replies.services import (
    reply_template_fill,
)
from voc_portal.replies.services import (
    reply_template_save as _save,
)

from ..models import Inquiry, ReplyTemplate
from .validation import BODY_MAX


def reply_template_render(*, template: ReplyTemplate, inquiry: Inquiry) -> str:
    """Fill {customer_name}, {app}, {inquiry_no}; any other braces stay as they are."""
    values = {
        "customer_name": inquiry.customer.public_name,
        "app": inquiry.app.title,
        "inquiry_no": inquiry.number,
    }
    return reply_template_fill(template.body, values)


def reply_template_save(
    *, account_id: int, name: str, body: str, template: ReplyTemplate | None = None
) -> ReplyTemplate:
    return _save(
        account_id=account_id,
        kind=Kind.INQUIRY,
        name=name,
        body=body,
        max_length=BODY_MAX,
        template=template,
        model=ReplyTemplate,
    )


def reply_template_delete(*, template: ReplyTemplate, account_id: int) -> None:
    _delete(account_id=account_id, template=template)
