"""Reads for the push API: a member's own subscriptions and notification choices."""

from __future__ import annotations

from django.http import Http404

from voc_portal.accounts.models import Membership

from .models import PushKind, PushOptOut, PushSubscription


def push_subscription_get_for_member(*, membership: Membership, pk: int) -> PushSubscription:
    """The member's own subscription; anyone else's (or none) is a 404."""
    found = PushSubscription.objects.filter(membership=membership, pk=pk).first()
    if found is None:
        raise Http404("No such push subscription.")
    return found


def notification_settings_get(*, membership: Membership) -> dict:
    """{"kinds": {kind: on}} for every kind; on unless the member turned it off. One query."""
    off = set(PushOptOut.objects.filter(membership=membership).values_list("kind", flat=True))
    return {"kinds": {kind: kind not in off for kind in PushKind.values}}
