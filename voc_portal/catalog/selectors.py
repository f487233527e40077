"""Reads of apps and purchases, scoped to a developer account."""

from __future__ import annotations

from django.db.models import QuerySet

from voc_portal.accounts.models import DeveloperAccount

from .models import App


def app_list_for_account(*, account: DeveloperAccount) -> QuerySet[App]:
    return App.objects.filter(account=account).order_by("title", "id")
