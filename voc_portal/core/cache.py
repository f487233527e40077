"""A Redis cache that degrades instead of failing: with Redis down, a local in-memory cache.

Everything the portal keeps in the cache is disposable (DRF throttle counters, cached fragments),
so an unreachable Redis must not turn requests into HTTP 500. Each operation that cannot reach
Redis is served by a per-process LocMemCache instead: throttles keep counting per process (fail
"locally", not fully open) and pages keep rendering. The first failure is logged once, and the
recovery once; while Redis is down it is retried at most every RETRY_SECONDS, so a dead server
does not add a connect timeout to every request.
"""

from __future__ import annotations

import logging
import threading
import time

from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

_UNREACHABLE = (RedisConnectionError, RedisTimeoutError, OSError)

# The operations the fallback covers: everything Django's cache API offers.
_OPERATIONS = (
    "add", "get", "set", "touch", "delete", "get_many", "has_key", "incr", "decr",
    "set_many", "delete_many", "clear", "get_or_set",
)  # fmt: skip


class ReusedRedisCacheClient(RedisCacheClient):
    """One redis.Redis per connection pool, not a new one for every cache call.

    Django builds a client per call, and each build fills redis-py's table of ~170 response
    callbacks: several hundred Python calls per request for two cache reads (issue 13's
    profile). A client holds no connection of its own (it borrows one from the pool for each
    command), so one serves every thread.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}  # pool -> its client; two threads racing at first build two, harmlessly

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(pool)
        if client is None:
            client = self._clients[pool] = self._client(connection_pool=pool)
        return client


class FailSoftRedisCache(RedisCache):
    RETRY_SECONDS = 5.0

    def __init__(self, server, params):
        options = dict(params.get("OPTIONS") or {})
        # A dead or unreachable server must answer fast: it is asked on every throttled request.
        options.setdefault("socket_connect_timeout", 0.5)
        options.setdefault("socket_timeout", 1.0)
        super().__init__(server, {**params, "OPTIONS": options})
        self._class = ReusedRedisCacheClient
        self._local = LocMemCache(f"fail-soft-{id(self)}", {"OPTIONS": {"MAX_ENTRIES": 10_000}})
        self._down_since: float | None = None
        self._lock = threading.Lock()

    def _redis_down(self) -> bool:
        down = self._down_since
        return down is not None and time.monotonic() - down < self.RETRY_SECONDS

    def _failed(self, exc: Exception) -> None:
        with self._lock:
            first = self._down_since is None
            self._down_since = time.monotonic()
        if first:
            logger.error("cache: Redis unreachable (%s); using a local cache until it is back", exc)

    def _recovered(self) -> None:
        if self._down_since is not None:
            with self._lock:
                self._down_since = None
            logger.warning("cache: Redis reachable again; back to the shared cache")


def _fail_soft(name: str):
    redis_op = getattr(RedisCache, name)
    local_op = getattr(LocMemCache, name)

    def operation(self, *args, **kwargs):
        if not self._redis_down():
            try:
                result = redis_op(self, *args, **kwargs)
            except _UNREACHABLE as exc:
                self._failed(exc)
            else:
                self._recovered()
                return result
        return local_op(self._local, *args, **kwargs)

    operation.__name__ = name
    operation.__doc__ = f"RedisCache.{name}, or the local cache while Redis is unreachable."
    return operation


for _name in _OPERATIONS:
    setattr(FailSoftRedisCache, _name, _fail_soft(_name))
