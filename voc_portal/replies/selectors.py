"""Reads of saved replies, scoped to one developer account and one kind."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from voc_portal.accounts.models import DeveloperAccount

from .models import ReplyTemplate


def reply_template_list(*, account: DeveloperAccount, kind: str) -> QuerySet[ReplyTemplate]:
    return ReplyTemplate.objects.filter(account=account, kind=kind).order_by("name", "id")


def reply_template_get(*, account: DeveloperAccount, kind: str, pk) -> ReplyTemplate:
    """Another account's template, another kind's, or a malformed id: all a 404."""
    try:
        return ReplyTemplate.objects.get(account=account, kind=kind, pk=pk)
    except (ReplyTemplate.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404("No such template.") from exc
