"""Reads of the pages that tolerate a little lag go to the streaming replica (docs/scaling.md).

Nothing is routed by default: a page opts in with `reading_from_replica(user=…)` (a context
manager) or `@replica_reads` (a view decorator), and only its reads outside a transaction go to
the `replica` alias; writes, and every read inside `transaction.atomic` (row locks, services),
stay on the primary. Without DATABASE_REPLICA_URL there is no `replica` alias and all of this is
a no-op.

Read-your-writes: after a member's write (any unsafe request, `ReadYourWritesMiddleware`) the
primary's WAL position (`pg_current_wal_lsn()`) is kept in the cache under their id; their
routed reads go to the primary until the replica's `pg_last_wal_replay_lsn()` has passed it.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections

REPLICA = "replica"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})
logger = logging.getLogger(__name__)

# The alias this context reads from; None: the primary (DEFAULT_DB_ALIAS).
_read_alias: ContextVar[str | None] = ContextVar("voc_read_alias", default=None)


def replica_configured() -> bool:
    return REPLICA in connections.settings


def _mark_key(user_id: int) -> str:
    return f"replica-wrote-at:{user_id}"


def write_mark(*, user_id: int) -> None:
    """Note where the primary's WAL is now: `user_id`'s reads wait for the replica to get there."""
    if not replica_configured():
        return
    with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
        cursor.execute("SELECT pg_current_wal_insert_lsn()::text")
        (lsn,) = cursor.fetchone()
    cache.set(_mark_key(user_id), lsn, settings.VOC_REPLICA_READ_YOUR_WRITES_SECONDS)


def read_alias(*, user_id: int | None) -> str:
    """Where `user_id`'s lag-tolerant reads go now: the replica, unless it is not configured,
    not reachable, or has not yet replayed that user's last write."""
    if not replica_configured() or connections[DEFAULT_DB_ALIAS].in_atomic_block:
        return DEFAULT_DB_ALIAS
    mark = cache.get(_mark_key(user_id)) if user_id is not None else None
    try:
        with connections[REPLICA].cursor() as cursor:
            if mark is None:
                return REPLICA
            cursor.execute("SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn", [mark])
            (replayed,) = cursor.fetchone()
    except DatabaseError:
        logger.warning("replica not reachable: reading from the primary", exc_info=True)
        connections[REPLICA].close()
        return DEFAULT_DB_ALIAS
    if not replayed:
        return DEFAULT_DB_ALIAS
    cache.delete(_mark_key(user_id))
    return REPLICA


@contextmanager
def reading_from_replica(*, user=None) -> Iterator[str]:
    """Route this block's reads (outside transactions) to the replica for `user` (a member; None
    or anonymous: no write of theirs to wait for). Yields the alias, for `.using()` in
    generators that run after the block (streamed exports)."""
    user_id = user.pk if user is not None and user.is_authenticated else None
    alias = read_alias(user_id=user_id)
    token = _read_alias.set(alias)
    try:
        yield alias
    finally:
        _read_alias.reset(token)


def replica_reads(view):
    """View decorator: the whole view (its selectors and its template) reads as
    `reading_from_replica(user=request.user)`."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        with reading_from_replica(user=getattr(request, "user", None)):
            return view(request, *args, **kwargs)

    return wrapped


class ReplicaRouter:
    """The primary for everything, except reads inside `reading_from_replica` outside a
    transaction. Always an explicit alias: Django would otherwise send a lazy related read of a
    replica-loaded row (or its save) to that row's database."""

    def db_for_read(self, model, **hints) -> str:
        alias = _read_alias.get()
        if alias is None or alias == DEFAULT_DB_ALIAS:
            return DEFAULT_DB_ALIAS
        if connections[DEFAULT_DB_ALIAS].in_atomic_block:
            return DEFAULT_DB_ALIAS
        return alias

    def db_for_write(self, model, **hints) -> str:
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints) -> bool:
        return True  # one database: the replica is a copy of the primary

    def allow_migrate(self, db, app_label, **hints) -> bool:
        return db == DEFAULT_DB_ALIAS


class ReadYourWritesMiddleware:
    """After an unsafe request by a signed-in user (web or API), mark where the primary's WAL is,
    so their next routed reads wait for the replica to replay it. No-op without a replica."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.method not in SAFE_METHODS and replica_configured():
            user = getattr(request, "user", None)
            if user is not None and user.is_authenticated:
                write_mark(user_id=user.pk)
        return response
