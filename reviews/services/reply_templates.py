"""Saved official replies of a developer account (moved verbatim from reviews/services.py)."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from voc_portal.accounts.models import DeveloperAccount
from voc_portal.core.errors import DomainError, NotFound

from ..models import ReviewReplyTemplate


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
