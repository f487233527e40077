"""Readiness: can this process serve a request right now? Each check is short and bounded."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import redis
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor
from django.db.utils import DatabaseError

from . import store

logger = logging.getLogger(__name__)


@dataclass
class Check:
    ok: bool
    ms: float
    detail: dict[str, object] = field(default_factory=dict)

    def as_json(self) -> dict[str, object]:
        return {"ok": self.ok, "ms": round(self.ms, 1), **self.detail}


def _timed(run: Callable[[], dict[str, object]], failures: tuple[type[Exception], ...]) -> Check:
    started = time.monotonic()
    try:
        detail = run()
    except failures as exc:
        # The kind of error only (its text may name hosts or users), and what the check adds.
        detail = {"error": type(exc).__name__, **getattr(exc, "detail", {})}
        return Check(False, (time.monotonic() - started) * 1000, detail)
    return Check(True, (time.monotonic() - started) * 1000, detail)


def _database() -> dict[str, object]:
    connection = connections[DEFAULT_DB_ALIAS]
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        # A server that went away leaves a broken persistent connection behind: drop it, so
        # the next probe (and request) connects afresh instead of failing until CONN_MAX_AGE.
        connection.close()
        raise
    return {}


def _redis() -> dict[str, object]:
    store.client().ping()
    return {}


def _migrations() -> dict[str, object]:
    connection = connections[DEFAULT_DB_ALIAS]
    executor = MigrationExecutor(connection)
    pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
    if pending:
        names = sorted(f"{m.app_label}.{m.name}" for m, _ in pending)
        raise PendingMigrations(names)
    return {"pending": 0}


class PendingMigrations(Exception):
    def __init__(self, names: list[str]) -> None:
        super().__init__(f"{len(names)} pending")
        self.detail = {"pending": names[:20]}


def readiness() -> tuple[bool, dict[str, dict[str, object]]]:
    database = _timed(_database, (DatabaseError,))
    checks = {
        "database": database,
        "redis": _timed(_redis, (redis.RedisError, OSError)),
    }
    # Without a database the migration state is unknown, not a second failure to wait for.
    checks["migrations"] = (
        _timed(_migrations, (PendingMigrations, DatabaseError))
        if database.ok
        else Check(False, 0.0, {"error": "DatabaseUnavailable"})
    )
    ready = all(check.ok for check in checks.values())
    if not ready:
        failing = sorted(name for name, check in checks.items() if not check.ok)
        logger.warning("not ready: %s", ", ".join(failing))
    return ready, {name: check.as_json() for name, check in checks.items()}
