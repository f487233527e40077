"""Counters shared by every process (gunicorn workers, Celery workers, several containers).

A Prometheus counter in process memory would be one per gunicorn worker and lost on restart of
each; one Redis hash per metric is shared, cheap, and survives a web restart. A Redis outage
loses increments, never a request: every write here swallows the error and logs it.
"""

from __future__ import annotations

import logging
from functools import cache

import redis
from django.conf import settings

logger = logging.getLogger(__name__)

WEBHOOK_FAILURES = "webhook-failures"
SWEEPS = "sweeps"


@cache
def _client(url: str) -> redis.Redis:
    # Short timeouts: a probe or a metric must answer even when Redis hangs.
    return redis.Redis.from_url(
        url, socket_connect_timeout=1, socket_timeout=1, decode_responses=True
    )


def client() -> redis.Redis:
    return _client(settings.REDIS_URL)


def _key(name: str) -> str:
    prefix = settings.CACHES["default"].get("KEY_PREFIX", "voc")
    return f"{prefix}:health:{name}"


def increment(name: str, field: str) -> None:
    try:
        client().hincrby(_key(name), field, 1)
    except (redis.RedisError, OSError) as exc:
        logger.warning("metric %s[%s] not counted: %s", name, field, type(exc).__name__)


def record(name: str, field: str, values: dict[str, float]) -> None:
    """Keep the latest values of one series (e.g. a sweep's last duration and finish time)."""
    try:
        client().hset(_key(name), mapping={f"{field}|{k}": v for k, v in values.items()})
    except (redis.RedisError, OSError) as exc:
        logger.warning("metric %s[%s] not recorded: %s", name, field, type(exc).__name__)


def read(name: str) -> dict[str, str]:
    """Raises redis.RedisError when Redis is down: the caller decides what that means."""
    return client().hgetall(_key(name))


def reset(name: str) -> None:
    client().delete(_key(name))
