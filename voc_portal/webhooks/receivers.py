"""The domains' hooks, received: each turns its event into WebhookEvents and queues them in the
sender's transaction (connected in WebhooksConfig.ready())."""

from __future__ import annotations

from voc_portal.catalog.models import App

from . import payloads
from .models import EventType
from .services import WebhookEvent, endpoints_listening, webhook_events_queue


def _queue(account_id: int, event_type: str, key: str, data: dict) -> None:
    webhook_events_queue(
        events=[WebhookEvent(account_id=account_id, type=event_type, key=key, data=data)]
    )


def on_inquiry_created(*, inquiry, **_) -> None:
    _queue(
        inquiry.account_id,
        EventType.INQUIRY_CREATED,
        f"inquiry.created:{inquiry.pk}",
        payloads.inquiry_data(inquiry),
    )


def on_inquiry_due_soon(*, inquiries, hours, now, **_) -> None:
    # Once per clock: the first reminder window that sees the clock raises it; later ones
    # (6 h after 24 h) hit the same dedupe key.
    webhook_events_queue(
        events=[
            WebhookEvent(
                account_id=i.account_id,
                type=EventType.INQUIRY_DUE_SOON,
                key=f"inquiry.due_soon:{i.pk}:{i.clock}",
                data={**payloads.inquiry_data(i), "hours_left": hours},
            )
            for i in inquiries
        ]
    )


def on_inquiry_escalated(*, claimed, now, **_) -> None:
    # A sweep batch is thousands of rows of accounts that mostly have no endpoint: one query
    # finds those that do, and only their rows become payloads.
    endpoints = endpoints_listening(
        account_ids={row["account_id"] for row in claimed},
        event_types={EventType.INQUIRY_ESCALATED},
    )
    if not endpoints:
        return
    listening = {endpoint.account_id for endpoint in endpoints}
    claimed = [row for row in claimed if row["account_id"] in listening]
    apps = App.objects.in_bulk({row["app_id"] for row in claimed})
    webhook_events_queue(
        events=[
            WebhookEvent(
                account_id=row["account_id"],
                type=EventType.INQUIRY_ESCALATED,
                key=f"inquiry.escalated:{row['id']}:{row['clock']}",
                data=payloads.escalated_data(row, app=apps[row["app_id"]], now=now),
            )
            for row in claimed
        ],
        endpoints=endpoints,
    )


def on_inquiry_answered(*, inquiry, answered_at, late, **_) -> None:
    data = {**payloads.inquiry_data(inquiry), "answered_at": answered_at.isoformat(), "late": late}
    key = f"inquiry.answered:{inquiry.pk}:{inquiry.clock}"
    _queue(inquiry.account_id, EventType.INQUIRY_ANSWERED, key, data)


def on_review_created(*, review, app, **_) -> None:
    # A deleted review written again is the same row: the time tells them apart.
    key = f"review.created:{review.pk}:{int(review.created_at.timestamp())}"
    _queue(app.account_id, EventType.REVIEW_CREATED, key, payloads.review_data(review, app=app))


def on_review_updated(*, review, previous_rating, **_) -> None:
    app = review.app
    data = {**payloads.review_data(review, app=app), "previous_rating": previous_rating}
    key = f"review.updated:{review.pk}:{review.updated_at.timestamp():.6f}"
    _queue(app.account_id, EventType.REVIEW_UPDATED, key, data)


def on_refund_state_changed(*, refund, event, **_) -> None:
    key = f"refund.state_changed:{event.pk}"
    _queue(
        refund.account_id,
        EventType.REFUND_STATE_CHANGED,
        key,
        payloads.refund_data(refund, event=event),
    )
