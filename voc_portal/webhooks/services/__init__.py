"""The webhooks' services: endpoints (create, edit, rotate, enable), the outbox (queue) and
delivery (send, retry, disable)."""

from .endpoints import (
    endpoint_create,
    endpoint_delete,
    endpoint_enable,
    endpoint_secret_rotate,
    endpoint_update,
    endpoint_url_clean,
)
from .queue import WebhookEvent, endpoints_listening, webhook_events_queue, webhook_test_send
from .send import delivery_redrive, delivery_send, delivery_send_and_reschedule

__all__ = [
    "WebhookEvent",
    "delivery_redrive",
    "delivery_send",
    "delivery_send_and_reschedule",
    "endpoint_create",
    "endpoint_delete",
    "endpoint_enable",
    "endpoint_secret_rotate",
    "endpoint_update",
    "endpoint_url_clean",
    "endpoints_listening",
    "webhook_events_queue",
    "webhook_test_send",
]
