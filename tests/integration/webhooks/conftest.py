"""A developer with a webhook endpoint pointed at a real local receiver (tests/support).

Attempts are driven one by one (a backoff is made due by moving `next_attempt_at`); the
on-commit publish goes to the real broker, which no worker reads here.
"""

from __future__ import annotations

import pytest
from django.utils import timezone

from tests.support.webhook_receiver import WebhookReceiver
from voc_portal.webhooks.models import Delivery, EventType
from voc_portal.webhooks.services import delivery_send, endpoint_create


@pytest.fixture(scope="module")
def _receiver_server():
    server = WebhookReceiver(hang_seconds=1.0).start()
    yield server
    server.stop()


@pytest.fixture
def receiver(_receiver_server, settings):
    _receiver_server.reset()
    if not _receiver_server.is_up:
        _receiver_server.come_up()
    settings.VOC_WEBHOOK_READ_TIMEOUT = 0.4
    settings.VOC_WEBHOOK_CONNECT_TIMEOUT = 0.4
    yield _receiver_server
    if not _receiver_server.is_up:
        _receiver_server.come_up()


@pytest.fixture
def endpoint_for(receiver):
    def make(membership, *, events=None, format="standard"):
        issued = endpoint_create(
            membership=membership,
            url=receiver.url,
            events=events or EventType.values,
            format=format,
        )
        receiver.secret = issued.secret
        return issued.endpoint

    return make


@pytest.fixture
def endpoint(developer, endpoint_for):
    return endpoint_for(developer)


def send_due(endpoint=None) -> list:
    """One attempt at every unfinished delivery (of `endpoint`), as if its backoff were over."""
    rows = Delivery.objects.filter(status=Delivery.Status.PENDING)
    if endpoint is not None:
        rows = rows.filter(endpoint=endpoint)
    ids = list(rows.order_by("pk").values_list("pk", flat=True))
    Delivery.objects.filter(pk__in=ids).update(next_attempt_at=timezone.now())
    return [delivery_send(delivery_id=pk) for pk in ids]
