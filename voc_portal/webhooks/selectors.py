"""Reads of the webhook pages, scoped to the member's account (a foreign id is a 404)."""

from __future__ import annotations

from django.db.models import Count, Max, Q
from django.http import Http404

from voc_portal.accounts.models import Membership

from .models import Delivery, DeliveryAttempt, Endpoint

LOG_PAGE = 50


def endpoint_list_for_account(membership: Membership) -> list[Endpoint]:
    """The account's endpoints with their last attempt and pending count: one query."""
    return list(
        Endpoint.objects.filter(account_id=membership.account_id)
        .annotate(
            last_attempt_at=Max("attempts__attempted_at"),
            waiting=Count(
                "deliveries",
                filter=Q(deliveries__status__in=[Delivery.Status.PENDING, Delivery.Status.SENDING]),
                distinct=True,
            ),
        )
        .order_by("created_at", "pk")
    )


def endpoint_get_for_account(membership: Membership, pk: int) -> Endpoint:
    endpoint = Endpoint.objects.filter(account_id=membership.account_id, pk=pk).first()
    if endpoint is None:
        raise Http404("No such endpoint.")
    return endpoint


def endpoint_log(endpoint: Endpoint, *, limit: int = LOG_PAGE) -> list[DeliveryAttempt]:
    """The newest attempts, with their delivery's event type and status."""
    return list(
        DeliveryAttempt.objects.filter(endpoint=endpoint)
        .select_related("delivery")
        .only(
            "attempted_at",
            "status_code",
            "error",
            "body_excerpt",
            "duration_ms",
            "ok",
            "delivery__event_type",
            "delivery__status",
            "delivery__msg_id",
            "delivery__attempts",
        )
        .order_by("-attempted_at", "-pk")[:limit]
    )
