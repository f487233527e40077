"""The billing call on approval: an outbox row per case, sent until billing confirms.

    refund_approve ──refund_approved──▶ billing_call_queue  (same transaction: the row)
    on commit ──▶ billing_call_send_task ──▶ claim (conditional UPDATE) ──▶ signed POST
        2xx    ──▶ confirmed: the case says so, the purchase is cancelled (one transaction)
        else   ──▶ pending again after a backoff; the case shows "failing since …"
    beat ──▶ billing_call_redrive: rows whose task was lost or whose worker died

A CANCELED payment notification for the purchase confirms a pending call too (billing did it).
Every attempt carries the case's idempotency key: billing cancels once however often we call.
"""

from __future__ import annotations

import json
import logging
import time
from datetime import datetime, timedelta
from urllib.parse import urlsplit

import requests
from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from refunds.models import RefundRequest
from refunds.services import (
    BY_BILLING,
    BY_NOTIFICATION,
    refund_billing_confirmed,
    refund_billing_failing,
)
from voc_portal.core.outbox import backoff_delay, task_publish

from ..models import BillingCall, StorePurchase
from ..signing import signed_headers

logger = logging.getLogger(__name__)
Status = BillingCall.Status
SEND_TASK = "voc_portal.store.tasks.billing_call_send_task"


def _enqueue(call_id: int, *, eta: datetime | None = None) -> bool:
    return task_publish(SEND_TASK, [call_id], eta=eta, what=f"billing call {call_id}")


def _lease() -> timedelta:
    return timedelta(seconds=settings.VOC_STORE_BILLING_LEASE_SECONDS)


def billing_call_queue(*, refund: RefundRequest, at: datetime) -> bool:
    """`refund_approved` receiver: write the case's call when billing is configured and the
    purchase is the store's. True: billing now owns the cancellation (refunds waits for it)."""
    if not settings.VOC_STORE_BILLING_URL:
        return False
    link = StorePurchase.objects.filter(purchase_id=refund.purchase_id).first()
    if link is None:  # a purchase the store never sent (seeded, admin): ours to cancel
        return False
    purchase = refund.purchase
    body = {
        "idempotency_key": f"voc-refund-{refund.pk}",
        "purchase_id": link.store_id,
        "case_id": refund.pk,
        "amount": purchase.amount,
        "tid": purchase.tid,
        "txid": purchase.txid,
        "receipt_number": purchase.receipt_number,
        "customer_number": refund.customer_number,
        "source": refund.source,
        "reason": refund.reason,
        "decision_note": refund.decision_note,
        "approved_at": at.isoformat(),
    }
    call, created = BillingCall.objects.get_or_create(
        refund=refund,
        defaults={
            "idempotency_key": body["idempotency_key"],
            "purchase_store_id": link.store_id,
            "body": body,
            "next_attempt_at": at,
        },
    )
    if created:
        transaction.on_commit(lambda: _enqueue(call.pk))
    return True


def billing_call_claim(*, call_id: int) -> BillingCall | None:
    """Take the call for one attempt; a conditional UPDATE lets only one worker hold it."""
    now = timezone.now()
    claimable = Q(status=Status.PENDING, next_attempt_at__lte=now) | Q(
        status=Status.SENDING, claimed_at__lt=now - _lease()
    )
    claimed = BillingCall.objects.filter(claimable, pk=call_id).update(
        status=Status.SENDING, claimed_at=now, attempts=F("attempts") + 1
    )
    return BillingCall.objects.get(pk=call_id) if claimed == 1 else None


def _post(call: BillingCall) -> requests.Response:
    url = settings.VOC_STORE_BILLING_URL
    if not url:
        raise requests.RequestException("VOC_STORE_BILLING_URL is not set")
    # The attempt number makes each attempt's signature new (a signature is good once); the rest
    # of the body is the same every time.
    sent = {**call.body, "attempt": call.attempts}
    body = json.dumps(sent, sort_keys=True, separators=(",", ":")).encode()
    parts = urlsplit(url)
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    headers = signed_headers(method="POST", path=path, body=body, timestamp=str(int(time.time())))
    headers.update({"Content-Type": "application/json", "Idempotency-Key": call.idempotency_key})
    timeout = (settings.VOC_STORE_BILLING_CONNECT_TIMEOUT, settings.VOC_STORE_BILLING_READ_TIMEOUT)
    return requests.post(url, data=body, headers=headers, timeout=timeout)


def billing_call_send(*, call_id: int) -> BillingCall | None:
    """One attempt. None when the call is not claimable (confirmed, held, waiting its backoff);
    otherwise the row after the attempt: confirmed, or pending again with `next_attempt_at`."""
    call = billing_call_claim(call_id=call_id)
    if call is None:
        return None
    try:
        response = _post(call)
    except requests.RequestException as exc:
        # A timeout after billing accepted is harmless: the retry carries the same key.
        _failed(call, error=f"{type(exc).__name__}: {exc}", status_code=None)
    else:
        if 200 <= response.status_code < 300:
            _confirmed(call, response)
        else:
            error = f"HTTP {response.status_code}: {response.text[:300]}"
            _failed(call, error=error, status_code=response.status_code)
    call.refresh_from_db()
    return call


def _answer(response: requests.Response) -> dict:
    try:
        answer = response.json()
    except ValueError:
        return {}
    return answer if isinstance(answer, dict) else {}


def _confirmed(call: BillingCall, response: requests.Response) -> None:
    now = timezone.now()
    answer = _answer(response)
    at = parse_datetime(str(answer.get("cancelled_at") or "")) or now
    with transaction.atomic():
        done = BillingCall.objects.filter(
            pk=call.pk, status=Status.SENDING, claimed_at=call.claimed_at
        ).update(
            status=Status.CONFIRMED,
            confirmed_at=now,
            claimed_at=None,
            last_status_code=response.status_code,
            last_error="",
            response=answer,
        )
        if done == 1:
            _purchase_state_at(call.purchase_store_id, at)
            refund_billing_confirmed(refund_id=call.refund_id, at=at, by=BY_BILLING)


def _purchase_state_at(purchase_store_id: str, at: datetime) -> None:
    """The cancellation is the purchase's newest state from `at` on: an older COMPLETED
    notification arriving late must not undo it (payments' ordering rule)."""
    StorePurchase.objects.filter(store_id=purchase_store_id).filter(
        Q(state_at__isnull=True) | Q(state_at__lt=at)
    ).update(state_at=at)


def _failed(call: BillingCall, *, error: str, status_code: int | None) -> None:
    now = timezone.now()
    logger.warning("billing call %s attempt %s failed: %s", call.pk, call.attempts, error)
    delay = backoff_delay(
        call.attempts,
        base=settings.VOC_STORE_BILLING_RETRY_BASE_SECONDS,
        cap=settings.VOC_STORE_BILLING_RETRY_MAX_SECONDS,
    )
    since = call.failing_since or now
    with transaction.atomic():
        released = BillingCall.objects.filter(
            pk=call.pk, status=Status.SENDING, claimed_at=call.claimed_at
        ).update(
            status=Status.PENDING,
            claimed_at=None,
            next_attempt_at=now + delay,
            last_status_code=status_code,
            last_error=error[:2000],
            failing_since=since,
        )
        if released == 1:
            refund_billing_failing(refund_id=call.refund_id, error=error, at=since)


def billing_call_send_and_reschedule(*, call_id: int) -> BillingCall | None:
    """billing_call_send, then publish the next attempt for its backoff (the re-drive covers a
    lost publish)."""
    call = billing_call_send(call_id=call_id)
    if call is not None and call.status == Status.PENDING:
        _enqueue(call.pk, eta=call.next_attempt_at)
    return call


def billing_call_redrive(*, limit: int = 500) -> int:
    """Publish calls that are due but have no task (broker down, lost eta) or whose worker died."""
    now = timezone.now()
    due = Q(status=Status.PENDING, next_attempt_at__lte=now) | Q(
        status=Status.SENDING, claimed_at__lt=now - _lease()
    )
    ids = list(BillingCall.objects.filter(due).order_by("pk").values_list("pk", flat=True)[:limit])
    for call_id in ids:
        _enqueue(call_id)
    return len(ids)


def billing_calls_confirm_by_notification(*, purchase_store_id: str, at: datetime) -> int:
    """A CANCELED payment notification was applied: billing did cancel, so the purchase's open
    call is confirmed without another attempt. Runs in the notification's transaction."""
    ids = list(
        BillingCall.objects.filter(
            purchase_store_id=purchase_store_id, status__in=[Status.PENDING, Status.SENDING]
        ).values_list("pk", "refund_id")
    )
    for call_id, refund_id in ids:
        BillingCall.objects.filter(pk=call_id).update(
            status=Status.CONFIRMED,
            confirmed_at=timezone.now(),
            claimed_at=None,
            response={"confirmed_by": BY_NOTIFICATION, "event_time": at.isoformat()},
        )
        refund_billing_confirmed(refund_id=refund_id, at=at, by=BY_NOTIFICATION)
    return len(ids)
