"""Web Push end to end: a REAL Celery worker sends the rows an event wrote to the local push
service (tests/support/push_service.py), which checks VAPID and decrypts what a device would."""

import pytest

from inquiries import services as inquiry_services
from inquiries.models import Category
from tests.integration.push.conftest import subscribe
from tests.support.celery_worker import celery_processes, wait_until
from tests.support.push_service import PushService
from voc_portal.push.models import PushMessage

pytestmark = pytest.mark.e2e


@pytest.fixture
def push_service():
    service = PushService().start()
    yield service
    service.stop()


def test_new_inquiry_reaches_the_device_once_when_the_service_fails_first(
    e2e_redis, test_database_name, developer, customer, push_service
):
    _, info = subscribe(developer, push_service)
    push_service.script(info["endpoint"], [500])  # the first attempt fails; the retry lands

    inquiry = inquiry_services.inquiry_create(
        customer=customer,
        app=developer.app,
        category=Category.ERROR,
        subject="Crash on start",
        body="The app closes after the logo.",
    )
    with celery_processes(
        database_name=test_database_name,
        redis_url=e2e_redis.url,
        beat=True,
        VOC_PUSH_RETRY_BASE_SECONDS="0.5",
        VOC_PUSH_REDRIVE_EVERY_SECONDS="1",
    ):
        assert wait_until(lambda: len(push_service.received) == 1, timeout=30)
        row = PushMessage.objects.get()
        assert wait_until(lambda: PushMessage.objects.get().status == "sent", timeout=10)

    [received] = push_service.received
    assert received.json() == {
        "title": f"[{developer.app.title}] New inquiry #{inquiry.pk:06d}",
        "body": "Crash on start",
        "url": f"/app/#/inquiries/{inquiry.pk}",
        "tag": f"inquiry-{inquiry.pk}",
    }
    row.refresh_from_db()
    assert row.attempts == 2
    assert push_service.attempts[info["endpoint"].rsplit("/", 1)[-1]] == 2
