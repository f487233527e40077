"""Writing outbox rows in the caller's transaction; each is handed to a worker after commit."""

from __future__ import annotations

from collections.abc import Sequence

from django.db import connection, transaction

from .. import dispatch
from ..models import OutboundEmail
from .compose import EmailSpec, row_values


def outbound_email_queue(*, spec: EmailSpec) -> OutboundEmail:
    """Store the email in the caller's transaction; send it once that transaction commits.

    Queueing the same dedupe key again returns the stored row and sends nothing new.
    """
    email, created = OutboundEmail.objects.get_or_create(
        dedupe_key=spec.dedupe_key, defaults=row_values(spec)
    )
    if created:
        transaction.on_commit(lambda: dispatch.enqueue_send(email.pk))
    return email


# Rows per INSERT statement in outbound_email_queue_many (about 20 parameters a row; PostgreSQL
# allows 65,535 per statement).
QUEUE_MANY_CHUNK = 1000


def outbound_email_queue_many(*, specs: Sequence[EmailSpec]) -> int:
    """outbound_email_queue for many emails at once: same rows, same dedupe, same guarantees.

    Rows are written with `INSERT … ON CONFLICT (dedupe_key) DO NOTHING RETURNING id` (one
    statement per QUEUE_MANY_CHUNK specs) in the caller's transaction; a key already stored, or
    repeated within `specs` (the first one wins), adds nothing. Once the transaction commits, the
    new ids are published as ONE `outbound_email_send_many_task`. Returns how many rows are new.
    """
    unique: dict[str, EmailSpec] = {}
    for spec in specs:
        unique.setdefault(spec.dedupe_key, spec)
    new_ids: list[int] = []
    batch = list(unique.values())
    for start in range(0, len(batch), QUEUE_MANY_CHUNK):
        rows = [
            OutboundEmail(dedupe_key=spec.dedupe_key, **row_values(spec))
            for spec in batch[start : start + QUEUE_MANY_CHUNK]
        ]
        new_ids.extend(_insert_new_rows(rows))
    if new_ids:
        transaction.on_commit(lambda: dispatch.enqueue_send_many(new_ids))
    return len(new_ids)


def _insert_new_rows(rows: list[OutboundEmail]) -> list[int]:
    """INSERT the rows, skipping stored dedupe keys; the ids of the rows actually inserted.

    bulk_create(ignore_conflicts=True) cannot say which rows were new (no RETURNING with ON
    CONFLICT in Django), and its bare ON CONFLICT would also swallow a Message-ID clash, which the
    single path reports as an IntegrityError: hence this one statement.
    """
    meta = OutboundEmail._meta
    fields = [f for f in meta.concrete_fields if not f.primary_key]
    qn = connection.ops.quote_name
    row_sql = "(" + ", ".join(["%s"] * len(fields)) + ")"
    params = [
        f.get_db_prep_save(f.pre_save(row, add=True), connection) for row in rows for f in fields
    ]
    # Identifiers come from the model's _meta, every value is a parameter.
    sql = (
        f"INSERT INTO {qn(meta.db_table)} ({', '.join(qn(f.column) for f in fields)}) "  # noqa: S608
        f"VALUES {', '.join([row_sql] * len(rows))} "
        f"ON CONFLICT ({qn(meta.get_field('dedupe_key').column)}) DO NOTHING "
        f"RETURNING {qn(meta.pk.column)}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [row[0] for row in cursor.fetchall()]
