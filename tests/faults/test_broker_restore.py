"""The worker's crash on a Redis outage (issue 12), reproduced at the kombu level, and its guard.

celery 5.7 handles a lost broker with `connection.collect()` then `connection.close()`
(`Consumer.on_connection_error_after_connected`). With a remote-control (auto-delete fanout)
queue and an unacknowledged message on the default channel, as a worker holding eta tasks has,
the second close used to raise AttributeError ('NoneType' object has no attribute 'hostname'),
which celery does not ignore: the worker exited. See voc_portal/core/broker.py.
"""

import pytest
from kombu import Connection, Exchange, Queue
from kombu import transport as kombu_transport
from kombu.transport import redis as kombu_redis

from tests.support.redis_server import RedisServer
from voc_portal.core import broker


@pytest.fixture
def server():
    server = RedisServer().start()
    yield server
    server.cleanup()


def _worker_like_connection(url: str) -> Connection:
    """A connection in the state of a worker at the outage: a BRPOP in flight, a pidbox-like
    fanout queue consumed and one message received but not acknowledged, all on one channel."""
    conn = Connection(url, transport_options={"socket_connect_timeout": 1})
    channel = conn.default_channel
    pidbox = Queue("t.pidbox", Exchange("t.bcast", type="fanout"), auto_delete=True)
    conn.Consumer([pidbox], channel=channel, callbacks=[lambda body, message: None]).consume()
    tasks = conn.SimpleQueue("t.tasks")
    tasks.put({"n": 1})
    tasks.get(timeout=2)  # not acked: held like an eta task under acks_late
    assert tasks.channel is channel and len(channel.qos._delivered) == 1
    channel._brpop_start()
    return conn


def _lose_broker(conn: Connection, server: RedisServer) -> None:
    """What the consumer does when Redis goes away (celery/worker/consumer/consumer.py)."""
    server.stop()
    conn.collect(socket_timeout=1)
    conn.close()  # kombu's ignore_errors lets connection errors pass, nothing else


def test_stock_redis_transport_raises_on_close_after_collect(server, monkeypatch):
    # kombu's own class for the scheme, as before broker.install()
    stock = "kombu.transport.redis:Transport"
    monkeypatch.setitem(kombu_transport.TRANSPORT_ALIASES, "redis", stock)
    monkeypatch.setattr(kombu_transport, "_transport_cache", {})
    conn = _worker_like_connection(server.broker_url)
    assert type(conn.transport) is kombu_redis.Transport
    with pytest.raises(AttributeError, match="hostname"):
        _lose_broker(conn, server)


def test_guarded_transport_closes_and_reconnects(server, caplog):
    conn = _worker_like_connection(server.broker_url)
    assert isinstance(conn.transport, broker.Transport)  # what `redis+socket://` resolves to
    channel = conn.default_channel
    tag = next(iter(channel.qos._delivered))
    _lose_broker(conn, server)
    assert "1 unacknowledged message(s) left" in caplog.text
    channel.qos.ack(tag)  # a task finishing after the reconnect acks on the old channel
    channel.qos.reject(tag, requeue=True)

    server.start()
    again = Connection(server.broker_url)
    queue = again.SimpleQueue("t.after")
    queue.put({"n": 2})
    assert queue.get(timeout=2).payload == {"n": 2}
    again.close()


def test_redis_urls_resolve_to_the_guarded_transport():
    for url in ("redis://127.0.0.1:6379/0", "rediss://h:6380/0", "redis+socket:///tmp/r.sock"):
        assert Connection(url).transport_cls in ("redis", "rediss")
        assert isinstance(Connection(url).transport, broker.Transport)
