"""Point this process's Celery app at a given broker, and read what was published to it."""

from __future__ import annotations

import base64
import json
from contextlib import contextmanager

import redis

from voc_portal.celery import app


def _reset_connections() -> None:
    # Drop pooled broker connections and producers so the next publish connects afresh.
    if app._pool is not None:
        app._pool.force_close_all()
        app._pool = None
    amqp = app.amqp
    if getattr(amqp, "_producer_pool", None) is not None:
        amqp._producer_pool.force_close_all()
        amqp._producer_pool = None


@contextmanager
def celery_broker(broker_url: str):
    previous = app.conf.broker_url
    _reset_connections()
    app.conf.broker_url = broker_url
    try:
        yield app
    finally:
        _reset_connections()
        app.conf.broker_url = previous


def published_send_tasks(redis_url: str, queue: str = "celery") -> list[int]:
    """The email ids of outbound_email_send_task messages waiting in `queue`."""
    return _published_first_args(redis_url, "outbound_email_send_task", queue)


def published_send_many_tasks(redis_url: str, queue: str = "celery") -> list[list[int]]:
    """The id lists of outbound_email_send_many_task messages waiting in `queue`."""
    return _published_first_args(redis_url, "outbound_email_send_many_task", queue)


def _published_first_args(redis_url: str, task: str, queue: str) -> list:
    client = redis.Redis.from_url(redis_url)
    found = []
    for raw in client.lrange(queue, 0, -1):
        envelope = json.loads(raw)
        if envelope["headers"].get("task") != f"voc_portal.mail.tasks.{task}":
            continue
        body = json.loads(base64.b64decode(envelope["body"]))
        found.append(body[0][0])
    client.close()
    return found
