"""The inbox's filter conditions, shared by the paged list and counts (selectors) and by the
whole-set reads (list_filters): one definition of each tab, so both always agree."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db.models import Q

from voc_portal.catalog.assignment import ASSIGNED_VIEWS, assigned_q

from .models import Status

__all__ = ["ASSIGNED_VIEWS", "assigned_q", "due_soon_q", "overdue_q", "state_q"]

STATES = ("awaiting", "answered", "closed", "escalated")
DUE_SOON = timedelta(hours=24)


def state_q(state: str | None) -> Q:
    if state == "awaiting":
        return Q(status=Status.AWAITING_DEVELOPER)
    if state == "answered":
        return Q(status=Status.ANSWERED)
    if state == "closed":
        return Q(status=Status.CLOSED)
    if state == "escalated":
        return Q(escalated_at__isnull=False)
    return Q()


def due_soon_q(now: datetime) -> Q:
    return Q(status=Status.AWAITING_DEVELOPER, due_at__gt=now, due_at__lte=now + DUE_SOON)


def overdue_q(now: datetime) -> Q:
    return Q(status=Status.AWAITING_DEVELOPER, due_at__lte=now)
