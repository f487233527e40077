"""What the 3-day rule means for ops: cancellation cases, the ops digest, late-answer notes.

inquiries owns the clock and the fact "escalated"; this module reacts to its hooks
(`inquiries.hooks`, connected in `RefundsConfig.ready()`) inside the sender's transaction.
The ops digest is queued per committed batch, in that batch's transaction: a sweep that dies
after some batches committed has already queued their digests (one built in memory and sent
after the sweep was lost with it).
"""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from inquiries.models import Inquiry
from voc_portal.accounts.models import User
from voc_portal.catalog.models import Purchase
from voc_portal.mail.services import EmailSpec, outbound_email_queue_many

from .models import RefundEvent, RefundRequest, Source
from .services.shared import refund_event_write


def on_inquiry_escalated(*, claimed: list[dict], now: datetime, sweep_id: str, **_) -> int:
    opened = refund_cases_open_for_escalation(claimed=claimed, now=now)
    _email_ops_digest(claimed, now=now, sweep_id=sweep_id)
    return opened


def on_inquiry_answered(*, inquiry: Inquiry, answered_at: datetime, late: bool, **_) -> None:
    if late:
        refund_case_note_answered_late(inquiry=inquiry, answered_at=answered_at)


def refund_case_note_answered_late(*, inquiry: Inquiry, answered_at: datetime) -> int:
    """The developer answered after escalation: the escalation case records it; ops still decide."""
    with transaction.atomic():
        cases = list(
            RefundRequest.objects.select_for_update()
            .filter(inquiry=inquiry, source=Source.ESCALATION, answered_late_at__isnull=True)
            .order_by("id")
        )
        for case in cases:
            case.answered_late_at = answered_at
            case.updated_at = timezone.now()
            case.save(update_fields=["answered_late_at", "updated_at"])
            refund_event_write(
                case,
                kind=RefundEvent.Kind.ANSWERED_LATE,
                actor=None,
                data={"answered_at": answered_at.isoformat()},
            )
    return len(cases)


# --- the 3-day rule opens cases (called by inquiries.escalation, set-based) ---------------------

_ESCALATION_INSERT = """
WITH ins AS (
    INSERT INTO refunds_refundrequest (
        account_id, app_id, purchase_id, inquiry_id, inquiry_clock, source, state, consent,
        customer_number, purchased_at, purchased_item, tid, txid, receipt_number, reason,
        decision_note, created_at, updated_at
    )
    SELECT v.account_id, v.app_id, v.purchase_id, v.inquiry_id, v.clock, 'escalation',
           'submitted', false, c.customer_number, p.purchased_at, p.item_name, '', '', '',
           '', '', %s, %s
    FROM unnest(%s::bigint[], %s::bigint[], %s::bigint[], %s::bigint[], %s::int[])
         AS v(account_id, app_id, purchase_id, inquiry_id, clock)
    JOIN catalog_purchase p ON p.id = v.purchase_id
    JOIN accounts_customer c ON c.id = p.customer_id
    WHERE p.state = 'completed'
    ON CONFLICT DO NOTHING
    RETURNING id, inquiry_id
)
INSERT INTO refunds_refundevent (refund_id, kind, from_state, to_state, note, data, created_at)
SELECT ins.id, 'transition', '', 'submitted', '', '{"code": "opened_by_rule"}'::jsonb, %s FROM ins
RETURNING refund_id
"""


def refund_cases_open_for_escalation(*, claimed: list[dict], now: datetime) -> int:
    """Open one cancellation case per escalated inquiry tied to a completed paid purchase.

    `claimed` rows carry id, clock, account_id, app_id, customer_id, purchase_id. The linked
    purchase counts if it is completed and paid; without one, the customer's latest completed
    paid purchase of that app. A purchase that already has an open request gets no second case
    (the partial unique constraint decides, race-free). Runs in the caller's transaction.
    """
    if not claimed:
        return 0
    eligible = Purchase.objects.filter(state=Purchase.State.COMPLETED, amount__gt=0)
    linked_ids = {r["purchase_id"] for r in claimed if r["purchase_id"]}
    linked = set(eligible.filter(pk__in=linked_ids).values_list("pk", flat=True))
    unlinked = [r for r in claimed if not r["purchase_id"]]
    latest: dict[tuple[int, int], int] = {}
    if unlinked:
        rows = (
            eligible.filter(
                customer_id__in={r["customer_id"] for r in unlinked},
                app_id__in={r["app_id"] for r in unlinked},
            )
            .order_by("customer_id", "app_id", "-purchased_at", "-id")
            .distinct("customer_id", "app_id")
            .values_list("customer_id", "app_id", "pk")
        )
        latest = {(c, a): pk for c, a, pk in rows}
    values: list = []
    for r in claimed:
        if r["purchase_id"]:
            purchase_id = r["purchase_id"] if r["purchase_id"] in linked else None
        else:
            purchase_id = latest.get((r["customer_id"], r["app_id"]))
        if purchase_id is None:
            continue  # flagged overdue only; ops see it in "Overdue inquiries"
        values.append((r["account_id"], r["app_id"], purchase_id, r["id"], r["clock"]))
    if not values:
        return 0
    # One array per column (the statement does not grow with the batch); no stored prose:
    # refunds.display.refund_reason writes the 3-day rule's reason.
    columns = [list(column) for column in zip(*values, strict=True)]
    with connection.cursor() as cursor:
        cursor.execute(_ESCALATION_INSERT, [now, now, *columns, now])
        return len(cursor.fetchall())


def ops_recipients() -> list[tuple[str, int | None, str]]:
    """(email, user id, language) of the Operations group, else settings.VOC_OPS_EMAIL."""
    users = User.objects.filter(groups__name="Operations", is_active=True).order_by("pk")
    found = [(u.email, u.pk, u.language) for u in users]
    if not found and getattr(settings, "VOC_OPS_EMAIL", ""):
        found = [(settings.VOC_OPS_EMAIL, None, "en")]
    return found


def _email_ops_digest(claimed: list[dict], *, now: datetime, sweep_id: str) -> None:
    if not claimed:
        return
    shown = claimed[:200]
    context = {
        "count": len(claimed),
        "inquiries": [
            {"no": f"{r['id']:06d}", "subject": r["subject"], "due_at": r["due_at"]} for r in shown
        ],
        "more": len(claimed) - len(shown),
        "escalated_at": now,
        "audience": "ops",
        "queue_url": settings.SITE_URL.rstrip("/") + "/admin/refunds/refundrequest/",
    }
    outbound_email_queue_many(
        specs=[
            EmailSpec(
                kind="ops_escalation_digest",
                template="ops_escalation_digest",
                to_email=email,
                to_user_id=user_id,
                language=language,
                # One digest per batch: its first inquiry names it within the sweep.
                dedupe_key=f"ops-escalation-digest:{sweep_id}:{claimed[0]['id']}:{email}",
                context=context,
                deferred=True,  # rendered by the sender, outside the sweep's batch
            )
            for email, user_id, language in ops_recipients()
        ]
    )
