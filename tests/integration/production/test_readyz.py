"""/readyz of a real gunicorn with production settings, while its PostgreSQL and Redis are
stopped and started again. Both servers are private to this test (never the machine's own)."""

from __future__ import annotations

import subprocess
import sys
import time

import pytest

from tests.support.redis_server import RedisServer

from .servers import PRODUCTION_ENV, ROOT, Portal, PostgresServer, clean_environment

pytestmark = pytest.mark.production


@pytest.fixture(scope="module")
def stack():
    postgres = PostgresServer().init().start()
    redis = RedisServer().start()
    portal = None
    try:
        postgres.create_database()
        env = clean_environment(
            **PRODUCTION_ENV,
            DATABASE_URL=postgres.url,
            REDIS_URL=redis.url,
            DJANGO_CONN_MAX_AGE="60",  # persistent connections: the hard case after a restart
        )
        subprocess.run(
            [sys.executable, "manage.py", "migrate", "--no-input", "-v", "0"],
            cwd=ROOT, env=env, check=True, capture_output=True, timeout=300,
        )  # fmt: skip
        portal = Portal(env).start()
        yield portal, postgres, redis
    finally:
        if portal is not None:
            portal.stop()
        redis.cleanup()
        postgres.cleanup()


def _wait_for(portal: Portal, status: int, timeout: float = 20) -> dict:
    deadline = time.monotonic() + timeout
    while True:
        got, body = portal.readyz()
        if got == status or time.monotonic() > deadline:
            assert got == status, body
            return body
        time.sleep(0.2)


def test_readyz_is_200_with_every_check_when_database_redis_and_migrations_are_fine(stack):
    portal, _, _ = stack
    status, body = portal.readyz()
    assert status == 200, body
    assert body["status"] == "ready"
    assert {name: check["ok"] for name, check in body["checks"].items()} == {
        "database": True,
        "redis": True,
        "migrations": True,
    }


def test_readyz_turns_503_when_redis_stops_and_200_when_it_is_back(stack):
    portal, _, redis = stack
    redis.stop()
    try:
        body = _wait_for(portal, 503)
        assert body["status"] == "unavailable"
        assert body["checks"]["redis"]["ok"] is False
        assert body["checks"]["database"]["ok"] is True
    finally:
        redis.start()
    body = _wait_for(portal, 200)
    assert body["checks"]["redis"]["ok"] is True


def test_readyz_turns_503_when_postgres_stops_and_200_when_it_is_back(stack):
    portal, postgres, _ = stack
    assert portal.readyz()[0] == 200  # a persistent connection is open now
    postgres.stop()
    try:
        body = _wait_for(portal, 503)
        assert body["checks"]["database"]["ok"] is False
        assert body["checks"]["migrations"]["ok"] is False
        assert body["checks"]["redis"]["ok"] is True
    finally:
        postgres.start()
    body = _wait_for(portal, 200)
    assert body["checks"]["database"]["ok"] is True


def test_healthz_stays_200_when_postgres_and_redis_are_down(stack):
    portal, postgres, redis = stack
    postgres.stop()
    redis.stop()
    try:
        from .servers import get

        status, headers, body = get(f"{portal.base}/healthz", headers={"Host": "10.9.8.7:8000"})
        assert (status, body) == (200, b'{"status": "ok"}')
        assert "Set-Cookie" not in headers
    finally:
        postgres.start()
        redis.start()
    _wait_for(portal, 200)
