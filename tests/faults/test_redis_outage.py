"""Degrade, don't fail: with Redis down the API and the web pages answer, and mail waits as rows.

A private redis-server is the cache (throttle counters) and the broker; the test stops it and
counts every response of 5xx (none allowed).
"""

import logging

import pytest
from django.urls import reverse

from inquiries import services
from tests.factories import CustomerFactory
from tests.integration.api.conftest import bearer_client
from tests.support.broker import celery_broker
from tests.support.redis_server import RedisServer
from voc_portal.mail.models import OutboundEmail

pytestmark = pytest.mark.django_db

LIST = "/api/v1/inquiries/"


@pytest.fixture
def private_redis(settings):
    server = RedisServer().start()
    settings.CACHES = {
        "default": {
            "BACKEND": "voc_portal.core.cache.FailSoftRedisCache",
            "LOCATION": server.url,
            "KEY_PREFIX": "outage",
        }
    }
    with celery_broker(server.broker_url):
        yield server
    server.cleanup()


@pytest.fixture
def api(developer):
    from voc_portal.api.services import api_token_create

    return bearer_client(api_token_create(membership=developer, name="phone").secret)


def _requests(api, client, inquiry, n: int) -> list[int]:
    statuses = []
    for i in range(n):
        statuses.append(api.get(LIST).status_code)
        statuses.append(api.get(f"{LIST}{inquiry.pk}/").status_code)
        reply = api.post(f"{LIST}{inquiry.pk}/reply/", {"body": f"Reply {i}"}, format="json")
        statuses.append(reply.status_code)
        statuses.append(client.get(reverse("accounts:login")).status_code)
    return statuses


def test_api_and_web_answer_without_5xx_and_queue_mail_when_redis_is_down(
    api, client, developer, private_redis, caplog, django_capture_on_commit_callbacks
):
    inquiry = services.inquiry_create(
        customer=CustomerFactory(), app=developer.app, category="error", subject="Crash", body="x"
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert set(_requests(api, client, inquiry, 2)) <= {200, 201}  # Redis up: the baseline

    private_redis.stop()
    with caplog.at_level(logging.WARNING), django_capture_on_commit_callbacks(execute=True):
        statuses = _requests(api, client, inquiry, 10)

    assert len(statuses) == 40
    assert [s for s in statuses if s >= 500] == []
    assert set(statuses) <= {200, 201}
    # Every reply's email is a row waiting for the re-drive (the broker was down too).
    replies = OutboundEmail.objects.filter(kind="inquiry_reply", status="queued")
    assert replies.count() == 12
    # The outage is logged once, not once per request.
    unreachable = [r for r in caplog.records if "Redis unreachable" in r.getMessage()]
    assert len(unreachable) == 1
