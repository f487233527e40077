import pytest
from django.db import connection

from tests.support.broker import celery_broker
from tests.support.redis_server import RedisServer


@pytest.fixture
def e2e_redis(transactional_db):
    """A private Redis for this process's publishes and for the worker/beat subprocesses."""
    server = RedisServer().start()
    with celery_broker(server.broker_url):
        yield server
    server.cleanup()


@pytest.fixture
def test_database_name(transactional_db) -> str:
    return connection.settings_dict["NAME"]


@pytest.fixture
def email_log(tmp_path):
    return tmp_path / "sent-emails.jsonl"
