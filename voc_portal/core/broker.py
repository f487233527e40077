"""The Redis broker transport, with one guard against a worker crash on a broker outage.

Cause (docs/email.md, "Broker"): when the worker loses Redis, celery 5.7's
`Consumer.on_connection_error_after_connected` first calls `connection.collect()` and then
`connection.close()`. The Redis channel's first close (inside `collect`) stops at deleting the
auto-delete fanout queue of remote control (pidbox) — Redis is down — before it marks itself
closed; `collect` then detaches the transport (`transport.client = None`). The second close runs
on and restores the unacknowledged messages (eta tasks held with `acks_late`): that builds a new
Redis pool from `transport.client`, which is now None — `AttributeError: 'NoneType' object has
no attribute 'hostname'`, not a connection error, so celery does not ignore it and the worker
exits ("Unrecoverable error").

The guard: a channel whose transport is detached does not restore. Nothing is lost by it: Redis
cannot be reached then anyway, the messages stay in Redis's unacked hash (restored by a later
channel's `restore_visible` after the visibility timeout, if Redis kept them), and the outbox's
re-drive re-publishes every row still due. `install()` makes it the transport of the `redis` and
`rediss` URL schemes (redis+socket:// included) before any connection is made.
"""

from __future__ import annotations

import logging

from kombu import transport as kombu_transport
from kombu.transport import redis as kombu_redis
from kombu.transport import virtual

logger = logging.getLogger(__name__)


def transport_detached(channel) -> bool:
    """True once `Connection.collect()`/`close()` has cut the channel from its connection."""
    transport = channel.connection
    return transport is None or transport.client is None


class QoS(kombu_redis.QoS):
    def restore_unacked(self, client=None):
        if client is None and transport_detached(self.channel):
            if self._delivered:
                logger.warning(
                    "broker connection gone: %d unacknowledged message(s) left in Redis's unacked "
                    "hash (restored after the visibility timeout; the outbox re-drives its rows)",
                    len(self._delivered),
                )
            self._delivered.clear()
            return None
        return super().restore_unacked(client)

    # A task that finishes after the reconnect acks on the old, detached channel: the same crash
    # (a pool built from a None transport). Its entry stays in the unacked hash: restored after
    # the visibility timeout, that task is a no-op claim (the row is final by then).
    def ack(self, delivery_tag):
        if transport_detached(self.channel):
            return virtual.QoS.ack(self, delivery_tag)
        return super().ack(delivery_tag)

    def reject(self, delivery_tag, requeue=False):
        if transport_detached(self.channel):
            return virtual.QoS.ack(self, delivery_tag)
        return super().reject(delivery_tag, requeue=requeue)


class Channel(kombu_redis.Channel):
    QoS = QoS


class Transport(kombu_redis.Transport):
    Channel = Channel


def install() -> None:
    """Resolve the `redis`/`rediss` schemes to this transport (kombu's alias table)."""
    path = f"{__name__}:Transport"
    for scheme in ("redis", "rediss"):
        kombu_transport.TRANSPORT_ALIASES[scheme] = path
        # kombu memoises resolved names: forget one resolved before this ran.
        getattr(kombu_transport, "_transport_cache", {}).pop(scheme, None)
