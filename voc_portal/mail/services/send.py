"""Sending one row: claim it (one worker only), hand it to the provider, record the outcome."""

from __future__ import annotations

import logging
import time
from collections.abc import Sequence

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db.models import F, Q
from django.utils import timezone

from .. import dispatch
from ..models import OutboundEmail
from .compose import stored_render
from .reconcile import mark_sent, reconcile
from .retry import is_ambiguous_error, is_transient_error, max_attempts, retry_delay, sending_lease

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


def outbound_email_render_stored(email: OutboundEmail) -> OutboundEmail:
    """Render a deferred row (compose: template + stored context) and store its text, once.

    Called by the sender holding the claim, before the first send: the text is written only
    while the row is still unrendered, so a second claim (a retry) sends the stored text.
    """
    if email.is_rendered:
        return email
    rendered = stored_render(email)
    values = {
        "subject": rendered.subject,
        "body_text": rendered.body_text,
        "body_html": rendered.body_html,
        "render_context": None,
    }
    OutboundEmail.objects.filter(pk=email.pk, render_context__isnull=False).update(**values)
    for name, value in values.items():
        setattr(email, name, value)
    return email


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
    `next_attempt_at` says when) or failed. A row whose last attempt ended without a known outcome
    (`in_doubt_since`) is first looked up at the provider and resent only if it was not accepted.
    """
    email = outbound_email_claim(email_id=email_id)
    if email is None:
        return None
    if email.in_doubt_since is not None:
        verdict = reconcile(email)
        if verdict is True:
            return mark_sent(email, provider_id=email.provider_message_id)
        if verdict is None:
            retry = email.attempts < max_attempts()
            _release(email, error="outcome unknown; the provider could not tell yet", retry=retry)
            return _reread(email)
    try:
        outbound_email_render_stored(email)
    except Exception as exc:
        # A template that cannot render now never will: no attempt of its own is worth it.
        logger.exception("email %s: its deferred text could not be rendered", email.pk)
        _release(email, error=f"render: {type(exc).__name__}: {exc}"[:2000], retry=False)
        return _reread(email)
    OutboundEmail.objects.filter(pk=email.pk).update(in_doubt_since=timezone.now())
    message = _build_message(email)
    try:
        message.send()
    except Exception as exc:
        ambiguous = is_ambiguous_error(exc)
        retry = (ambiguous or is_transient_error(exc)) and email.attempts < max_attempts()
        log = logger.warning if retry else logger.error
        log(
            "email %s attempt %s failed (%s%s): %s",
            email.pk,
            email.attempts,
            type(exc).__name__,
            ", outcome unknown" if ambiguous else "",
            exc,
        )
        error = f"{type(exc).__name__}: {exc}"[:2000]
        _release(email, error=error, retry=retry, sure=not ambiguous)
        return _reread(email)
    return mark_sent(email, provider_id=_provider_id(message, email.to_email))


def _reread(email: OutboundEmail) -> OutboundEmail:
    email.refresh_from_db()
    return email


def _release(email: OutboundEmail, *, error: str, retry: bool, sure: bool = False) -> None:
    """Back to queued (with a backoff) or failed. `sure`: the provider answered, so the row is
    no longer in doubt; otherwise the next attempt asks the provider first."""
    now = timezone.now()
    values = {"last_error": error, "claimed_at": None, "status_changed_at": now}
    if sure:
        values["in_doubt_since"] = None
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
