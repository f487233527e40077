"""Refunds' part of the data lifecycle (voc_portal.privacy orchestrates): its own rows only."""

from __future__ import annotations

import json
from datetime import datetime

from django.db import connection, transaction
from django.utils import timezone

from voc_portal.catalog.privacy import redact

from ..models import RefundEvent, RefundRequest

RETENTION_NOTE = "Payment identifiers destroyed after the retention period"


def refund_identifiers_retention_purge(*, cutoff: datetime) -> int:
    """Blanks the copied TID / TXID / receipt number of requests decided before `cutoff`, and
    writes one event per request saying so. One statement whatever the count (an UPDATE …
    RETURNING feeding an INSERT … SELECT); a second run finds nothing. Returns the count."""
    requests, events = RefundRequest._meta.db_table, RefundEvent._meta.db_table
    now = timezone.now()
    sql = f"""
        WITH purged AS (
            UPDATE {requests} SET tid = '', txid = '', receipt_number = '', updated_at = %s
            WHERE decided_at < %s AND (tid <> '' OR txid <> '' OR receipt_number <> '')
            RETURNING id, state
        )
        INSERT INTO {events} (refund_id, kind, from_state, to_state, note, data, created_at)
        SELECT id, %s, state, state, %s, %s::jsonb, %s FROM purged
    """  # noqa: S608 (table names from the models; values are parameters)
    data = json.dumps({"retention": True})
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, [now, cutoff, RefundEvent.Kind.NOTE, RETENTION_NOTE, data, now])
        return cursor.rowcount


def customer_refunds_export(*, customer_id: int) -> list[dict]:
    """The refund requests about the customer's purchases (access request; 1 query)."""
    rows = (
        RefundRequest.objects.filter(purchase__customer_id=customer_id)
        .select_related("app")
        .order_by("created_at", "id")
    )
    return [
        {
            "id": r.pk,
            "app": r.app.title,
            "purchased_item": r.purchased_item,
            "purchased_at": r.purchased_at.isoformat(),
            "state": r.state,
            "consent": r.consent,
            "customer_consent_at": r.consent_at.isoformat() if r.consent_at else None,
            "reason": r.reason,
            "created_at": r.created_at.isoformat(),
            "decided_at": r.decided_at.isoformat() if r.decided_at else None,
        }
        for r in rows
    ]


def customer_refunds_erase(*, customer_id: int, identifiers: list[str]) -> int:
    """Erasure: requests about the customer's purchases lose the copied identifiers and the
    personal data in their reason; what settlement needs (purchase, amount, state) stays."""
    rows = list(RefundRequest.objects.filter(purchase__customer_id=customer_id))
    for row in rows:
        row.reason = redact(row.reason, identifiers=identifiers)
        row.tid = row.txid = row.receipt_number = ""
    RefundRequest.objects.bulk_update(rows, ["reason", "tid", "txid", "receipt_number"])
    return len(rows)
