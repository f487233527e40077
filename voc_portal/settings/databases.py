"""Databases (docs/scaling.md), imported by base.py and production.py: the primary, optionally
behind PgBouncer in transaction pooling, and an optional streaming replica for the read-only
pages that opt in (`voc_portal.core.routers`)."""

import environ
from django.core.exceptions import ImproperlyConfigured

env = environ.Env()

# "transaction": the connection is safe behind PgBouncer's transaction pooling, where two
# transactions of one Django connection may run on two different server connections. Empty: a
# direct connection (or session pooling), the default.
DATABASE_POOLER = env("DATABASE_POOLER", default="")
if DATABASE_POOLER not in ("", "transaction"):
    raise ImproperlyConfigured('DATABASE_POOLER is "" (direct) or "transaction" (PgBouncer).')


def database_config(url: str, *, pooler: str = DATABASE_POOLER) -> dict:
    """One alias from its URL. Behind a transaction pooler: no server-side cursors (Django's are
    WITH HOLD cursors outside a transaction, which live in one server session), no prepared
    statements (Django's psycopg default, prepare_threshold=None; kept so here, and no
    server-side binding). Exports page through keyset chunks instead of cursors
    (core.pagination.keyset_chunks), so nothing streams through a session either way."""
    config = env.db_url_config(url)
    # Direct: each worker keeps its server connection a minute. Behind PgBouncer the pooler keeps
    # the server connections; keeping the client one to PgBouncer is cheap, so the same default.
    config["CONN_MAX_AGE"] = env.int("DJANGO_CONN_MAX_AGE", default=60)
    config["CONN_HEALTH_CHECKS"] = True
    if pooler == "transaction":
        options = config.setdefault("OPTIONS", {})
        if options.get("server_side_binding") or options.get("prepare_threshold") is not None:
            raise ImproperlyConfigured(
                "DATABASE_POOLER=transaction: no server_side_binding or prepare_threshold."
            )
        config["DISABLE_SERVER_SIDE_CURSORS"] = True
    return config


def databases(primary_url: str) -> dict:
    """DATABASES: `default` (the primary) and, with DATABASE_REPLICA_URL, `replica`."""
    aliases = {"default": database_config(primary_url)}
    replica_url = env("DATABASE_REPLICA_URL", default="")
    if replica_url:
        # A replica reached through its own PgBouncer says so; by default as the primary is.
        aliases["replica"] = database_config(
            replica_url, pooler=env("DATABASE_REPLICA_POOLER", default="") or DATABASE_POOLER
        )
        # Tests read the test database through the replica alias (the real standby is set up
        # by tests/integration/replica/, which points both aliases at its own cluster).
        aliases["replica"]["TEST"] = {"MIRROR": "default"}
    return aliases


DATABASE_ROUTERS = ["voc_portal.core.routers.ReplicaRouter"]
# After a member's write, their reads stay on the primary until the replica has replayed it; the
# mark (the primary's WAL position) is kept this long at most (then a lagging replica is read).
VOC_REPLICA_READ_YOUR_WRITES_SECONDS = env.int("VOC_REPLICA_READ_YOUR_WRITES_SECONDS", default=300)
