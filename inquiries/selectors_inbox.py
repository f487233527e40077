"""The inbox's filter conditions, shared by the paged list and counts (selectors) and by the
whole-set reads (list_filters): one definition of each tab, so both always agree."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db.models import Q

from voc_portal.accounts.models import Membership

from .models import Status

STATES = ("awaiting", "answered", "closed", "escalated")
ASSIGNED_VIEWS = ("mine", "unassigned", "team")
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


def assigned_q(assigned: str | None, membership: Membership | None) -> Q:
    """Mine / Unassigned / Team; "mine" and "team" mean nothing without the member."""
    if assigned == "unassigned":
        return Q(assignee__isnull=True)
    if membership is None:
        return Q()
    if assigned == "mine":
        return Q(assignee_id=membership.pk)
    if assigned == "team":
        return Q(assignee__isnull=False) & ~Q(assignee_id=membership.pk)
    return Q()
