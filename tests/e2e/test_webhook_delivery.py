"""Webhook delivery with a REAL Celery worker and beat, and the receiver down for a while.

A customer's new inquiry is an `inquiry.created` delivery to the developer's endpoint (the
receiver in tests/support/webhook_receiver.py verifies it with the standardwebhooks reference
library). The receiver is down, then answers 500, then too late; the worker retries with backoff
and beat re-drives; the receiver holds the message exactly once, and nothing is sent after.
"""

import time

import pytest

from inquiries import services as inquiry_services
from inquiries.models import Category
from tests.factories import AppFactory, CustomerFactory, MembershipFactory
from tests.support.celery_worker import celery_processes, wait_until
from tests.support.webhook_receiver import WebhookReceiver
from voc_portal.webhooks.models import Delivery, DeliveryAttempt, EventType
from voc_portal.webhooks.services import endpoint_create

pytestmark = pytest.mark.e2e


def test_a_receiver_down_for_a_while_gets_the_event_exactly_once(e2e_redis, test_database_name):
    receiver = WebhookReceiver(hang_seconds=2.0).start()
    developer = MembershipFactory()
    app = AppFactory(account=developer.account)
    issued = endpoint_create(
        membership=developer, url=receiver.url, events=[EventType.INQUIRY_CREATED]
    )
    receiver.secret = issued.secret
    receiver.go_down()
    receiver.script.extend(["500", "timeout"])
    inquiry_services.inquiry_create(
        customer=CustomerFactory(),
        app=app,
        category=Category.OTHER,
        subject="Where is my save?",
        body="It disappeared after the update.",
    )
    delivery = Delivery.objects.get(endpoint=issued.endpoint)
    try:
        with celery_processes(
            database_name=test_database_name,
            redis_url=e2e_redis.url,
            beat=True,
            VOC_WEBHOOK_READ_TIMEOUT="0.5",
            VOC_WEBHOOK_RETRY_BASE_SECONDS="0.5",
            VOC_WEBHOOK_RETRY_MAX_SECONDS="1",
            VOC_WEBHOOK_REDRIVE_EVERY_SECONDS="1",
        ):
            assert wait_until(lambda: _refreshed(delivery).attempts >= 2, timeout=30)
            assert receiver.requests == []  # down: nothing reached it
            receiver.come_up()
            assert wait_until(lambda: _refreshed(delivery).status == "delivered", timeout=40)
            time.sleep(3)  # beat keeps re-driving: nothing is sent again
    finally:
        receiver.stop()

    assert [m["id"] for m in receiver.messages] == [delivery.msg_id]
    assert receiver.messages[0]["json"]["data"]["id"] == delivery.payload["data"]["id"]
    assert receiver.duplicates == 0
    assert [r["status"] for r in receiver.requests] == [500, None, 200]
    log = DeliveryAttempt.objects.filter(delivery=delivery).order_by("pk")
    assert [a.ok for a in log][-1] is True and log.count() == _refreshed(delivery).attempts


def _refreshed(delivery: Delivery) -> Delivery:
    delivery.refresh_from_db()
    return delivery
