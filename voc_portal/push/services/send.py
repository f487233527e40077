"""Sending one push: claim the row (one worker only), encrypt and POST it, record the outcome.

queued ──claim──▶ sending ──2xx──▶ sent
  ▲                  │──404/410──▶ gone (the subscription is deleted)
  └── 429/5xx/network┤
                     └──413/other 4xx, or out of attempts──▶ failed (logged)
"""

from __future__ import annotations

import json
import logging
from datetime import timedelta

import requests
from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from pywebpush import WebPushException, webpush

from voc_portal.core.outbox import backoff_delay

from .. import dispatch
from ..models import PushMessage, PushSubscription

logger = logging.getLogger(__name__)

Status = PushMessage.Status
# RFC 8030 §5: 404/410 — the subscription expired or was unsubscribed; never push to it again.
_GONE = {404, 410}
# Worth another attempt later (besides every 5xx). 429 asks us to slow down (RFC 8030 §8.4).
_TRANSIENT = {408, 425, 429}


def sending_lease() -> timedelta:
    return timedelta(seconds=settings.VOC_PUSH_SENDING_LEASE_SECONDS)


def retry_delay(attempts: int, retry_after: float | None = None) -> timedelta:
    """Exponential backoff with jitter after the n-th failed attempt, capped; a push service's
    Retry-After is honoured up to the cap."""
    cap = settings.VOC_PUSH_RETRY_MAX_SECONDS
    delay = backoff_delay(attempts, base=settings.VOC_PUSH_RETRY_BASE_SECONDS, cap=cap)
    if retry_after is not None:
        delay = max(delay, timedelta(seconds=min(retry_after, cap)))
    return delay


def push_message_claim(*, message_id: int) -> PushMessage | None:
    """Take the row for sending; a conditional UPDATE lets exactly one worker win."""
    now = timezone.now()
    claimable = Q(status=Status.QUEUED, next_attempt_at__lte=now) | Q(
        status=Status.SENDING, claimed_at__lt=now - sending_lease()
    )
    won = PushMessage.objects.filter(
        claimable, pk=message_id, attempts__lt=settings.VOC_PUSH_MAX_ATTEMPTS
    ).update(status=Status.SENDING, claimed_at=now, attempts=F("attempts") + 1)
    if won != 1:
        return None
    return PushMessage.objects.select_related("subscription").get(pk=message_id)


def _finish(message: PushMessage, **values) -> None:
    PushMessage.objects.filter(pk=message.pk, status=Status.SENDING).update(
        claimed_at=None, **values
    )


def _post(message: PushMessage, subscription: PushSubscription) -> requests.Response:
    return webpush(
        subscription_info={
            "endpoint": subscription.endpoint,
            "keys": {"p256dh": subscription.p256dh, "auth": subscription.auth},
        },
        data=json.dumps(message.payload, ensure_ascii=False),
        vapid_private_key=settings.VOC_PUSH_VAPID_PRIVATE_KEY,
        # A new dict each time: webpush() adds `aud` (the endpoint's origin) and `exp` to it.
        vapid_claims={"sub": settings.VOC_PUSH_VAPID_SUBJECT},
        content_encoding="aes128gcm",
        ttl=settings.VOC_PUSH_TTL_SECONDS,
        headers={"Urgency": "high", "Topic": _topic(message)},
        timeout=settings.VOC_PUSH_TIMEOUT_SECONDS,
    )


def _topic(message: PushMessage) -> str:
    """RFC 8030 §5.4: a newer push with the same Topic replaces an undelivered one (max 32
    characters of the URL-safe base64 alphabet)."""
    tag = str(message.payload.get("tag", "")) or f"push-{message.pk}"
    return "".join(c for c in tag if c.isalnum() or c in "-_")[:32]


def _retry_after(response: requests.Response | None) -> float | None:
    value = (response.headers.get("Retry-After", "") if response is not None else "").strip()
    return float(value) if value.isdigit() else None


def _gone(message: PushMessage, status_code: int) -> None:
    with transaction.atomic():
        _finish(message, status=Status.GONE, last_error=f"push service answered {status_code}")
        PushSubscription.objects.filter(pk=message.subscription_id).delete()
    logger.info("push subscription %s is gone (%s): removed", message.subscription_id, status_code)


def _failed_attempt(message: PushMessage, *, error: str, transient: bool, retry_after=None):
    retry = transient and message.attempts < settings.VOC_PUSH_MAX_ATTEMPTS
    (logger.warning if retry else logger.error)(
        "push %s attempt %s failed: %s", message.pk, message.attempts, error
    )
    if retry:
        delay = retry_delay(message.attempts, retry_after)
        _finish(
            message,
            status=Status.QUEUED,
            last_error=error[:2000],
            next_attempt_at=timezone.now() + delay,
        )
    else:
        _finish(message, status=Status.FAILED, last_error=error[:2000])


def push_message_send(*, message_id: int) -> PushMessage | None:
    """Send a queued row to its subscription's push service.

    None when the row is not claimable (sent, held by another worker, waiting for its backoff);
    otherwise the row after the attempt: sent, gone, queued again (`next_attempt_at`) or failed.
    """
    message = push_message_claim(message_id=message_id)
    if message is None:
        return None
    subscription = message.subscription
    if subscription is None:  # removed after this row was queued (gone, or the member left)
        _finish(message, status=Status.GONE, last_error="the subscription was removed")
        return _reread(message)
    try:
        _post(message, subscription)
    except WebPushException as exc:
        response = exc.response
        code = getattr(response, "status_code", None)
        if code in _GONE:
            _gone(message, code)
        else:
            transient = code is None or code >= 500 or code in _TRANSIENT
            error = f"push service answered {code}: {(getattr(response, 'text', '') or '')[:500]}"
            _failed_attempt(
                message, error=error, transient=transient, retry_after=_retry_after(response)
            )
        return _reread(message)
    except (requests.RequestException, OSError) as exc:
        _failed_attempt(message, error=f"{type(exc).__name__}: {exc}", transient=True)
        return _reread(message)
    _finish(message, status=Status.SENT, sent_at=timezone.now(), last_error="")
    return _reread(message)


def _reread(message: PushMessage) -> PushMessage:
    message.refresh_from_db()
    return message


def push_message_send_and_reschedule(*, message_id: int) -> PushMessage | None:
    """push_message_send, then re-enqueue a row put back by a transient error for its backoff."""
    message = push_message_send(message_id=message_id)
    if message is not None and message.status == Status.QUEUED:
        dispatch.enqueue_send(message.pk, eta=message.next_attempt_at)
    return message


def push_message_redrive(*, limit: int = 500) -> int:
    """Re-enqueue rows left queued (broker down, lost publish) or stuck sending (worker died).

    Rows stuck sending without attempts left end in "failed". Returns how many were re-enqueued.
    """
    now = timezone.now()
    stuck = Q(status=Status.SENDING, claimed_at__lt=now - sending_lease())
    PushMessage.objects.filter(stuck, attempts__gte=settings.VOC_PUSH_MAX_ATTEMPTS).update(
        status=Status.FAILED, claimed_at=None, last_error="gave up: no outcome after the last try"
    )
    # A row just due has its task on the way: only rows overdue by the grace are handed out again.
    grace = timedelta(seconds=settings.VOC_PUSH_REDRIVE_GRACE_SECONDS)
    due = Q(status=Status.QUEUED, next_attempt_at__lt=now - grace) | stuck
    ids = list(
        PushMessage.objects.filter(due)
        .order_by("next_attempt_at", "pk")[:limit]
        .values_list("pk", flat=True)
    )
    for message_id in ids:
        dispatch.enqueue_send(message_id)
    return len(ids)
