"""Events into the outbox: one Delivery row per subscribed, enabled endpoint, in the caller's
transaction; published to a worker once it commits.

    domain service ──hook──▶ receivers ──▶ webhook_events_queue (same transaction: the rows)
    on commit ──▶ webhook_delivery_send_task (services.send)

The unique (endpoint, dedupe_key) makes an event that is raised twice (a sweep that overlaps
another, a receiver called again) one delivery: exactly once per event and endpoint.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from voc_portal.core.outbox import task_publish

from ..models import TEST_EVENT, Delivery, Endpoint

SEND_TASK = "voc_portal.webhooks.tasks.webhook_delivery_send_task"


@dataclass(frozen=True)
class WebhookEvent:
    account_id: int
    type: str
    key: str  # unique per event: the dedupe key of its deliveries
    data: dict


def envelope(*, event_type: str, data: dict, at: datetime) -> dict:
    """The body a standard endpoint receives (the Standard Webhooks payload shape)."""
    return {"type": event_type, "timestamp": at.isoformat(), "data": data}


def enqueue(delivery_id: int, *, eta: datetime | None = None) -> bool:
    return task_publish(SEND_TASK, [delivery_id], eta=eta, what=f"webhook delivery {delivery_id}")


def _publish_after_commit(keys: set[tuple[int, str]]) -> None:
    def publish() -> None:
        endpoint_ids = {endpoint_id for endpoint_id, _ in keys}
        rows = Delivery.objects.filter(
            endpoint_id__in=endpoint_ids,
            dedupe_key__in={key for _, key in keys},
            status=Delivery.Status.PENDING,
            attempts=0,
        ).values_list("pk", "endpoint_id", "dedupe_key")
        for pk, endpoint_id, key in rows:
            if (endpoint_id, key) in keys:
                enqueue(pk)

    transaction.on_commit(publish)


def endpoints_listening(*, account_ids: set[int], event_types: set[str]) -> list[Endpoint]:
    """The endpoints that are on, of `account_ids`, for any of `event_types`: one query."""
    return list(
        Endpoint.objects.filter(
            account_id__in=account_ids, enabled=True, events__overlap=list(event_types)
        ).only("pk", "account_id", "events")
    )


def webhook_events_queue(
    *, events: Iterable[WebhookEvent], endpoints: list[Endpoint] | None = None
) -> int:
    """Write the deliveries of `events` (any accounts): one query for the endpoints (none when
    the caller passes those it looked up with endpoints_listening), one insert.
    Returns how many rows the insert was given (duplicates of earlier rows are skipped)."""
    events = list(events)
    if not events:
        return 0
    if endpoints is None:
        endpoints = endpoints_listening(
            account_ids={e.account_id for e in events}, event_types={e.type for e in events}
        )
    if not endpoints:
        return 0
    now = timezone.now()
    rows = [
        Delivery(
            endpoint_id=endpoint.pk,
            event_type=event.type,
            dedupe_key=event.key,
            payload=envelope(event_type=event.type, data=event.data, at=now),
            created_at=now,
            next_attempt_at=now,
        )
        for event in events
        for endpoint in endpoints
        if endpoint.account_id == event.account_id and event.type in endpoint.events
    ]
    if rows:
        Delivery.objects.bulk_create(rows, ignore_conflicts=True)
        _publish_after_commit({(r.endpoint_id, r.dedupe_key) for r in rows})
    return len(rows)


def webhook_test_send(*, endpoint: Endpoint) -> Delivery:
    """The "Send test event" button: a webhook.test event to this endpoint only, through the
    same outbox (so it is signed, logged and retried like any other)."""
    now = timezone.now()
    data = {
        "message": "This is a test event from VOC Portal.",
        "endpoint": {"id": endpoint.pk, "url": endpoint.url},
    }
    with transaction.atomic():
        delivery = Delivery.objects.create(
            endpoint=endpoint,
            event_type=TEST_EVENT,
            dedupe_key=f"test:{uuid.uuid4().hex}",
            payload=envelope(event_type=TEST_EVENT, data=data, at=now),
            created_at=now,
            next_attempt_at=now,
        )
        transaction.on_commit(lambda: enqueue(delivery.pk))
    return delivery
