"""Sending one row: claim it (one worker only), hand it to the provider, record the outcome."""

from __future__ import annotations

import logging
import time
from collections.abc import Sequence

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db.models import Case, F, Q, Value, When
from django.utils import timezone

from .. import dispatch
from ..models import OutboundEmail
from .retry import is_transient_error, max_attempts, retry_delay, sending_lease

logger = logging.getLogger(__name__)

Status = OutboundEmail.Status


def outbound_email_claim(*, email_id: int) -> OutboundEmail | None:
    """Take the row for sending. Only one worker can hold it: a conditional UPDATE decides."""
    now = timezone.now()
    claimable = Q(status=Status.QUEUED, next_attempt_at__lte=now) | Q(
        status=Status.SENDING, claimed_at__lt=now - sending_lease()
    )
    claimed = OutboundEmail.objects.filter(
        claimable, pk=email_id, attempts__lt=max_attempts()
    ).update(
        status=Status.SENDING, claimed_at=now, attempts=F("attempts") + 1, status_changed_at=now
    )
    if claimed != 1:
        return None
    return OutboundEmail.objects.get(pk=email_id)


def _build_message(email: OutboundEmail) -> EmailMultiAlternatives:
    message = EmailMultiAlternatives(
        subject=email.subject,
        body=email.body_text,
        from_email=email.from_email or settings.DEFAULT_FROM_EMAIL,
        to=[email.to_email],
        reply_to=[email.reply_to] if email.reply_to else None,
        headers={"Message-ID": email.message_id, **email.headers},
    )
    if email.body_html:
        message.attach_alternative(email.body_html, "text/html")
    return message


def _provider_id(message: EmailMultiAlternatives, to_email: str) -> str:
    status = getattr(message, "anymail_status", None)
    if status is None:
        return ""
    provider_id = status.message_id
    if isinstance(provider_id, set):  # one id per recipient: take ours
        recipient = status.recipients.get(to_email.lower()) or status.recipients.get(to_email)
        provider_id = recipient.message_id if recipient else next(iter(provider_id), "")
    return "" if provider_id is None else str(provider_id)[:250]


def outbound_email_send(*, email_id: int) -> OutboundEmail | None:
    """Send a queued row through the configured anymail backend and record the provider's id.

    Returns None when the row is not claimable (sent already, held by another worker, or waiting
    for its backoff); otherwise the row after the attempt: sent, queued again (transient error,
    `next_attempt_at` says when) or failed.
    """
    email = outbound_email_claim(email_id=email_id)
    if email is None:
        return None
    message = _build_message(email)
    try:
        message.send()
    except Exception as exc:
        transient = is_transient_error(exc)
        retry = transient and email.attempts < max_attempts()
        log = logger.warning if retry else logger.error
        log(
            "email %s attempt %s failed (%s): %s", email.pk, email.attempts, type(exc).__name__, exc
        )
        _release(email, error=f"{type(exc).__name__}: {exc}"[:2000], retry=retry)
        email.refresh_from_db()
        return email
    now = timezone.now()
    # A tracking webhook may have moved the row on already (delivered before we got here):
    # record the provider id and time either way, change the state only from "sending".
    OutboundEmail.objects.filter(pk=email.pk).update(
        status=Case(When(status=Status.SENDING, then=Value(Status.SENT)), default=F("status")),
        sent_at=now,
        status_changed_at=now,
        provider_message_id=_provider_id(message, email.to_email),
        last_error="",
    )
    email.refresh_from_db()
    return email


def _release(email: OutboundEmail, *, error: str, retry: bool) -> None:
    now = timezone.now()
    values = {"last_error": error, "claimed_at": None, "status_changed_at": now}
    if retry:
        values.update(status=Status.QUEUED, next_attempt_at=now + retry_delay(email.attempts))
    else:
        values.update(status=Status.FAILED)
    OutboundEmail.objects.filter(pk=email.pk, status=Status.SENDING).update(**values)


def outbound_email_send_and_reschedule(*, email_id: int) -> OutboundEmail | None:
    """outbound_email_send, then re-enqueue a row put back by a transient error for its backoff
    (if that publish fails too, the beat re-drive picks the row up)."""
    email = outbound_email_send(email_id=email_id)
    if email is not None and email.status == Status.QUEUED:
        dispatch.enqueue_send(email.pk, eta=email.next_attempt_at)
    return email


def outbound_email_send_many(*, email_ids: Sequence[int], budget_seconds: float) -> list[int]:
    """Send rows one after the other, each exactly as outbound_email_send does (own claim).

    A transient provider error puts that row back with its backoff and it is re-enqueued on its
    own, as the single task does; an unexpected error for one row is logged and leaves that row
    to the re-drive. Neither stops the others. Stops starting new sends once `budget_seconds`
    have passed (a task must end well within its time limit) and returns the ids not tried.
    """
    deadline = time.monotonic() + budget_seconds
    for n, email_id in enumerate(email_ids):
        if n and time.monotonic() >= deadline:
            return list(email_ids[n:])
        try:
            outbound_email_send_and_reschedule(email_id=email_id)
        except Exception:
            logger.exception("email %s: send failed; left to the re-drive", email_id)
    return []
