import itertools

import pytest

from tests.support import flaky_backend
from tests.support.broker import celery_broker
from tests.support.redis_server import RedisServer
from voc_portal.mail.services import EmailSpec, outbound_email_queue

_keys = itertools.count(1)


@pytest.fixture
def private_redis():
    """A redis-server of this test's own (the machine's Redis is shared: never stop that)."""
    server = RedisServer().start()
    yield server
    server.cleanup()


@pytest.fixture
def private_broker(private_redis):
    """This process publishes Celery tasks to the private Redis for the test's duration."""
    with celery_broker(private_redis.broker_url):
        yield private_redis


@pytest.fixture
def flaky_provider(settings):
    """The provider answers 503 to the first `settings.VOC_TEST_EMAIL_FAILURES` sends."""
    settings.EMAIL_BACKEND = "tests.support.flaky_backend.FlakyEmailBackend"
    settings.VOC_TEST_EMAIL_FAILURES = 2
    settings.VOC_TEST_EMAIL_FAILURE_STATUS = 503
    settings.VOC_EMAIL_RETRY_BASE_SECONDS = 0
    flaky_backend.reset()
    yield settings
    flaky_backend.reset()


@pytest.fixture
def queue_email():
    def make(to_email="someone@example.com", body="Hello", **overrides):
        n = next(_keys)
        spec = EmailSpec(
            kind="test",
            template="plain",
            to_email=to_email,
            dedupe_key=overrides.pop("dedupe_key", f"test:{n}"),
            context={"subject": overrides.pop("subject", f"Subject {n}"), "body": body},
            **overrides,
        )
        return outbound_email_queue(spec=spec)

    return make
