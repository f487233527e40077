"""Writing outbox rows in the caller's transaction; each is handed to a worker after commit."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from voc_portal.core.columns import insert_rows

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


# Rows per INSERT statement in outbound_email_queue_many: the statement carries one array per
# column that varies (voc_portal.core.columns), so its size does not limit the chunk; this only
# bounds the memory of one statement.
QUEUE_MANY_CHUNK = 5000


def outbound_email_queue_many(*, specs: Sequence[EmailSpec]) -> int:
    """outbound_email_queue for many emails at once: same rows, same dedupe, same guarantees.

    Rows are written with `INSERT … SELECT … FROM unnest(…) ON CONFLICT (dedupe_key) DO NOTHING
    RETURNING id` (one statement per QUEUE_MANY_CHUNK specs) in the caller's transaction; a key
    already stored, or repeated within `specs` (the first one wins), adds nothing. Once the
    transaction commits, the new ids are published as ONE `outbound_email_send_many_task`.
    Returns how many rows are new.
    """
    unique: dict[str, EmailSpec] = {}
    for spec in specs:
        unique.setdefault(spec.dedupe_key, spec)
    new_ids: list[int] = []
    batch = list(unique.values())
    for start in range(0, len(batch), QUEUE_MANY_CHUNK):
        rows = [
            {"dedupe_key": spec.dedupe_key, **row_values(spec)}
            for spec in batch[start : start + QUEUE_MANY_CHUNK]
        ]
        new_ids.extend(_insert_new_rows(rows))
    if new_ids:
        transaction.on_commit(lambda: dispatch.enqueue_send_many(new_ids))
    return len(new_ids)


def _insert_new_rows(rows: list[dict]) -> list[int]:
    """INSERT the rows, skipping stored dedupe keys; the ids of the rows actually inserted.

    bulk_create(ignore_conflicts=True) cannot say which rows were new (no RETURNING with ON
    CONFLICT in Django), and its bare ON CONFLICT would also swallow a Message-ID clash, which the
    single path reports as an IntegrityError: hence ON CONFLICT on the dedupe key only.
    """
    inserted = insert_rows(
        OutboundEmail, rows, on_conflict="(dedupe_key) DO NOTHING", returning=["id"]
    )
    return [row[0] for row in inserted]


# Fields a later version of a coalesced email replaces on the row still waiting to be sent.
_COALESCED_FIELDS = (
    "subject",
    "body_text",
    "body_html",
    "language",
    "reply_to",
    "headers",
    "template",
    "render_context",
)


def outbound_email_queue_latest(*, spec: EmailSpec, group: str, quiet: timedelta) -> OutboundEmail:
    """Queue `spec` to be sent once `quiet` has passed with no newer email of the same `group`.

    For things people edit in bursts (an official reply fixed three times in a minute): while an
    email of the group still waits, untouched by any worker, the new version replaces its text and
    pushes its send time back; once one was sent, the next change is a new email. `spec`'s
    dedupe key must start with `group + ":"`. The row waits through `next_attempt_at`, which the
    claim honours, and a task is published for that moment (the re-drive covers a lost one).
    """
    if not spec.dedupe_key.startswith(group + ":"):
        raise ValueError("the dedupe key must start with the group")
    send_at = timezone.now() + quiet
    pending = (
        OutboundEmail.objects.select_for_update()
        .filter(
            to_email=spec.to_email,
            kind=spec.kind,
            dedupe_key__startswith=group + ":",
            status=OutboundEmail.Status.QUEUED,
            attempts=0,
        )
        .order_by("-pk")
        .first()
    )
    if pending is None:
        email, created = OutboundEmail.objects.get_or_create(
            dedupe_key=spec.dedupe_key, defaults={**row_values(spec), "next_attempt_at": send_at}
        )
        if not created:
            return email
    else:
        email = pending
        values = row_values(spec)
        for name in _COALESCED_FIELDS:
            setattr(email, name, values[name])
        email.next_attempt_at = send_at
        email.save(update_fields=[*_COALESCED_FIELDS, "next_attempt_at"])
    transaction.on_commit(lambda: dispatch.enqueue_send(email.pk, eta=send_at))
    return email


def outbound_email_group_withdraw(*, group: str, to_email: str) -> int:
    """Drop the email of `group` still waiting for `to_email` (its subject was deleted).

    Only a row no worker has touched goes: the DELETE re-checks its condition under the row
    lock, so a row a worker claimed meanwhile (status or attempts changed) is left to be sent.
    Returns how many were dropped.
    """
    deleted, _ = OutboundEmail.objects.filter(
        to_email=to_email,
        dedupe_key__startswith=group + ":",
        status=OutboundEmail.Status.QUEUED,
        attempts=0,
    ).delete()
    return deleted


def outbound_email_group_told(*, group: str, to_email: str) -> bool:
    """Whether an email of `group` already left the outbox (or is on its way) for `to_email`."""
    waiting = Q(status=OutboundEmail.Status.QUEUED, attempts=0)
    return (
        OutboundEmail.objects.filter(to_email=to_email, dedupe_key__startswith=group + ":")
        .exclude(waiting)
        .exists()
    )
