"""Saved replies (ReplyTemplate) of a developer account, and filling one in for an inquiry."""

from __future__ import annotations

import re

from django.db import transaction
from django.utils.translation import gettext as _

from voc_portal.core.errors import DomainError, NotFound

from ..models import Inquiry, ReplyTemplate
from .validation import BODY_MAX

_VARIABLE = re.compile(r"\{(customer_name|app|inquiry_no)\}")


def reply_template_render(*, template: ReplyTemplate, inquiry: Inquiry) -> str:
    """Fill {customer_name}, {app}, {inquiry_no}; any other braces stay as they are."""
    values = {
        "customer_name": inquiry.customer.name,
        "app": inquiry.app.title,
        "inquiry_no": inquiry.number,
    }
    return _VARIABLE.sub(lambda m: values[m.group(1)], template.body)


def reply_template_save(
    *, account_id: int, name: str, body: str, template: ReplyTemplate | None = None
) -> ReplyTemplate:
    name = (name or "").strip()
    body = (body or "").strip()
    if not name or not body:
        raise DomainError(_("A template needs a name and a text."), code="invalid")
    if len(body) > BODY_MAX:
        raise DomainError(_("A message can have at most 5000 characters."), code="invalid_body")
    clash = ReplyTemplate.objects.filter(account_id=account_id, name=name)
    if template is not None:
        clash = clash.exclude(pk=template.pk)
    if clash.exists():
        raise DomainError(_("A template with this name exists."), code="duplicate", field="name")
    with transaction.atomic():
        if template is None:
            template = ReplyTemplate(account_id=account_id)
        elif template.account_id != account_id:
            raise NotFound(_("No such template."))
        template.name = name
        template.body = body
        template.save()
    return template


def reply_template_delete(*, template: ReplyTemplate, account_id: int) -> None:
    if template.account_id != account_id:
        raise NotFound(_("No such template."))
    template.delete()
