"""Saving, deleting and filling in saved replies: one service for inquiries and reviews."""

from __future__ import annotations

import re

from django.db import transaction
from django.utils.translation import gettext as _

from voc_portal.core.errors import DomainError, NotFound

from .models import ReplyTemplate

_VARIABLE = re.compile(r"\{(\w+)\}")


def reply_template_fill(body: str, values: dict[str, str]) -> str:
    """Fills `{name}` for each name in `values`; any other brace text stays as written."""
    return _VARIABLE.sub(lambda m: str(values.get(m.group(1), m.group(0))), body)


def reply_template_save(
    *,
    account_id: int,
    kind: str,
    name: str,
    body: str,
    max_length: int,
    template: ReplyTemplate | None = None,
    model: type[ReplyTemplate] = ReplyTemplate,
) -> ReplyTemplate:
    """Creates a template (as `model`, a domain's proxy), or renames and rewrites `template`.

    Names are unique per account and kind."""
    name, body = (name or "").strip(), (body or "").strip()
    if not name or not body:
        raise DomainError(_("A template needs a name and a text."), code="invalid")
    if len(body) > max_length:
        raise DomainError(
            _("A template can have at most %(limit)s characters.") % {"limit": max_length},
            code="invalid_body",
            field="body",
        )
    if template is not None and (template.account_id != account_id or template.kind != kind):
        raise NotFound(_("No such template."))
    with transaction.atomic():
        clash = ReplyTemplate.objects.filter(account_id=account_id, kind=kind, name=name)
        if template is not None:
            clash = clash.exclude(pk=template.pk)
        if clash.exists():
            raise DomainError(
                _("A template with this name exists."), code="duplicate", field="name"
            )
        if template is None:
            template = model(account_id=account_id, kind=kind)
        template.name, template.body = name, body
        template.save()
    return template


def reply_template_delete(*, account_id: int, template: ReplyTemplate) -> None:
    if template.account_id != account_id:
        raise NotFound(_("No such template."))
    template.delete()
