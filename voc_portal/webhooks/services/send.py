"""Delivering a webhook: claim the row, sign, POST, log the attempt, then delivered or retried.

    webhook_delivery_send_task ──▶ claim (conditional UPDATE) ──▶ signed POST
        2xx  ──▶ delivered; the endpoint's failure streak is reset
        else ──▶ pending again after core.outbox.backoff_delay; the endpoint's streak grows, and
                 at VOC_WEBHOOK_DISABLE_AFTER_FAILURES failures over at least
                 VOC_WEBHOOK_DISABLE_AFTER_HOURS the endpoint is disabled and its owners emailed
    beat ──▶ delivery_redrive: rows whose task was lost or whose worker died

A delivery is retried until it is delivered, its endpoint disabled (it waits, and goes out
after a re-enable) or VOC_WEBHOOK_MAX_ATTEMPTS is reached (then failed).
"""

from __future__ import annotations

import ipaddress
import json
import logging
import socket
import time
from datetime import timedelta
from urllib.parse import urlsplit

import requests
from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.db.models.functions import Coalesce
from django.utils import timezone

from voc_portal.core.outbox import backoff_delay

from ..models import TEST_EVENT, Delivery, DeliveryAttempt, Endpoint, Format
from ..signing import signed_headers
from ..slack import slack_text
from .endpoints import endpoint_disabled_notify
from .queue import enqueue

logger = logging.getLogger(__name__)
Status = Delivery.Status
EXCERPT = 200


def _lease() -> timedelta:
    return timedelta(seconds=settings.VOC_WEBHOOK_LEASE_SECONDS)


def _sendable() -> Q:
    # A disabled endpoint's deliveries wait; its test events still go (a way to check a fix).
    return Q(endpoint__enabled=True) | Q(event_type=TEST_EVENT)


def _claimable(now) -> Q:
    return Q(status=Status.PENDING, next_attempt_at__lte=now) | Q(
        status=Status.SENDING, claimed_at__lt=now - _lease()
    )


def delivery_claim(*, delivery_id: int) -> Delivery | None:
    """Take the delivery for one attempt; a conditional UPDATE lets only one worker hold it."""
    now = timezone.now()
    claimed = (
        Delivery.objects.filter(_claimable(now), _sendable(), pk=delivery_id)
        .order_by()
        .update(status=Status.SENDING, claimed_at=now, attempts=F("attempts") + 1)
    )
    if claimed != 1:
        return None
    return Delivery.objects.select_related("endpoint").get(pk=delivery_id)


def delivery_body(delivery: Delivery) -> str:
    endpoint = delivery.endpoint
    if endpoint.format == Format.SLACK:
        text = slack_text(
            event_type=delivery.event_type,
            data=delivery.payload.get("data", {}),
            language=endpoint.language,
        )
        return json.dumps({"text": text}, ensure_ascii=False)
    return json.dumps(delivery.payload, ensure_ascii=False, separators=(",", ":"))


class PrivateAddress(requests.ConnectionError):
    """The endpoint's host name resolves to a private, loopback or link-local address."""


def _public_host_check(url: str) -> None:
    """Outside development and tests, never POST to this network's own machines (an
    endpoint's name that resolves to 10.x, 127.x, 169.254.x …): the URL check at creation sees
    only literal addresses, DNS can say anything later."""
    if settings.VOC_WEBHOOK_ALLOW_HTTP_LOCAL:
        return
    parts = urlsplit(url)
    try:
        infos = socket.getaddrinfo(parts.hostname, parts.port or 443, proto=socket.IPPROTO_TCP)
    except OSError as exc:
        raise requests.ConnectionError(f"cannot resolve {parts.hostname}") from exc
    for info in infos:
        if not ipaddress.ip_address(info[4][0]).is_global:
            raise PrivateAddress(f"{parts.hostname} resolves to a private address")


def _post(delivery: Delivery) -> requests.Response:
    endpoint = delivery.endpoint
    _public_host_check(endpoint.url)
    body = delivery_body(delivery)
    now = timezone.now()
    keys = [endpoint.secret]
    if endpoint.previous_secret and (endpoint.previous_secret_until or now) > now:
        keys.append(endpoint.previous_secret)
    headers = signed_headers(msg_id=delivery.msg_id, at=now, body=body, secrets_=keys)
    headers.update({"Content-Type": "application/json", "User-Agent": "VOC-Portal-Webhooks/1"})
    timeout = (settings.VOC_WEBHOOK_CONNECT_TIMEOUT, settings.VOC_WEBHOOK_READ_TIMEOUT)
    return requests.post(
        endpoint.url, data=body.encode(), headers=headers, timeout=timeout, allow_redirects=False
    )


def delivery_send(*, delivery_id: int) -> Delivery | None:
    """One attempt. None when the delivery is not claimable (delivered, waiting its backoff, its
    endpoint disabled); otherwise the row after the attempt."""
    delivery = delivery_claim(delivery_id=delivery_id)
    if delivery is None:
        return None
    started = time.monotonic()
    try:
        response = _post(delivery)
    except requests.RequestException as exc:
        code, excerpt, error = None, "", f"{type(exc).__name__}"
    else:
        code, excerpt, error = response.status_code, response.text[:EXCERPT], ""
    duration_ms = int((time.monotonic() - started) * 1000)
    ok = code is not None and 200 <= code < 300
    DeliveryAttempt.objects.create(
        delivery=delivery,
        endpoint_id=delivery.endpoint_id,
        status_code=code,
        error=error,
        body_excerpt=excerpt,
        duration_ms=duration_ms,
        ok=ok,
    )
    if ok:
        _delivered(delivery, code)
    else:
        _failed(delivery, code)
    delivery.refresh_from_db()
    return delivery


def _delivered(delivery: Delivery, code: int) -> None:
    now = timezone.now()
    with transaction.atomic():
        Delivery.objects.filter(
            pk=delivery.pk, status=Status.SENDING, claimed_at=delivery.claimed_at
        ).update(status=Status.DELIVERED, delivered_at=now, claimed_at=None, last_status_code=code)
        Endpoint.objects.filter(pk=delivery.endpoint_id).exclude(failures=0).update(
            failures=0, failing_since=None
        )


def _failed(delivery: Delivery, code: int | None) -> None:
    now = timezone.now()
    delay = backoff_delay(
        delivery.attempts,
        base=settings.VOC_WEBHOOK_RETRY_BASE_SECONDS,
        cap=settings.VOC_WEBHOOK_RETRY_MAX_SECONDS,
    )
    last = delivery.attempts >= settings.VOC_WEBHOOK_MAX_ATTEMPTS
    with transaction.atomic():
        Delivery.objects.filter(
            pk=delivery.pk, status=Status.SENDING, claimed_at=delivery.claimed_at
        ).update(
            status=Status.FAILED if last else Status.PENDING,
            claimed_at=None,
            next_attempt_at=now + delay,
            last_status_code=code,
        )
        if delivery.event_type != TEST_EVENT:
            _streak_grow(delivery.endpoint_id, now=now)


def _streak_grow(endpoint_id: int, *, now) -> None:
    """One more consecutive failure; disables the endpoint when the streak is long enough, in
    count and in time (a short outage of a busy endpoint never disables it)."""
    Endpoint.objects.filter(pk=endpoint_id).update(
        failures=F("failures") + 1, failing_since=Coalesce(F("failing_since"), now)
    )
    cutoff = now - timedelta(hours=settings.VOC_WEBHOOK_DISABLE_AFTER_HOURS)
    disabled = Endpoint.objects.filter(
        pk=endpoint_id,
        enabled=True,
        failures__gte=settings.VOC_WEBHOOK_DISABLE_AFTER_FAILURES,
        failing_since__lte=cutoff,
    ).update(enabled=False, disabled_at=now, disabled_reason=Endpoint.DisabledReason.FAILING)
    if disabled == 1:
        logger.warning("webhook endpoint %s disabled after repeated failures", endpoint_id)
        endpoint_disabled_notify(endpoint=Endpoint.objects.get(pk=endpoint_id))


def delivery_send_and_reschedule(*, delivery_id: int) -> Delivery | None:
    """delivery_send, then publish the next attempt for its backoff (the re-drive covers a lost
    publish)."""
    delivery = delivery_send(delivery_id=delivery_id)
    if delivery is not None and delivery.status == Status.PENDING:
        enqueue(delivery.pk, eta=delivery.next_attempt_at)
    return delivery


def delivery_redrive(*, limit: int = 500) -> int:
    """Publish deliveries that are due but have no task (broker down, lost eta, an endpoint
    re-enabled) or whose worker died."""
    now = timezone.now()
    ids = list(
        Delivery.objects.filter(_claimable(now), _sendable())
        .order_by("next_attempt_at", "pk")
        .values_list("pk", flat=True)[:limit]
    )
    for delivery_id in ids:
        enqueue(delivery_id)
    return len(ids)
